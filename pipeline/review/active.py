"""Active learning: queue the stored predictions the model is least sure about, for labelling.

Uncertainty of a prediction: ``1 - |2 p - 1|`` with ``p`` its partisan score (1 at p = 0.5, 0 at 0 or 1); ties
are broken by the entropy of its per-label scores (each score read as an independent Bernoulli probability).
Posts already queued for that election are left out. The new items are ordinary review items (the item's
creation event says ``"source": "active_learning"``), ranked below typical flags: ``priority = uncertainty x
priority_scale`` (default 0.1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store import Store, tables
from pipeline.store.flags import new_flag, queue_flag

ACTOR = "active_learning"


def uncertainty(partisan_score: float) -> float:
    """1 at 0.5, 0 at 0 or 1."""
    return 1.0 - abs(2.0 * partisan_score - 1.0)


def entropy(scores: Mapping[str, Any] | None) -> float:
    """Sum of the Bernoulli entropies (bits) of the per-label scores."""
    total = 0.0
    for value in (scores or {}).values():
        try:
            p = min(max(float(value), 0.0), 1.0)
        except (TypeError, ValueError):
            continue
        if 0.0 < p < 1.0:
            total -= p * math.log2(p) + (1 - p) * math.log2(1 - p)
    return total


def enqueue_uncertain(
    store: Store,
    *,
    n: int,
    election_id: str | None = None,
    priority_scale: float = 0.1,
    reviews_required: int = 1,
) -> list[dict[str, Any]]:
    """Queue up to ``n`` least-sure predictions not yet queued; returns ``[{"item_id", "post_id",
    "election_id", "partisan_score", "uncertainty", "entropy"}]`` in the order chosen."""
    if n <= 0:
        return []
    with store.session() as session:
        return [
            _queue(session, row, priority_scale=priority_scale, reviews_required=reviews_required)
            for row in _least_sure(session, n=n, election_id=election_id)
        ]


def _least_sure(session: Session, *, n: int, election_id: str | None) -> list[tables.Prediction]:
    """Selection: the ``n`` least-sure newest predictions (one per post and election) of posts not flagged for
    their election, by uncertainty, then entropy, then prediction id."""
    pred = tables.Prediction
    flagged = (
        select(tables.Flag.id)
        .where(tables.Flag.post_id == pred.post_id, tables.Flag.election_id == pred.election_id)
        .exists()
    )
    # The newest prediction per (post, election) stands for the model's current view of the post.
    newest = select(func.max(pred.id)).group_by(pred.post_id, pred.election_id)
    query = select(pred).where(~flagged, pred.id.in_(newest))
    if election_id is not None:
        query = query.where(pred.election_id == election_id)
    # SQL orders by margin; a wider window lets entropy break ties among equally close scores.
    query = query.order_by(func.abs(pred.partisan_score - 0.5), pred.id).limit(max(n * 5, 50))
    rows = list(session.scalars(query))
    rows.sort(key=lambda r: (-uncertainty(r.partisan_score), -entropy(r.scores), r.id))
    return rows[:n]


def _flag(session: Session, row: tables.Prediction) -> tables.Flag:
    """A flag carrying the prediction ``row`` and its author's account score, as scan would write it."""
    post = session.get(tables.Post, row.post_id)
    account = session.get(tables.Account, post.author_id) if post and post.author_id else None
    return new_flag(
        row,
        account_id=account.id if account else None,
        asn_score=account.asn_score if account and account.asn_score is not None else 0.0,
        asn_class=account.asn_class if account and account.asn_class else "UNKNOWN",
        asn_reasons=list(account.asn_reasons or []) if account else [],
        phase=(row.detail or {}).get("phase") if isinstance(row.detail, dict) else None,
    )


def _queue(
    session: Session, row: tables.Prediction, *, priority_scale: float, reviews_required: int
) -> dict[str, Any]:
    """Queueing: a flag and a pending review item for ``row``, with the item's creation event; returns the
    entry of :func:`enqueue_uncertain`'s list."""
    u, h = uncertainty(row.partisan_score), entropy(row.scores)
    item = queue_flag(
        session,
        _flag(session, row),
        priority=round(u * priority_scale, 6),
        reviews_required=reviews_required,
        actor=ACTOR,
        audit={"source": "active_learning", "uncertainty": round(u, 6), "entropy": round(h, 6)},
    )
    return {
        "item_id": item.id,
        "post_id": row.post_id,
        "election_id": row.election_id,
        "partisan_score": row.partisan_score,
        "uncertainty": round(u, 6),
        "entropy": round(h, 6),
    }
