"""``asnwatch report``: the weekly flagged-content list (CSV, XLSX, HTML and manifest.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import DEFAULT_DB, DbOption, QuietOption, handle_errors, note

app = typer.Typer(help="Reports for supervisors: the weekly flagged-content list.", no_args_is_help=True)


def _election(value: str | None) -> tuple[str | None, str | None, str]:
    """``(id, name, region)`` from ``--election``: an election id, or the path of its YAML config."""
    if not value:
        return None, None, ""
    if value.lower().endswith((".yaml", ".yml")) or Path(value).is_file():
        from pipeline.election import load_election

        ev = load_election(value).election
        return ev.id, ev.name, ev.region.name or ""
    return value, None, ""


@app.command("weekly")
@handle_errors
def weekly(
    week: Annotated[str, typer.Option("--week", help="ISO week in WIB, e.g. 2024-W47.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for the report (created if missing).")
    ],
    db: DbOption = DEFAULT_DB,
    election: Annotated[
        str | None,
        typer.Option(
            "--election", help="Only this election: its id, or its config YAML (which also gives the region)."
        ),
    ] = None,
    status: Annotated[
        str,
        typer.Option("--status", help="confirmed: items reviewers confirmed; all: every flag of the week."),
    ] = "confirmed",
    quiet: QuietOption = False,
) -> None:
    """Write weekly-<WEEK>.csv, .xlsx, .html and manifest.json for posts created in that week (WIB)."""
    from pipeline.errors import InputError
    from pipeline.report import build_weekly_report, parse_week, write_report
    from pipeline.report.weekly import STATUSES, election_exists
    from pipeline.store import open_store

    iso_week = parse_week(week)
    if status not in STATUSES:
        raise InputError(f"{status!r} is not one of {', '.join(STATUSES)}", key="--status")
    election_id, election_name, region = _election(election)
    store = open_store(db)
    try:
        report = build_weekly_report(
            store,
            week=iso_week,
            status=status,
            election_id=election_id,
            election_name=election_name,
            default_region=region,
        )
        if election_id and not election_exists(store, election_id):
            note(f"warning: no flags at all for election {election_id!r} in {store.url}", quiet=quiet)
    finally:
        store.dispose()
    written = write_report(report, output)
    what = "confirmed item(s)" if status == "confirmed" else "flagged item(s)"
    summary = f"{len(report.rows)} {what}" if report.rows else f"no {what} (the report says so)"
    note(f"{iso_week.label}: {summary} -> {written.directory}", quiet=quiet)
