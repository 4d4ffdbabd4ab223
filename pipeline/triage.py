"""How urgent a flag is and how many reviewers it needs (BRIEF 5.2 triage weights; issue 7 overlap rule).

One home for both formulas: ``scan`` uses them when it queues an item, the review queue when it re-ranks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from pipeline.labels import LABEL_WEIGHTS

DEFAULT_OVERLAP: dict[str, int] = {"PENYALAHGUNAAN_JABATAN": 2}
# Interactions (issue 15), weighted as the 2022 Joint Decree ranks them: spreading campaign content or taking part
# in a campaign group weighs like a supportive post; a like or a follow is the weakest public sign.
INTERACTION_WEIGHTS: dict[str, float] = {
    "share": 0.8,
    "comment": 0.7,
    "member": 0.7,
    "like": 0.5,
    "follow": 0.4,
    "subscribe": 0.4,
}
RECENCY_HALF_LIFE_DAYS = 7.0  # the legal window to report is 7 days from discovery (UU 7/2017 art. 454)


def recency_factor(created_at: datetime | None, *, now: datetime | None = None) -> float:
    """In (0.5, 1]: 1.0 for a post made now, the part above 0.5 halving every 7 days; 0.75 when unknown.

    The floor of 0.5 keeps an old post found late (a batch scan of last month's export) in the queue's
    order by its other factors instead of sinking to zero.
    """
    if created_at is None:
        return 0.75
    now = now or datetime.now(timezone.utc)
    age_days = max(0.0, (now - created_at).total_seconds() / 86400.0)
    return 0.5 + 0.5 * math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)


def label_weight(labels: Sequence[str]) -> float:
    """The highest triage weight among the partisan labels (0 when none)."""
    return max((LABEL_WEIGHTS.get(label, 0.0) for label in labels), default=0.0)


def priority(
    *,
    partisan_score: float,
    asn_score: float,
    labels: Sequence[str],
    created_at: datetime | None,
    now: datetime | None = None,
) -> float:
    """partisan score x ASN score x label weight x recency, in [0, 1]; higher is reviewed first."""
    value = partisan_score * asn_score * label_weight(labels) * recency_factor(created_at, now=now)
    return round(value, 6)


def reviews_required(labels: Sequence[str], *, overlap: Mapping[str, int] | None = None) -> int:
    """Reviewers an item needs: the largest overlap among its labels, default 1."""
    rule = DEFAULT_OVERLAP if overlap is None else overlap
    return max([1, *(rule.get(label, 1) for label in labels)])


def interaction_priority(
    *,
    kind: str,
    confidence: float,
    asn_score: float,
    at: datetime | None,
    now: datetime | None = None,
) -> float:
    """Kind weight x how surely the object campaigns x ASN score x recency, in [0, 1]."""
    value = INTERACTION_WEIGHTS.get(kind, 0.4) * confidence * asn_score * recency_factor(at, now=now)
    return round(value, 6)


def interaction_reviews_required(kind: str, *, overlap: Mapping[str, int] | None = None) -> int:
    """Reviewers an interaction item needs: the election's ``scan.interaction_overlap`` for its kind, default 1."""
    return max(1, (overlap or {}).get(kind, 1))
