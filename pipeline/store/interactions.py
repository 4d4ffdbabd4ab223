"""Storing canonical interactions (CONTRACT "Canonical interaction") and their actors, with dedup by id.

An interaction arrives as the plain dict the collectors write: ``{"id", "platform", "kind", "actor": {account},
"object": {"type", "id", "handle"?}, "at"?, "source"}``. Its actor is stored as an account (as a post's
author is), so ``scan`` scores the actor's bio like any author's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline import schema
from pipeline.handles import normalise_handle
from pipeline.store import tables
from pipeline.store.posts import CONCURRENT_RETRIES, AddResult, upsert_account

BATCH = 500


def interaction_row(record: Mapping[str, Any], actor_id: str | None) -> tables.Interaction:
    """The table row of one canonical interaction dict (``at`` as ISO 8601 text or a datetime)."""
    obj = record.get("object") or {}
    at = record.get("at")
    return tables.Interaction(
        id=record["id"],
        platform=record.get("platform"),
        kind=record["kind"],
        actor_id=actor_id,
        object_type=obj.get("type") or "account",
        object_id=obj.get("id"),
        object_handle=obj.get("handle"),
        object_handle_norm=normalise_handle(obj.get("handle")),
        at=datetime.fromisoformat(at.replace("Z", "+00:00")) if isinstance(at, str) else at,
        source=record.get("source"),
    )


def add_interactions(session: Session, records: Iterable[Mapping[str, Any]]) -> AddResult:
    """Store interactions not stored yet (by id) with their actors; the rest count as duplicates.

    Streams in batches of 500; a batch another process stored meanwhile is read again (as posts are).
    """
    result = AddResult()
    it = iter(records)
    while batch := list(islice(it, BATCH)):
        inserted, duplicates = _add_batch(session, batch)
        result.inserted += inserted
        result.duplicates += duplicates
    return result


def _add_batch(session: Session, batch: list[Mapping[str, Any]]) -> tuple[int, int]:
    from sqlalchemy.exc import IntegrityError

    for attempt in range(CONCURRENT_RETRIES + 1):
        try:
            with session.begin_nested():
                ids = [r["id"] for r in batch]
                existing = set(
                    session.scalars(select(tables.Interaction.id).where(tables.Interaction.id.in_(ids)))
                )
                inserted = 0
                for record in batch:
                    if record["id"] in existing:
                        continue
                    existing.add(record["id"])
                    actor = record.get("actor")
                    actor_id = (
                        upsert_account(session, schema.Author.model_validate(actor), record.get("platform"))
                        if actor
                        else None
                    )
                    session.add(interaction_row(record, actor_id))
                    inserted += 1
                session.flush()
            return inserted, len(batch) - inserted
        except IntegrityError:
            if attempt == CONCURRENT_RETRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
