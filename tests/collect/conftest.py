"""Helpers for collector tests: run a collector in-process and read what it wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def run(inputs: list[Path] | Path, fmt: str = "auto", **kwargs: Any) -> tuple[Any, list[dict], list[dict]]:
    """Collect ``inputs``; return (counts, posts, rejects)."""
    import io

    from pipeline.collect import CollectOptions, JsonlSink, collect

    buf = io.BytesIO()
    rejects: list[dict] = []
    options = kwargs.pop("options", None) or CollectOptions()
    paths = inputs if isinstance(inputs, list) else [inputs]
    counts = collect(paths, fmt=fmt, sink=JsonlSink(buf), on_reject=rejects.append, options=options, **kwargs)
    posts = [orjson.loads(line) for line in buf.getvalue().splitlines()]
    assert counts.reconciled(), counts.as_dict()
    return counts, posts, rejects


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def collect_run():
    """The :func:`run` helper: ``collect_run(paths, fmt="auto", **options) -> (counts, posts, rejects)``."""
    return run
