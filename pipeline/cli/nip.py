"""``asnwatch nip``: NIP / NI PPPK tools (BRIEF 9.2)."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli._common import handle_errors, print_json

app = typer.Typer(help="NIP (PNS) and NI PPPK numbers: parse, validate, mask.", no_args_is_help=True)


@app.command("parse")
@handle_errors
def parse(
    text: Annotated[
        str, typer.Argument(help="Text that may contain NIPs, e.g. 'NIP. 19860926 201505 1 001'.")
    ],
    today: Annotated[
        str | None,
        typer.Option("--today", help="Reference date YYYY-MM-DD for date checks (default: today)."),
    ] = None,
) -> None:
    """Print the NIPs found in TEXT as JSON: valid ones (masked), owner-masked ones, and rejects with a reason.

    The full number is never printed: birth date, appointment, kind and sex only.
    """
    import datetime as dt

    from pipeline.accounts.nip import parse_text
    from pipeline.errors import InputError

    ref = None
    if today:
        try:
            ref = dt.date.fromisoformat(today)
        except ValueError:
            raise InputError(f"--today must be YYYY-MM-DD, got {today!r}") from None
    print_json(parse_text(text, today=ref).to_json())
