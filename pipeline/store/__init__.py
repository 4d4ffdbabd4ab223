"""The store: SQLAlchemy 2 tables, Alembic migrations, and the queries each stage needs.

Public API::

    from pipeline.store import open_store
    store = open_store("sqlite:///asnwatch.db")      # or postgresql+psycopg://user@host/db
    with store.session() as session: ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.store.url import DEFAULT_URL, normalise_url

if TYPE_CHECKING:
    from pipeline.store.db import Store, open_store, upgrade

__all__ = ["DEFAULT_URL", "Store", "normalise_url", "open_store", "upgrade"]
_FROM_DB = {"Store", "open_store", "upgrade"}


def __getattr__(name: str) -> Any:
    # SQLAlchemy loads on first use of the engine side, not when the CLI reads the default URL.
    if name in _FROM_DB:
        from pipeline.store import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
