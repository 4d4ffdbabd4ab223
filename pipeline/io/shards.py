"""Posts and predictions in any accepted file form, and folders of shards.

An input is a file (canonical JSONL, ``.gz``, ``.zip``, or ``*.parquet``) or a folder of shards: the files in
it whose names end in one of :data:`SHARD_SUFFIXES`, in name order (hidden files, such as the temporary
``.name.part`` files of a run in progress, are not shards). A folder of shards out holds one Parquet file per
input shard, named after it (:func:`output_name`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from pipeline.errors import InputError
from pipeline.io.parquet import is_parquet

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pipeline.schema import Post

SHARD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".parquet")


class RecordSink(Protocol):
    """What a prediction or post writer offers: ``write(record)`` and how many it wrote."""

    count: int

    def write(self, record: BaseModel | Mapping[str, Any]) -> None: ...


def shard_stem(path: str | Path) -> str:
    """The name of a shard without its suffix (``part-0001.jsonl.gz`` -> ``part-0001``)."""
    name = Path(path).name
    for suffix in sorted(SHARD_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return Path(name).stem


def output_name(shard: str | Path) -> str:
    """The output shard's file name for an input shard: ``<stem>.parquet``."""
    return f"{shard_stem(shard)}.parquet"


def list_shards(folder: str | Path) -> list[Path]:
    """The shards of ``folder`` in name order; :class:`InputError` when there are none."""
    p = Path(folder)
    if not p.is_dir():
        raise InputError("no such folder", path=p)
    shards = sorted(
        f
        for f in p.iterdir()
        if f.is_file() and not f.name.startswith(".") and f.name.lower().endswith(SHARD_SUFFIXES)
    )
    if not shards:
        raise InputError(f"no shards in this folder (files ending {', '.join(SHARD_SUFFIXES)})", path=p)
    stems = [shard_stem(s) for s in shards]
    twins = sorted({s for s in stems if stems.count(s) > 1})
    if twins:
        raise InputError(f"two shards would share an output name: {', '.join(twins)}", path=p)
    return shards


def iter_posts(path: str | Path) -> Iterator[tuple[int, Post]]:
    """``(line or row number, Post)`` from a JSONL (``.gz``, ``.zip``) or Parquet file."""
    if is_parquet(path):
        from pipeline.io.parquet import iter_parquet_posts

        yield from iter_parquet_posts(path)
        return
    from pipeline.io.jsonl import iter_models
    from pipeline.schema import Post

    yield from iter_models(path, Post)


class _JsonlSink:
    def __init__(self, fh: IO[str]) -> None:
        self.fh, self.count = fh, 0

    def write(self, record: BaseModel | Mapping[str, Any]) -> None:
        from pipeline.io.jsonl import dumps

        self.fh.write(dumps(record if not isinstance(record, Mapping) else dict(record)) + "\n")
        self.count += 1


@contextlib.contextmanager
def record_output(
    path: str | Path, *, kind: str = "predictions", metadata: Mapping[str, str] | None = None
) -> Iterator[RecordSink]:
    """A writer for ``path``: Parquet for ``*.parquet`` (``kind`` picks the posts or predictions schema;
    ``metadata`` goes into the file), else JSON Lines. Atomic either way: renamed into place on success."""
    if is_parquet(path):
        from pipeline.io.parquet import post_writer, prediction_writer

        opener = post_writer if kind == "posts" else prediction_writer
        with opener(path, metadata=metadata) as writer:
            yield writer
        return
    from pipeline.io.files import atomic_output

    with atomic_output(path) as fh:
        yield _JsonlSink(fh)
