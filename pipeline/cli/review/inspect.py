"""``asnwatch review``: Look at the queue: ``list``, ``show``, ``history``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pipeline.cli._common import (
    DEFAULT_DB,
    DbOption,
    FormatOption,
    check_format,
    handle_errors,
    open_db,
    print_json,
)
from pipeline.cli.review._app import (
    ElectionOption,
    app,
    parse_item_id,
    print_item,
    print_table,
)


@app.command("list")
@handle_errors
def list_cmd(
    status: Annotated[str | None, typer.Option("--status", "-s", help="Only items with this status.")] = None,
    election: ElectionOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many items.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only items of this kind: post or interaction.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """List items, highest priority first."""
    from pipeline.review.items import list_items

    check_format(format)
    store = open_db(db)
    with store.session() as session:
        rows = list_items(session, status=status, election_id=election, limit=limit, kind=kind)
    if format == "json":
        print_json(rows)
        return
    print_table(
        f"{len(rows)} item(s)",
        [
            "id",
            "status",
            "priority",
            "post",
            "account",
            "labels",
            "partisan",
            "ASN",
            "reviews",
            "claimed by",
            "final labels",
        ],
        [
            [
                r["id"],
                r["status"],
                r["priority"],
                r["post_id"] or r.get("interaction_id"),
                (r["account"] or {}).get("handle"),
                r["labels"],
                r["partisan_score"],
                r["asn_score"],
                f"{r['reviews_done']}/{r['reviews_required']}",
                r["claimed_by"],
                r["final_labels"],
            ]
            for r in rows
        ],
    )


@app.command("show")
@handle_errors
def show_cmd(
    item: Annotated[str, typer.Argument(help="Review item id.")],
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """Show one item with its suggestion, post, account (masked NIP) and decisions."""
    from pipeline.review.items import item_dict, load_item

    check_format(format)
    store = open_db(db)
    with store.session() as session:
        data = item_dict(session, load_item(session, parse_item_id(item)), decisions=True)
    if format == "json":
        print_json(data)
    else:
        print_item(data)


@app.command("history")
@handle_errors
def history_cmd(
    item: Annotated[str, typer.Argument(help="Review item id.")],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify", help="Also check the log against the stored state; exit 1 when they differ."
        ),
    ] = False,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """The item's life from the append-only audit log (who, when, what, before and after)."""
    from pipeline.review import history as hist

    check_format(format)
    store = open_db(db)
    item_id = parse_item_id(item)
    events = hist.history(store, item_id)
    if format == "json":
        print_json(events)
    else:
        rows = []
        for ev in events:
            after = ev["after"] or {}
            d = after.get("decision") or {}
            detail = f"{d.get('decision')} {d.get('labels') or ''}".strip() if d else ""
            rows.append(
                [
                    ev["at"],
                    ev["actor"],
                    ev["event"],
                    (ev["before"] or {}).get("status"),
                    after.get("status"),
                    detail,
                ]
            )
        print_table(f"history of item {item_id}", ["at", "actor", "event", "from", "to", "decision"], rows)
    if verify:
        problems = hist.verify(store, item_id)
        for problem in problems:
            print(f"asnwatch: history of item {item_id}: {problem}", file=sys.stderr)
        if problems:
            raise typer.Exit(1)
