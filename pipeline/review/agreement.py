"""Inter-reviewer agreement: percent agreement, Cohen's kappa per reviewer pair, Fleiss' kappa per label.

Only the reviewers' own decisions count (adjudications are outcomes, not ratings). Two views of a decision:
the decision itself (confirmed / rejected / escalated), and, per label, whether the reviewer says the label
applies (``workflow.effective_labels``: corrected labels, else the suggestion when confirmed, else none).
A kappa is ``None`` when it is undefined (every rating in one category, so chance agreement is 1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from itertools import combinations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pipeline.labels import ALL_LABELS
from pipeline.review.workflow import effective_labels
from pipeline.store import Store, tables


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters over the same items (``a[i]``, ``b[i]`` rate item i); None if undefined."""
    import numpy as np

    if len(a) != len(b):
        raise ValueError("both raters must rate the same items")
    if not a:
        return None
    cats = sorted(set(a) | set(b), key=str)
    index = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for x, y in zip(a, b, strict=True):
        table[index[x], index[y]] += 1
    n = table.sum()
    p_o = np.trace(table) / n
    p_e = float((table.sum(axis=1) / n) @ (table.sum(axis=0) / n))
    if p_e >= 1.0:
        return None
    return float((p_o - p_e) / (1.0 - p_e))


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa from ``counts`` of shape (items, categories): raters per category for each item.

    Items may have different numbers of raters (at least 2 each; others are ignored): each item's agreement
    is computed over its own raters, category shares over all ratings. None when undefined.
    """
    import numpy as np

    m = np.asarray(counts, dtype=float)
    if m.ndim != 2 or m.size == 0:
        return None
    n_i = m.sum(axis=1)
    m = m[n_i >= 2]
    n_i = n_i[n_i >= 2]
    if len(m) == 0:
        return None
    p_i = ((m * m).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    p_bar = float(p_i.mean())
    p_j = m.sum(axis=0) / m.sum()
    p_e = float((p_j * p_j).sum())
    if p_e >= 1.0:
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def percent_agreement(ratings: Sequence[Sequence[Hashable]]) -> float | None:
    """Share of agreeing rater pairs, averaged over items with at least two ratings."""
    shares = []
    for item in ratings:
        pairs = list(combinations(item, 2))
        if pairs:
            shares.append(sum(x == y for x, y in pairs) / len(pairs))
    return sum(shares) / len(shares) if shares else None


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def collect_ratings(store: Store, *, election_id: str | None = None) -> dict[int, dict[str, dict[str, Any]]]:
    """``{item_id: {reviewer: {"decision", "labels"}}}`` for items with reviewers' (non-adjudication) decisions."""
    out: dict[int, dict[str, dict[str, Any]]] = {}
    with store.session() as session:
        query = (
            select(tables.ReviewItem)
            .join(tables.Flag)
            .options(selectinload(tables.ReviewItem.decisions), selectinload(tables.ReviewItem.flag))
        )
        if election_id is not None:
            query = query.where(tables.Flag.election_id == election_id)
        for item in session.scalars(query):
            for d in item.decisions:
                if d.is_adjudication:
                    continue
                out.setdefault(item.id, {})[d.reviewer] = {
                    "decision": d.decision,
                    "labels": set(effective_labels(d.decision, d.labels, item.flag.labels)),
                }
    return out


def agreement(store: Store, *, election_id: str | None = None) -> dict[str, Any]:
    """Agreement report::

    {"items": n items with >= 2 reviewers, "decision": {"percent", "fleiss_kappa"},
     "labels": {LABEL: {"percent", "fleiss_kappa", "items_with_label"}},
     "pairs": [{"reviewers": [a, b], "items", "percent", "cohen_kappa", "labels": {LABEL: kappa}}]}
    """
    ratings = {k: v for k, v in collect_ratings(store, election_id=election_id).items() if len(v) >= 2}
    decision_cats = ("confirmed", "rejected", "escalated")
    per_item = [[r["decision"] for r in by.values()] for by in ratings.values()]
    report: dict[str, Any] = {
        "items": len(ratings),
        "decision": {
            "percent": _round(percent_agreement(per_item)),
            "fleiss_kappa": _round(fleiss_kappa([[row.count(c) for c in decision_cats] for row in per_item])),
        },
        "labels": {},
        "pairs": [],
    }
    for label in ALL_LABELS:
        rows = [[label in r["labels"] for r in by.values()] for by in ratings.values()]
        if not any(any(row) for row in rows):
            continue
        report["labels"][label] = {
            "percent": _round(percent_agreement(rows)),
            "fleiss_kappa": _round(fleiss_kappa([[row.count(True), row.count(False)] for row in rows])),
            "items_with_label": sum(any(row) for row in rows),
        }
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item_id, by in ratings.items():
        for a, b in combinations(sorted(by), 2):
            shared[(a, b)].append(item_id)
    for (a, b), ids in sorted(shared.items()):
        da = [ratings[i][a]["decision"] for i in ids]
        db = [ratings[i][b]["decision"] for i in ids]
        pair: dict[str, Any] = {
            "reviewers": [a, b],
            "items": len(ids),
            "percent": _round(sum(x == y for x, y in zip(da, db, strict=True)) / len(ids)),
            "cohen_kappa": _round(cohen_kappa(da, db)),
            "labels": {},
        }
        for label in report["labels"]:
            la = [label in ratings[i][a]["labels"] for i in ids]
            lb = [label in ratings[i][b]["labels"] for i in ids]
            pair["labels"][label] = {
                "percent": _round(sum(x == y for x, y in zip(la, lb, strict=True)) / len(ids)),
                "cohen_kappa": _round(cohen_kappa(la, lb)),
            }
        report["pairs"].append(pair)
    return report
