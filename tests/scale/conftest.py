"""Helpers of the scale tests: the benchmark's corpus generator, and Ray required (skipped outside CI)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


def scale_benchmark() -> ModuleType:
    """benchmarks/scale.py as a module (its ``generate`` writes the sharded corpus)."""
    spec = importlib.util.spec_from_file_location(
        "asnwatch_scale_benchmark", ROOT / "benchmarks" / "scale.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def require_ray() -> None:
    """Skip when the ray extra is missing; under CI=true fail instead (make test installs it)."""
    try:
        import ray  # noqa: F401
    except ImportError:
        message = "the ray extra is not installed (pip install -e '.[ray]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(reason=message)


@pytest.fixture
def generate():
    """``generate(folder, n, shards) -> [shard paths]``."""
    return scale_benchmark().generate


def concat(shards: list[Path], target: Path) -> Path:
    """The shards as one JSONL file, in order."""
    with open(target, "wb") as out:
        for shard in shards:
            out.write(shard.read_bytes())
    return target
