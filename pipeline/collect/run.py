"""Orchestration: read -> map -> fit -> since/until -> dedup -> sink, with counts that reconcile.

Every raw record a collector reads ends in exactly one bucket, so ``read == written + rejected + skipped +
duplicates`` always holds (:meth:`Counts.reconciled`). Every post is fitted for every sink on the way
(:func:`pipeline.collect.clean.finish_post`), and a record whose mapping fails is rejected, never the run.
A record whose id was read before is a duplicate when its text is the same, and a conflict (a reject naming
both texts' SHA-256; a new version in the store) when it is not. Memory stays flat: records stream one at a
time; what grows is the map of ids seen in this run to their text's SHA-256 (about 180 bytes per post) and, per
file, what a format needs to resolve references (one X page's includes, a Telegram chat's
recent texts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256
from pathlib import Path
from typing import IO, Any, Protocol

import orjson
from orjson import dumps

from pipeline.collect.base import (
    EXCERPT_CHARS,
    CollectOptions,
    Collector,
    Raw,
    Reject,
    Skip,
    detect_format,
    get_collector,
)
from pipeline.collect.clean import ESCAPED_CONTROL, finish_post, json_safe
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

    def write_line(self, line: bytes) -> None:
        """One post already written as JSON (the runner's check made it), in reading order."""
        self.fh.write(line + b"\n")


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
    truncated excerpt when it is large, could not be parsed, or holds what JSON cannot: deep nesting, integers
    over 64 bits, unpaired surrogates). Always writable by ``orjson.dumps(record, default=str)``."""
    out: dict[str, Any] = {
        "reason": json_safe(reason),
        "file": json_safe(raw.file),
        "line": raw.line,
        "path": json_safe(raw.path),
        "format": fmt,
    }
    if raw.value is not None:
        try:
            dumped = orjson.dumps([raw.value], default=str)[1:-1]  # as deep as it is inside the record
        except TypeError:
            out["excerpt"] = orjson.dumps(json_safe(raw.value))[:EXCERPT_CHARS].decode(
                "utf-8", errors="replace"
            )
        else:
            if len(dumped) <= RAW_IN_REJECT_BYTES:
                out["raw"] = raw.value
            else:
                out["excerpt"] = dumped[:EXCERPT_CHARS].decode("utf-8", errors="replace")
    elif raw.excerpt is not None:
        out["excerpt"] = json_safe(raw.excerpt)
    return out


def _parse_bound(created_at: Any) -> datetime | None:
    if not isinstance(created_at, str):
        return None
    try:
        return datetime.fromisoformat(created_at)
    except ValueError:
        return None


_MAP_FAILURES = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError)


class CollectRun:
    """One collection: puts each raw record in exactly one bucket and keeps the counts."""

    def __init__(
        self,
        sink: PostSink,
        on_reject: Callable[[dict[str, Any]], None],
        *,
        since: datetime | None,
        until: datetime | None,
        seen: dict[str, bytes],
    ) -> None:
        self.sink, self.on_reject, self.since, self.until, self.seen = sink, on_reject, since, until, seen
        self.counts = Counts()
        self.batch: list[dict[str, Any]] = []

    def flush(self) -> None:
        if self.batch:
            stored = self.sink.write(self.batch)
            self.counts.written += stored
            self.counts.duplicates += len(self.batch) - stored
            self.batch.clear()

    def skip(self, reason: str) -> None:
        self.counts.skipped += 1
        self.counts.reasons[f"skipped: {reason}"] += 1

    def reject(self, raw: Raw, reason: str, fmt: str) -> None:
        reason = reason if len(reason) <= 500 else reason[:497] + "..."
        self.counts.rejected += 1
        self.counts.reasons[reason.split(" at ")[0]] += 1
        self.on_reject(reject_record(raw, reason, fmt))

    def outcome(self, raw: Raw, result: Reject | Skip, fmt: str) -> None:
        """A record that is no post: counted skipped or rejected (with its rejects line)."""
        if isinstance(result, Skip):
            self.skip(result.reason)
        else:
            self.reject(raw, result.reason, fmt)

    def conflict(self, raw: Raw, post: dict[str, Any], first: bytes, digest: bytes, fmt: str) -> None:
        """A post whose id was read before with another text (an edit, or two sources disagreeing): rejected
        with both texts' SHA-256, so no reviewer misses it; a sink that keeps versions (the store) gets it as a
        new version of the first, which stays as it was."""
        self.reject(
            raw, f"conflict: id {post['id']} was read before with a different text (sha256 first "
            f"{first.hex()}, this {digest.hex()})", fmt,
        )  # fmt: skip
        add_version = getattr(self.sink, "add_version", None)
        if add_version is not None:
            self.flush()  # the first must be stored before its version
            add_version(post)

    def outside(self, post: dict[str, Any]) -> bool:
        """Whether ``post`` is outside --since/--until (then counted skipped)."""
        when = _parse_bound(post.get("created_at"))
        if when is None or not ((self.since and when < self.since) or (self.until and when >= self.until)):
            return False
        self.skip("outside --since/--until")
        return True

    def read(self, collector: Collector, path: Path, fmt: str, on_post: Callable[[int], None] | None) -> None:
        """Every record of one file into its bucket: the hot loop, its state in locals."""
        counts, seen, batch, formats = self.counts, self.seen, self.batch, self.counts.formats
        lines = self.sink if isinstance(self.sink, JsonlSink) else None
        typed, window = collector.typed, self.since is not None or self.until is not None
        for raw in collector.read(path):
            counts.read += 1
            if raw.skip is not None or raw.error is not None:
                self.outcome(raw, Skip(raw.skip) if raw.skip is not None else Reject(raw.error or ""), fmt)
                continue
            try:  # a mapping that fails is a reject, not a crash
                result = collector.map(raw)
            except _MAP_FAILURES as exc:
                result = Reject(f"internal error while mapping ({type(exc).__name__}: {str(exc)[:200]})")
            post, line = None, None
            if typed and isinstance(result, dict):
                # finish_post's common case, inline: the post is JSON and holds no control character
                try:
                    line = dumps(result)
                except TypeError:  # surrogates, deep nesting, big integers: finish_post cleans or rejects
                    line = None
                if line is not None and not (b"\\" in line and ESCAPED_CONTROL.search(line)):
                    post = result
            if post is None:
                fitted = finish_post(result, typed=typed) if isinstance(result, dict) else result
                if not isinstance(fitted, dict):
                    self.outcome(raw, fitted, fmt)
                    continue
                post, line = fitted, None
            if window and self.outside(post):
                continue
            pid, digest = post["id"], sha256(post["text"].encode()).digest()
            first = seen.get(pid)
            if first is not None:
                if first == digest:
                    counts.duplicates += 1
                else:
                    self.conflict(raw, post, first, digest, fmt)
                continue
            seen[pid] = digest
            formats[fmt] += 1
            if lines is not None:  # a JSON Lines sink: straight to the file, no second dumps
                lines.write_line(line if line is not None else dumps(post))
                counts.written += 1
                if on_post and counts.written % BATCH == 0:
                    on_post(counts.read)
                continue
            batch.append(post)
            if len(batch) >= BATCH:
                self.flush()
                if on_post:
                    on_post(counts.read)


def collect(
    inputs: Iterable[str | Path],
    *,
    fmt: str,
    sink: PostSink,
    on_reject: Callable[[dict[str, Any]], None],
    options: CollectOptions | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    seen: dict[str, bytes] | None = None,
    on_post: Callable[[int], None] | None = None,
) -> Counts:
    """Collect every input file into ``sink``; rejected records go to ``on_reject`` (see :func:`reject_record`).

    ``fmt`` is a registered format name or ``auto`` (each file detected on its own). ``since``/``until`` (aware
    datetimes, ``until`` exclusive) keep posts in the window; posts without a date are kept. ``seen`` (id -> SHA-256
    digest of the text) carries
    ids across calls (it is updated). Every post passes :func:`pipeline.collect.clean.finish_post` (control
    characters removed, shape and store limits checked). Raises :class:`pipeline.errors.InputError` for a
    missing file or an unusable one (format not recognised, CSV without a mapping) before or while reading it.
    """
    options = options or CollectOptions()
    paths = [check_input(p) for p in inputs]  # fail before writing anything
    formats = {p: (detect_format(p) if fmt == "auto" else fmt) for p in paths}
    collectors = {name: get_collector(name, options) for name in set(formats.values())}
    run = CollectRun(sink, on_reject, since=since, until=until, seen={} if seen is None else seen)
    for path in paths:
        name = formats[path]
        collector = collectors[name]
        run.read(collector, path, name, on_post)
    run.flush()
    return run.counts
