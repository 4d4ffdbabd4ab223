"""The rules' calibration: an isotonic map from the raw top partisan score to P(partisan), shipped as
``pipeline/classify/data/rules_calibration.json`` (``x`` raw scores ascending, ``y`` probabilities)."""

from __future__ import annotations

import bisect
import json
from functools import lru_cache
from importlib import resources

CALIBRATION_FILE = "rules_calibration.json"


@lru_cache(maxsize=1)
def load_calibration() -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The isotonic map (``x`` raw scores ascending, ``y`` P(partisan)) shipped with the package, or None."""
    path = resources.files("pipeline.classify").joinpath(f"data/{CALIBRATION_FILE}")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    xs, ys = tuple(float(v) for v in data["x"]), tuple(float(v) for v in data["y"])
    if len(xs) != len(ys) or len(xs) < 2 or list(xs) != sorted(xs):
        raise ValueError(f"{CALIBRATION_FILE}: x must be ascending and as long as y (>= 2 points)")
    return xs, ys


def apply_calibration(cal: tuple[tuple[float, ...], tuple[float, ...]], raw: float) -> float:
    """Piecewise-linear interpolation of the isotonic map, clamped at both ends; result in [0, 1]."""
    xs, ys = cal
    if raw <= xs[0]:
        return ys[0]
    if raw >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, raw)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    y = y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    return min(1.0, max(0.0, y))
