"""The collector plugin contract, the registry, and the reading helpers every format shares.

A collector is one export format. It answers three questions and nothing else:

- ``detect(head, name) -> int``: how sure it is (0 = not mine) that a file whose first bytes are ``head`` is its
  format; ``--format auto`` picks the highest score.
- ``read(path) -> Iterator[Raw]``: the raw records of a file, each with its location (file, line, JSON path).
  Reading never raises for a bad record: it yields a :class:`Raw` with ``error`` set, so the record is rejected
  with a reason instead of stopping the run.
- ``map(raw) -> Post dict | Reject | Skip``: one raw record turned into a canonical post (a plain dict in the
  CONTRACT shape, see :func:`make_post`), a rejection with a reason, or a skip (not a post, e.g. a service
  message).

Canonical posts travel as plain dicts because 20,000+ posts a second leave no room for building a pydantic model
per post; :class:`pipeline.schema.Post` validates them in the tests and on canonical JSONL input.
"""

from __future__ import annotations

import pkgutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from importlib import import_module
from pathlib import Path
from typing import IO, Any, ClassVar

import orjson

from pipeline.errors import InputError
from pipeline.io.files import iter_streams
from pipeline.timezone import DEFAULT_TIMEZONE

MAX_LINE_BYTES = 1_000_000
"""A line longer than this is rejected as too long (and skipped without being held in memory)."""
MAX_DOCUMENT_BYTES = 256_000_000
"""A whole-file JSON document read in one piece (single API responses) may not be larger than this."""
HEAD_BYTES = 65_536
EXCERPT_CHARS = 2_000


@dataclass(slots=True)
class Raw:
    """One raw record and where it came from.

    ``value`` is the parsed record (a dict for JSON, a dict of column -> cell for CSV); ``context`` is what the
    format needs to resolve it (e.g. the page's ``includes`` for X); ``error`` is set when the record could not
    even be read (bad UTF-8, bad JSON, too long), ``excerpt`` then holds the raw text. ``skip`` marks a record
    that is not a post and is counted as skipped (empty line).
    """

    value: Any
    file: str
    line: int | None = None
    path: str | None = None
    context: Any = None
    error: str | None = None
    excerpt: str | None = None
    skip: str | None = None


@dataclass(slots=True)
class Reject:
    """A record that cannot become a post; ``reason`` is one short line."""

    reason: str


@dataclass(slots=True)
class Skip:
    """A record that is not a post (a service message, an empty line): counted, not rejected."""

    reason: str


@dataclass(slots=True)
class CollectOptions:
    """Options a collector may use. ``tz`` reads local times that carry no offset (default Asia/Jakarta)."""

    tz: tzinfo = field(default_factory=lambda: zone(DEFAULT_TIMEZONE))
    mapping: dict[str, Any] | None = None  # csv: {"platform": ..., "columns": {field: column or [columns]}}
    preset: str | None = None
    platform: str | None = None


class Collector:
    """Base class of every format plugin. Subclasses set ``name`` and implement the three methods."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, options: CollectOptions | None = None) -> None:
        self.options = options or CollectOptions()

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        """Return 0 (not this format) to 100 (certain) for a file starting with ``head`` named ``name``."""
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        raise NotImplementedError

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        raise NotImplementedError


# --- registry -------------------------------------------------------------------------------------------------

# Adding a format = adding a module to this package whose collector class is decorated with @register: every
# module here is discovered, except the engine (this module) and the runner (which stores what collectors read).
_NOT_PLUGINS = frozenset({"base", "run"})
_REGISTRY: dict[str, type[Collector]] = {}


def plugin_modules() -> list[str]:
    """The names of the collector plugin modules of this package, in name order."""
    package = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(package)]) if m.name not in _NOT_PLUGINS)


def register(cls: type[Collector]) -> type[Collector]:
    """Class decorator adding a collector to the registry under ``cls.name``."""
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, type[Collector]]:
    """All collectors by format name (modules imported on first use)."""
    for module in plugin_modules():  # cheap once imported; a module imported early must not hide the others
        import_module(f"pipeline.collect.{module}")
    return dict(_REGISTRY)


def get_collector(name: str, options: CollectOptions | None = None) -> Collector:
    """The collector for format ``name``; unknown names raise :class:`InputError` listing the known ones."""
    formats = registry()
    if name not in formats:
        raise InputError(
            f"unknown format {name!r}; known: auto, {', '.join(sorted(formats))}", option="format"
        )
    return formats[name](options)


def detect_format(path: Path) -> str:
    """Guess the format of ``path`` from its first bytes; :class:`InputError` when nothing recognises it."""
    head = read_head(path)
    name = Path(path).name.lower()
    for suffix in (".gz", ".zip"):
        name = name.removesuffix(suffix)
    scores = [(cls.detect(head, name), fmt) for fmt, cls in registry().items()]
    score, fmt = max(scores)
    if score <= 0:
        raise InputError("cannot tell the export format; pass --format", path=path)
    return fmt


# --- reading helpers ------------------------------------------------------------------------------------------


def read_head(path: str | Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` decompressed bytes of a file (first zip member), BOM removed."""
    for _, fh in iter_streams(path):
        try:
            head = fh.read(size)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            raise InputError(f"cannot read ({exc})", path=path) from None
        return head.removeprefix(b"\xef\xbb\xbf")
    return b""


def iter_raw_lines(fh: IO[bytes], label: str) -> Iterator[tuple[int, bytes | None, str | None]]:
    """Yield ``(line number, bytes, error)`` for each line, reading at most 1 MB of any line into memory.

    A longer line gives ``(n, first 2,000 bytes, "line longer than ... bytes")`` and the rest is skipped.
    A read failure (truncated gzip) ends the stream with one error entry.
    """
    number = 0
    while True:
        try:
            raw = fh.readline(MAX_LINE_BYTES + 1)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            yield number + 1, None, f"stream cannot be read further ({exc})"
            return
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            head = raw[:EXCERPT_CHARS]
            try:  # drain the rest of the line without keeping it
                while True:
                    chunk = fh.readline(MAX_LINE_BYTES)
                    if not chunk or chunk.endswith(b"\n"):
                        break
            except (OSError, EOFError, zipfile.BadZipFile):
                pass
            yield number, head, f"line too long (over {MAX_LINE_BYTES} bytes)"
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield number, raw, None


def iter_json_records(path: str | Path) -> Iterator[tuple[str, int, Any, Raw | None]]:
    """Stream a JSON Lines file: yield ``(label, line, parsed value, None)`` for each good line, or
    ``(label, line, None, Raw)`` with a ready error/skip record for an empty, unreadable or invalid line."""
    for label, fh in iter_streams(path):
        for number, raw, error in iter_raw_lines(fh, label):
            if error:
                yield label, number, None, Raw(None, label, number, error=error, excerpt=excerpt_bytes(raw))
                continue
            assert raw is not None
            if not raw.strip():
                yield label, number, None, Raw(None, label, number, skip="empty line")
                continue
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                yield (
                    label,
                    number,
                    None,
                    Raw(None, label, number, error=json_error(raw, exc), excerpt=excerpt_bytes(raw)),
                )
                continue
            yield label, number, value, None


def json_error(raw: bytes, exc: Exception) -> str:
    """Name what is wrong with a line that orjson refused: bad UTF-8, truncated, or invalid JSON."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as uexc:
        return f"invalid UTF-8 at byte {uexc.start}"
    msg = str(exc)
    if "EOF" in msg or "unexpected end" in msg.lower():
        return "truncated JSON"
    return f"invalid JSON ({msg.split(':')[0]})"


def excerpt_bytes(raw: bytes | None) -> str | None:
    if raw is None:
        return None
    return raw[:EXCERPT_CHARS].decode("utf-8", errors="replace").rstrip("\r\n")


def load_document(label: str, fh: IO[bytes]) -> tuple[Any, str | None]:
    """Read a whole (small) JSON document; return ``(value, None)`` or ``(None, reason)``."""
    data = fh.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        return None, f"JSON document larger than {MAX_DOCUMENT_BYTES} bytes; use JSON Lines"
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return orjson.loads(data), None
    except orjson.JSONDecodeError as exc:
        return None, json_error(data, exc)


def iter_json_documents(path: str | Path) -> Iterator[tuple[str, int | None, Any, Raw | None]]:
    """Yield the JSON values in a file that is either JSON Lines or one (possibly pretty-printed) document.

    Values come as in :func:`iter_json_records`; a whole document has line ``None``. A file whose first
    non-empty line is not complete JSON is read as one document.
    """
    as_lines = True
    for _, fh in iter_streams(path):  # the first non-empty line decides (a page line can be long)
        for _, raw, error in iter_raw_lines(fh, ""):
            if error or raw is None or not raw.strip():
                continue
            try:
                orjson.loads(raw)
            except orjson.JSONDecodeError:
                # a pretty-printed document opens with a lone bracket; a garbled first line stays JSON Lines
                as_lines = raw.strip() not in (b"{", b"[")
            break
        break
    if as_lines:
        yield from iter_json_records(path)
        return
    for label, fh in iter_streams(path):
        try:
            value, error = load_document(label, fh)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            value, error = None, f"stream cannot be read ({exc})"
        if error:
            yield label, None, None, Raw(None, label, None, path="$", error=error)
        else:
            yield label, None, value, None


# --- building canonical posts ---------------------------------------------------------------------------------

_ZONES: dict[str, tzinfo] = {}


def zone(name: str) -> tzinfo:
    """A time zone by IANA name (``Asia/Jakarta``) or ``UTC``; :class:`InputError` when unknown."""
    if name not in _ZONES:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        if name.upper() in ("UTC", "Z"):
            _ZONES[name] = timezone.utc
        else:
            try:
                _ZONES[name] = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                raise InputError(
                    f"unknown time zone {name!r} (use an IANA name like Asia/Jakarta)", option="timezone"
                ) from None
    return _ZONES[name]


def parse_time(value: Any, tz: tzinfo) -> str | None:
    """An ISO 8601 string with offset for an ISO string, a Unix time (int/float/digit string) or None.

    Times without an offset are read in ``tz``. Raises ValueError for anything unreadable.
    """
    if type(value) is str and len(value) == 24 and value.endswith(".000Z") and value[10] == "T":
        return value[:19] + "+00:00"  # the X API's own form, by far the most common: no parsing needed
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        return datetime.fromtimestamp(seconds, tz).isoformat()
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.isoformat()


def make_post(
    *,
    platform: str,
    platform_id: str,
    text: str,
    fmt: str,
    raw: Raw,
    url: str | None = None,
    created_at: str | None = None,
    kind: str = "post",
    parent_id: str | None = None,
    parent_text: str | None = None,
    lang: str | None = None,
    author: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A canonical post dict in CONTRACT order; ``source`` records format, file, line and JSON path."""
    source: dict[str, Any] = {"format": fmt, "file": raw.file}
    if raw.line is not None:
        source["line"] = raw.line
    if raw.path is not None:
        source["path"] = raw.path
    post = {
        "id": f"{platform}:{platform_id}",
        "platform": platform,
        "platform_id": platform_id,
        "url": url,
        "created_at": created_at,
        "kind": kind,
        "parent_id": parent_id,
        "parent_text": parent_text,
        "lang": lang,
        "author": author,
        "text": text,
        "metrics": metrics,
        "source": source,
    }
    if extra:
        post.update({k: v for k, v in extra.items() if v is not None})
    return post


def as_id(value: Any) -> str | None:
    """An id as a non-empty string (ints allowed, as APIs write both); None for anything else."""
    if type(value) is str:
        return (
            value if value and not value[0].isspace() and not value[-1].isspace() else (value.strip() or None)
        )
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def as_count(value: Any) -> int | None:
    """A non-negative count from an int or a digit string (CSV cells, "1,234"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace(".", "") if value.strip() else ""
        return int(cleaned) if cleaned.isdigit() else None
    return None


def clean_metrics(**counts: Any) -> dict[str, int] | None:
    out = {k: c for k, v in counts.items() if (c := as_count(v)) is not None}
    return out or None
