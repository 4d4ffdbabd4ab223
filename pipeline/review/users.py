"""User accounts of the web application: reviewers with an argon2 password hash, a role, and a disabled flag.

A user is a row of ``reviewers`` (the name the queue, the decisions and the audit log already use), so the CLI
and the web application share one identity. A name that only the CLI has used has no password and cannot log
in until ``set_password``. Every change is an audit event under the acting user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.review.workflow import ROLES, ReviewError, check_name, iso
from pipeline.store import Store, tables
from pipeline.store.audit import record_event
from pipeline.store.types import utcnow

MIN_PASSWORD_LENGTH = 10
ENTITY = "user"


@dataclass(frozen=True)
class User:
    """A logged-in (or looked-up) user: what a request handler needs to check roles and sessions."""

    name: str
    role: str
    disabled: bool
    password_changed_at: datetime | None


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``; ReviewError when it is shorter than MIN_PASSWORD_LENGTH."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ReviewError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters", option="password")
    return str(_hasher().hash(password))


def _user(row: tables.Reviewer) -> User:
    return User(
        name=row.name, role=row.role, disabled=row.disabled, password_changed_at=row.password_changed_at
    )


def add_user(store: Store, name: str, *, role: str, password: str, actor: str = "admin") -> dict[str, Any]:
    """Create user ``name`` (or give an existing reviewer a password and this role). Returns its dict."""
    if role not in ROLES:
        raise ReviewError(f"{role!r} is not one of {', '.join(ROLES)}", option="role")
    name = check_name(name)
    digest = hash_password(password)
    with store.session() as session:
        row = session.get(tables.Reviewer, name)
        if row is not None and row.password_hash is not None:
            raise ReviewError(f"user {name!r} exists: use set-password or change its role", option="name")
        now = utcnow()
        before = None if row is None else {"role": row.role}
        if row is None:
            row = tables.Reviewer(name=name, created_at=now)
            session.add(row)
        row.role, row.password_hash, row.disabled, row.password_changed_at = role, digest, False, now
        record_event(
            session,
            actor=actor,
            event="user.added",
            entity=ENTITY,
            entity_id=name,
            before=before,
            after={"role": role},
        )
        session.flush()
        return user_dict(row)


def user_dict(row: tables.Reviewer) -> dict[str, Any]:
    return {
        "name": row.name,
        "role": row.role,
        "disabled": row.disabled,
        "can_log_in": row.password_hash is not None and not row.disabled,
        "created_at": iso(row.created_at),
    }


def list_users(store: Store) -> list[dict[str, Any]]:
    with store.session() as session:
        return [user_dict(r) for r in session.scalars(select(tables.Reviewer).order_by(tables.Reviewer.name))]


def _existing(session: Session, name: str) -> tables.Reviewer:
    row = session.get(tables.Reviewer, name)
    if row is None:
        raise ReviewError(f"no user {name!r}", option="name")
    return row


def set_disabled(store: Store, name: str, *, disabled: bool = True, actor: str = "admin") -> dict[str, Any]:
    """Disable (or enable) ``name``: a disabled user cannot log in and its open sessions stop working."""
    with store.session() as session:
        row = _existing(session, name)
        if row.disabled != disabled:
            record_event(
                session,
                actor=actor,
                event="user.disabled" if disabled else "user.enabled",
                entity=ENTITY,
                entity_id=row.name,
                before={"disabled": row.disabled},
                after={"disabled": disabled},
            )
            row.disabled = disabled
        return user_dict(row)


def set_password(store: Store, name: str, password: str, *, actor: str = "admin") -> dict[str, Any]:
    """Set ``name``'s password; sessions issued before now are void."""
    digest = hash_password(password)
    with store.session() as session:
        row = _existing(session, name)
        row.password_hash, row.password_changed_at = digest, utcnow()
        record_event(session, actor=actor, event="user.password_set", entity=ENTITY, entity_id=row.name)
        return user_dict(row)


def get_user(store: Store, name: str) -> User | None:
    """The user ``name`` as it is now (for checking a session), or ``None``."""
    with store.session() as session:
        row = session.get(tables.Reviewer, name)
        return None if row is None else _user(row)


def authenticate(store: Store, name: str, password: str, *, client: str | None = None) -> User | None:
    """The user when ``password`` is right and the account can log in, else ``None``. Audited either way."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with store.session() as session:
        row = session.get(tables.Reviewer, name) if name else None
        ok = False
        if row is not None and row.password_hash and not row.disabled:
            try:
                ok = bool(_hasher().verify(row.password_hash, password))
            except (VerificationError, InvalidHashError):
                ok = False
        record_event(
            session,
            actor=row.name if row is not None else "anonymous",
            event="user.login" if ok else "user.login_failed",
            entity=ENTITY,
            entity_id=row.name if row is not None else "-",
            after={"client": client} if client else None,
        )
        return _user(row) if ok and row is not None else None


def log_out(store: Store, name: str) -> None:
    """Record that ``name`` logged out of the web application (the session cookie is dropped by the caller)."""
    with store.session() as session:
        record_event(session, actor=name, event="user.logout", entity=ENTITY, entity_id=name)
