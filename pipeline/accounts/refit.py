"""Refit the profile scorer's weights from reviewers' confirmed account decisions.

Input: JSON Lines, one confirmed account per line: the author fields (``id, platform, handle, name, bio``, or an
``author`` object) and ``asn_class`` (``ASN`` or ``NON_ASN``; ``UNKNOWN`` lines are skipped). The features are the
scorer's own 0/1 features, so the refit model stays as transparent as the hand-set one: one weight per feature.

Logistic regression with the current weights as the prior: the penalty is ``(w - w_prior)^2 / (2 C)``, not
``w^2``, so a feature the data says little about stays near its hand-set weight instead of shrinking to 0,
and ``C`` says how far the data may move it. A feature that never fires in the decisions keeps its current
weight exactly, and registry features are never refit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.accounts.score import ProfileScorer, author_from_record
from pipeline.errors import InputError
from pipeline.io.jsonl import iter_json_lines

# Not learnt from decisions: derived from the registry, which decides on its own; and the zero-weight features
# that only show a fact about someone else or a phrase that is no evidence (weight 0 by design).
FIXED = frozenset({"registry_name", "others_facts", "neutral_phrase"})


def read_decisions(path: str | Path) -> list[tuple[Any, int]]:
    """``(author, 1 if ASN else 0)`` per confirmed line; InputError naming the line for a bad one."""
    rows = []
    for line, obj in iter_json_lines(path):
        label = obj.get("asn_class")
        if label == "UNKNOWN":
            continue
        if label not in ("ASN", "NON_ASN"):
            raise InputError(
                f"asn_class must be ASN, NON_ASN or UNKNOWN, got {label!r}",
                path=path,
                line=line,
                key="asn_class",
            )
        try:
            author = author_from_record(obj)
        except ValueError as exc:
            raise InputError(str(exc), path=path, line=line) from None
        rows.append((author, 1 if label == "ASN" else 0))
    return rows


def fit_with_prior(X: Any, y: Any, *, prior: Any, prior_bias: float, C: float) -> tuple[Any, float]:
    """MAP logistic regression: ``X`` (n, d) 0/1 features, ``y`` (n,) 0/1, ``prior`` (d,) weights. Returns
    ``(coef (d,), bias)``; the bias starts at ``prior_bias`` and is not penalised."""
    import numpy as np
    from scipy.optimize import minimize

    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)

    def loss(theta: Any) -> tuple[float, Any]:
        w, b = theta[:-1], theta[-1]
        z = X @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        diff = w - prior
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + diff @ diff / (2.0 * C))
        grad = np.append(X.T @ (p - y) + diff / C, np.sum(p - y))
        return value, grad

    start = np.append(prior, prior_bias)
    result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return result.x[:-1], float(result.x[-1])


def refit(
    decisions: list[tuple[Any, int]], *, base: ProfileScorer | None = None, C: float = 1.0, min_rows: int = 10
) -> dict[str, Any]:
    """Weights JSON (``{"bias", "weights", "thresholds", "fitted", ...}``) learnt from ``decisions``.

    ``C``: inverse L2 strength (smaller = weights stay closer to 0). Needs ``min_rows`` decisions of both classes.
    """
    import numpy as np

    base = base or ProfileScorer()
    labels = [y for _, y in decisions]
    n_pos, n_neg = sum(labels), len(labels) - sum(labels)
    if len(decisions) < min_rows or n_pos == 0 or n_neg == 0:
        raise InputError(
            f"need at least {min_rows} confirmed decisions with both ASN and NON_ASN "
            f"(got {n_pos} ASN, {n_neg} NON_ASN)"
        )
    names = list(base.lexicon.features)
    X = np.array([[v for v in base.feature_vector(a).values()] for a, _ in decisions], dtype=float)
    y = np.array(labels)
    active = [i for i, name in enumerate(names) if X[:, i].any() and name not in FIXED]
    prior = np.array([base.weights[names[i]] for i in active], dtype=float)
    coef, bias = fit_with_prior(X[:, active], y, prior=prior, prior_bias=base.bias, C=C)
    weights = dict(base.weights)
    for j, i in enumerate(active):
        weights[names[i]] = round(float(coef[j]), 4)
    return {
        "bias": round(bias, 4),
        "weights": weights,
        "thresholds": dict(base.thresholds),
        "fitted": [names[i] for i in active],
        "kept": [n for n in names if n not in {names[i] for i in active}],
        "trained_on": {"ASN": n_pos, "NON_ASN": n_neg},
        "C": C,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
