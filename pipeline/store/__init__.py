"""The store: SQLAlchemy 2 tables, Alembic migrations, and the queries each stage needs.

Public API::

    from pipeline.store import open_store
    store = open_store("sqlite:///asnwatch.db")      # or postgresql+psycopg://user@host/db
    with store.session() as session: ...
"""

from pipeline.store.db import DEFAULT_URL, Store, normalise_url, open_store, upgrade

__all__ = ["DEFAULT_URL", "Store", "normalise_url", "open_store", "upgrade"]
