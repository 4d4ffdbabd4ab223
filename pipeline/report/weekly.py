"""The weekly flagged-content list: rows built from the store, totals and the trend.

``build_weekly_report(store, week=parse_week("2024-W47"))`` reads flags whose post was created in that ISO
week (WIB), joined with the review state, the final decision, the author's account and registry entry. It
only reads tables; the review workflow (``pipeline.review``) is not imported.

Rows are sorted by (post ``created_at``, post id, election id) so the same database always gives the same
list; nothing in a :class:`WeeklyReport` depends on the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from pipeline.report.agency import agency_from_reasons  # noqa: F401 (callers of the report read it here)
from pipeline.report.interactions import InteractionRow, actor_ids, interaction_rows
from pipeline.report.review_state import DECIDED, account_fields, display_text, final_decision
from pipeline.report.week import IsoWeek
from pipeline.store import Store, tables
from pipeline.timezone import WIB

Status = Literal["confirmed", "all"]
STATUSES: tuple[str, ...] = ("confirmed", "all")
TREND_WEEKS = 8  # the selected week and the 7 before it
UNKNOWN = "(tidak diketahui)"  # "unknown": the bucket for a blank agency, region or platform in totals


@dataclass(frozen=True)
class ReportRow:
    """One flagged item. Field order is the CSV column order (:data:`COLUMNS`).

    ``created_at`` is aware UTC (writers show it in WIB); ``labels``/``targets`` are the reviewers' final
    ones when the item was decided, else the model's; ``scores`` are the model's per-label probabilities.
    """

    post_id: str
    url: str
    platform: str
    created_at: datetime
    account_handle: str
    nip_masked: str
    agency: str
    region: str
    labels: tuple[str, ...]
    scores: tuple[tuple[str, float], ...]
    targets: tuple[int, ...]
    evidence: tuple[str, ...]
    decision: str
    reviewer: str
    note: str
    text_sha256: str
    status: str
    decided_at: datetime | None
    election_id: str
    item_id: int | None
    partisan_score: float
    asn_score: float
    model_labels: tuple[str, ...]
    review_flags: tuple[str, ...]
    model: str
    text: str

    @property
    def created_wib(self) -> datetime:
        return self.created_at.astimezone(WIB)

    def cells(self) -> dict[str, str]:
        """Every field as display text (stable formats: ISO 8601 in WIB, 3-decimal floats, ``; `` lists)."""
        return {
            "post_id": self.post_id,
            "url": self.url,
            "platform": self.platform,
            "created_at": format_time(self.created_at),
            "account_handle": self.account_handle,
            "nip_masked": self.nip_masked,
            "agency": self.agency,
            "region": self.region,
            "labels": "; ".join(self.labels),
            "scores": format_scores(self.scores),
            "targets": "; ".join(str(t) for t in self.targets),
            "evidence": " | ".join(self.evidence),
            "decision": self.decision,
            "reviewer": self.reviewer,
            "note": self.note,
            "text_sha256": self.text_sha256,
            "status": self.status,
            "decided_at": format_time(self.decided_at),
            "election_id": self.election_id,
            "item_id": "" if self.item_id is None else str(self.item_id),
            "partisan_score": format_float(self.partisan_score),
            "asn_score": format_float(self.asn_score),
            "model_labels": "; ".join(self.model_labels),
            "review_flags": "; ".join(self.review_flags),
            "model": self.model,
            "text": self.text,
        }


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ReportRow))


def format_float(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def format_time(moment: datetime | None) -> str:
    """ISO 8601 in WIB with its offset, to the second: ``2024-11-20T10:15:00+07:00``."""
    return "" if moment is None else moment.astimezone(WIB).replace(microsecond=0).isoformat()


def format_scores(scores: Iterable[tuple[str, float]]) -> str:
    return "; ".join(f"{label}={format_float(score)}" for label, score in scores)


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the writers need; deterministic for a given database and arguments.

    ``trend`` is ``[(week, item count)]`` for :data:`TREND_WEEKS` weeks, oldest first, ending with ``week``.
    ``as_of`` is the latest flag or decision time among the rows (None for an empty week): a data-derived
    "as of", never the clock.
    """

    week: IsoWeek
    status: str
    election_id: str | None
    election_name: str | None
    rows: tuple[ReportRow, ...]
    trend: tuple[tuple[IsoWeek, int], ...]
    as_of: datetime | None = None
    totals: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    interactions: tuple[InteractionRow, ...] = ()  # the second list: interaction items of the week

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.interactions

    def counts(self) -> dict[str, object]:
        """Counts for the manifest: items, accounts, and totals by label, platform, agency, region, decision."""
        return {
            "items": len(self.rows),
            "accounts": len({r.account_handle for r in self.rows}),
            **{f"by_{name}": dict(pairs) for name, pairs in self.totals.items()},
            "interaction_items": len(self.interactions),
            "interaction_accounts": len({r.account_handle for r in self.interactions}),
            "by_interaction_kind": dict(_ranked(Counter(r.kind for r in self.interactions))),
            "trend": {w.label: n for w, n in self.trend},
        }


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Most frequent first, ties by name: a stable order for tables and charts."""
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def compute_totals(rows: Iterable[ReportRow]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Totals by label (an item counts once per label), platform, agency, region and decision."""
    by: dict[str, Counter[str]] = {
        k: Counter() for k in ("label", "platform", "agency", "region", "decision")
    }
    for row in rows:
        by["label"].update(row.labels)
        by["platform"][row.platform or UNKNOWN] += 1
        by["agency"][row.agency or UNKNOWN] += 1
        by["region"][row.region or UNKNOWN] += 1
        by["decision"][row.decision or "(belum diputus)"] += 1
    return {name: _ranked(counter) for name, counter in by.items()}


def _base_query(
    *, election_id: str | None, status: str
) -> Select[tables.Flag, tables.Post, tables.ReviewItem]:
    query = (
        select(tables.Flag, tables.Post, tables.ReviewItem)
        .join(tables.Post, tables.Post.id == tables.Flag.post_id)
        .outerjoin(tables.ReviewItem, tables.ReviewItem.flag_id == tables.Flag.id)
    )
    if election_id:
        query = query.where(tables.Flag.election_id == election_id)
    if status == "confirmed":
        query = query.where(tables.ReviewItem.status == "confirmed")
    elif status != "all":
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    return query


def _sorted_scores(scores: dict[str, object] | None) -> tuple[tuple[str, float], ...]:
    pairs = [(str(k), float(v)) for k, v in (scores or {}).items() if isinstance(v, int | float)]
    return tuple(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))


def _targets(values: Iterable[object] | None) -> tuple[int, ...]:
    out = []
    for v in values or []:
        try:
            out.append(int(v))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            continue
    return tuple(out)


def _row(
    flag: tables.Flag,
    post: tables.Post,
    item: tables.ReviewItem | None,
    account: tables.Account | None,
    entry: tables.RegistryEntry | None,
    default_region: str,
) -> ReportRow:
    decision = final_decision(item)
    decided = item is not None and item.status in DECIDED
    labels = item.final_labels if item is not None and decided and item.final_labels else flag.labels
    targets = (
        item.final_targets
        if item is not None and decided and item.final_targets is not None
        else flag.targets
    )
    return ReportRow(
        post_id=post.id,
        url=post.url or "",
        platform=post.platform or "",
        created_at=post.created_at,  # type: ignore[arg-type]  # rows are selected by created_at
        **account_fields(flag, account, entry, default_region),
        labels=tuple(str(x) for x in labels or []),
        scores=_sorted_scores(flag.scores),
        targets=_targets(targets),
        evidence=tuple(display_text(e) for e in flag.evidence or []),
        decision=decision.decision if decision else "",
        reviewer=decision.reviewer if decision else "",
        note=display_text(decision.note) if decision else "",
        text_sha256=post.text_sha256,
        status=item.status if item else "",
        decided_at=item.decided_at if decided and item else None,
        election_id=flag.election_id,
        item_id=item.id if item else None,
        partisan_score=flag.partisan_score,
        asn_score=flag.asn_score,
        model_labels=tuple(str(x) for x in flag.labels or []),
        review_flags=tuple(str(x) for x in flag.review_flags or []),
        model=flag.model,
        text=display_text(post.text),
    )


def _trend(
    session: Session, week: IsoWeek, *, election_id: str | None, status: str
) -> tuple[tuple[IsoWeek, int], ...]:
    weeks = week.previous(TREND_WEEKS - 1)
    query = (
        _base_query(election_id=election_id, status=status)
        .with_only_columns(tables.Post.created_at)
        .where(tables.Post.created_at >= weeks[0].start, tables.Post.created_at < week.end)
    )
    counts = Counter(IsoWeek.of(moment) for moment in session.scalars(query) if moment is not None)
    return tuple((w, counts.get(w, 0)) for w in weeks)


# A flag of the week with its post and review item (None for a flag not queued, with ``status="all"``).
_Flagged = tuple[tables.Flag, tables.Post, tables.ReviewItem | None]


def _week_flags(session: Session, week: IsoWeek, *, election_id: str | None, status: str) -> list[_Flagged]:
    """The flags whose post was created in ``week``, with their post and review item (decisions loaded)."""
    query = (
        _base_query(election_id=election_id, status=status)
        .where(tables.Post.created_at >= week.start, tables.Post.created_at < week.end)
        .options(selectinload(tables.ReviewItem.decisions))
    )
    return list(session.execute(query))


def _authors(
    session: Session, flagged: Iterable[_Flagged], more: Iterable[str] = ()
) -> tuple[dict[str, tables.Account], dict[int, tables.RegistryEntry]]:
    """The accounts of the flagged posts' authors (and of the ids in ``more``) and their registry entries."""
    account_ids = ({flag.account_id or post.author_id for flag, post, _ in flagged} | set(more)) - {None}
    accounts = (
        {a.id: a for a in session.scalars(select(tables.Account).where(tables.Account.id.in_(account_ids)))}
        if account_ids
        else {}
    )
    entry_ids = {a.registry_entry_id for a in accounts.values()} - {None}
    entries = (
        {
            e.id: e
            for e in session.scalars(
                select(tables.RegistryEntry).where(tables.RegistryEntry.id.in_(entry_ids))
            )
        }
        if entry_ids
        else {}
    )
    return accounts, entries


def _rows(
    flagged: Iterable[_Flagged],
    accounts: dict[str, tables.Account],
    entries: dict[int, tables.RegistryEntry],
    *,
    default_region: str,
) -> list[ReportRow]:
    """The report's list: one row per flag, sorted by (post ``created_at``, post id, election id)."""
    rows = []
    for flag, post, item in flagged:
        account = accounts.get(flag.account_id or post.author_id or "")
        entry = entries.get(account.registry_entry_id) if account and account.registry_entry_id else None
        rows.append(_row(flag, post, item, account, entry, default_region))
    rows.sort(key=lambda r: (r.created_at, r.post_id, r.election_id))
    return rows


def _as_of(flagged: Iterable[_Flagged], rows: Iterable[ReportRow]) -> datetime | None:
    """The latest flag or decision time among the rows: the report's "as of", from the data, not the clock."""
    times = [flag.created_at for flag, _, _ in flagged] + [r.decided_at for r in rows if r.decided_at]
    return max(times) if times else None


def build_weekly_report(
    store: Store,
    *,
    week: IsoWeek,
    status: str = "confirmed",
    election_id: str | None = None,
    election_name: str | None = None,
    default_region: str = "",
) -> WeeklyReport:
    """The report for ``week``: flags whose post was created in that week (WIB), and (``interactions``) the
    interaction items of the week (:mod:`pipeline.report.interactions`).

    ``status``: ``confirmed`` (items reviewers confirmed) or ``all`` (every flag). ``election_id`` limits to
    one election. ``default_region`` fills the region when the author has no registry entry (the election's
    region).
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    with store.session() as session:
        flagged = _week_flags(session, week, election_id=election_id, status=status)
        actors = actor_ids(session, week, election_id=election_id, status=status)
        accounts, entries = _authors(session, flagged, actors)
        rows = _rows(flagged, accounts, entries, default_region=default_region)
        interactions = interaction_rows(
            session, week, election_id=election_id, status=status, accounts=accounts, entries=entries,
            default_region=default_region,
        )  # fmt: skip
        trend = _trend(session, week, election_id=election_id, status=status)
        as_of = _as_of(flagged, rows)
    return WeeklyReport(
        week=week,
        status=status,
        election_id=election_id,
        election_name=election_name,
        rows=tuple(rows),
        trend=trend,
        as_of=as_of,
        totals=compute_totals(rows),
        interactions=tuple(interactions),
    )


def election_exists(store: Store, election_id: str) -> bool:
    """Whether any flag belongs to ``election_id`` (to warn about a mistyped id)."""
    with store.session() as session:
        return bool(session.scalar(select(func.count()).where(tables.Flag.election_id == election_id)))
