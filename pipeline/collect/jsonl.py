"""Canonical posts in JSON Lines (CONTRACT "Canonical post"), validated against :class:`pipeline.schema.Post`.

The same posts as Parquet (``*.parquet``, CONTRACT "Canonical post additions") read here too, a row group at a
time: each row is one record, its location the row number.

Reading our own output back (or another tool's canonical export) goes through the same checks as any format:
each line is validated; a bad line is rejected with the first failing field.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from pipeline.collect.base import Collector, Raw, Reject, read_head, register
from pipeline.collect.clean import nesting_error
from pipeline.collect.fields import parse_time
from pipeline.collect.readers import iter_json_records
from pipeline.io.jsonl import describe_validation_error
from pipeline.io.parquet import POST_FIELDS, POST_LOOSE, from_row, parquet_rows
from pipeline.schema import Post

PARQUET_MAGIC = b"PAR1"


def _local_time(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 date or date-time without an offset (unreadable text: False, the schema's
    check then names the problem)."""
    try:
        return datetime.fromisoformat(text.strip()).tzinfo is None
    except ValueError:
        return False


@register
class CanonicalJsonl(Collector):
    name = "jsonl"
    description = "canonical posts, one JSON object per line (asnwatch's own format)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        if head.startswith(PARQUET_MAGIC):
            return 90
        first = head.lstrip().split(b"\n", 1)[0]
        try:
            obj = orjson.loads(first)
        except orjson.JSONDecodeError:
            return 0
        if not isinstance(obj, dict) or "id" not in obj or "text" not in obj:
            return 0
        return 60 if ("platform" in obj or "source" in obj or ":" in str(obj.get("id"))) else 20

    def read(self, path: Path) -> Iterator[Raw]:
        if read_head(path, len(PARQUET_MAGIC)) == PARQUET_MAGIC:
            for number, row in enumerate(parquet_rows(path, required=("id",)), start=1):
                try:
                    value = from_row(row, POST_FIELDS, loose=POST_LOOSE)
                except ValueError as exc:  # the extra column's JSON
                    yield Raw(None, str(path), number, error=f"extra: {exc}", excerpt=str(row.get("extra")))
                    continue
                yield Raw(value, str(path), number)
            return
        for label, line, value, bad in iter_json_records(path):
            yield bad or Raw(value, label, line)

    def map(self, raw: Raw) -> dict[str, Any] | Reject:
        value = raw.value
        if not isinstance(value, dict):
            return Reject(f"expected a JSON object, got {type(value).__name__}")
        if "text" not in value or value.get("text") is None:
            return Reject("missing text")
        when = value.get("created_at")
        if isinstance(when, str) and _local_time(when):
            # CONTRACT: a time without an offset is local time (--timezone, default Asia/Jakarta)
            value = {**value, "created_at": parse_time(when, self.options.tz)}
        try:
            post = Post.model_validate(value)
            out = post.model_dump(mode="json")
        except ValidationError as exc:
            return Reject(describe_validation_error(exc))
        except ValueError:  # pydantic's serialisation depth limit
            return Reject(nesting_error(value))
        platform, sep, platform_id = post.id.partition(":")
        if sep and out.get("platform") is None:  # CONTRACT: id is <platform>:<platform_id>
            out["platform"] = platform
        if sep and out.get("platform_id") is None:
            out["platform_id"] = platform_id
        if out.get("source") is None:  # provenance of a post that arrived without any
            out["source"] = {"format": self.name, "file": raw.file, "line": raw.line}
        return out
