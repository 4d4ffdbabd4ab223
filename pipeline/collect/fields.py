"""Building canonical posts: time zones and times, ids, counts, texts, and the post dict itself.

Every helper here takes whatever a record holds (any JSON value, a CSV cell) and returns a value of the canonical
type or ``None``; none of them raises for a bad value except :func:`parse_time`, whose ``ValueError`` the collector
turns into a reject.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime, timezone, tzinfo
from typing import Any, Protocol

from pipeline.errors import InputError


class _Where(Protocol):
    """Where a raw record came from (``pipeline.collect.base.Raw``; a protocol here, so no import cycle)."""

    file: str
    line: int | None
    path: str | None


INT_MIN, INT_MAX = -(2**63), 2**63 - 1
"""The integers every writer and store takes (64-bit); a count or id outside is treated as unreadable."""

ID_CHARS, PLATFORM_CHARS, PLATFORM_ID_CHARS, LANG_CHARS, NAME_CHARS = 200, 40, 100, 10, 300
"""The longest post id, platform, platform id, language tag and author name the store's columns take."""
HANDLE_CHARS = 150
"""The store's handle columns take 200; 150 keeps ``<platform>:<handle>`` (the id of an author without one) within
an id's 200 too. No platform has handles near that long (X 15, TikTok 24, Instagram 30, Facebook 50)."""

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


def iso_time(dt: datetime) -> str:
    """``dt`` (aware) as the canonical ISO 8601 string.

    An offset with seconds (local mean time of old dates, e.g. Jakarta's +07:07:12 before 1924) is written in UTC,
    as ISO 8601 readers take ``+HH:MM`` only; years outside 2..9998 raise ValueError (a store converting to UTC
    would overflow at the ends of the calendar).
    """
    offset = dt.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        dt = dt.astimezone(timezone.utc)
    if not 1 < dt.year < 9999:
        raise ValueError(f"year {dt.year} is out of range")
    return dt.isoformat()


def parse_time(value: Any, tz: tzinfo) -> str | None:
    """An ISO 8601 string with offset for an ISO string, a Unix time (int/float/digit string) or None.

    Times without an offset are read in ``tz``. Raises ValueError for anything unreadable or out of range.
    """
    if type(value) is str and len(value) == 24 and value.endswith(".000Z") and value[10] == "T":
        datetime.fromisoformat(value[:19])  # the X API's own form, by far the most common: only checked
        return value[:19] + "+00:00"
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, (int, float)) or (
        isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()
    ):
        try:
            seconds = float(value)
            if seconds > 1e11:  # milliseconds
                seconds /= 1000
            return iso_time(datetime.fromtimestamp(seconds, tz))
        except (OverflowError, OSError, ValueError):
            raise ValueError("Unix time out of range") from None
    if not isinstance(value, str):
        raise ValueError(f"not a time: {type(value).__name__}")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return iso_time(dt)


def make_post(
    *,
    platform: str,
    platform_id: str,
    text: str,
    fmt: str,
    raw: _Where,
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
    """An id as a non-empty string (64-bit ints allowed, as APIs write both); None for anything else."""
    if type(value) is str:
        return (
            value if value and not value[0].isspace() and not value[-1].isspace() else (value.strip() or None)
        )
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool) and INT_MIN <= value <= INT_MAX:
        return str(value)
    return None


def as_str(value: Any, limit: int | None = None) -> str | None:
    """A text field (name, bio, language) as a string: strings as they are, numbers written out (a user named
    ``12345`` in JSON), None for anything else (lists, objects, booleans) and for a string over ``limit``
    characters (a field the store could not hold is garbage, not a name)."""
    if isinstance(value, str):
        return value if limit is None or len(value) <= limit else None
    if isinstance(value, int) and not isinstance(value, bool) and INT_MIN <= value <= INT_MAX:
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() and abs(value) < 1e18 else str(value)
    return None


def as_handle(value: Any) -> str | None:
    """A handle as :func:`as_str` gives it, None when it (or its normalised form, the store's ``handle_norm``) is
    over :data:`HANDLE_CHARS`."""
    handle = as_str(value, HANDLE_CHARS)
    if handle is None or handle.isascii():  # ASCII handles only shrink when normalised
        return handle
    from pipeline.handles import normalise_handle

    return handle if len(normalise_handle(handle) or "") <= HANDLE_CHARS else None


def as_count(value: Any) -> int | None:
    """A non-negative 64-bit count from an int or a digit string (CSV cells, "1,234"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= INT_MAX else None
    if isinstance(value, float) and value.is_integer():
        return int(value) if 0 <= value <= INT_MAX else None
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace(".", "") if value.strip() else ""
        return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 18 else None
    return None


def clean_metrics(**counts: Any) -> dict[str, int] | None:
    """The counts that are readable (see :func:`as_count`), or None when none is."""
    out = {k: c for k, v in counts.items() if (c := as_count(v)) is not None}
    return out or None


_MEDIA_SPLIT = re.compile(r"\s*[|,;]\s*|\s+")
_VIDEO_SUFFIXES = (".mp4", ".mov", ".webm", ".m4v", ".avi", ".mkv")
_GIF_SUFFIXES = (".gif",)


def media_refs(cells: Iterable[Any]) -> list[dict[str, Any]] | None:
    """Canonical media from text cells that list image or video references (CSV exports): each cell may hold
    several, separated by whitespace, ``|``, ``,`` or ``;``. An ``http(s)`` reference is a ``url``, anything else a
    ``path`` as written (relative to the export's folder; ``asnwatch ocr --media-root`` resolves it). The type
    comes from the extension: video, animated_gif, else photo."""
    media: list[dict[str, Any]] = []
    for cell in cells:
        if not isinstance(cell, str):
            continue
        for ref in _MEDIA_SPLIT.split(cell.strip()):
            if not ref:
                continue
            lower = ref.lower().split("?", 1)[0]
            kind = "photo"
            if lower.endswith(_VIDEO_SUFFIXES):
                kind = "video"
            elif lower.endswith(_GIF_SUFFIXES):
                kind = "animated_gif"
            where = "url" if lower.startswith(("http://", "https://")) else "path"
            media.append({"type": kind, where: ref})
    return media or None
