"""Refit the profile scorer's weights from reviewers' confirmed account decisions.

Input: JSON Lines, one confirmed account per line: the author fields (``id, platform, handle, name, bio``, or an
``author`` object) and ``asn_class`` (``ASN`` or ``NON_ASN``; ``UNKNOWN`` lines are skipped). The features are the
scorer's own 0/1 features, so the refit model stays as transparent as the hand-set one: one weight per feature.

L2-regularised logistic regression (scikit-learn). A feature that never fires in the decisions keeps its
current weight (there is nothing to learn about it), and registry features are never refit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.accounts.score import ProfileScorer, author_from_record
from pipeline.errors import InputError
from pipeline.io.jsonl import iter_json_lines

# Not learnt from decisions: derived from the registry, which decides on its own.
FIXED = frozenset({"registry_name"})


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


def refit(
    decisions: list[tuple[Any, int]], *, base: ProfileScorer | None = None, C: float = 1.0, min_rows: int = 10
) -> dict[str, Any]:
    """Weights JSON (``{"bias", "weights", "thresholds", "fitted", ...}``) learnt from ``decisions``.

    ``C``: inverse L2 strength (smaller = weights stay closer to 0). Needs ``min_rows`` decisions of both classes.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

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
    model = LogisticRegression(C=C, max_iter=1000)
    model.fit(X[:, active], y)
    weights = dict(base.weights)
    for j, i in enumerate(active):
        weights[names[i]] = round(float(model.coef_[0][j]), 4)
    return {
        "bias": round(float(model.intercept_[0]), 4),
        "weights": weights,
        "thresholds": dict(base.thresholds),
        "fitted": [names[i] for i in active],
        "kept": [n for n in names if n not in {names[i] for i in active}],
        "trained_on": {"ASN": n_pos, "NON_ASN": n_neg},
        "C": C,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
