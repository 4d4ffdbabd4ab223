"""The append-only audit log: one home for writing events."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pipeline.store.tables import AuditEvent
from pipeline.store.types import utcnow


def record_event(
    session: Session,
    *,
    actor: str,
    event: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (in the caller's transaction, so it commits or rolls back with the change)."""
    row = AuditEvent(
        at=utcnow(),
        actor=actor,
        event=event,
        entity=entity,
        entity_id=str(entity_id),
        before=before,
        after=after,
    )
    session.add(row)
    return row
