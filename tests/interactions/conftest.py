"""Helpers for interaction collector tests: run the collectors in-process and read what they wrote."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import orjson
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def run(
    inputs: list[Path] | Path, fmt: str = "auto", **kwargs: Any
) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]:
    """Collect ``inputs``; return (counts, interactions by reading order, rejects). Checks that the counts
    reconcile and that every interaction written validates as the canonical model."""
    from pipeline.interactions import Interaction, JsonlInteractionSink, collect_interactions

    buf = io.BytesIO()
    rejects: list[dict[str, Any]] = []
    paths = inputs if isinstance(inputs, list) else [inputs]
    counts = collect_interactions(
        paths, fmt=fmt, sink=JsonlInteractionSink(buf), on_reject=rejects.append, **kwargs
    )
    records = [orjson.loads(line) for line in buf.getvalue().splitlines()]
    assert counts.reconciled(), counts.as_dict()
    assert counts.written == len(records)
    for record in records:
        Interaction.model_validate(record)
    for reject in rejects:
        orjson.dumps(reject)
    return counts, records, rejects


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
