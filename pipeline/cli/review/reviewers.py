"""``asnwatch review``: Reviewers and their roles: ``reviewer add``, ``reviewer list``."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli._common import (
    DEFAULT_DB,
    DbOption,
    FormatOption,
    QuietOption,
    check_format,
    handle_errors,
    note,
    open_db,
    print_json,
)
from pipeline.cli.review._app import (
    print_table,
    reviewer_app,
)


@reviewer_app.command("add")
@handle_errors
def reviewer_add_cmd(
    name: Annotated[str, typer.Argument(help="Reviewer name.")],
    role: Annotated[str, typer.Option("--role", help="reviewer, adjudicator or admin.")] = "reviewer",
    actor: Annotated[str, typer.Option("--by", help="Who makes the change (for the audit log).")] = "admin",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Add a reviewer or change a reviewer's role."""
    from pipeline.review.queue import add_reviewer

    result = add_reviewer(open_db(db), name, role=role, actor=actor)
    note(f"{'added' if result['created'] else 'updated'} {result['name']} as {result['role']}", quiet=quiet)


@reviewer_app.command("list")
@handle_errors
def reviewer_list_cmd(db: DbOption = DEFAULT_DB, format: FormatOption = "table") -> None:
    """List reviewers and their roles."""
    from pipeline.review.queue import list_reviewers

    check_format(format)
    rows = list_reviewers(open_db(db))
    if format == "json":
        print_json(rows)
    else:
        print_table(
            "reviewers", ["name", "role", "since"], [[r["name"], r["role"], r["created_at"]] for r in rows]
        )
