"""What makes a mapped post writable everywhere: control characters, nesting, numbers, shape and lengths.

A collector's ``map`` returns a post dict; the runner passes each one through :func:`finish_post`, which returns
the post ready for every sink (JSON Lines, SQLite, PostgreSQL) or a :class:`Reject` saying why it cannot be:

- **control characters**: C0 controls other than tab and newline (NUL included, which PostgreSQL refuses) are
  removed, a CR or CRLF becomes a newline, and an unpaired surrogate (which no UTF-8 writer takes) becomes U+FFFD.
  Each field changed is recorded in ``source.cleaned`` (``{"text": 1}``: one character removed or replaced). An
  ``id`` or ``platform_id`` with one is rejected instead: changed, it could meet another post's id.
- **values no writer takes**: nesting deeper than :data:`MAX_DEPTH`, integers outside 64 bits, NaN or infinite
  floats, non-JSON objects: rejected, naming the field.
- **the canonical shape and the store's column sizes**, see :mod:`pipeline.collect.shape`: a post that breaks
  them is rejected with the reason rather than written out of shape or refused by PostgreSQL (collectors leave an
  over-long or mistyped optional field out, see :func:`pipeline.collect.fields.as_str`).

The common case costs one ``orjson.dumps`` (which fails on surrogates, deep nesting and big integers) and a scan
of its bytes for escaped control characters; only a post that fails either is walked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from pipeline.collect.base import Reject
from pipeline.collect.fields import INT_MAX, INT_MIN
from pipeline.collect.shape import fits, shape_error

MAX_DEPTH = 254
"""The deepest nesting written, counting the post (or record) object itself: orjson, which writes every output
line, stops at 255 levels, and pydantic, which reads canonical posts back, at 256."""

_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")
_FIX = re.compile("\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
ESCAPED_CONTROL = re.compile(rb"\\u00[01]|\\[bfr]")  # how orjson writes C0 controls other than \t and \n
_IDENTITY = ("id", "platform_id")


class TooDeep:
    """Stands, in a value the readers parsed, for what was nested deeper than :data:`MAX_DEPTH`: no helper takes
    it as a value, so the field is left out or the record rejected, and it is written as a short note."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<nested deeper than {MAX_DEPTH} levels>"

    __str__ = __repr__


TOO_DEEP = TooDeep()


class Unfit(ValueError):
    """A value no writer takes; the message names the field."""


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without C0 controls (but tab and newline; a CR or CRLF becomes a newline) and with unpaired
    surrogates replaced by U+FFFD; and how many characters were removed or replaced."""
    if not _BAD_CHARS.search(text):
        return text, 0
    changes = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal changes
        changes += 1
        char = match.group()
        if char[0] == "\r":
            return "\n"
        return "\ufffd" if char >= "\ud800" else ""

    return _FIX.sub(fix, text), changes


def _where(path: str) -> str:
    return path if len(path) <= 80 else path[:77] + "..."


def clean_value(value: Any, path: str, found: dict[str, int], depth: int = 0) -> Any:
    """A copy of the JSON value ``value`` (at ``path``) with every string and key passed through
    :func:`clean_text`; ``found`` gets ``path -> characters changed``. Raises :class:`Unfit` for nesting deeper
    than :data:`MAX_DEPTH`, integers outside 64 bits, NaN or infinity, and anything that is not JSON."""
    if isinstance(value, str):
        fixed, changes = clean_text(value)
        if changes:
            found[path] = found.get(path, 0) + changes
        return fixed
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if INT_MIN <= value <= INT_MAX:
            return value
        raise Unfit(f"number out of range (64-bit integers) at {_where(path)}")
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        raise Unfit(f"number out of range ({value}) at {_where(path)}")
    if (isinstance(value, (dict, list, tuple)) and depth >= MAX_DEPTH) or value is TOO_DEEP:
        raise Unfit(f"nested deeper than {MAX_DEPTH} levels at {_where(path)}")
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise Unfit(f"a key of {type(key).__name__} at {_where(path)}")
            fixed, changes = clean_text(key)
            at = f"{path}.{fixed}" if path else fixed
            if changes:
                found[at] = found.get(at, 0) + changes
            out[fixed] = clean_value(item, at, found, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [clean_value(item, f"{path}[{i}]", found, depth + 1) for i, item in enumerate(value)]
    raise Unfit(f"{type(value).__name__} is not a JSON value, at {_where(path)}")


def finish_post(post: dict[str, Any], *, typed: bool = False) -> dict[str, Any] | Reject:
    """``post`` ready for every sink (cleaned when needed, see the module), or a :class:`Reject` with the reason.

    ``typed``: the collector's ``map`` already gives every field its type and size (:attr:`Collector.typed`, the
    X v2 hot path); only control characters and JSON's limits are then checked. (The runner does this common
    case inline.)
    """
    try:
        dumped: bytes | None = orjson.dumps(post)
    except TypeError:  # unpaired surrogates, nesting over 255, integers over 64 bits, non-JSON values
        dumped = None
    if dumped is None or (b"\\" in dumped and ESCAPED_CONTROL.search(dumped)):
        try:
            post = _cleaned(post)
        except Unfit as exc:
            return Reject(str(exc))
    if typed or fits(post):
        return post
    reason = shape_error(post)
    return Reject(reason) if reason else post


def _cleaned(post: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, int] = {}
    out: dict[str, Any] = clean_value(post, "", found)
    if found:
        for field in _IDENTITY:
            if field in found:
                raise Unfit(f"{field} contains control characters or unpaired surrogates")
        source = out.get("source")
        if source is None:
            out["source"] = source = {}
        if isinstance(source, dict):
            earlier = source.get("cleaned")
            source["cleaned"] = {**earlier, **found} if isinstance(earlier, dict) else found
    return out


def nesting_error(value: Any) -> str:
    """Why ``value`` cannot be written (nesting, numbers), naming the field; for a value a writer refused."""
    try:
        clean_value(value, "", {})
    except Unfit as exc:
        return str(exc)
    return f"nested deeper than {MAX_DEPTH} levels"


def is_big_int(value: Any) -> bool:
    """An integer no writer takes (outside 64 bits)."""
    return isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX


def find_value(value: Any, match: Callable[[Any], bool], path: str, depth: int = 0) -> str | None:
    """The JSON path (below ``path``) of the first value inside ``value`` that ``match``es, or None."""
    if match(value):
        return path
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, dict):
        items: Iterable[tuple[str, Any]] = ((f"{path}.{k}", v) for k, v in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    for at, item in items:
        found = find_value(item, match, at, depth + 1)
        if found is not None:
            return found
    return None


_EXCERPT_DEPTH = 32


def json_safe(value: Any, depth: int = 0, *, limit: int = _EXCERPT_DEPTH) -> Any:
    """A copy of ``value`` that orjson can always write: levels below ``limit`` (32: an excerpt for the rejects
    file) as ``"..."``, unpaired surrogates as U+FFFD, NaN and infinity as null, integers over 64 bits and
    non-JSON objects as short strings."""
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a pair split in two code points joins again; a lone half becomes U+FFFD
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        if INT_MIN <= value <= INT_MAX:
            return value
        return f"<integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    if isinstance(value, (dict, list, tuple)) and depth >= limit:
        return "..."
    if isinstance(value, dict):
        return {json_safe(str(k)): json_safe(v, depth + 1, limit=limit) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v, depth + 1, limit=limit) for v in value]
    text = str(value)
    return json_safe(text if len(text) <= 200 else text[:200] + "...")
