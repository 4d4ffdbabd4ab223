"""Reading review items: one item as a JSON-ready dict, lists by status.

An item dict joins the workflow state (``review_items``), the model's suggestion (``flags``), the post and its
account. ``labels`` is always the model's suggestion; what reviewers settled on is ``final_labels``.
Accounts only ever hold a masked NIP, and only that is shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from pipeline.review.workflow import STATUSES, ReviewError, iso
from pipeline.store import tables


def _options() -> tuple[_AbstractLoad, ...]:
    return (
        selectinload(tables.ReviewItem.flag).selectinload(tables.Flag.item),
        selectinload(tables.ReviewItem.decisions),
    )


def load_item(session: Session, item_id: int) -> tables.ReviewItem:
    """The item with its flag and decisions; ReviewError when there is none."""
    item = session.get(tables.ReviewItem, item_id)
    if item is None:
        raise ReviewError(f"no review item {item_id}")
    return item


def decision_dict(d: tables.Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "reviewer": d.reviewer,
        "decision": d.decision,
        "labels": d.labels,
        "targets": d.targets,
        "violation_category": d.violation_category,
        "note": d.note,
        "is_adjudication": d.is_adjudication,
        "evidence_url": d.evidence_url,
        "evidence_captured_at": iso(d.evidence_captured_at),
        "text_sha256": d.text_sha256,
        "screenshot_path": d.screenshot_path,
        "seconds_spent": d.seconds_spent,
        "created_at": iso(d.created_at),
    }


def item_dict(session: Session, item: tables.ReviewItem, *, decisions: bool = False) -> dict[str, Any]:
    """One item as a JSON-ready dict (the ``--format json`` object of ``next`` and ``show``)."""
    flag = item.flag
    post = session.get(tables.Post, flag.post_id)
    account = session.get(tables.Account, flag.account_id) if flag.account_id else None
    out: dict[str, Any] = {
        "id": item.id,
        "post_id": flag.post_id,
        "status": item.status,
        "labels": flag.labels,
        "partisan_score": flag.partisan_score,
        "asn_score": flag.asn_score,
        "priority": item.priority,
        "reviews_required": item.reviews_required,
        "reviews_done": sum(1 for d in item.decisions if not d.is_adjudication),
        "election_id": flag.election_id,
        "model": flag.model,
        "scores": flag.scores,
        "targets": flag.targets,
        "evidence": flag.evidence,
        "review_flags": flag.review_flags,
        "phase": flag.phase,
        "asn_class": flag.asn_class,
        "asn_reasons": flag.asn_reasons,
        "claimed_by": item.claimed_by,
        "claimed_at": iso(item.claimed_at),
        "claim_expires_at": iso(item.claim_expires_at),
        "final_labels": item.final_labels,
        "final_targets": item.final_targets,
        "decided_at": iso(item.decided_at),
        "created_at": iso(item.created_at),
        "post": None,
        "account": None,
    }
    if post is not None:
        out["post"] = {
            "id": post.id,
            "platform": post.platform,
            "url": post.url,
            "created_at": iso(post.created_at),
            "kind": post.kind,
            "text": post.text,
            "parent_text": post.parent_text,
            "text_sha256": post.text_sha256,
        }
    if account is not None:
        out["account"] = {
            "id": account.id,
            "platform": account.platform,
            "handle": account.handle,
            "name": account.name,
            "nip_masked": account.nip_masked,
        }
    if decisions:
        out["decisions"] = [decision_dict(d) for d in item.decisions]
    return out


def list_items(
    session: Session,
    *,
    status: str | None = None,
    election_id: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Items (highest priority first), optionally of one status and election."""
    if status is not None and status not in STATUSES:
        raise ReviewError(f"{status!r} is not one of {', '.join(STATUSES)}", option="status")
    query = select(tables.ReviewItem).join(tables.Flag).options(*_options())
    if status is not None:
        query = query.where(tables.ReviewItem.status == status)
    if election_id is not None:
        query = query.where(tables.Flag.election_id == election_id)
    query = query.order_by(tables.ReviewItem.priority.desc(), tables.ReviewItem.id)
    if limit is not None:
        query = query.limit(limit)
    return [item_dict(session, item) for item in session.scalars(query)]
