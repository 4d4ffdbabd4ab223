"""Queue and reviewer statistics: items per status, throughput and time per reviewer, and how often each
reviewer's decision matched the item's final outcome (overall and on adjudicated items)."""

from __future__ import annotations

import statistics
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from pipeline.review.workflow import STATUSES
from pipeline.store import Store, tables


def stats(store: Store, *, election_id: str | None = None) -> dict[str, Any]:
    """``{"status": {STATUS: n}, "items": n, "decisions": n, "reviewers": [{...}]}``.

    Per reviewer: ``decisions``, ``adjudications``, ``confirmed``/``rejected``/``escalated`` counts,
    ``median_seconds`` and ``mean_seconds`` spent per decision (claimed decisions only), ``first``/``last``
    decision time, ``matches_final`` (share of their decisions on final items equal to the final status) and
    ``matches_adjudication`` (the same on items an adjudicator settled; None when there are none).
    """
    with store.session() as session:
        status_q = select(tables.ReviewItem.status, func.count()).group_by(tables.ReviewItem.status)
        items_q = (
            select(tables.ReviewItem).join(tables.Flag).options(selectinload(tables.ReviewItem.decisions))
        )
        if election_id is not None:
            status_q = status_q.join(tables.Flag).where(tables.Flag.election_id == election_id)
            items_q = items_q.where(tables.Flag.election_id == election_id)
        counts = {s: 0 for s in STATUSES}
        counts.update({s: n for s, n in session.execute(status_q)})
        per: dict[str, dict[str, Any]] = {}
        n_decisions = 0
        for item in session.scalars(items_q):
            adjudicated = any(d.is_adjudication for d in item.decisions)
            for d in item.decisions:
                n_decisions += 1
                r = per.setdefault(
                    d.reviewer,
                    {
                        "reviewer": d.reviewer,
                        "decisions": 0,
                        "adjudications": 0,
                        "confirmed": 0,
                        "rejected": 0,
                        "escalated": 0,
                        "_seconds": [],
                        "_times": [],
                        "_final": [],
                        "_adj": [],
                    },
                )
                r["decisions"] += 1
                r["adjudications"] += d.is_adjudication
                r[d.decision] += 1
                if d.seconds_spent is not None:
                    r["_seconds"].append(d.seconds_spent)
                r["_times"].append(d.created_at)
                if d.is_adjudication:
                    continue
                if item.status in ("confirmed", "rejected"):
                    r["_final"].append(d.decision == item.status)
                    if adjudicated:
                        r["_adj"].append(d.decision == item.status)
    reviewers = []
    for r in sorted(per.values(), key=lambda x: x["reviewer"]):
        seconds, times, final, adj = r.pop("_seconds"), r.pop("_times"), r.pop("_final"), r.pop("_adj")
        r["median_seconds"] = round(statistics.median(seconds), 1) if seconds else None
        r["mean_seconds"] = round(statistics.fmean(seconds), 1) if seconds else None
        r["first"] = min(times).isoformat() if times else None
        r["last"] = max(times).isoformat() if times else None
        r["matches_final"] = round(sum(final) / len(final), 4) if final else None
        r["matches_adjudication"] = round(sum(adj) / len(adj), 4) if adj else None
        reviewers.append(r)
    return {"items": sum(counts.values()), "status": counts, "decisions": n_decisions, "reviewers": reviewers}
