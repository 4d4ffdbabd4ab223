"""Canonical interactions in JSON Lines (CONTRACT "Canonical interaction"), validated by
:class:`pipeline.interactions.record.Interaction`: asnwatch's own ``--interactions-output`` read back.

Each line is one interaction; a line that is not JSON, not an object, or not a valid interaction is rejected
with its line number and the first failing field. ``platform`` missing is taken from the id's prefix, and an
interaction that arrives without ``source`` gets this file's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from pipeline.collect.base import Raw, Reject
from pipeline.collect.clean import nesting_error
from pipeline.collect.readers import iter_json_records
from pipeline.interactions.base import InteractionCollector, register
from pipeline.interactions.record import Interaction
from pipeline.io.jsonl import describe_validation_error

FORMAT = "interactions-jsonl"


@register
class InteractionsJsonl(InteractionCollector):
    name = FORMAT
    description = "canonical interactions, one JSON object per line (asnwatch's own format)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        first = head.lstrip().split(b"\n", 1)[0]
        try:
            obj = orjson.loads(first)
        except orjson.JSONDecodeError:
            return 0
        if not isinstance(obj, dict) or not {"kind", "actor", "object"} <= obj.keys():
            return 0
        return 90 if "id" in obj else 50

    def read(self, path: Path) -> Iterator[Raw]:
        for label, line, value, bad in iter_json_records(path):
            yield bad or Raw(value, label, line)

    def map(self, raw: Raw) -> dict[str, Any] | Reject:
        value = raw.value
        if not isinstance(value, dict):
            return Reject(f"expected a JSON object, got {type(value).__name__}")
        try:
            out = Interaction.model_validate(value).model_dump(mode="json")
        except ValidationError as exc:
            return Reject(describe_validation_error(exc))
        except ValueError:  # pydantic's serialisation depth limit
            return Reject(nesting_error(value))
        platform, sep, _ = out["id"].partition(":")
        if sep and out.get("platform") is None:
            out["platform"] = platform
        if out.get("source") is None:
            out["source"] = {"format": self.name, "file": raw.file, "line": raw.line}
        return out
