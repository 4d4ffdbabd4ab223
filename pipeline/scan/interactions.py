"""Scan interactions (issue 15): a likely ASN account's follow, like, share, comment, membership or subscription
with a campaign account or a partisan post becomes a review item of kind ``interaction``.

Runs after the posts' scan, so the current model's predictions tell which stored posts are campaign content
(``scan.campaign_post_threshold``). Interactions already queued for the election are not read again; the
rest are checked on every scan (a campaign account added to the config later finds the old follows).
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from pipeline.scan.campaign import (
    CampaignIndex,
    CampaignObject,
    describe_account,
    known_handles,
    partisan_posts,
)
from pipeline.scan.common import ACTOR, ScanRun
from pipeline.store import Store, tables
from pipeline.store.flags import flagged_interactions, new_interaction_flag, queue_flag
from pipeline.triage import interaction_priority, interaction_reviews_required

BATCH = 500
MODEL = "campaign-interactions@1"  # the rule that queued an interaction item (flags.model)
VERBS = {
    "follow": "follows",
    "like": "liked",
    "share": "shared",
    "comment": "commented on",
    "member": "is a member of",
    "subscribe": "subscribes to",
}


def scan_interactions(store: Store, run: ScanRun) -> None:
    """Queue the stored interactions not yet queued for this election that are due (see module doc)."""
    index = CampaignIndex.from_election(run.election.election)
    last = ""
    while True:
        with store.session() as session:
            ids = _unqueued_ids(session, run.election.election.id, after=last)
        if not ids:
            return
        last = ids[-1]
        _scan_batch(store, ids, index, run)


def _unqueued_ids(session: Session, election_id: str, *, after: str) -> list[str]:
    flagged = exists().where(
        tables.Flag.interaction_id == tables.Interaction.id, tables.Flag.election_id == election_id
    )
    query = (
        select(tables.Interaction.id)
        .where(tables.Interaction.id > after)
        .where(~flagged)
        .order_by(tables.Interaction.id)
        .limit(BATCH)
    )
    return list(session.scalars(query))


def _scan_batch(store: Store, ids: list[str], index: CampaignIndex, run: ScanRun) -> None:
    """Queue what is due in one batch of interactions (retried: :meth:`ScanRun.in_batch`)."""
    election_id = run.election.election.id

    def work(session: Session, ids: list[str]) -> None:
        rows = _load(session, ids)
        objects = _campaign_objects(session, rows, index, run)
        for row in rows:
            _queue_if_due(session, row, objects.get(row.id), run)

    def still_due(session: Session, ids: list[str]) -> list[str]:
        queued = flagged_interactions(session, ids, election_id)
        return [i for i in ids if i not in queued]

    run.in_batch(store, ids, still_due=still_due, work=work)


def _load(session: Session, ids: list[str]) -> list[tables.Interaction]:
    query = (
        select(tables.Interaction)
        .where(tables.Interaction.id.in_(ids))
        .options(selectinload(tables.Interaction.actor))
    )
    return sorted(session.scalars(query), key=lambda r: r.id)


def _campaign_objects(
    session: Session, rows: list[tables.Interaction], index: CampaignIndex, run: ScanRun
) -> dict[str, CampaignObject]:
    """``interaction id -> campaign object`` for the rows whose object campaigns."""
    accounts = [r for r in rows if r.object_type == "account"]
    handles = known_handles(session, [r.object_id for r in accounts if r.object_id])
    posts = partisan_posts(
        session,
        [r.object_id for r in rows if r.object_type == "post" and r.object_id],
        election_id=run.election.election.id,
        model=(run.classifier.name, run.classifier.version),
        threshold=run.election.election.scan.campaign_post_threshold,
    )
    out: dict[str, CampaignObject] = {}
    for row in rows:
        if row.object_type == "post":
            if row.object_id in posts:
                out[row.id] = posts[row.object_id]
            continue
        found = index.account(
            row.platform, row.object_id, (row.object_handle_norm, handles.get(row.object_id or ""))
        )
        if found is not None:
            out[row.id] = CampaignObject(
                confidence=1.0, candidate=found.candidate, description=describe_account(found), account=found
            )
    return out


def _queue_if_due(
    session: Session, row: tables.Interaction, obj: CampaignObject | None, run: ScanRun
) -> None:
    result = run.result
    result.interactions += 1
    if obj is None:
        return
    result.campaign_interactions += 1
    if row.actor is None:
        result.interactions_no_actor += 1
        return
    score = run.account_score(session, row.actor)
    if not run.likely_asn(score):
        result.interactions_below_asn += 1
        return
    ev = run.election.election
    flag = new_interaction_flag(
        row,
        election_id=ev.id,
        model=MODEL,
        confidence=obj.confidence,
        targets=[obj.candidate] if obj.candidate is not None else [],
        evidence=evidence(row, obj),
        asn_score=score.asn_score,
        asn_class=score.asn_class,
        asn_reasons=score.reasons,
        phase=ev.phase_of(row.at).value if row.at else None,
    )
    queue_flag(
        session,
        flag,
        priority=interaction_priority(
            kind=row.kind, confidence=obj.confidence, asn_score=score.asn_score, at=row.at
        ),
        reviews_required=interaction_reviews_required(row.kind, overlap=ev.scan.interaction_overlap),
        actor=ACTOR,
        audit={"kind": "interaction", "interaction": row.kind},
    )
    result.interactions_flagged += 1
    result.by_kind[row.kind] = result.by_kind.get(row.kind, 0) + 1


def evidence(row: tables.Interaction, obj: CampaignObject) -> list[str]:
    """What the reviewer reads: what, with whom, when, and where it was read."""
    lines = [f"{VERBS.get(row.kind, row.kind)} {obj.description}"]
    if row.at is not None:
        lines.append(f"when: {row.at.isoformat()}")
    source = row.source or {}
    if source.get("file"):
        where = f" line {source['line']}" if source.get("line") is not None else ""
        where += f" at {source['path']}" if source.get("path") else ""
        lines.append(f"source: {source.get('format') or '?'} {source['file']}{where}")
    return lines
