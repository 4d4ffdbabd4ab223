"""The accounts side of the store: registry import (upsert), registry loading, account listing and scoring.

Registry rows are unique on (platform, normalised handle): importing the same file twice updates rows in place
and creates no duplicates. Only the masked NIP and its SHA-256 digest are stored, never the number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select

from pipeline.accounts.registry import Registry, RegistryEntry
from pipeline.accounts.score import ProfileScorer, load_weights
from pipeline.handles import normalise_account
from pipeline.schema import AccountScore, Author
from pipeline.store import Store, tables
from pipeline.store.audit import record_event
from pipeline.store.posts import author_posts
from pipeline.store.types import utcnow

_ENTRY_FIELDS = ("name", "nip_masked", "nip_sha256", "nip_kind", "agency", "region", "handle")


@dataclass
class ImportCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def import_registry(
    store: Store,
    entries: Iterable[RegistryEntry],
    *,
    source_file: str | None = None,
    actor: str = "import-registry",
) -> ImportCounts:
    """Insert new registry entries and update changed ones (one transaction); audited per changed row."""
    counts = ImportCounts()
    entries = list(entries)
    with store.session() as session:
        existing = {
            (row.platform, row.handle_norm): row for row in session.scalars(select(tables.RegistryEntry))
        }
        for entry in entries:
            values = {f: getattr(entry, f) for f in _ENTRY_FIELDS}
            row = existing.get((entry.platform, entry.handle_norm))
            if row is None:
                row = tables.RegistryEntry(
                    platform=entry.platform,
                    handle_norm=entry.handle_norm,
                    source_file=source_file,
                    source_line=entry.line,
                    **values,
                )
                session.add(row)
                session.flush()
                existing[(entry.platform, entry.handle_norm)] = row
                record_event(
                    session,
                    actor=actor,
                    event="registry.insert",
                    entity="registry_entry",
                    entity_id=row.id,
                    after=_public(values, entry),
                )
                counts.inserted += 1
                continue
            before = {f: getattr(row, f) for f in _ENTRY_FIELDS}
            if before == values:
                counts.unchanged += 1
                continue
            for key, value in values.items():
                setattr(row, key, value)
            row.source_file, row.source_line = source_file, entry.line
            row.updated_at = utcnow()
            record_event(
                session,
                actor=actor,
                event="registry.update",
                entity="registry_entry",
                entity_id=row.id,
                before=_public(before, entry),
                after=_public(values, entry),
            )
            counts.updated += 1
    return counts


def _public(values: dict[str, Any], entry: RegistryEntry) -> dict[str, Any]:
    """What the audit log keeps: no NIP digest (it would let someone test guesses of a NIP)."""
    out = {k: v for k, v in values.items() if k != "nip_sha256"}
    out["platform"] = entry.platform
    out["handle_norm"] = entry.handle_norm
    return out


def load_registry(store: Store) -> Registry:
    """All stored registry entries as a :class:`Registry` for the scorer."""
    with store.session() as session:
        rows = list(session.scalars(select(tables.RegistryEntry).order_by(tables.RegistryEntry.id)))
        entries = [
            RegistryEntry(
                platform=r.platform,
                handle=r.handle,
                handle_norm=r.handle_norm,
                name=r.name,
                agency=r.agency,
                region=r.region,
                nip_masked=r.nip_masked,
                nip_sha256=r.nip_sha256,
                nip_kind=r.nip_kind,
                line=r.source_line,
                id=r.id,
            )
            for r in rows
        ]
    return Registry(entries=entries, source="store")


def _counts_query() -> Select[tables.Account, Any, Any]:
    posts = (
        select(tables.Post.author_id.label("aid"), func.count().label("n"))
        .group_by(tables.Post.author_id)
        .subquery()
    )
    flags = (
        select(tables.Flag.account_id.label("aid"), func.count().label("n"))
        .group_by(tables.Flag.account_id)
        .subquery()
    )
    query = (
        select(
            tables.Account,
            func.coalesce(posts.c.n, 0).label("posts"),
            func.coalesce(flags.c.n, 0).label("flags"),
        )
        .outerjoin(posts, posts.c.aid == tables.Account.id)
        .outerjoin(flags, flags.c.aid == tables.Account.id)
    )
    return query


def _row_dict(account: tables.Account, posts: int, flags: int) -> dict[str, Any]:
    return {
        "id": account.id,
        "platform": account.platform,
        "handle": account.handle,
        "name": account.name,
        "asn_class": account.asn_class,
        "asn_score": account.asn_score,
        "posts": int(posts),
        "flags": int(flags),
        "nip_masked": account.nip_masked,
        "registry": account.registry_entry_id is not None,
    }


def list_accounts(
    store: Store,
    *,
    asn_class: str | None = None,
    platform: str | None = None,
    min_score: float | None = None,
    flagged_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored accounts with their post and flag counts, highest ASN score first (unscored last)."""
    query = _counts_query()
    if asn_class:
        query = query.where(tables.Account.asn_class == asn_class)
    if platform:
        query = query.where(tables.Account.platform == normalise_account(platform, None)[0])
    if min_score is not None:
        query = query.where(tables.Account.asn_score >= min_score)
    if flagged_only:
        query = query.where(query.selected_columns.flags > 0)
    query = (
        query.order_by(tables.Account.asn_score.is_(None), tables.Account.asn_score.desc(), tables.Account.id)
        .limit(limit)
        .offset(offset)
    )
    with store.session() as session:
        return [_row_dict(acc, posts, flags) for acc, posts, flags in session.execute(query)]


def get_account(store: Store, key: str) -> dict[str, Any] | None:
    """One account by id (``x:123``), ``platform:handle`` or a bare handle/URL (when unique), with details."""
    with store.session() as session:
        account = session.get(tables.Account, key)
        if account is None:
            given: str | None
            given, bare = key.split(":", 1) if ":" in key and "://" not in key else (None, key)
            platform, handle = normalise_account(given, bare)
            cond = tables.Account.handle_norm == handle
            if platform:
                cond = cond & (tables.Account.platform == platform)
            found = list(session.scalars(select(tables.Account).where(cond).limit(2)))
            if len(found) != 1:
                return None
            account = found[0]
        row = session.execute(_counts_query().where(tables.Account.id == account.id)).one()
        out = _row_dict(*row)
        out.update(
            bio=account.bio,
            reasons=list(account.asn_reasons or []),
            scored_at=account.scored_at.isoformat() if account.scored_at else None,
            first_seen=account.first_seen.isoformat() if account.first_seen else None,
        )
        if account.registry_entry_id is not None:
            entry = session.get(tables.RegistryEntry, account.registry_entry_id)
            if entry is not None:
                out["registry_entry"] = {
                    "name": entry.name,
                    "agency": entry.agency,
                    "region": entry.region,
                    "platform": entry.platform,
                    "handle": entry.handle_norm,
                    "nip_masked": entry.nip_masked,
                }
        recent = session.execute(
            select(
                tables.Flag.id,
                tables.Flag.post_id,
                tables.Flag.labels,
                tables.Flag.partisan_score,
                tables.Flag.created_at,
            )
            .where(tables.Flag.account_id == account.id)
            .order_by(tables.Flag.created_at.desc())
            .limit(10)
        )
        out["recent_flags"] = [
            {
                "flag_id": fid,
                "post_id": pid,
                "labels": labels,
                "partisan_score": ps,
                "created_at": at.isoformat() if at else None,
            }
            for fid, pid, labels, ps, at in recent
        ]
    return out


def apply_score(account: tables.Account, result: AccountScore, registry: Registry | None) -> None:
    """Write a score onto an account row (and link its registry entry when the registry decided it)."""
    account.asn_class = result.asn_class
    account.asn_score = result.asn_score
    account.asn_reasons = list(result.reasons)
    account.nip_masked = result.nip.masked if result.nip else None
    account.scored_at = utcnow()
    if registry is not None:
        entry = registry.lookup(account.platform, account.handle)
        account.registry_entry_id = entry.id if entry is not None else None


def score_stored_accounts(
    store: Store, scorer: ProfileScorer, *, only_unscored: bool = False, batch: int = 500
) -> dict[str, int]:
    """(Re)score accounts in the store; returns counts per class."""
    counts = {"ASN": 0, "NON_ASN": 0, "UNKNOWN": 0}
    last = ""
    while True:
        with store.session() as session:
            query = (
                select(tables.Account)
                .where(tables.Account.id > last)
                .order_by(tables.Account.id)
                .limit(batch)
            )
            if only_unscored:
                query = query.where(
                    or_(tables.Account.scored_at.is_(None), tables.Account.asn_class.is_(None))
                )
            rows = list(session.scalars(query))
            if not rows:
                return counts
            for account in rows:
                author = Author(
                    id=account.id,
                    platform=account.platform,
                    handle=account.handle,
                    name=account.name,
                    bio=account.bio,
                )
                posts = author_posts(session, account.id, limit=scorer.post_limit)
                result = scorer.score(author, posts=posts)
                apply_score(account, result, scorer.registry)
                counts[result.asn_class] += 1
            last = rows[-1].id


def scorer_for_store(store: Store, *, weights: str | Path | dict[str, Any] | None = None) -> ProfileScorer:
    """A scorer whose registry is the store's ``registry_entries``; ``weights`` a JSON path or a dict."""
    data = load_weights(weights) if isinstance(weights, (str, Path)) else weights
    registry = load_registry(store)
    return ProfileScorer(weights=data, registry=registry if len(registry) else None)
