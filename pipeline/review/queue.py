"""Claiming items: next, release, skip, expire; reviewers and their roles.

No two reviewers ever hold the same claim. A claim is taken by a conditional UPDATE (``... WHERE id = :id AND
the claim is free``) whose row count says who won; on PostgreSQL the candidate row is first picked with
``FOR UPDATE SKIP LOCKED`` so concurrent claimers go to different rows instead of waiting on one, and on SQLite
the store's ``BEGIN IMMEDIATE`` makes the select-then-update a single writer's step. Claims expire after a lease
(default 15 minutes) and may then be taken by anyone eligible. Every change writes an audit event in the same
transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, exists, not_, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from pipeline.review.items import item_dict, load_item
from pipeline.review.workflow import (
    DEFAULT_LEASE_MINUTES,
    OPEN_STATUSES,
    ROLES,
    SKIP_WINDOW_HOURS,
    ReviewError,
    check_name,
    may_adjudicate,
    snapshot,
)
from pipeline.store import Store, tables
from pipeline.store.audit import record_event
from pipeline.store.types import utcnow

ENTITY = "review_item"


# -- reviewers -------------------------------------------------------------------------------------------


def add_reviewer(store: Store, name: str, *, role: str = "reviewer", actor: str = "admin") -> dict[str, Any]:
    """Create the reviewer or change its role. Returns ``{"name", "role", "created": bool}``."""
    if role not in ROLES:
        raise ReviewError(f"{role!r} is not one of {', '.join(ROLES)}", option="role")
    name = check_name(name)
    with store.session() as session:
        row = session.get(tables.Reviewer, name)
        if row is None:
            session.add(tables.Reviewer(name=name, role=role, created_at=utcnow()))
            record_event(
                session,
                actor=actor,
                event="reviewer.added",
                entity="reviewer",
                entity_id=name,
                after={"role": role},
            )
            return {"name": name, "role": role, "created": True}
        if row.role != role:
            record_event(
                session,
                actor=actor,
                event="reviewer.role_changed",
                entity="reviewer",
                entity_id=name,
                before={"role": row.role},
                after={"role": role},
            )
            row.role = role
        return {"name": name, "role": role, "created": False}


def list_reviewers(store: Store) -> list[dict[str, Any]]:
    with store.session() as session:
        rows = session.scalars(select(tables.Reviewer).order_by(tables.Reviewer.name))
        return [{"name": r.name, "role": r.role, "created_at": r.created_at.isoformat()} for r in rows]


def ensure_reviewer(session: Session, name: str) -> tables.Reviewer:
    """The reviewer row; a name seen for the first time becomes a plain ``reviewer`` (audited)."""
    name = check_name(name)
    row = session.get(tables.Reviewer, name)
    if row is None:
        row = tables.Reviewer(name=name, role="reviewer", created_at=utcnow())
        session.add(row)
        record_event(
            session,
            actor=name,
            event="reviewer.added",
            entity="reviewer",
            entity_id=name,
            after={"role": "reviewer"},
        )
        session.flush()
    return row


# -- claims ----------------------------------------------------------------------------------------------


def _claim_free(now: datetime) -> ColumnElement[bool]:
    item = tables.ReviewItem
    return or_(item.claimed_by.is_(None), item.claim_expires_at.is_(None), item.claim_expires_at < now)


def _eligible(
    reviewer: str, *, adjudicator: bool, now: datetime, skip_window_hours: float
) -> ColumnElement[bool]:
    """SQL condition: items this reviewer may claim now (claim not held is checked separately)."""
    item = tables.ReviewItem
    decided_by_me = exists().where(
        tables.Decision.item_id == item.id,
        tables.Decision.reviewer == reviewer,
        tables.Decision.is_adjudication.is_(False),
    )
    skipped_by_me = exists().where(
        tables.AuditEvent.entity == ENTITY,
        tables.AuditEvent.entity_id == cast(item.id, String),
        tables.AuditEvent.event == "item.skipped",
        tables.AuditEvent.actor == reviewer,
        tables.AuditEvent.at > now - timedelta(hours=skip_window_hours),
    )
    review = and_(item.status.in_(OPEN_STATUSES), not_(decided_by_me))
    allowed = or_(review, item.status == "escalated") if adjudicator else review
    return and_(allowed, not_(skipped_by_me))


def _held(session: Session, reviewer: str, now: datetime) -> tables.ReviewItem | None:
    """An unexpired claim this reviewer already holds (``next`` shows it again instead of taking another)."""
    item = tables.ReviewItem
    return session.scalars(
        select(item)
        .where(
            item.claimed_by == reviewer,
            item.claim_expires_at >= now,
            item.status.in_((*OPEN_STATUSES, "escalated")),
        )
        .order_by(item.claimed_at, item.id)
        .limit(1)
    ).first()


def claim_next(
    store: Store,
    reviewer: str,
    *,
    lease_minutes: float = DEFAULT_LEASE_MINUTES,
    election_id: str | None = None,
    skip_window_hours: float = SKIP_WINDOW_HOURS,
) -> dict[str, Any] | None:
    """Claim the highest-priority item this reviewer may take and return it (``item_dict``); ``None`` when
    nothing is left. A reviewer holding an unexpired claim gets that item back. Adjudicators are offered
    escalated items first."""
    if lease_minutes <= 0:
        raise ReviewError("minutes must be positive", option="lease")
    with store.session() as session:
        who = ensure_reviewer(session, reviewer)
        now = utcnow()
        held = _held(session, who.name, now)
        if held is not None:
            return item_dict(session, held)
        adjudicator = may_adjudicate(who.role)
        item = tables.ReviewItem
        query = select(item.id).where(
            _claim_free(now),
            _eligible(who.name, adjudicator=adjudicator, now=now, skip_window_hours=skip_window_hours),
        )
        if election_id is not None:
            query = query.where(
                exists().where(tables.Flag.id == item.flag_id, tables.Flag.election_id == election_id)
            )
        order = [item.priority.desc(), item.id]
        if adjudicator:
            order.insert(0, case((item.status == "escalated", 0), else_=1))
        # A few candidates, so that losing a race to a row another claimer just took costs no extra round trip.
        query = query.order_by(*order).limit(8).with_for_update(skip_locked=True, of=item)
        for item_id in session.scalars(query).all():
            claimed = _take(
                session, item_id, who.name, now, lease_minutes, actor=who.name, adjudicator=adjudicator
            )
            if claimed is not None:
                return item_dict(session, claimed)
        return None


def _take(
    session: Session,
    item_id: int,
    reviewer: str,
    now: datetime,
    lease_minutes: float,
    *,
    actor: str,
    adjudicator: bool,
) -> tables.ReviewItem | None:
    """Atomically claim ``item_id`` if its claim is still free; the audit event goes in the same transaction."""
    item = tables.ReviewItem
    before_row = session.get(item, item_id)
    if before_row is None:
        return None
    session.refresh(before_row)
    before = snapshot(before_row)
    expired_holder = before_row.claimed_by  # a claim that lapsed: recorded so the history shows the hand-over
    statuses = (*OPEN_STATUSES, "escalated") if adjudicator else OPEN_STATUSES
    new_status = case((item.status == "pending", "in_review"), else_=item.status)
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]  # an UPDATE returns a cursor result
        update(item)
        .where(item.id == item_id, _claim_free(now), item.status.in_(statuses))
        .values(
            claimed_by=reviewer,
            claimed_at=now,
            claim_expires_at=now + timedelta(minutes=lease_minutes),
            status=new_status,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    session.refresh(before_row)
    after = snapshot(before_row)
    if expired_holder is not None and expired_holder != reviewer:
        after = {**after, "expired_claim_of": expired_holder}
    record_event(
        session,
        actor=actor,
        event="item.claimed",
        entity=ENTITY,
        entity_id=item_id,
        before=before,
        after=after,
    )
    return before_row


def _free(item: tables.ReviewItem) -> None:
    """Clear the claim; an item nobody has decided yet goes back to pending."""
    item.claimed_by = None
    item.claimed_at = None
    item.claim_expires_at = None
    if item.status == "in_review" and not any(not d.is_adjudication for d in item.decisions):
        item.status = "pending"
    item.updated_at = utcnow()


def _lock(session: Session, item_id: int) -> tables.ReviewItem:
    """The item, row-locked on PostgreSQL for the rest of the transaction (SQLite holds the write lock)."""
    load_item(session, item_id)
    item = session.get(tables.ReviewItem, item_id, with_for_update=True, populate_existing=True)
    assert item is not None
    return item


def release(store: Store, item_id: int, reviewer: str) -> dict[str, Any]:
    """Give up a claim without deciding. Only the holder may release."""
    with store.session() as session:
        item = _lock(session, item_id)
        if item.claimed_by != reviewer:
            raise ReviewError(f"item {item_id} is not claimed by {reviewer}")
        before = snapshot(item)
        _free(item)
        record_event(
            session,
            actor=reviewer,
            event="item.released",
            entity=ENTITY,
            entity_id=item_id,
            before=before,
            after=snapshot(item),
        )
        return item_dict(session, item)


def skip(store: Store, item_id: int, reviewer: str) -> dict[str, Any]:
    """Release the reviewer's claim (if any) and do not offer the item to this reviewer again for the
    session (``SKIP_WINDOW_HOURS``). Another reviewer's claim is left alone."""
    with store.session() as session:
        ensure_reviewer(session, reviewer)
        item = _lock(session, item_id)
        before = snapshot(item)
        if item.claimed_by == reviewer:
            _free(item)
        record_event(
            session,
            actor=reviewer,
            event="item.skipped",
            entity=ENTITY,
            entity_id=item_id,
            before=before,
            after=snapshot(item),
        )
        return item_dict(session, item)


def expire_claims(store: Store, *, actor: str = "system") -> list[int]:
    """Free every lapsed claim (audited as ``item.claim_expired``); returns the item ids."""
    now = utcnow()
    freed: list[int] = []
    with store.session() as session:
        item = tables.ReviewItem
        rows = session.scalars(
            select(item)
            .where(item.claimed_by.is_not(None), item.claim_expires_at < now)
            .order_by(item.id)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            before = snapshot(row)
            _free(row)
            record_event(
                session,
                actor=actor,
                event="item.claim_expired",
                entity=ENTITY,
                entity_id=row.id,
                before=before,
                after=snapshot(row),
            )
            freed.append(row.id)
    return freed
