"""Which interaction objects are campaign objects (issue 15): a configured campaign account, or a stored post the
current model calls partisan with high confidence.

Accounts come from the election config: each candidate's ``accounts`` (role ``candidate``) and the
``campaign_accounts`` list (campaign teams, volunteers, parties). An interaction's object matches one by
canonical id (``x:123``), or by platform and normalised handle, the handle being the object's own or the one
the store knows for the object's id (a campaign account that posted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.election import CampaignAccount, Election
from pipeline.handles import normalise_handle
from pipeline.labels import is_partisan
from pipeline.store import tables

ROLE_WORDS = {
    "candidate": "candidate {n}'s own account",
    "campaign_team": "campaign team",
    "volunteer": "volunteer group",
    "party": "party account",
    "media": "campaign media",
    "other": "campaign account",
}


@dataclass(frozen=True, slots=True)
class CampaignObject:
    """What an interaction was with: ``confidence`` in [0, 1] (1 for a configured account, the post's partisan
    score for a post), ``candidate`` the ballot number it campaigns for (or ``None``), ``description`` one line
    for the evidence."""

    confidence: float
    candidate: int | None
    description: str
    account: CampaignAccount | None = None
    post_id: str | None = None


def describe_account(account: CampaignAccount) -> str:
    """``@HermaHebat (x; candidate 1's own account)``."""
    who = f"@{account.handle}" if account.handle else account.account_id or "?"
    role = ROLE_WORDS[account.role].format(n=account.candidate)
    if account.role != "candidate" and account.candidate is not None:
        role += f" for candidate {account.candidate}"
    return f"{who} ({account.platform}; {role})"


class CampaignIndex:
    """Configured campaign accounts by canonical id and by ``(platform, normalised handle)``."""

    def __init__(self, accounts: Iterable[CampaignAccount]) -> None:
        self.by_id: dict[str, CampaignAccount] = {}
        self.by_handle: dict[tuple[str, str], CampaignAccount] = {}
        for account in accounts:
            if account.account_id:
                self.by_id.setdefault(account.account_id, account)
            handle = normalise_handle(account.handle)
            if handle:
                self.by_handle.setdefault((account.platform, handle), account)

    @classmethod
    def from_election(cls, election: Election) -> CampaignIndex:
        return cls(election.all_campaign_accounts())

    def __len__(self) -> int:
        return len({id(a) for a in (*self.by_id.values(), *self.by_handle.values())})

    def account(
        self, platform: str | None, object_id: str | None, handles: Iterable[str | None]
    ) -> CampaignAccount | None:
        """The campaign account an object is, if any (``handles``: the object's normalised handles)."""
        if object_id and object_id in self.by_id:
            return self.by_id[object_id]
        for handle in handles:
            if platform and handle and (platform, handle) in self.by_handle:
                return self.by_handle[(platform, handle)]
        return None


def known_handles(session: Session, account_ids: Iterable[str]) -> dict[str, str]:
    """``account id -> normalised handle`` of the stored accounts among ``account_ids``."""
    ids = sorted({i for i in account_ids if i})
    if not ids:
        return {}
    rows = session.execute(
        select(tables.Account.id, tables.Account.handle_norm).where(tables.Account.id.in_(ids))
    )
    return {i: h for i, h in rows if h}


def partisan_posts(
    session: Session, post_ids: Iterable[str], *, election_id: str, model: tuple[str, str], threshold: float
) -> dict[str, CampaignObject]:
    """The posts among ``post_ids`` whose prediction by ``model`` (name, version) for the election is partisan
    with ``partisan_score >= threshold``, as campaign objects."""
    ids = sorted({i for i in post_ids if i})
    if not ids:
        return {}
    pred = tables.Prediction
    newest = (
        select(func.max(pred.id))
        .where(pred.post_id.in_(ids), pred.election_id == election_id)
        .where(pred.model_name == model[0], pred.model_version == model[1])
        .group_by(pred.post_id)
    )
    out: dict[str, CampaignObject] = {}
    for row in session.scalars(select(pred).where(pred.id.in_(newest))):
        if row.partisan_score < threshold or not is_partisan(row.labels):
            continue
        targets = [int(t) for t in row.targets or []]
        label = ", ".join(row.labels)
        out[row.post_id] = CampaignObject(
            confidence=row.partisan_score,
            candidate=targets[0] if len(targets) == 1 else None,
            description=f"partisan post {row.post_id} ({label}; score {row.partisan_score:.2f})",
            post_id=row.post_id,
        )
    return out
