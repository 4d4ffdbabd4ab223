"""The ``asnwatch`` entry point: every command is declared here and implemented in its own module.

Command modules import only typer and light helpers at module level; each command imports what it needs
(SQLAlchemy, torch, ...) when it runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline import __version__
from pipeline.cli import _common

app = typer.Typer(
    name="asnwatch",
    help="Find civil servants (ASN) campaigning on social media: collect -> classify -> scan -> review -> report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"asnwatch {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")] = False,
) -> None:
    """asnwatch: partisan social-media activity by Indonesian civil servants, found and queued for review."""
    _common.state.debug = debug


def _register() -> None:
    # (module, attribute, name): a Typer group is added as a sub-app, a function as a command.
    from importlib import import_module

    for module, attr, name in COMMANDS:
        obj = getattr(import_module(f"pipeline.cli.{module}"), attr)
        if isinstance(obj, typer.Typer):
            app.add_typer(obj, name=name)
        else:
            app.command(name)(obj)


COMMANDS: list[tuple[str, str, str]] = [
    ("collect", "app", "collect"),
    ("classify", "classify", "classify"),
    ("explain", "explain", "explain"),
    ("scan", "scan", "scan"),
    ("db", "app", "db"),
    ("review", "app", "review"),
    ("report", "app", "report"),
    ("train", "train", "train"),
    ("evaluate", "evaluate", "evaluate"),
    ("models", "app", "models"),
    ("accounts", "app", "accounts"),
    ("nip", "app", "nip"),
]

_register()


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
