"""``asnwatch db``: create or upgrade the store's schema."""

from __future__ import annotations

import typer

from pipeline.cli._common import DEFAULT_DB, DbOption, QuietOption, handle_errors, note

app = typer.Typer(
    help="Database schema: upgrade to the latest migration, show the current revision.", no_args_is_help=True
)


@app.command("upgrade")
@handle_errors
def upgrade_cmd(db: DbOption = DEFAULT_DB, quiet: QuietOption = False) -> None:
    """Apply all pending migrations (also done automatically on first use)."""
    from pipeline.store import open_store
    from pipeline.store.db import current_revision

    store = open_store(db)
    note(f"{store.url}: schema at revision {current_revision(store.engine)}", quiet=quiet)


@app.command("current")
@handle_errors
def current_cmd(db: DbOption = DEFAULT_DB) -> None:
    """Print the schema revision of the database (``none`` when it was never migrated)."""
    from pipeline.store.db import current_revision, head_revision, make_engine

    engine = make_engine(db)
    rev = current_revision(engine)
    print(f"{rev or 'none'} (head: {head_revision()})")
