"""The weekly report's second list (issue 15): likely ASN accounts' interactions with campaign accounts and
partisan posts, queued by ``scan`` as review items of kind ``interaction``.

An interaction belongs to the week in which it was done (``at``, WIB) or, when the source gives no time (a
follower list), the week in which scan found it. Rows are sorted by (that time, interaction id, election id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from pipeline.report.review_state import DECIDED, account_fields, display_text, final_decision
from pipeline.report.week import IsoWeek
from pipeline.store import tables
from pipeline.timezone import WIB


@dataclass(frozen=True)
class InteractionRow:
    """One interaction item. Field order is the CSV column order (:data:`INTERACTION_COLUMNS`); ``at`` is
    aware UTC, ``at_known`` False when ``at`` is the time scan found it."""

    interaction_id: str
    kind: str
    platform: str
    at: datetime
    at_known: bool
    account_handle: str
    nip_masked: str
    agency: str
    region: str
    object_type: str
    object: str
    targets: tuple[int, ...]
    evidence: tuple[str, ...]
    confidence: float
    asn_score: float
    status: str
    decision: str
    reviewer: str
    note: str
    election_id: str
    item_id: int | None

    def cells(self) -> dict[str, str]:
        """Every field as display text (ISO 8601 in WIB, 3-decimal floats, ``; `` lists)."""
        at = self.at.astimezone(WIB).replace(microsecond=0).isoformat()
        return {
            "interaction_id": self.interaction_id,
            "kind": self.kind,
            "platform": self.platform,
            "at": at,
            "at_known": "yes" if self.at_known else "no (time found)",
            "account_handle": self.account_handle,
            "nip_masked": self.nip_masked,
            "agency": self.agency,
            "region": self.region,
            "object_type": self.object_type,
            "object": self.object,
            "targets": "; ".join(str(t) for t in self.targets),
            "evidence": " | ".join(self.evidence),
            "confidence": f"{self.confidence:.3f}",
            "asn_score": f"{self.asn_score:.3f}",
            "status": self.status,
            "decision": self.decision,
            "reviewer": self.reviewer,
            "note": self.note,
            "election_id": self.election_id,
            "item_id": "" if self.item_id is None else str(self.item_id),
        }


INTERACTION_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(InteractionRow))

_Flagged = tuple[tables.Flag, tables.Interaction, tables.ReviewItem | None]


def _week_flags(session: Session, week: IsoWeek, *, election_id: str | None, status: str) -> list[_Flagged]:
    when = func.coalesce(tables.Interaction.at, tables.Flag.created_at)
    query = (
        select(tables.Flag, tables.Interaction, tables.ReviewItem)
        .join(tables.Interaction, tables.Interaction.id == tables.Flag.interaction_id)
        .outerjoin(tables.ReviewItem, tables.ReviewItem.flag_id == tables.Flag.id)
        .where(when >= week.start, when < week.end)
        .options(selectinload(tables.ReviewItem.decisions))
    )
    if election_id:
        query = query.where(tables.Flag.election_id == election_id)
    if status == "confirmed":
        query = query.where(tables.ReviewItem.status == "confirmed")
    return list(session.execute(query))


def _row(
    flag: tables.Flag,
    interaction: tables.Interaction,
    item: tables.ReviewItem | None,
    account: tables.Account | None,
    entry: tables.RegistryEntry | None,
    default_region: str,
) -> InteractionRow:
    decision = final_decision(item)
    obj = interaction.object_handle and f"@{interaction.object_handle}" or interaction.object_id or ""
    decided = item is not None and item.status in DECIDED
    targets = item.final_targets if item is not None and decided and item.final_targets else flag.targets
    return InteractionRow(
        interaction_id=interaction.id,
        kind=interaction.kind,
        platform=interaction.platform or "",
        at=interaction.at or flag.created_at,
        at_known=interaction.at is not None,
        **account_fields(flag, account, entry, default_region),
        object_type=interaction.object_type,
        object=display_text(obj),
        targets=tuple(int(t) for t in targets or []),
        evidence=tuple(display_text(e) for e in flag.evidence or []),
        confidence=flag.partisan_score,
        asn_score=flag.asn_score,
        status=item.status if item else "",
        decision=decision.decision if decision else "",
        reviewer=decision.reviewer if decision else "",
        note=display_text(decision.note) if decision else "",
        election_id=flag.election_id,
        item_id=item.id if item else None,
    )


def interaction_rows(
    session: Session,
    week: IsoWeek,
    *,
    election_id: str | None,
    status: str,
    accounts: dict[str, tables.Account],
    entries: dict[int, tables.RegistryEntry],
    default_region: str = "",
) -> list[InteractionRow]:
    """The interaction items of ``week`` (``status`` ``confirmed`` or ``all``), sorted; ``accounts`` and
    ``entries`` are looked up by the caller (:func:`accounts_of` gives the actors')."""
    rows = []
    for flag, interaction, item in _week_flags(session, week, election_id=election_id, status=status):
        account = accounts.get(flag.account_id or interaction.actor_id or "")
        entry = entries.get(account.registry_entry_id) if account and account.registry_entry_id else None
        rows.append(_row(flag, interaction, item, account, entry, default_region))
    rows.sort(key=lambda r: (r.at, r.interaction_id, r.election_id))
    return rows


def actor_ids(session: Session, week: IsoWeek, *, election_id: str | None, status: str) -> set[str]:
    """The account ids of the week's interaction items (to look their accounts up with the posts' authors)."""
    flagged: Iterable[_Flagged] = _week_flags(session, week, election_id=election_id, status=status)
    return {flag.account_id or interaction.actor_id or "" for flag, interaction, _ in flagged} - {""}
