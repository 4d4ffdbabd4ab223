"""Read the text inside an image with Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-ind``).

The engine runs the ``tesseract`` program (no Python binding needed) on a local file and never fetches a
URL. An image is read with automatic page segmentation (``--psm 3``); when that reading is unsure it is read
again as sparse poster text (``--psm 11``) and the reading with more confident words wins. Before reading, the
image is converted to grey, small images are enlarged (Tesseract wants capitals of about 30 px) and
light-on-dark images are inverted, which is what posters and twibbons mostly are.

Output: :class:`OcrResult` with the text (lines in reading order), the mean word confidence in [0, 1] and,
when nothing could be read, the reason.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError

__all__ = ["MIN_CONFIDENCE", "OcrResult", "TesseractOCR", "tesseract_available"]

MIN_CONFIDENCE = 0.5  # below this mean word confidence an image counts as not read
MIN_WORD_CONFIDENCE = 30  # Tesseract's 0-100 scale: words below it are noise
MIN_LONG_SIDE = 1200  # px: smaller images are enlarged (at most MAX_ENLARGE times) before reading
MAX_ENLARGE = 2.0
SURE = 0.85  # a first reading at least this confident is not read again
MAX_PIXELS = 40_000_000  # refuse decompression bombs rather than read them
PAGE_MODES = ("3", "11")  # fully automatic page segmentation, then sparse text (posters)
# one thread per call: callers parallelise over images, and OpenMP threads on top oversubscribe small machines
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
INSTALL_HINT = "install it with: apt-get install -y tesseract-ocr tesseract-ocr-ind"


@dataclass(frozen=True)
class OcrResult:
    """What one image said: ``text`` ('' when unread), ``confidence`` in [0, 1], ``error`` when unread."""

    text: str
    confidence: float
    words: int
    error: str | None = None

    @property
    def read(self) -> bool:
        return self.error is None and bool(self.text) and self.confidence >= MIN_CONFIDENCE


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


class TesseractOCR:
    """One configured reader. ``languages``: Tesseract language codes joined by ``+``; ``timeout_s`` per call."""

    def __init__(self, *, languages: str = "ind+eng", timeout_s: float = 30.0) -> None:
        if not tesseract_available():
            raise InputError(f"the tesseract program is not installed; {INSTALL_HINT}")
        self.languages = languages
        self.timeout_s = timeout_s

    def read(self, path: str | Path) -> OcrResult:
        """Read one local image file; an unreadable file gives a result with ``error``, never an exception."""
        try:
            png = _prepared_png(Path(path))
        except (OSError, ValueError) as exc:
            return OcrResult("", 0.0, 0, error=str(exc))
        best = OcrResult("", 0.0, 0, error="no text found")
        for mode in PAGE_MODES:
            try:
                result = self._tesseract(png, mode)
            except RuntimeError as exc:
                return OcrResult("", 0.0, 0, error=str(exc))
            if result.words and result.confidence * result.words > best.confidence * best.words:
                best = result
            if best.words >= 2 and best.confidence >= SURE:
                break
        if best.error is None and best.confidence < MIN_CONFIDENCE:
            return OcrResult(best.text, best.confidence, best.words, error="low confidence")
        return best

    def _tesseract(self, png: bytes, mode: str) -> OcrResult:
        cmd = ["tesseract", "stdin", "stdout", "-l", self.languages, "--psm", mode, "tsv"]
        try:
            done = subprocess.run(
                cmd, input=png, capture_output=True, timeout=self.timeout_s, check=False, env=_ENV
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"tesseract took longer than {self.timeout_s:g} s") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"tesseract failed: {message[-1] if message else done.returncode}")
        return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> OcrResult:
    """Tesseract's TSV (one row per word, with block / paragraph / line numbers and a 0-100 ``conf``) as text
    lines in reading order and the mean confidence of the kept words."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf < MIN_WORD_CONFIDENCE:
            continue
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(cols[11].strip())
        confidences.append(conf / 100.0)
    if not confidences:
        return OcrResult("", 0.0, 0, error="no text found")
    text = "\n".join(" ".join(words) for words in lines.values())
    return OcrResult(text, round(sum(confidences) / len(confidences), 4), len(confidences))


def _prepared_png(path: Path) -> bytes:
    """The image as a grey PNG, enlarged when small and inverted when light text sits on a dark ground."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not path.is_file():
        raise ValueError(f"no such image file: {path}")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as img:
            img.load()
            grey = ImageOps.exif_transpose(img).convert("L")
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ValueError(f"not a readable image: {path.name} ({exc.__class__.__name__})") from None
    long_side = max(grey.size)
    if long_side < MIN_LONG_SIDE:
        scale = min(MIN_LONG_SIDE / max(long_side, 1), MAX_ENLARGE)
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.Resampling.LANCZOS)
    histogram = grey.histogram()
    dark = sum(histogram[:128])
    if dark > sum(histogram[128:]):
        grey = ImageOps.invert(grey)
    grey = ImageOps.autocontrast(grey, cutoff=1)
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return out.getvalue()
