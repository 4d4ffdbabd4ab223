"""The ``review`` command group, its shared options and the table printing of its commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipeline.cli._common import fail

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


app = typer.Typer(
    help="Review queue: humans confirm or reject every flag, with an audit trail.", no_args_is_help=True
)
reviewer_app = typer.Typer(help="Reviewers and their roles (reviewer | adjudicator).", no_args_is_help=True)
app.add_typer(reviewer_app, name="reviewer")

ReviewerOption = Annotated[str, typer.Option("--reviewer", "-r", help="Reviewer name.")]
ElectionOption = Annotated[str | None, typer.Option("--election", help="Only items of this election id.")]


def split_values(values: list[str] | None) -> list[str] | None:
    """``--labels A,B --labels C`` -> ``[A, B, C]``; None when not given."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def rich_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _t(value: Any) -> Text:
    """A table cell as plain text: whatever a post or a name contains is never read as rich markup."""
    from rich.text import Text

    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text(f"{value:.3f}")
    if isinstance(value, list | tuple):
        return Text(", ".join(str(v) for v in value))
    return Text(str(value))


def print_table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(_t(v) for v in row))
    rich_console().print(table)


def print_item(item: dict[str, Any]) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from pipeline.accounts.nip import mask_nips

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
    console = rich_console()
    print_table(None, ["field", "value"], [[k, v] for k, v in fields if v not in (None, [], "")])
    # a NIP in a post is personal data the reviewer does not need in full (brief: mask NIPs in the UI)
    console.print(Panel(Text(mask_nips(post.get("text") or "")), title="text"))
    if post.get("parent_text"):
        console.print(Panel(Text(mask_nips(post["parent_text"])), title="replying to"))
    if item.get("decisions"):
        print_table(
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


def parse_item_id(item: str) -> int:
    try:
        return int(item)
    except ValueError:
        raise fail(f"ITEM must be a review item id (a number), not {item!r}") from None
