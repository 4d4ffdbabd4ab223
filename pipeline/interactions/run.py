"""Collecting interactions: read -> map -> fit -> dedup -> sink, with the post runner's counts and rejects.

Every raw record read ends in exactly one bucket, so ``read == written + rejected + skipped + duplicates``
(:meth:`pipeline.collect.run.Counts.reconciled`); rejects are the post runner's lines
(:func:`pipeline.collect.run.reject_record`: reason, file, line or JSON path, format, the raw record). Every
interaction written has passed :func:`pipeline.interactions.record.fit_interaction` (it validates as
:class:`~pipeline.interactions.record.Interaction`); the first of each id in the run is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.collect.base import Reject, Skip
from pipeline.collect.run import BATCH, CollectRun, Counts, JsonlSink, PostSink
from pipeline.interactions.base import (
    InteractionCollector,
    InteractionOptions,
    detect_interaction_format,
    get_interaction_collector,
)
from pipeline.interactions.record import fit_interaction
from pipeline.io.files import check_input

InteractionSink = PostSink
"""Where accepted interactions go: ``write(batch: list[dict]) -> int`` gets interactions new to this run and
returns how many it stored; the rest were there already (a store's earlier import) and count as duplicates."""

_MAP_FAILURES = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError)


class JsonlInteractionSink(JsonlSink):
    """Canonical interactions as JSON Lines into an open binary file (one ``orjson`` line each)."""


class _InteractionRun(CollectRun):
    """One collection of interactions: the post run's buckets, counts and batching, and its own record loop."""

    def read_file(
        self, collector: InteractionCollector, path: Path, fmt: str, on_record: Callable[[int], None] | None
    ) -> None:
        counts, seen, batch = self.counts, self.seen, self.batch
        for raw in collector.read(path):
            counts.read += 1
            if raw.skip is not None or raw.error is not None:
                self.outcome(raw, Skip(raw.skip) if raw.skip is not None else Reject(raw.error or ""), fmt)
                continue
            try:  # a mapping that fails is a reject, not a crash
                result = collector.map(raw)
            except _MAP_FAILURES as exc:
                result = Reject(f"internal error while mapping ({type(exc).__name__}: {str(exc)[:200]})")
            fitted = fit_interaction(result) if isinstance(result, dict) else result
            if not isinstance(fitted, dict):
                self.outcome(raw, fitted, fmt)
                continue
            if fitted["id"] in seen:
                counts.duplicates += 1
                continue
            seen[fitted["id"]] = b""  # an interaction has no text to conflict on
            counts.formats[fmt] += 1
            batch.append(fitted)
            if len(batch) >= BATCH:
                self.flush()
                if on_record:
                    on_record(counts.read)


def collect_interactions(
    inputs: Iterable[str | Path],
    *,
    fmt: str,
    sink: InteractionSink,
    on_reject: Callable[[dict[str, Any]], None],
    options: InteractionOptions | None = None,
    seen: dict[str, bytes] | None = None,
    on_record: Callable[[int], None] | None = None,
) -> Counts:
    """Collect every input file's interactions into ``sink``; rejected records go to ``on_reject``.

    ``fmt`` is an interaction format (:func:`pipeline.interactions.base.registry`) or ``auto``: each file is
    detected on its own among the interaction formats. ``seen`` carries interaction ids across calls (it is
    updated); ``on_record`` is called with the records read so far after each batch. Raises
    :class:`pipeline.errors.InputError` naming the file for a missing file, one no interaction format
    recognises (before reading any), or a CSV without a usable mapping (when its header is read).
    """
    options = options or InteractionOptions()
    paths = [check_input(p) for p in inputs]  # fail before writing anything
    formats = {p: (detect_interaction_format(p) if fmt == "auto" else fmt) for p in paths}
    collectors = {name: get_interaction_collector(name, options) for name in set(formats.values())}
    run = _InteractionRun(sink, on_reject, since=None, until=None, seen={} if seen is None else seen)
    for path in paths:
        run.read_file(collectors[formats[path]], path, formats[path], on_record)
    run.flush()
    return run.counts


__all__ = ["InteractionSink", "JsonlInteractionSink", "collect_interactions"]
