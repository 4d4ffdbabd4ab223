"""What ``collect`` and ``collect x-search`` share: route the inputs to posts and interactions, collect them into
files or the store, write the rejects, print the counts.

Posts go to ``--output`` (JSONL, or Parquet for ``*.parquet``), interactions to ``--interactions-output``, both
to the store with ``--db`` (one transaction). A file whose records belong to a family the run has nowhere to
put is refused before anything is written (exit 2), so no record is silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.cli._common import fail, note


@dataclass(frozen=True)
class OcrOptions:
    """``collect --ocr``: read the posts' images as they are collected. ``media_root`` None: each input's own
    folder (an export folder holds its photos beside ``result.json``)."""

    media_root: Path | None = None
    languages: str = "ind+eng"
    workers: int = 2


@contextmanager
def _with_ocr(posts: Any, ocr: OcrOptions | None, reader: Any) -> Iterator[Any]:
    """``posts`` wrapped in an :class:`pipeline.ocr.run.OcrSink` when OCR is asked for, else as it is."""
    if ocr is None or posts is None:
        yield posts
        return
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.ocr.run import OcrSink

    with ThreadPoolExecutor(max_workers=ocr.workers) as pool:
        yield OcrSink(posts, reader=reader, media_root=ocr.media_root or Path("."), pool=pool)


def _ocr_reader(ocr: OcrOptions | None) -> Any:
    """The Tesseract reader, made before any output is opened (a missing program is exit 2, nothing written)."""
    if ocr is None:
        return None
    from pipeline.ocr.engine import TesseractOCR

    if ocr.media_root is not None and not ocr.media_root.is_dir():
        raise fail(f"--media-root: not a folder: {ocr.media_root}")
    return TesseractOCR(languages=ocr.languages)


def default_rejects(output: Path | None, db: str | None) -> Path:
    """``<output>.rejects.jsonl``; for a SQLite store beside its file; else ``collect.rejects.jsonl``."""
    if output is not None:
        return Path(f"{output}.rejects.jsonl")
    from sqlalchemy.engine import make_url

    from pipeline.store.db import normalise_url

    url = make_url(normalise_url(db))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.rejects.jsonl")
    return Path("collect.rejects.jsonl")


class _StoreSink:
    """Posts into the store in the run's transaction; ids already stored are duplicates."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def write(self, posts: list[dict[str, Any]]) -> int:
        from pipeline.schema import Post
        from pipeline.store.posts import add_posts

        return add_posts(self.session, [Post.model_validate(p) for p in posts]).inserted

    def add_version(self, post: dict[str, Any]) -> None:
        """A post read again in this run with another text: kept as a version of the stored one."""
        from pipeline.schema import Post
        from pipeline.store.posts import add_posts

        add_posts(self.session, [Post.model_validate(post)])


class _InteractionStoreSink:
    """Interactions into the store (their actors as accounts); ids already stored are duplicates."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def write(self, posts: list[dict[str, Any]]) -> int:
        from pipeline.store.interactions import add_interactions

        return add_interactions(self.session, posts).inserted


def _summary(what: str, counts: Any, target: str, quiet: bool) -> None:
    note(
        f"collect: read {counts.read} records -> {counts.written} {what} written to {target}, "
        f"{counts.rejected} rejected, {counts.skipped} skipped, {counts.duplicates} duplicates",
        quiet=quiet,
    )
    for reason, n in counts.reasons.most_common(8):
        note(f"  {n:>8}  {reason}", quiet=quiet)


def _merge(total: Any, part: Any) -> Any:
    for name in ("read", "written", "rejected", "skipped", "duplicates"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.reasons.update(part.reasons)
    total.formats.update(part.formats)
    return total


@contextmanager
def _sinks(
    output: Path | None, interactions_output: Path | None, db: str | None
) -> Iterator[tuple[Any, Any]]:
    """``(post sink, interaction sink)`` (None where the run has none), closed (files renamed into place, the
    store's transaction committed) when the block succeeds."""
    from pipeline.collect import JsonlSink
    from pipeline.interactions import JsonlInteractionSink
    from pipeline.io.files import atomic_output
    from pipeline.io.parquet import is_parquet

    with ExitStack() as stack:
        if db is not None:
            from pipeline.store import open_store

            store = open_store(db)
            stack.callback(store.dispose)
            session = stack.enter_context(store.session())
            yield _StoreSink(session), _InteractionStoreSink(session)
            return
        posts: Any = None
        if output is not None and is_parquet(output):
            from pipeline.io.parquet import PostSink, post_writer

            posts = PostSink(stack.enter_context(post_writer(output)))
        elif output is not None:
            posts = JsonlSink(stack.enter_context(atomic_output(output, "wb")))
        interactions = None
        if interactions_output is not None:
            handle: IO[bytes] = stack.enter_context(atomic_output(interactions_output, "wb"))
            interactions = JsonlInteractionSink(handle)
        yield posts, interactions


def _check_plan(plan: Any, *, posts_sink: bool, interactions_sink: bool) -> None:
    if plan.posts and not posts_sink:
        path, fmt = plan.posts[0]
        raise fail(f"{path} holds posts ({fmt}); give --output FILE (or --db URL) for them")
    if plan.interactions and not interactions_sink:
        path, fmt = plan.interactions[0]
        raise fail(f"{path} holds interactions ({fmt}); give --interactions-output FILE (or --db URL)")


def _plan(inputs: list[Path], *, fmt: str, output: Path | None, db: str | None,
          interactions_output: Path | None) -> Any:  # fmt: skip
    """Which inputs hold posts and which interactions, refused (exit 2) when the run has nowhere to put them."""
    from pipeline.interactions.routing import plan_inputs
    from pipeline.io.files import check_input

    if db is not None and (output is not None or interactions_output is not None):
        raise fail("give --db URL or output files (--output, --interactions-output), not both")
    if db is None and output is None and interactions_output is None:
        raise fail("give --output FILE (posts), --interactions-output FILE, or --db URL")
    paths = [check_input(p) for p in inputs]
    wants = db is not None or interactions_output is not None
    plan = plan_inputs(paths, fmt=fmt, interactions_wanted=wants)
    _check_plan(plan, posts_sink=db is not None or output is not None, interactions_sink=wants)
    return plan


def _ocr_summary(done: Any, quiet: bool) -> None:
    note(
        f"ocr: {done.posts} posts with media, {done.images_read} images read, {done.images_unread} not read "
        f"(the reason is kept on the post: media[].ocr_error)",
        quiet=quiet,
    )


def run_collect(
    *,
    inputs: list[Path],
    fmt: str,
    output: Path | None,
    db: str | None,
    rejects: Path | None,
    options: Any,
    since: Any,
    until: Any,
    quiet: bool,
    interactions_output: Path | None = None,
    interaction_options: Any = None,
    ocr: OcrOptions | None = None,
) -> Any:
    """Collect ``inputs`` (see the module doc); returns the posts' and interactions' counts added together."""
    import orjson

    from pipeline.collect import Counts, collect
    from pipeline.interactions import collect_interactions
    from pipeline.io.files import atomic_output

    plan = _plan(inputs, fmt=fmt, output=output, db=db, interactions_output=interactions_output)
    rejects = rejects or default_rejects(output or interactions_output, db)
    reader = _ocr_reader(ocr) if plan.posts else None
    total_posts, total_interactions = Counts(), Counts()
    seen_posts: dict[str, bytes] = {}
    seen_interactions: dict[str, bytes] = {}
    with (
        atomic_output(rejects, "wb") as rej,
        _sinks(output, interactions_output, db) as (plain_posts, interactions),
        _with_ocr(plain_posts, ocr if reader is not None else None, reader) as posts,
    ):

        def on_reject(record: dict[str, Any]) -> None:
            rej.write(orjson.dumps(record, default=str) + b"\n")

        for path, name in plan.posts:  # one file at a time, in order, one dedup set for the run
            if posts is not plain_posts:
                posts.media_root = (ocr.media_root if ocr else None) or path.parent
            part = collect([path], fmt=name, sink=posts, on_reject=on_reject, options=options, since=since,
                           until=until, seen=seen_posts)  # fmt: skip
            _merge(total_posts, part)
        for path, name in plan.interactions:
            part = collect_interactions([path], fmt=name, sink=interactions, on_reject=on_reject,
                                        options=interaction_options, seen=seen_interactions)  # fmt: skip
            _merge(total_interactions, part)
    target = "the store" if db is not None else None
    if plan.posts:
        _summary("posts", total_posts, target or str(output), quiet)
    if posts is not plain_posts:
        _ocr_summary(posts.summary, quiet)
    if plan.interactions:
        _summary("interactions", total_interactions, target or str(interactions_output), quiet)
    total = _merge(total_posts, total_interactions)
    if total.rejected:
        note(f"rejected records: {rejects}", quiet=quiet)
    return total
