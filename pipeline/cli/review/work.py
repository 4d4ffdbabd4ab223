"""``asnwatch review``: Claim and decide: ``next``, ``decide``, ``skip``, ``release``, ``expire``."""

from __future__ import annotations

import sys
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
    ReviewerOption,
    app,
    parse_item_id,
    print_item,
    split_values,
)


@app.command("next")
@handle_errors
def next_cmd(
    reviewer: ReviewerOption,
    lease: Annotated[float, typer.Option("--lease", help="Minutes the claim is held.")] = 15.0,
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """Claim the next item for REVIEWER and show it (the held claim again if there is one)."""
    from pipeline.review.queue import claim_next

    check_format(format)
    item = claim_next(open_db(db), reviewer, lease_minutes=lease, election_id=election)
    if format == "json":
        print_json(item)
    elif item is None:
        print("nothing left to review", file=sys.stderr)
    else:
        print_item(item)


@app.command("decide")
@handle_errors
def decide_cmd(
    item: Annotated[str, typer.Argument(help="Review item id.")],
    reviewer: ReviewerOption,
    decision: Annotated[str, typer.Option("--decision", "-d", help="confirmed, rejected or escalated.")],
    labels: Annotated[
        list[str] | None,
        typer.Option("--labels", "-l", help="Corrected labels (comma separated or repeated)."),
    ] = None,
    targets: Annotated[
        list[str] | None, typer.Option("--targets", help="Corrected candidate numbers (comma separated).")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Violation category S1..S13 (SKB 2022 Lampiran II).")
    ] = None,
    note_text: Annotated[
        str | None, typer.Option("--note", help="Free-text note kept with the decision.")
    ] = None,
    screenshot: Annotated[
        str | None, typer.Option("--screenshot", help="Path of a screenshot captured as evidence.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """Record REVIEWER's decision on ITEM (evidence URL, time and text SHA-256 are captured now)."""
    from pipeline.review.decide import DecisionInput, decide

    check_format(format)
    target_values = split_values(targets)
    try:
        target_ints = [int(t) for t in target_values] if target_values is not None else None
    except ValueError:
        raise fail("--targets: candidate numbers must be integers") from None
    given = DecisionInput(
        reviewer=reviewer,
        decision=decision,
        labels=split_values(labels),
        targets=target_ints,
        violation_category=category,
        note=note_text,
        screenshot_path=screenshot,
    )
    result = decide(open_db(db), parse_item_id(item), given)
    if format == "json":
        print_json(result)
    else:
        print_item(result)


@app.command("skip")
@handle_errors
def skip_cmd(
    item: Annotated[str, typer.Argument(help="Review item id.")],
    reviewer: ReviewerOption,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Release REVIEWER's claim on ITEM and do not offer it to REVIEWER again this session."""
    from pipeline.review.queue import skip

    skip(open_db(db), parse_item_id(item), reviewer)
    note(f"item {item} skipped by {reviewer}", quiet=quiet)


@app.command("release")
@handle_errors
def release_cmd(
    item: Annotated[str, typer.Argument(help="Review item id.")],
    reviewer: ReviewerOption,
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Give ITEM back to the queue without deciding."""
    from pipeline.review.queue import release

    release(open_db(db), parse_item_id(item), reviewer)
    note(f"item {item} released by {reviewer}", quiet=quiet)


@app.command("expire")
@handle_errors
def expire_cmd(db: DbOption = DEFAULT_DB, quiet: QuietOption = False) -> None:
    """Free every claim whose lease has run out (claims also lapse by themselves when re-claimed)."""
    from pipeline.review.queue import expire_claims

    freed = expire_claims(open_db(db))
    note(f"{len(freed)} expired claim(s) freed", quiet=quiet)
