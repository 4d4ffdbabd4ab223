"""Recording a reviewer's decision, with the evidence captured at decision time.

One call is one transaction: the decision row, the item's new state and the audit event commit together or
not at all, so an interruption at any point leaves the item exactly as it was (the claim included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pipeline.review.items import decision_dict, item_dict
from pipeline.review.queue import ENTITY, _lock, ensure_reviewer
from pipeline.review.workflow import (
    DECISIONS,
    FINAL_STATUSES,
    ReviewError,
    RoleError,
    check_category,
    check_labels,
    may_adjudicate,
    outcome,
    snapshot,
)
from pipeline.store import Store, tables
from pipeline.store.audit import record_event
from pipeline.store.posts import text_sha256
from pipeline.store.types import utcnow


@dataclass(frozen=True)
class DecisionInput:
    """What a reviewer says about an item. ``labels``/``targets`` ``None`` means "as suggested"."""

    reviewer: str
    decision: str  # confirmed | rejected | escalated
    labels: Sequence[str] | None = None
    targets: Sequence[int] | None = None
    violation_category: str | None = None
    note: str | None = None
    screenshot_path: str | None = None


def decide(store: Store, item_id: int, given: DecisionInput) -> dict[str, Any]:
    """Record ``given`` on item ``item_id`` and apply the consensus rule. Returns the item (with decisions).

    Refused (ReviewError, nothing written) when the item is claimed by someone else, is already final, was
    already decided by this reviewer, or is escalated and the reviewer is not an adjudicator.
    """
    if given.decision not in DECISIONS:
        raise ReviewError(f"{given.decision!r} is not one of {', '.join(DECISIONS)}", option="decision")
    labels = check_labels(given.labels)
    category = check_category(given.violation_category)
    targets = [int(t) for t in given.targets] if given.targets is not None else None
    with store.session() as session:
        who = ensure_reviewer(session, given.reviewer)
        item = _lock(session, item_id)
        now = utcnow()
        adjudication = _check_allowed(item, who, given.decision, now)
        before = snapshot(item)
        row = _capture(
            session,
            item,
            given,
            labels=labels,
            targets=targets,
            category=category,
            adjudication=adjudication,
            now=now,
        )
        _apply(session, item, now)
        record_event(
            session,
            actor=who.name,
            event="item.decided",
            entity=ENTITY,
            entity_id=item.id,
            before=before,
            after={**snapshot(item), "decision": decision_dict(row)},
        )
        return item_dict(session, item, decisions=True)


def _check_allowed(item: tables.ReviewItem, who: tables.Reviewer, decision: str, now: datetime) -> bool:
    """Raise unless ``who`` may decide ``item`` now; returns whether the decision is an adjudication."""
    if item.status in FINAL_STATUSES:
        raise ReviewError(f"item {item.id} is already {item.status}")
    held_by_other = (
        item.claimed_by is not None
        and item.claimed_by != who.name
        and item.claim_expires_at is not None
        and item.claim_expires_at >= now
    )
    if held_by_other:
        raise ReviewError(
            f"item {item.id} is claimed by {item.claimed_by} until {item.claim_expires_at:%H:%M} UTC"
        )
    if item.status == "escalated":
        if not may_adjudicate(who.role):
            raise RoleError(f"item {item.id} is escalated: only an adjudicator may decide it")
        if decision == "escalated":
            raise ReviewError("an adjudication must be confirmed or rejected")
        return True
    if any(d.reviewer == who.name and not d.is_adjudication for d in item.decisions):
        raise ReviewError(f"{who.name} has already decided item {item.id}")
    return False


def _capture(
    session: Session,
    item: tables.ReviewItem,
    given: DecisionInput,
    *,
    labels: list[str] | None,
    targets: list[int] | None,
    category: str | None,
    adjudication: bool,
    now: datetime,
) -> tables.Decision:
    """Insert the decision row with the evidence as it stands now (URL, time, SHA-256 of the stored text)."""
    post = session.get(tables.Post, item.flag.post_id) if item.flag.post_id else None
    own_claim = item.claimed_by == given.reviewer and item.claimed_at is not None
    row = tables.Decision(
        item_id=item.id,
        reviewer=given.reviewer,
        decision=given.decision,
        labels=labels,
        targets=targets,
        violation_category=category,
        note=given.note,
        is_adjudication=adjudication,
        evidence_url=post.url if post else None,
        evidence_captured_at=now,
        text_sha256=text_sha256(post.text) if post else None,
        screenshot_path=given.screenshot_path,
        seconds_spent=(
            round((now - item.claimed_at).total_seconds(), 3)
            if own_claim and item.claimed_at is not None
            else None
        ),
        created_at=now,
    )
    item.decisions.append(row)
    session.flush()
    return row


def _apply(session: Session, item: tables.ReviewItem, now: datetime) -> None:
    """Move the item to the state its decisions imply and release the claim."""
    result = outcome(
        item.decisions,
        required=item.reviews_required,
        suggested_labels=item.flag.labels,
        suggested_targets=item.flag.targets,
    )
    item.status = result.status
    item.claimed_by = None
    item.claimed_at = None
    item.claim_expires_at = None
    if result.status in FINAL_STATUSES:
        item.final_labels = result.final_labels
        item.final_targets = result.final_targets
        item.decided_at = now
    item.updated_at = now
    session.flush()
