"""Calibration and thresholds: per-head calibration fitted on dev (Platt, or isotonic), optionally combined
with the rules' own score (rules as an ensemble member), and the partisan threshold chosen on dev for a
stated precision (:class:`Decision`). Probabilities are float64 arrays of shape ``(n_posts, len(HEADS))``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from pipeline.classify.inputs import HEAD_INDEX, HEADS, PARTISAN
from pipeline.labels import ALL_LABELS, NEUTRAL_LABELS, PARTISAN_LABELS

if TYPE_CHECKING:
    from pipeline.classify.inputs import FloatArray

EPS = 1e-4


def _logit(p: FloatArray) -> FloatArray:
    import numpy as np

    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def _sigmoid(z: FloatArray) -> FloatArray:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


class HeadCalibration(BaseModel):
    """Maps one head's raw score (and optionally the rules' score) to a probability.

    ``platt``: p = sigmoid(coef[0] * raw + coef[1] * logit(rules) + intercept). ``isotonic`` then maps that
    value through the step function (x, y) fitted on dev. ``none`` is sigmoid(raw).
    """

    method: Literal["platt", "isotonic", "none"] = "platt"
    coef: list[float] = Field(default_factory=lambda: [1.0])
    intercept: float = 0.0
    x: list[float] = Field(default_factory=list)
    y: list[float] = Field(default_factory=list)

    def z(self, raw: FloatArray, rules: FloatArray | None = None) -> FloatArray:
        z = self.coef[0] * raw + self.intercept
        if len(self.coef) > 1 and rules is not None:
            z = z + self.coef[1] * _logit(rules)
        return z

    def apply(self, raw: FloatArray, rules: FloatArray | None = None) -> FloatArray:
        import numpy as np

        if self.method == "none":
            return _sigmoid(raw)
        p = _sigmoid(self.z(raw, rules))
        if self.method == "isotonic" and self.x:
            p = np.interp(p, self.x, self.y)
        return p


def fit_calibration(
    raw: FloatArray,
    y: FloatArray,
    *,
    rules: FloatArray | None = None,
    method: Literal["platt", "isotonic", "none"] = "platt",
) -> HeadCalibration:
    """Fit one head's calibration on dev: ``raw`` (n,), gold ``y`` (n,) 0/1, ``rules`` (n,) probabilities."""
    import numpy as np

    if method == "none" or len(np.unique(y)) < 2:
        # a head with one class on dev cannot be calibrated: keep the raw sigmoid
        return HeadCalibration(method="none")
    from sklearn.linear_model import LogisticRegression

    cols = [raw] if rules is None else [raw, _logit(rules)]
    X = np.column_stack(cols)
    lr = LogisticRegression(C=10.0, max_iter=1000)
    lr.fit(X, y)
    cal = HeadCalibration(
        method="platt", coef=[float(c) for c in lr.coef_[0]], intercept=float(lr.intercept_[0])
    )
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        p = cal.apply(raw, rules)
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(p, y)
        cal = cal.model_copy(
            update={
                "method": "isotonic",
                "x": [float(v) for v in iso.X_thresholds_],
                "y": [float(v) for v in iso.y_thresholds_],
            }
        )
    return cal


class ThresholdPolicy(BaseModel):
    """How the partisan decision threshold is chosen on dev.

    ``precision``: the threshold with the highest recall whose dev precision is at least ``precision`` (falls
    back to the best-F1 threshold when no threshold reaches it); ``f1``: the best-F1 threshold; ``fixed``:
    ``value``. Label thresholds (which partisan labels a partisan post gets) are always best-F1 on dev.
    """

    mode: Literal["precision", "f1", "fixed"] = "precision"
    precision: float = Field(default=0.9, gt=0.0, le=1.0)
    value: float = Field(default=0.5, ge=0.0, le=1.0)


def best_f1_threshold(p: FloatArray, y: FloatArray) -> float:
    import numpy as np

    if y.sum() == 0:
        return 0.5
    order = np.argsort(-p)
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    f1 = 2 * tp / (tp + fp + ys.sum())
    # only cut between distinct scores
    valid = np.r_[ps[1:] < ps[:-1], True]
    i = int(np.argmax(np.where(valid, f1, -1)))
    return _midpoint(ps, i)


def _midpoint(ps: FloatArray, i: int) -> float:
    """A threshold that keeps items 0..i (scores sorted descending) and drops the rest."""
    if i + 1 < len(ps):
        return float((ps[i] + ps[i + 1]) / 2)
    return float(max(ps[i] - 1e-6, 0.0))


def precision_threshold(p: FloatArray, y: FloatArray, precision: float) -> float | None:
    """Lowest threshold (highest recall) whose precision on (p, y) is at least ``precision``; None if none."""
    import numpy as np

    if y.sum() == 0:
        return None
    order = np.argsort(-p)
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    prec = tp / np.arange(1, len(ys) + 1)
    valid = np.r_[ps[1:] < ps[:-1], True] & (prec >= precision)
    if not valid.any():
        return None
    i = int(np.flatnonzero(valid)[-1])
    return _midpoint(ps, i)


class Decision(BaseModel):
    """Calibrations and thresholds for every head; JSON in the model card (no pickle)."""

    heads: list[str] = Field(default_factory=lambda: list(HEADS))
    calibration: dict[str, HeadCalibration] = Field(default_factory=dict)
    thresholds: dict[str, float] = Field(default_factory=dict)
    rules_ensemble: bool = False

    def probabilities(self, raw: FloatArray, rules: FloatArray | None = None) -> FloatArray:
        """Calibrated ``(n, len(HEADS))`` probabilities from raw scores (and the rules' scores)."""
        import numpy as np

        out = np.zeros_like(raw, dtype=float)
        for j, head in enumerate(HEADS):
            cal = self.calibration.get(head, HeadCalibration(method="none"))
            r = rules[:, j] if (self.rules_ensemble and rules is not None) else None
            out[:, j] = cal.apply(raw[:, j], r)
        return out

    def decide(self, probs: FloatArray) -> list[tuple[list[str], float, dict[str, float]]]:
        """Per row: (labels, partisan_score, label scores). Partisan when P(partisan) >= its threshold."""
        results = []
        t_partisan = self.thresholds.get(PARTISAN, 0.5)
        for row in probs:
            p = float(row[0])
            scores = {label: round(float(row[HEAD_INDEX[label]]), 4) for label in ALL_LABELS}
            if p >= t_partisan:
                labels = [
                    label
                    for label in PARTISAN_LABELS
                    if row[HEAD_INDEX[label]] >= self.thresholds.get(label, 0.5)
                ]
                if not labels:
                    labels = [max(PARTISAN_LABELS, key=lambda label: row[HEAD_INDEX[label]])]
            else:
                labels = [max(NEUTRAL_LABELS, key=lambda label: row[HEAD_INDEX[label]])]
            results.append((labels, round(p, 4), scores))
        return results


def fit_decision(
    raw: FloatArray,
    y: FloatArray,
    *,
    rules: FloatArray | None = None,
    method: Literal["platt", "isotonic", "none"] = "platt",
    policy: ThresholdPolicy | None = None,
) -> Decision:
    """Fit calibration and thresholds on dev. ``raw`` and ``y``: ``(n, len(HEADS))``; ``rules`` likewise or None."""
    policy = policy or ThresholdPolicy()
    decision = Decision(rules_ensemble=rules is not None)
    for j, head in enumerate(HEADS):
        r = rules[:, j] if rules is not None else None
        decision.calibration[head] = fit_calibration(raw[:, j], y[:, j], rules=r, method=method)
    probs = decision.probabilities(raw, rules)
    p, yp = probs[:, 0], y[:, 0]
    if policy.mode == "fixed":
        t = policy.value
    elif policy.mode == "precision":
        at_precision = precision_threshold(p, yp, policy.precision)
        t = at_precision if at_precision is not None else best_f1_threshold(p, yp)
    else:
        t = best_f1_threshold(p, yp)
    decision.thresholds[PARTISAN] = round(float(t), 6)
    partisan_rows = yp == 1
    for label in PARTISAN_LABELS:
        j = HEAD_INDEX[label]
        if partisan_rows.sum() and y[partisan_rows, j].sum():
            decision.thresholds[label] = round(
                best_f1_threshold(probs[partisan_rows, j], y[partisan_rows, j]), 6
            )
        else:
            decision.thresholds[label] = 0.5
    return decision
