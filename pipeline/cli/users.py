"""``asnwatch users``: accounts of the reviewers' web application (``add``, ``list``, ``disable``, ``set-password``).

A password comes from the environment variable ``--password-env`` names (for scripts), else from a prompt
that does not echo; it is stored only as an argon2 hash.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

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
from pipeline.errors import OptionError

if TYPE_CHECKING:
    pass

app = typer.Typer(help="Web application users: add, list, disable, set a password.", no_args_is_help=True)

PasswordEnvOption = Annotated[
    str | None,
    typer.Option("--password-env", help="Read the password from this environment variable (else prompt)."),
]
ActorOption = Annotated[str, typer.Option("--by", help="Who makes the change (for the audit log).")]


def _password(env: str | None) -> str:
    if env is not None:
        value = os.environ.get(env)
        if not value:
            raise OptionError(f"environment variable {env} is not set or empty", option="password_env")
        return value
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@app.command("add")
@handle_errors
def add_cmd(
    name: Annotated[str, typer.Argument(help="User name (also the reviewer name in decisions).")],
    role: Annotated[str, typer.Option("--role", help="reviewer, adjudicator or admin.")],
    password_env: PasswordEnvOption = None,
    actor: ActorOption = "admin",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Add a user who can log in to ``asnwatch serve``."""
    from pipeline.review.users import add_user

    user = add_user(open_db(db), name, role=role, password=_password(password_env), actor=actor)
    note(f"added user {user['name']} as {user['role']}", quiet=quiet)


@app.command("list")
@handle_errors
def list_cmd(db: DbOption = DEFAULT_DB, format: FormatOption = "table") -> None:
    """List users, their roles and whether they can log in."""
    from pipeline.review.users import list_users

    check_format(format)
    rows = list_users(open_db(db))
    if format == "json":
        print_json(rows)
        return
    for r in rows:
        state = "disabled" if r["disabled"] else ("active" if r["can_log_in"] else "no password")
        print(f"{r['name']}\t{r['role']}\t{state}")


@app.command("disable")
@handle_errors
def disable_cmd(
    name: Annotated[str, typer.Argument(help="User name.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable the user again instead.")] = False,
    actor: ActorOption = "admin",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Disable a user: no login, and open sessions stop working."""
    from pipeline.review.users import set_disabled

    user = set_disabled(open_db(db), name, disabled=not enable, actor=actor)
    note(f"{user['name']} is {'disabled' if user['disabled'] else 'enabled'}", quiet=quiet)


@app.command("set-password")
@handle_errors
def set_password_cmd(
    name: Annotated[str, typer.Argument(help="User name.")],
    password_env: PasswordEnvOption = None,
    actor: ActorOption = "admin",
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Set a user's password; sessions issued before it stop working."""
    from pipeline.review.users import set_password

    set_password(open_db(db), name, _password(password_env), actor=actor)
    note(f"password of {name} set", quiet=quiet)
