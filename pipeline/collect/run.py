"""Orchestration: read -> map -> since/until -> dedup -> sink, with counts that reconcile.

Every raw record a collector reads ends in exactly one bucket, so ``read == written + rejected + skipped +
duplicates`` always holds (:meth:`Counts.reconciled`). Memory stays flat: records stream one at a time; what grows
is the set of ids seen in this run (about 100 bytes per post) and, per file, what a format needs to resolve
references (one X page's includes, a Telegram chat's recent texts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol

import orjson

from pipeline.collect.base import (
    EXCERPT_CHARS,
    CollectOptions,
    Raw,
    Reject,
    Skip,
    detect_format,
    get_collector,
)
from pipeline.io.files import check_input

BATCH = 1_000
RAW_IN_REJECT_BYTES = 20_000


class PostSink(Protocol):
    """Where accepted posts go. ``write`` gets a batch of new (to this run) posts and returns how many it
    stored; the rest were already there (a store's earlier import) and count as duplicates."""

    def write(self, posts: list[dict[str, Any]]) -> int: ...


class JsonlSink:
    """Canonical JSON Lines into an open binary file."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh

    def write(self, posts: list[dict[str, Any]]) -> int:
        self.fh.write(b"".join(orjson.dumps(p) + b"\n" for p in posts))
        return len(posts)


@dataclass
class Counts:
    """Per-run tallies. ``reasons`` counts rejects and skips by reason; ``formats`` posts read per format."""

    read: int = 0
    written: int = 0
    rejected: int = 0
    skipped: int = 0
    duplicates: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)

    def reconciled(self) -> bool:
        return self.read == self.written + self.rejected + self.skipped + self.duplicates

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "written": self.written,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "reasons": dict(self.reasons.most_common()),
            "formats": dict(self.formats),
        }


def reject_record(raw: Raw, reason: str, fmt: str) -> dict[str, Any]:
    """One line of the rejects file: reason, file, line or JSON path, format, and the raw record (or a
    truncated excerpt when it is large or could not be parsed)."""
    out: dict[str, Any] = {
        "reason": reason,
        "file": raw.file,
        "line": raw.line,
        "path": raw.path,
        "format": fmt,
    }
    if raw.value is not None:
        try:
            dumped = orjson.dumps(raw.value, default=str)
        except TypeError:
            dumped = repr(raw.value).encode()
        if len(dumped) <= RAW_IN_REJECT_BYTES:
            out["raw"] = raw.value
        else:
            out["excerpt"] = dumped[:EXCERPT_CHARS].decode("utf-8", errors="replace")
    elif raw.excerpt is not None:
        out["excerpt"] = raw.excerpt
    return out


def _parse_bound(created_at: Any) -> datetime | None:
    if not isinstance(created_at, str):
        return None
    try:
        return datetime.fromisoformat(created_at)
    except ValueError:
        return None


def collect(
    inputs: Iterable[str | Path],
    *,
    fmt: str,
    sink: PostSink,
    on_reject: Callable[[dict[str, Any]], None],
    options: CollectOptions | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    seen: set[str] | None = None,
    on_post: Callable[[int], None] | None = None,
) -> Counts:
    """Collect every input file into ``sink``; rejected records go to ``on_reject`` (see :func:`reject_record`).

    ``fmt`` is a registered format name or ``auto`` (each file detected on its own). ``since``/``until`` (aware
    datetimes, ``until`` exclusive) keep posts in the window; posts without a date are kept. ``seen`` carries
    ids across calls (it is updated). Raises :class:`pipeline.errors.InputError` for a missing file or an
    unusable one (format not recognised, CSV without a mapping) before or while reading it.
    """
    options = options or CollectOptions()
    paths = [check_input(p) for p in inputs]  # fail before writing anything
    formats = {p: (detect_format(p) if fmt == "auto" else fmt) for p in paths}
    collectors = {name: get_collector(name, options) for name in set(formats.values())}
    counts = Counts()
    seen = set() if seen is None else seen
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if batch:
            stored = sink.write(batch)
            counts.written += stored
            counts.duplicates += len(batch) - stored
            batch.clear()

    for path in paths:
        name = formats[path]
        collector = collectors[name]
        for raw in collector.read(path):
            counts.read += 1
            if raw.skip is not None:
                counts.skipped += 1
                counts.reasons[f"skipped: {raw.skip}"] += 1
                continue
            if raw.error is not None:
                counts.rejected += 1
                counts.reasons[raw.error.split(" at ")[0]] += 1
                on_reject(reject_record(raw, raw.error, name))
                continue
            result = collector.map(raw)
            if isinstance(result, Reject):
                counts.rejected += 1
                counts.reasons[result.reason] += 1
                on_reject(reject_record(raw, result.reason, name))
                continue
            if isinstance(result, Skip):
                counts.skipped += 1
                counts.reasons[f"skipped: {result.reason}"] += 1
                continue
            if since is not None or until is not None:
                when = _parse_bound(result.get("created_at"))
                if when is not None and ((since and when < since) or (until and when >= until)):
                    counts.skipped += 1
                    counts.reasons["skipped: outside --since/--until"] += 1
                    continue
            pid = result["id"]
            if pid in seen:
                counts.duplicates += 1
                continue
            seen.add(pid)
            counts.formats[name] += 1
            batch.append(result)
            if len(batch) >= BATCH:
                flush()
                if on_post:
                    on_post(counts.read)
    flush()
    return counts
