"""``asnwatch review``: the human review queue (claim, decide, list, show, history, agreement, stats, export).

Every sub-command takes ``--db`` and, where it prints data, ``--format json|table``. JSON: ``next`` and ``show``
print one object (``next`` prints ``null`` when nothing is left), ``list`` and ``history`` an array.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._common import DEFAULT_DB, DbOption, QuietOption, fail, handle_errors, note, print_json

app = typer.Typer(
    help="Review queue: humans confirm or reject every flag, with an audit trail.", no_args_is_help=True
)
reviewer_app = typer.Typer(help="Reviewers and their roles (reviewer | adjudicator).", no_args_is_help=True)
app.add_typer(reviewer_app, name="reviewer")

OutFormat = Annotated[str, typer.Option("--format", help="Output format: table or json.")]
ReviewerOption = Annotated[str, typer.Option("--reviewer", "-r", help="Reviewer name.")]
ElectionOption = Annotated[str | None, typer.Option("--election", help="Only items of this election id.")]


def _store(db: str):
    from pipeline.store import open_store

    return open_store(db)


def _check_format(fmt: str) -> None:
    if fmt not in ("json", "table"):
        raise fail(f"--format must be json or table, not {fmt!r}")


def _split(values: list[str] | None) -> list[str] | None:
    """``--labels A,B --labels C`` -> ``[A, B, C]``; None when not given."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _t(value: Any):
    """A table cell as plain text: whatever a post or a name contains is never read as rich markup."""
    from rich.text import Text

    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text(f"{value:.3f}")
    if isinstance(value, list | tuple):
        return Text(", ".join(str(v) for v in value))
    return Text(str(value))


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(_t(v) for v in row))
    _console().print(table)


def _print_item(item: dict[str, Any]) -> None:
    from rich.panel import Panel
    from rich.text import Text

    post, account = item.get("post") or {}, item.get("account") or {}
    fields = [
        ("item", item["id"]),
        ("status", item["status"]),
        ("post", item["post_id"]),
        ("url", post.get("url")),
        ("posted", post.get("created_at")),
        ("account", f"{account.get('handle') or ''} ({account.get('name') or ''})" if account else None),
        ("NIP", account.get("nip_masked")),
        ("ASN", f"{item['asn_class']} {item['asn_score']:.2f}"),
        ("suggested", ", ".join(item["labels"])),
        ("partisan", f"{item['partisan_score']:.2f}"),
        ("targets", item["targets"]),
        ("evidence", item["evidence"]),
        ("review flags", item["review_flags"]),
        ("model", item["model"]),
        ("priority", item["priority"]),
        ("reviews", f"{item['reviews_done']}/{item['reviews_required']}"),
        ("claimed by", item["claimed_by"]),
        ("claim expires", item["claim_expires_at"]),
        ("final labels", item["final_labels"]),
        ("decided at", item["decided_at"]),
    ]
    console = _console()
    _table(None, ["field", "value"], [[k, v] for k, v in fields if v not in (None, [], "")])
    console.print(Panel(Text(post.get("text") or ""), title="text"))
    if post.get("parent_text"):
        console.print(Panel(Text(post["parent_text"]), title="replying to"))
    if item.get("decisions"):
        _table(
            "decisions",
            ["reviewer", "decision", "labels", "category", "adjudication", "note", "at"],
            [
                [
                    d["reviewer"],
                    d["decision"],
                    d["labels"],
                    d["violation_category"],
                    d["is_adjudication"],
                    d["note"],
                    d["created_at"],
                ]
                for d in item["decisions"]
            ],
        )


def _item_id(item: str) -> int:
    try:
        return int(item)
    except ValueError:
        raise fail(f"ITEM must be a review item id (a number), not {item!r}") from None


@app.command("next")
@handle_errors
def next_cmd(
    reviewer: ReviewerOption,
    lease: Annotated[float, typer.Option("--lease", help="Minutes the claim is held.")] = 15.0,
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    format: OutFormat = "table",
) -> None:
    """Claim the next item for REVIEWER and show it (the held claim again if there is one)."""
    from pipeline.review.queue import claim_next

    _check_format(format)
    item = claim_next(_store(db), reviewer, lease_minutes=lease, election_id=election)
    if format == "json":
        print_json(item)
    elif item is None:
        print("nothing left to review", file=sys.stderr)
    else:
        _print_item(item)


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
    format: OutFormat = "table",
) -> None:
    """Record REVIEWER's decision on ITEM (evidence URL, time and text SHA-256 are captured now)."""
    from pipeline.review.decide import DecisionInput, decide

    _check_format(format)
    target_values = _split(targets)
    try:
        target_ints = [int(t) for t in target_values] if target_values is not None else None
    except ValueError:
        raise fail("--targets: candidate numbers must be integers") from None
    given = DecisionInput(
        reviewer=reviewer,
        decision=decision,
        labels=_split(labels),
        targets=target_ints,
        violation_category=category,
        note=note_text,
        screenshot_path=screenshot,
    )
    result = decide(_store(db), _item_id(item), given)
    if format == "json":
        print_json(result)
    else:
        _print_item(result)


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

    skip(_store(db), _item_id(item), reviewer)
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

    release(_store(db), _item_id(item), reviewer)
    note(f"item {item} released by {reviewer}", quiet=quiet)


@app.command("expire")
@handle_errors
def expire_cmd(db: DbOption = DEFAULT_DB, quiet: QuietOption = False) -> None:
    """Free every claim whose lease has run out (claims also lapse by themselves when re-claimed)."""
    from pipeline.review.queue import expire_claims

    freed = expire_claims(_store(db))
    note(f"{len(freed)} expired claim(s) freed", quiet=quiet)


@app.command("list")
@handle_errors
def list_cmd(
    status: Annotated[str | None, typer.Option("--status", "-s", help="Only items with this status.")] = None,
    election: ElectionOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many items.")] = None,
    db: DbOption = DEFAULT_DB,
    format: OutFormat = "table",
) -> None:
    """List items, highest priority first."""
    from pipeline.review.items import list_items

    _check_format(format)
    store = _store(db)
    with store.session() as session:
        rows = list_items(session, status=status, election_id=election, limit=limit)
    if format == "json":
        print_json(rows)
        return
    _table(
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
                r["post_id"],
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
    format: OutFormat = "table",
) -> None:
    """Show one item with its suggestion, post, account (masked NIP) and decisions."""
    from pipeline.review.items import item_dict, load_item

    _check_format(format)
    store = _store(db)
    with store.session() as session:
        data = item_dict(session, load_item(session, _item_id(item)), decisions=True)
    if format == "json":
        print_json(data)
    else:
        _print_item(data)


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
    format: OutFormat = "table",
) -> None:
    """The item's life from the append-only audit log (who, when, what, before and after)."""
    from pipeline.review import history as hist

    _check_format(format)
    store = _store(db)
    item_id = _item_id(item)
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
        _table(f"history of item {item_id}", ["at", "actor", "event", "from", "to", "decision"], rows)
    if verify:
        problems = hist.verify(store, item_id)
        for problem in problems:
            print(f"asnwatch: history of item {item_id}: {problem}", file=sys.stderr)
        if problems:
            raise typer.Exit(1)


@app.command("agreement")
@handle_errors
def agreement_cmd(
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    format: OutFormat = "table",
) -> None:
    """Percent agreement and kappas: Fleiss' overall and per label, Cohen's per reviewer pair."""
    from pipeline.review.agreement import agreement

    _check_format(format)
    report = agreement(_store(db), election_id=election)
    if format == "json":
        print_json(report)
        return
    d = report["decision"]
    _table(
        f"agreement over {report['items']} item(s) with 2+ reviewers",
        ["scope", "percent", "fleiss kappa", "items with label"],
        [["decision", d["percent"], d["fleiss_kappa"], None]]
        + [
            [label, v["percent"], v["fleiss_kappa"], v["items_with_label"]]
            for label, v in report["labels"].items()
        ],
    )
    _table(
        "reviewer pairs",
        ["reviewer a", "reviewer b", "items", "percent", "cohen kappa"],
        [[*p["reviewers"], p["items"], p["percent"], p["cohen_kappa"]] for p in report["pairs"]],
    )


@app.command("stats")
@handle_errors
def stats_cmd(
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    format: OutFormat = "table",
) -> None:
    """Items per status; per reviewer: throughput, time spent, agreement with final and adjudicated outcomes."""
    from pipeline.review.stats import stats

    _check_format(format)
    report = stats(_store(db), election_id=election)
    if format == "json":
        print_json(report)
        return
    _table(
        f"{report['items']} item(s), {report['decisions']} decision(s)",
        ["status", "items"],
        [[s, n] for s, n in report["status"].items()],
    )
    _table(
        "reviewers",
        [
            "reviewer",
            "decisions",
            "adjudications",
            "confirmed",
            "rejected",
            "escalated",
            "median s",
            "matches final",
            "matches adjudication",
        ],
        [
            [
                r["reviewer"],
                r["decisions"],
                r["adjudications"],
                r["confirmed"],
                r["rejected"],
                r["escalated"],
                r["median_seconds"],
                r["matches_final"],
                r["matches_adjudication"],
            ]
            for r in report["reviewers"]
        ],
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

    n = export(_store(db), output, fmt=format, election_id=election)
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

    result = import_records(_store(db), read_records(input, fmt=format), source=str(input))
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
    format: OutFormat = "table",
) -> None:
    """Queue the N stored predictions the model is least sure about (active learning)."""
    from pipeline.review.active import enqueue_uncertain

    _check_format(format)
    if n < 1:
        raise fail("--n must be at least 1")
    rows = enqueue_uncertain(_store(db), n=n, election_id=election, priority_scale=priority_scale)
    if format == "json":
        print_json(rows)
    else:
        _table(
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


@reviewer_app.command("add")
@handle_errors
def reviewer_add_cmd(
    name: Annotated[str, typer.Argument(help="Reviewer name.")],
    role: Annotated[str, typer.Option("--role", help="reviewer or adjudicator.")] = "reviewer",
    actor: Annotated[str, typer.Option("--by", help="Who makes the change (for the audit log).")] = "admin",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Add a reviewer or change a reviewer's role."""
    from pipeline.review.queue import add_reviewer

    result = add_reviewer(_store(db), name, role=role, actor=actor)
    note(f"{'added' if result['created'] else 'updated'} {result['name']} as {result['role']}", quiet=quiet)


@reviewer_app.command("list")
@handle_errors
def reviewer_list_cmd(db: DbOption = DEFAULT_DB, format: OutFormat = "table") -> None:
    """List reviewers and their roles."""
    from pipeline.review.queue import list_reviewers

    _check_format(format)
    rows = list_reviewers(_store(db))
    if format == "json":
        print_json(rows)
    else:
        _table(
            "reviewers", ["name", "role", "since"], [[r["name"], r["role"], r["created_at"]] for r in rows]
        )
