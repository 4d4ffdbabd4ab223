"""Apply OCR to posts' images: in a canonical JSONL stream, or to the posts in the store.

Only local files are read: a medium's ``path`` is taken relative to ``media_root`` and refused when it
points outside it (a hostile export must not make the tool read ``/etc/...``); a medium with only a ``url`` gets
``ocr_error`` "no local file" and is never fetched. Images already read (or already refused) are skipped
unless ``force``. Images are read in ``workers`` threads, each running one ``tesseract`` process.

In the store, a post whose images gave new text loses its predictions that no review item refers to, so the
next ``scan`` classifies it again with the image text; posts already queued keep theirs (counted).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.schema import Media, Post

if TYPE_CHECKING:
    from pipeline.ocr.engine import OcrResult
    from pipeline.store.db import Store

__all__ = ["ImageReader", "OcrSink", "OcrSummary", "media_path", "ocr_posts", "ocr_store"]

CHUNK = 64  # posts read together in the JSONL stream (bounded memory, the thread pool kept busy)
STORE_BATCH = 200


class ImageReader(Protocol):
    def read(self, path: str | Path) -> OcrResult: ...


@dataclass
class OcrSummary:
    """Counts of one OCR run."""

    posts: int = 0  # posts with at least one medium
    images_read: int = 0
    images_unread: int = 0
    images_skipped: int = 0  # already read or refused in an earlier run
    predictions_cleared: int = 0  # store: predictions dropped so the next scan sees the image text
    already_queued: int = 0  # store: posts whose review item exists (their prediction is kept)


def media_path(root: Path, path: str | None) -> Path | str:
    """The local file of a medium, or the reason there is none."""
    if not path:
        return "no local file (asnwatch never fetches a URL)"
    base = root.resolve()
    candidate = (base / path).resolve()
    if candidate != base and base not in candidate.parents:
        return "path outside the media root"
    if not candidate.is_file():
        return "image file not found"
    return candidate


def _pending(media: Iterable[Media], *, force: bool) -> list[int]:
    return [i for i, m in enumerate(media) if force or (m.ocr_text is None and m.ocr_error is None)]


def _read_one(reader: ImageReader, root: Path, medium: Media) -> Media:
    where = media_path(root, medium.path)
    if isinstance(where, str):
        return medium.model_copy(update={"ocr_text": None, "ocr_confidence": None, "ocr_error": where})
    result = reader.read(where)
    return medium.model_copy(
        update={
            "ocr_text": result.text or None,
            "ocr_confidence": result.confidence,
            "ocr_error": None if result.read else (result.error or "no text found"),
        }
    )


def _read_media(
    media_lists: list[list[Media]],
    *,
    reader: ImageReader,
    root: Path,
    pool: ThreadPoolExecutor,
    force: bool,
    summary: OcrSummary,
) -> list[list[Media] | None]:
    """New media lists (None where nothing was read) for each list of ``media_lists``."""
    jobs = [(i, j) for i, media in enumerate(media_lists) for j in _pending(media, force=force)]
    summary.images_skipped += sum(len(m) for m in media_lists) - len(jobs)
    done = pool.map(lambda ij: _read_one(reader, root, media_lists[ij[0]][ij[1]]), jobs)
    out: list[list[Media] | None] = [None] * len(media_lists)
    for (i, j), medium in zip(jobs, done, strict=True):
        if out[i] is None:
            out[i] = list(media_lists[i])
        out[i][j] = medium  # type: ignore[index]
        if medium.read:
            summary.images_read += 1
        else:
            summary.images_unread += 1
    return out


def ocr_posts(
    posts: Iterable[Post],
    *,
    reader: ImageReader,
    media_root: str | Path,
    workers: int | None = None,
    force: bool = False,
    summary: OcrSummary | None = None,
) -> Iterator[Post]:
    """``posts`` with their media read, in input order (streamed in chunks of :data:`CHUNK`)."""
    summary = summary if summary is not None else OcrSummary()
    root = Path(media_root)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        chunk: list[Post] = []
        for post in posts:
            chunk.append(post)
            if len(chunk) >= CHUNK:
                yield from _ocr_chunk(chunk, reader, root, pool, force, summary)
                chunk = []
        yield from _ocr_chunk(chunk, reader, root, pool, force, summary)


def _ocr_chunk(
    chunk: list[Post],
    reader: ImageReader,
    root: Path,
    pool: ThreadPoolExecutor,
    force: bool,
    summary: OcrSummary,
) -> Iterator[Post]:
    with_media = [p for p in chunk if p.media]
    summary.posts += len(with_media)
    new = _read_media(
        [list(p.media or []) for p in with_media],
        reader=reader,
        root=root,
        pool=pool,
        force=force,
        summary=summary,
    )
    updated = {p.id: m for p, m in zip(with_media, new, strict=True) if m is not None}
    for post in chunk:
        media = updated.get(post.id)
        yield post if media is None else post.model_copy(update={"media": media})


class OcrSink:
    """A ``collect`` sink (``write(canonical post dicts) -> how many``) that reads each post's images before
    handing the batch on to ``inner`` (``collect --ocr``). ``media_root`` may change between input files (each
    export's own folder); ``add_version`` is passed on when ``inner`` keeps versions (the store).

    The caller owns ``pool`` (one thread pool for the whole run)."""

    def __init__(
        self, inner: Any, *, reader: ImageReader, media_root: str | Path, pool: ThreadPoolExecutor
    ) -> None:
        self.inner, self.reader, self.pool = inner, reader, pool
        self.media_root = Path(media_root)
        self.summary = OcrSummary()
        if hasattr(inner, "add_version"):
            self.add_version = self._add_version

    def _read(self, posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with_media = [i for i, post in enumerate(posts) if post.get("media")]
        self.summary.posts += len(with_media)
        lists = [[Media.model_validate(m) for m in posts[i]["media"]] for i in with_media]
        new = _read_media(
            lists, reader=self.reader, root=self.media_root, pool=self.pool, force=False, summary=self.summary
        )
        out = list(posts)
        for i, media in zip(with_media, new, strict=True):
            if media is not None:
                out[i] = {**posts[i], "media": [m.model_dump(mode="json", exclude_none=True) for m in media]}
        return out

    def write(self, posts: list[dict[str, Any]]) -> int:
        return int(self.inner.write(self._read(posts)))

    def _add_version(self, post: dict[str, Any]) -> None:
        self.inner.add_version(self._read([post])[0])


def ocr_store(
    store: Store,
    *,
    reader: ImageReader,
    media_root: str | Path,
    workers: int | None = None,
    force: bool = False,
) -> OcrSummary:
    """Read the images of every stored post that has media; commit in batches of :data:`STORE_BATCH`."""
    from sqlalchemy import select

    from pipeline.store import tables

    summary = OcrSummary()
    root = Path(media_root)
    last = ""
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        while True:
            with store.session() as session:
                rows = list(
                    session.scalars(
                        select(tables.Post)
                        .where(tables.Post.id > last, tables.Post.extra.is_not(None))
                        .order_by(tables.Post.id)
                        .limit(STORE_BATCH)
                    )
                )
                if not rows:
                    return summary
                last = rows[-1].id
                _ocr_rows(session, rows, reader=reader, root=root, pool=pool, force=force, summary=summary)
                session.commit()


def _ocr_rows(
    session: Any,
    rows: list[Any],
    *,
    reader: ImageReader,
    root: Path,
    pool: ThreadPoolExecutor,
    force: bool,
    summary: OcrSummary,
) -> None:
    from pipeline.store.posts import clear_unqueued_predictions

    with_media = [r for r in rows if (r.extra or {}).get("media")]
    summary.posts += len(with_media)
    lists = [[Media.model_validate(m) for m in r.extra["media"]] for r in with_media]
    new = _read_media(lists, reader=reader, root=root, pool=pool, force=force, summary=summary)
    for row, media in zip(with_media, new, strict=True):
        if media is None:
            continue
        row.extra = {**row.extra, "media": [m.model_dump(mode="json", exclude_none=True) for m in media]}
        if any(m.read for m in media):
            cleared, queued = clear_unqueued_predictions(session, row.id)
            summary.predictions_cleared += cleared
            summary.already_queued += queued
