"""Streaming JSON Lines: one record at a time, constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import InputError
from pipeline.io.files import open_binary

M = TypeVar("M", bound=BaseModel)

MAX_LINE_BYTES = 1_000_000


def iter_json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-empty line; 1-based line numbers.

    Raises :class:`InputError` naming the file and line for invalid UTF-8, invalid JSON, a line that is
    not a JSON object, or a line over 1 MB. Use a collector when bad lines should be rejected instead.
    """
    with open_binary(path) as fh:
        for number, raw in enumerate(fh, start=1):
            if len(raw) > MAX_LINE_BYTES:
                raise InputError(f"line longer than {MAX_LINE_BYTES} bytes", path=path, line=number)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid UTF-8 at byte {exc.start}", path=path, line=number) from None
            if number == 1:
                text = text.lstrip("\ufeff")
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"invalid JSON ({exc.msg} at column {exc.colno})", path=path, line=number
                ) from None
            if not isinstance(obj, dict):
                raise InputError(f"expected a JSON object, got {type(obj).__name__}", path=path, line=number)
            yield number, obj


def iter_models(path: str | Path, model: type[M]) -> Iterator[tuple[int, M]]:
    """Yield ``(line number, model instance)``; a record that fails validation raises :class:`InputError`."""
    for number, obj in iter_json_lines(path):
        try:
            yield number, model.model_validate(obj)
        except ValidationError as exc:
            raise InputError(describe_validation_error(exc), path=path, line=number) from None


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming the first failing field and why, e.g. ``text: Field required``."""
    err = exc.errors()[0]
    loc = ".".join(str(part) for part in err["loc"]) or "record"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{loc}: {err['msg']}{more}"


def dumps(record: BaseModel | dict[str, Any]) -> str:
    """One compact JSON line (no trailing newline), UTF-8 kept as is."""
    if isinstance(record, BaseModel):
        record = record.model_dump(mode="json")
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_lines(fh: IO[str], records: Iterable[BaseModel | dict[str, Any]]) -> int:
    """Write records as JSON Lines to an open text file; return how many were written."""
    n = 0
    for record in records:
        fh.write(dumps(record))
        fh.write("\n")
        n += 1
    return n
