"""``asnwatch ocr``: read the text inside posts' images with Tesseract (local files only, never a URL)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import DEFAULT_DB, DbOption, QuietOption, fail, handle_errors, note, open_db


@handle_errors
def ocr(
    media_root: Annotated[
        Path, typer.Option("--media-root", help="Folder the media paths are relative to (the export folder).")
    ],
    db: DbOption = DEFAULT_DB,
    input: Annotated[
        Path | None, typer.Option("--input", "-i", help="Canonical posts JSONL to read instead of the store.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --input: the posts with their images read.")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Images read at once (one process each).")
    ] = 2,
    languages: Annotated[
        str, typer.Option("--languages", help="Tesseract languages, joined by '+'.")
    ] = "ind+eng",
    force: Annotated[
        bool, typer.Option("--force", help="Read again images already read or refused.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Read posts' images: in the store (--db), or from --input to --output. Each image's text and confidence
    are kept on the post (``media[].ocr_text``, ``ocr_confidence``), or the reason it could not be read."""
    from pipeline.ocr.engine import TesseractOCR
    from pipeline.ocr.run import OcrSummary, ocr_posts, ocr_store

    if not media_root.is_dir():
        raise fail(f"--media-root: not a folder: {media_root}")
    if (input is None) != (output is None):
        raise fail("--input and --output go together (or neither: the store given by --db)")
    reader = TesseractOCR(languages=languages)
    if input is not None and output is not None:
        from pipeline.io.files import atomic_output, check_input
        from pipeline.io.jsonl import dumps, iter_models
        from pipeline.schema import Post

        summary = OcrSummary()
        posts = (post for _, post in iter_models(check_input(input), Post))
        with atomic_output(output) as fh:
            for post in ocr_posts(
                posts, reader=reader, media_root=media_root, workers=workers, force=force, summary=summary
            ):
                fh.write(dumps(post.to_json_dict()) + "\n")
    else:
        summary = ocr_store(open_db(db), reader=reader, media_root=media_root, workers=workers, force=force)
    note(
        f"ocr: {summary.posts} posts with media, {summary.images_read} images read, {summary.images_unread} not "
        f"read, {summary.images_skipped} already done; {summary.predictions_cleared} predictions cleared for "
        f"the next scan, {summary.already_queued} posts already queued",
        quiet=quiet,
    )
