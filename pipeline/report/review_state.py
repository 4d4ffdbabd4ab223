"""What both lists of the weekly report read from the review state: the final decision, safe display text."""

from __future__ import annotations

import json

from pipeline.accounts.nip import mask_nips
from pipeline.store import tables

DECIDED = ("confirmed", "rejected")


def final_decision(item: tables.ReviewItem | None) -> tables.Decision | None:
    """The adjudication if any, else the latest decision; None for an undecided item."""
    if item is None or item.status not in DECIDED or not item.decisions:
        return None
    ordered = sorted(item.decisions, key=lambda d: (d.created_at, d.id))
    adjudications = [d for d in ordered if d.is_adjudication]
    return (adjudications or ordered)[-1]


def display_text(value: object) -> str:
    """Display text of a stored value with NIP-looking numbers masked."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return mask_nips(value)
