"""What the classifiers read of a post: its text and the text OCR read in its images (``asnwatch ocr``).

A leaf module (schema only), so the rules, the trained inputs and the stance model share one definition.
"""

from __future__ import annotations

from pipeline.schema import Post

__all__ = ["IMAGE_MARK", "classified_text", "image_text"]

# joins a post's text and its images' text: every model reads both, and evidence found after the mark is
# shown as coming from the image
IMAGE_MARK = "\n[gambar] "


def image_text(post: Post) -> str:
    """The text OCR read in ``post``'s images, one image per line ('' when none was read)."""
    return "\n".join(m.ocr_text for m in post.media or () if m.read and m.ocr_text)


def classified_text(post: Post) -> str:
    """What the classifiers read of ``post``: its text, then :data:`IMAGE_MARK` and its images' text if any.

    A post without read images gives its text unchanged, so predictions for it do not move.
    """
    text = post.text or ""
    seen = image_text(post)
    return f"{text}{IMAGE_MARK}{seen}" if seen else text
