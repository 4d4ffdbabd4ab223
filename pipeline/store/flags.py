"""Flags and their review items, as more than one stage writes them: scan queues a post once per election,
active learning queues the least certain predictions, import skips a post already queued."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store import tables
from pipeline.store.audit import record_event

__all__ = [
    "ITEM_ENTITY",
    "flagged_interactions",
    "is_flagged",
    "new_flag",
    "new_interaction_flag",
    "queue_flag",
]

ITEM_ENTITY = "review_item"  # the audit log's entity name of a review item


def is_flagged(session: Session, post_id: str, election_id: str) -> bool:
    """Whether the post has a flag for the election (one flag per post and election)."""
    flag_id = session.scalar(
        select(tables.Flag.id).where(tables.Flag.post_id == post_id, tables.Flag.election_id == election_id)
    )
    return flag_id is not None


def flagged_interactions(session: Session, interaction_ids: Sequence[str], election_id: str) -> set[str]:
    """The ids among ``interaction_ids`` that have a flag for the election (one per interaction and election)."""
    rows = session.scalars(
        select(tables.Flag.interaction_id).where(
            tables.Flag.interaction_id.in_(list(interaction_ids)), tables.Flag.election_id == election_id
        )
    )
    return {r for r in rows if r}


def new_interaction_flag(
    interaction: tables.Interaction,
    *,
    election_id: str,
    model: str,
    confidence: float,
    targets: Sequence[int],
    evidence: Sequence[str],
    asn_score: float,
    asn_class: str,
    asn_reasons: Sequence[str],
    phase: str | None,
) -> tables.Flag:
    """A flag of kind ``interaction``: no post, no prediction, no labels (a reviewer adds them); ``confidence``
    (how surely the object campaigns) stands where a post's partisan score would."""
    return tables.Flag(
        kind="interaction",
        interaction_id=interaction.id,
        account_id=interaction.actor_id,
        election_id=election_id,
        model=model,
        labels=[],
        scores={},
        targets=list(targets),
        evidence=list(evidence),
        review_flags=[],
        partisan_score=confidence,
        asn_score=asn_score,
        asn_class=asn_class,
        asn_reasons=list(asn_reasons),
        phase=phase,
    )


def new_flag(
    prediction: tables.Prediction,
    *,
    account_id: str | None,
    asn_score: float,
    asn_class: str,
    asn_reasons: Sequence[str],
    phase: str | None,
) -> tables.Flag:
    """A flag carrying the stored ``prediction`` (labels, scores, targets, evidence, review flags, model) and
    its author's account score."""
    return tables.Flag(
        post_id=prediction.post_id,
        account_id=account_id,
        election_id=prediction.election_id,
        prediction_id=prediction.id,
        model=f"{prediction.model_name}@{prediction.model_version}",
        labels=prediction.labels,
        scores=prediction.scores,
        targets=prediction.targets,
        evidence=prediction.evidence,
        review_flags=prediction.flags,
        partisan_score=prediction.partisan_score,
        asn_score=asn_score,
        asn_class=asn_class,
        asn_reasons=list(asn_reasons),
        phase=phase,
    )


def queue_flag(
    session: Session,
    flag: tables.Flag,
    *,
    priority: float,
    reviews_required: int,
    actor: str,
    audit: dict[str, Any] | None = None,
) -> tables.ReviewItem:
    """Store ``flag`` with a pending review item and the item's ``item.created`` audit event (``audit``: more
    fields for the event's ``after``)."""
    item = tables.ReviewItem(
        flag=flag, status="pending", priority=priority, reviews_required=reviews_required
    )
    session.add_all([flag, item])
    session.flush()
    record_event(
        session,
        actor=actor,
        event="item.created",
        entity=ITEM_ENTITY,
        entity_id=item.id,
        after={
            "status": item.status,
            "post_id": flag.post_id,
            **({"interaction_id": flag.interaction_id} if flag.interaction_id else {}),
            "labels": flag.labels,
            "model": flag.model,
            "priority": item.priority,
            "reviews_required": item.reviews_required,
            **(audit or {}),
        },
    )
    return item
