"""An item's life from the audit log, and a check that the log alone reproduces the stored state.

Every event on a review item carries the item's state snapshot before and after the change
(``workflow.SNAPSHOT_FIELDS``); a decision event also carries the decision. Replaying the events therefore
rebuilds the item's state and its decisions; :func:`verify` compares that with the tables and checks that each
event starts where the previous one ended.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.review.items import decision_dict, load_item
from pipeline.review.queue import ENTITY
from pipeline.review.workflow import SNAPSHOT_FIELDS, iso, snapshot
from pipeline.store import Store, tables


def events(session: Session, item_id: int) -> list[dict[str, Any]]:
    """The item's audit events, oldest first: ``{"id", "at", "actor", "event", "before", "after"}``."""
    rows = session.scalars(
        select(tables.AuditEvent)
        .where(tables.AuditEvent.entity == ENTITY, tables.AuditEvent.entity_id == str(item_id))
        .order_by(tables.AuditEvent.id)
    )
    return [
        {
            "id": r.id,
            "at": iso(r.at),
            "actor": r.actor,
            "event": r.event,
            "before": r.before,
            "after": r.after,
        }
        for r in rows
    ]


def history(store: Store, item_id: int) -> list[dict[str, Any]]:
    """``events`` for one item; ReviewError when the item does not exist."""
    with store.session() as session:
        load_item(session, item_id)
        return events(session, item_id)


def _state(payload: dict[str, Any] | None, default: dict[str, Any]) -> dict[str, Any]:
    payload = payload or {}
    return {name: payload.get(name, default.get(name)) for name in SNAPSHOT_FIELDS}


def replay(evts: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Rebuild ``(state, decisions, problems)`` from events; ``problems`` lists breaks in the chain."""
    state: dict[str, Any] = {name: None for name in SNAPSHOT_FIELDS}
    decisions: list[dict[str, Any]] = []
    problems: list[str] = []
    for i, ev in enumerate(evts):
        if i > 0 and ev["before"] is not None and _state(ev["before"], state) != state:
            problems.append(f"event {ev['id']} ({ev['event']}) does not start from the state the log reached")
        state = _state(ev["after"], state)
        if ev["after"] and ev["after"].get("decision"):
            decisions.append(ev["after"]["decision"])
    return state, decisions, problems


def _no_id(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "id"}


def verify(store: Store, item_id: int) -> list[str]:
    """Problems found when replaying the item's log against its stored state; empty when it matches."""
    with store.session() as session:
        item = load_item(session, item_id)
        evts = events(session, item_id)
        state, logged, problems = replay(evts)
        if not evts or evts[0]["event"] not in ("item.created", "item.imported"):
            problems.append("the log does not start with the item's creation")
        stored = snapshot(item)
        for name in SNAPSHOT_FIELDS:
            if state[name] != stored[name]:
                problems.append(f"{name}: log says {state[name]!r}, table says {stored[name]!r}")
        # Row ids are local to a store (an imported item's log keeps the ids of where it was decided).
        actual = [_no_id(decision_dict(d)) for d in item.decisions]
        if [_no_id(d) for d in logged] != actual:
            problems.append(f"decisions: log has {len(logged)}, table has {len(actual)} or they differ")
        return problems
