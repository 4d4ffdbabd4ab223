"""Posts and predictions as Parquet: the canonical JSONL's fields as columns, nested objects as structs.

A Parquet file holds the same records as the JSONL it stands for (CONTRACT "Canonical post additions"):

- posts: ``id``, ``platform``, ... ``text`` as strings, ``author`` / ``metrics`` / ``source`` as structs,
  ``media`` as a list of structs (:data:`POST_FIELDS`); ``created_at`` is ISO 8601 text, so the offset a
  source gave is kept;
- predictions: ``labels`` / ``targets`` / ``flags`` / ``evidence`` as lists, ``scores`` as a map from label
  to float in the model's order (:data:`PREDICTION_FIELDS`);
- ``extra``: JSON text of whatever the columns cannot hold (keys the schema does not know, a value of another
  type), merged back when reading, so a JSONL -> Parquet -> JSONL round trip loses nothing.

Both directions stream: a writer buffers one row group (:data:`ROW_GROUP_ROWS` rows) and writes it to a
temporary file renamed into place when the ``with`` block ends without an error; a reader reads one batch at
a time. pyarrow is imported by the functions that need it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from pydantic import BaseModel, ValidationError

from pipeline.errors import InputError
from pipeline.io.files import atomic_output, check_input
from pipeline.io.jsonl import describe_validation_error

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.schema import Post, Prediction

# A column's shape: "str" | "int" | "float" | "map_float" (str -> float), a struct (field -> shape) or a
# list of a shape ``("list", shape)``.
Spec: TypeAlias = str | dict[str, "Spec"] | tuple[str, "Spec"]

ROW_GROUP_ROWS = 20_000
EXTRA = "extra"
_MISSING = object()  # "nothing left over" (None is a value a residue may hold)

_AUTHOR: dict[str, Spec] = {k: "str" for k in ("id", "platform", "handle", "name", "bio")}
_MEDIA = ("type", "key", "url", "path", "ocr_text")
POST_FIELDS: dict[str, Spec] = {
    **{k: "str" for k in ("id", "platform", "platform_id", "url", "created_at", "kind")},
    **{k: "str" for k in ("parent_id", "parent_text", "quoted_id", "quoted_text", "lang")},
    "author": _AUTHOR,
    "text": "str",
    "metrics": {k: "int" for k in ("likes", "shares", "replies", "views")},
    "source": {"format": "str", "file": "str", "line": "int", "path": "str"},
    "media": ("list", {**{k: "str" for k in _MEDIA}, "ocr_confidence": "float", "ocr_error": "str"}),
}
POST_LOOSE = tuple(POST_FIELDS)
"""A canonical post's null means absent (its default applies: ``kind`` "post"), at any depth; another tool's
Parquet file writes nulls where our JSONL has no key."""
PREDICTION_FIELDS: dict[str, Spec] = {
    "id": "str",
    "labels": ("list", "str"),
    "partisan_score": "float",
    "scores": "map_float",
    "targets": ("list", "int"),
    "flags": ("list", "str"),
    "evidence": ("list", "str"),
    "model": "str",
}
_INT64 = (-(2**63), 2**63 - 1)


def is_parquet(path: str | Path) -> bool:
    """True for a ``*.parquet`` name (any case)."""
    return Path(path).name.lower().endswith(".parquet")


# -- records <-> columns -------------------------------------------------------------------------------------


def _scalar_fits(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and _INT64[0] <= value <= _INT64[1]
    if kind == "float":
        return isinstance(value, float)
    if kind == "map_float":
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, float) for k, v in value.items()
        )
    raise ValueError(f"unknown column kind {kind!r}")


def _fit(value: Any, spec: Spec) -> tuple[Any, Any]:
    """``(what the column holds, what is left over)``; the left-over is :data:`_MISSING` when nothing is."""
    if value is None:
        return None, _MISSING
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return None, value
        row, left = {}, {}
        for key, sub in spec.items():
            row[key], rest = _fit(value.get(key), sub)
            if rest is not _MISSING:
                left[key] = rest
        left.update({k: v for k, v in value.items() if k not in spec})
        return row, (left or _MISSING)
    if isinstance(spec, tuple):
        if not isinstance(value, list):
            return None, value
        if isinstance(spec[1], str):  # a list of scalars goes in whole or not at all
            ok = all(_scalar_fits(v, spec[1]) for v in value)
            return (value, _MISSING) if ok else (None, value)
        items, lefts = [], {}
        for i, item in enumerate(value):
            cell, rest = _fit(item, spec[1])
            items.append(cell)
            if rest is not _MISSING:
                lefts[str(i)] = rest
        return items, (lefts or _MISSING)
    if _scalar_fits(value, spec):
        return (list(value.items()) if spec == "map_float" else value), _MISSING
    return None, value


def to_row(record: Mapping[str, Any], fields: Mapping[str, Spec]) -> dict[str, Any]:
    """One JSON-ready record as a row of ``fields`` plus the ``extra`` JSON column (None when empty)."""
    row, left = _fit(dict(record), dict(fields))
    row[EXTRA] = None if left is _MISSING else json.dumps(left, ensure_ascii=False, separators=(",", ":"))
    return dict(row)


def _merge(cell: Any, left: Any) -> Any:
    if cell is None:
        return left
    if isinstance(cell, dict) and isinstance(left, dict):
        return {**cell, **{k: _merge(cell.get(k), v) for k, v in left.items()}}
    if isinstance(cell, list) and isinstance(left, dict):
        return [_merge(c, left[str(i)]) if str(i) in left else c for i, c in enumerate(cell)]
    return left


def _drop_nulls(value: Any) -> Any:
    """Struct fields the record never had come back as nulls: drop them below a known model's level."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def from_row(
    row: Mapping[str, Any], fields: Mapping[str, Spec], *, loose: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The record a row stands for: columns, with the ``extra`` JSON merged back.

    ``loose`` names columns whose nulls mean "absent" (``media``: its items may be plain dicts), dropped
    recursively. Columns a foreign file adds are kept as they are.
    """
    record: dict[str, Any] = {}
    for key, value in row.items():
        if key == EXTRA:
            continue
        if fields.get(key) == "map_float" and isinstance(value, list):
            value = dict(value)
        if key in loose:
            value = _drop_nulls(value)
            if value is None:
                continue
        record[key] = value
    extra = row.get(EXTRA)
    if extra:
        for key, left in json.loads(extra).items():
            record[key] = _merge(record.get(key), left)
    return record


# -- schema, writing -----------------------------------------------------------------------------------------


def arrow_type(spec: Spec) -> pa.DataType:
    import pyarrow as pa

    if isinstance(spec, dict):
        return pa.struct([pa.field(k, arrow_type(v)) for k, v in spec.items()])
    if isinstance(spec, tuple):
        return pa.list_(arrow_type(spec[1]))
    scalars = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    if spec == "map_float":
        return pa.map_(pa.string(), pa.float64())
    return scalars[spec]


def arrow_schema(fields: Mapping[str, Spec], metadata: Mapping[str, str] | None = None) -> pa.Schema:
    """The Arrow schema of ``fields`` plus the ``extra`` column, with key-value ``metadata``."""
    import pyarrow as pa

    columns = [pa.field(k, arrow_type(v)) for k, v in fields.items()] + [pa.field(EXTRA, pa.string())]
    return pa.schema(columns, metadata=dict(metadata or {}))


class RecordWriter:
    """Appends records (pydantic models or JSON-ready dicts) to an open Parquet file, a row group at a time."""

    def __init__(
        self, sink: Any, fields: Mapping[str, Spec], *, metadata: Mapping[str, str] | None, rows: int
    ):
        import pyarrow.parquet as pq

        self.fields, self.rows, self.count = fields, rows, 0
        self.schema = arrow_schema(fields, metadata)
        self._writer = pq.ParquetWriter(sink, self.schema, compression="zstd")
        self._buffer: list[dict[str, Any]] = []

    def write(self, record: BaseModel | Mapping[str, Any]) -> None:
        data = record.model_dump(mode="json") if isinstance(record, BaseModel) else record
        self._buffer.append(to_row(data, self.fields))
        self.count += 1
        if len(self._buffer) >= self.rows:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
            self._buffer = []

    def close(self) -> None:
        self.flush()
        self._writer.close()


@contextlib.contextmanager
def parquet_writer(
    path: str | Path,
    fields: Mapping[str, Spec],
    *,
    metadata: Mapping[str, str] | None = None,
    rows: int = ROW_GROUP_ROWS,
) -> Iterator[RecordWriter]:
    """A :class:`RecordWriter` on ``path``, written to a temporary name and renamed when the block succeeds."""
    with atomic_output(path, mode="wb") as fh:
        writer = RecordWriter(fh, fields, metadata=metadata, rows=rows)
        try:
            yield writer
        finally:
            writer.close()


class PostSink:
    """``collect``'s sink (``write(canonical post dicts) -> how many``) over a :func:`post_writer`:

    ``with post_writer(out) as w: counts = collect(inputs, sink=PostSink(w), ...)``
    """

    def __init__(self, writer: RecordWriter) -> None:
        self.writer = writer

    def write(self, posts: list[dict[str, Any]]) -> int:
        for post in posts:
            self.writer.write(post)
        return len(posts)


def post_writer(path: str | Path, **options: Any) -> contextlib.AbstractContextManager[RecordWriter]:
    """Canonical posts to ``path`` (``with post_writer(p) as w: w.write(post)``)."""
    return parquet_writer(path, POST_FIELDS, **options)


def prediction_writer(path: str | Path, **options: Any) -> contextlib.AbstractContextManager[RecordWriter]:
    """``classify`` predictions to ``path``."""
    return parquet_writer(path, PREDICTION_FIELDS, **options)


# -- reading -------------------------------------------------------------------------------------------------


def _open(path: str | Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = check_input(path)
    try:
        return pq.ParquetFile(p)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file ({exc})", path=p) from None


def read_metadata(path: str | Path) -> dict[str, str]:
    """The file's key-value metadata as text (Arrow's own schema key left out)."""
    raw = _open(path).schema_arrow.metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW:")}


def parquet_rows(
    path: str | Path, *, required: tuple[str, ...] = (), batch: int = 4096
) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file as dicts, one batch in memory at a time; ``required`` columns checked first."""
    import pyarrow as pa

    pf = _open(path)
    missing = [c for c in required if c not in pf.schema_arrow.names]
    if missing:
        raise InputError(
            f"no column(s) {', '.join(missing)} (has {', '.join(pf.schema_arrow.names)})", path=path
        )
    try:
        for chunk in pf.iter_batches(batch_size=batch):
            yield from chunk.to_pylist()
    except pa.ArrowException as exc:
        raise InputError(f"unreadable Parquet data ({exc})", path=path) from None


def _iter_models(
    path: str | Path, model: type[Any], fields: Mapping[str, Spec], loose: tuple[str, ...]
) -> Iterator[tuple[int, Any]]:
    for number, row in enumerate(parquet_rows(path, required=("id",)), start=1):
        try:
            yield number, model.model_validate(from_row(row, fields, loose=loose))
        except (ValidationError, json.JSONDecodeError) as exc:
            why = describe_validation_error(exc) if isinstance(exc, ValidationError) else f"extra: {exc}"
            raise InputError(f"row {number}: {why}", path=path) from None


def iter_parquet_posts(path: str | Path) -> Iterator[tuple[int, Post]]:
    """``(row number, Post)`` for each row (1-based); a bad row raises :class:`InputError` naming it."""
    from pipeline.schema import Post

    yield from _iter_models(path, Post, POST_FIELDS, POST_LOOSE)


def iter_parquet_predictions(path: str | Path) -> Iterator[tuple[int, Prediction]]:
    """``(row number, Prediction)`` for each row of a predictions file."""
    from pipeline.schema import Prediction

    yield from _iter_models(path, Prediction, PREDICTION_FIELDS, ())
