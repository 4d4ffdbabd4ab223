"""``asnwatch review``: Records in and out: ``export``, ``import``, ``enqueue-uncertain``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import (
    DEFAULT_DB,
    DbOption,
    FormatOption,
    QuietOption,
    check_format,
    fail,
    handle_errors,
    note,
    open_db,
    print_json,
)
from pipeline.cli.review._app import (
    ElectionOption,
    app,
    print_table,
)


@app.command("export")
@handle_errors
def export_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="File (jsonl, csv) or directory (hf).")],
    format: Annotated[
        str, typer.Option("--format", help="jsonl, csv or hf (datasets.save_to_disk).")
    ] = "jsonl",
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Decided items as training data: corrected labels plus suggestion, post, account, decisions, history."""
    from pipeline.review.export import export

    n = export(open_db(db), output, fmt=format, election_id=election)
    note(f"exported {n} decided item(s) -> {output}", quiet=quiet)


@app.command("import")
@handle_errors
def import_cmd(
    input: Annotated[Path, typer.Argument(help="A review export: .jsonl, .csv, or an hf dataset directory.")],
    format: Annotated[str, typer.Option("--format", help="auto, jsonl, csv or hf.")] = "auto",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Load a review export back into a store (items already flagged there are left alone)."""
    from pipeline.io.review_records import read_records
    from pipeline.review.export import import_records

    result = import_records(open_db(db), read_records(input, fmt=format), source=str(input))
    note(f"imported {result.imported} item(s), {result.duplicates} already present", quiet=quiet)


@app.command("enqueue-uncertain")
@handle_errors
def enqueue_uncertain_cmd(
    n: Annotated[int, typer.Option("--n", help="How many posts to queue.")],
    election: ElectionOption = None,
    priority_scale: Annotated[
        float, typer.Option("--priority-scale", help="priority = uncertainty x this.")
    ] = 0.1,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """Queue the N stored predictions the model is least sure about (active learning)."""
    from pipeline.review.active import enqueue_uncertain

    check_format(format)
    if n < 1:
        raise fail("--n must be at least 1")
    rows = enqueue_uncertain(open_db(db), n=n, election_id=election, priority_scale=priority_scale)
    if format == "json":
        print_json(rows)
    else:
        print_table(
            f"{len(rows)} item(s) queued",
            ["item", "post", "election", "partisan", "uncertainty", "entropy"],
            [
                [
                    r["item_id"],
                    r["post_id"],
                    r["election_id"],
                    r["partisan_score"],
                    r["uncertainty"],
                    r["entropy"],
                ]
                for r in rows
            ],
        )
