"""Reading review items: one item as a JSON-ready dict, lists by status.

An item dict joins the workflow state (``review_items``), the model's suggestion (``flags``), the post (or, for
an item of kind ``interaction``, the interaction) and its account. ``labels`` is always the model's suggestion; what reviewers settled on is ``final_labels``.
Accounts only ever hold a masked NIP, and only that is shown; a NIP written in a bio is masked here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from pipeline.accounts.nip import mask_nips
from pipeline.review.workflow import ITEM_KINDS, STATUSES, MissingItem, ReviewError, iso
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
        raise MissingItem(f"no review item {item_id}")
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


def _post_dict(post: tables.Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "platform": post.platform,
        "url": post.url,
        "created_at": iso(post.created_at),
        "kind": post.kind,
        "text": post.text,
        "parent_text": post.parent_text,
        "quoted_text": (post.extra or {}).get("quoted_text"),
        # other texts read later under the same id (edits), oldest first; the post's own text stays the first
        "versions": [
            {k: v.get(k) for k in ("text", "text_sha256", "created_at", "stored_at")}
            for v in (post.extra or {}).get("versions") or []
        ],
        "text_sha256": post.text_sha256,
    }


def _interaction_dict(row: tables.Interaction) -> dict[str, Any]:
    return {
        "id": row.id,
        "platform": row.platform,
        "kind": row.kind,
        "object": {"type": row.object_type, "id": row.object_id, "handle": row.object_handle},
        "at": iso(row.at),
        "source": row.source,
    }


def _account_dict(session: Session, account: tables.Account) -> dict[str, Any]:
    entry = (
        session.get(tables.RegistryEntry, account.registry_entry_id) if account.registry_entry_id else None
    )
    return {
        "id": account.id,
        "platform": account.platform,
        "handle": account.handle,
        "name": account.name,
        "bio": mask_nips(account.bio) if account.bio else account.bio,
        "nip_masked": account.nip_masked,
        "agency": entry.agency if entry is not None else None,
        "region": entry.region if entry is not None else None,
    }


def item_dict(session: Session, item: tables.ReviewItem, *, decisions: bool = False) -> dict[str, Any]:
    """One item as a JSON-ready dict (the ``--format json`` object of ``next`` and ``show``)."""
    flag = item.flag
    post = session.get(tables.Post, flag.post_id) if flag.post_id else None
    interaction = session.get(tables.Interaction, flag.interaction_id) if flag.interaction_id else None
    account = session.get(tables.Account, flag.account_id) if flag.account_id else None
    out: dict[str, Any] = {
        "id": item.id,
        "kind": flag.kind,
        "post_id": flag.post_id,
        "interaction_id": flag.interaction_id,
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
        "interaction": None,
        "account": None,
    }
    if post is not None:
        out["post"] = _post_dict(post)
    if interaction is not None:
        out["interaction"] = _interaction_dict(interaction)
    if account is not None:
        out["account"] = _account_dict(session, account)
    if decisions:
        out["decisions"] = [decision_dict(d) for d in item.decisions]
    return out


def _in_registry(query: Select[Any], *, agency: str | None, region: str | None) -> Select[Any]:
    """``query`` limited to items whose account's registry entry has a part of ``agency`` / ``region``."""
    query = query.join(tables.Account, tables.Account.id == tables.Flag.account_id).join(
        tables.RegistryEntry, tables.RegistryEntry.id == tables.Account.registry_entry_id
    )
    if agency is not None:
        query = query.where(func.lower(tables.RegistryEntry.agency).contains(agency.lower(), autoescape=True))
    if region is not None:
        query = query.where(func.lower(tables.RegistryEntry.region).contains(region.lower(), autoescape=True))
    return query


def list_items(
    session: Session,
    *,
    status: str | None = None,
    election_id: str | None = None,
    limit: int | None = None,
    label: str | None = None,
    platform: str | None = None,
    agency: str | None = None,
    region: str | None = None,
    posted_from: datetime | None = None,
    posted_before: datetime | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Items (highest priority first), optionally of one status, election, kind (``post`` | ``interaction``),
    suggested label, platform, agency or region (a case-insensitive part of the registry entry's), and posted
    (or, for an interaction, done) in ``[posted_from, posted_before)``.
    """
    if status is not None and status not in STATUSES:
        raise ReviewError(f"{status!r} is not one of {', '.join(STATUSES)}", option="status")
    query = (
        select(tables.ReviewItem)
        .join(tables.Flag)
        .outerjoin(tables.Post, tables.Post.id == tables.Flag.post_id)
        .outerjoin(tables.Interaction, tables.Interaction.id == tables.Flag.interaction_id)
    )
    # an item's platform and time: its post's, or its interaction's
    item_platform = func.coalesce(tables.Post.platform, tables.Interaction.platform)
    item_time = func.coalesce(tables.Post.created_at, tables.Interaction.at)
    if status is not None:
        query = query.where(tables.ReviewItem.status == status)
    if election_id is not None:
        query = query.where(tables.Flag.election_id == election_id)
    if kind is not None:
        if kind not in ITEM_KINDS:
            raise ReviewError(f"{kind!r} is not one of {', '.join(ITEM_KINDS)}", option="kind")
        query = query.where(tables.Flag.kind == kind)
    if platform is not None:
        query = query.where(item_platform == platform)
    if posted_from is not None:
        query = query.where(item_time >= posted_from)
    if posted_before is not None:
        query = query.where(item_time < posted_before)
    if agency is not None or region is not None:
        query = _in_registry(query, agency=agency, region=region)
    query = query.options(*_options()).order_by(tables.ReviewItem.priority.desc(), tables.ReviewItem.id)
    if label is None and limit is not None:
        query = query.limit(limit)
    out = []
    for item in session.scalars(query):
        if label is not None and label not in (
            item.flag.labels or []
        ):  # JSON column: filtered here, portably
            continue
        out.append(item_dict(session, item))
        if limit is not None and len(out) >= limit:
            break
    return out
