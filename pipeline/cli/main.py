"""The ``asnwatch`` entry point: every command is declared here (:data:`COMMANDS`) and implemented in its own
module, imported only when that command runs or shows its help.

Command modules import only typer and light helpers at module level; each command imports what it needs
(SQLAlchemy, torch, ...) when it runs.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from pipeline import __version__
from pipeline.cli import _common


class _LazyGroup(TyperGroup):
    """minet's pattern: commands are declared by module path and imported only when run (or asked for help).

    ``asnwatch --help`` lists the declared one-line helps without importing any command module.
    """

    _listing = False

    # ctx, formatter and commands are Any: typer >= 0.20 vendors its own click, so their classes differ by version
    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name, _, _ in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        spec = next((c for c in COMMANDS if c[0] == cmd_name), None)
        if spec is None:
            return None
        if self._listing:  # the top-level help needs the name and its line, not the module
            return TyperCommand(cmd_name, help=spec[2], short_help=spec[2])
        self.commands[cmd_name] = _load(cmd_name, spec[1])
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _load(name: str, target: str) -> Any:
    """The click command of ``module:attribute`` (a Typer group or a command function)."""
    from importlib import import_module

    module, attr = target.split(":")
    obj = getattr(import_module(f"pipeline.cli.{module}"), attr)
    if isinstance(obj, typer.Typer):
        group = typer.main.get_group(obj)
        group.name = name
        return group
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(name)(obj)
    command = typer.main.get_command(single)
    command.name = name
    return command


# (name, "module:attribute", one-line help shown by ``asnwatch --help``); the command's own help says more
COMMANDS: list[tuple[str, str, str]] = [
    ("collect", "collect:app", "Read platform exports (or a live X search) into canonical posts."),
    ("classify", "classify:classify", "Classify posts: one prediction line per input post, in input order."),
    ("explain", "explain:explain", "Why a text gets its labels: targets, frames, rules, stance."),
    ("ocr", "ocr:ocr", "Read the text inside posts' images (Tesseract, local files only)."),
    ("scan", "scan:scan", "Classify stored posts, score their authors, queue flagged items for review."),
    ("db", "db:app", "Database schema: upgrade to the latest migration, show the current revision."),
    ("review", "review:app", "Review queue: humans confirm or reject every flag, with an audit trail."),
    ("serve", "serve:serve", "The reviewers' web application: queue, items, decisions, dashboards."),
    ("users", "users:app", "Web application users: add, list, disable, set a password (argon2 hashes)."),
    ("report", "report:app", "Reports for supervisors: the weekly flagged-content list."),
    ("train", "train:train", "Train a model on the labelled corpus; calibrate and set thresholds on dev."),
    ("evaluate", "evaluate:evaluate", "Evaluate a model: P/R/F1, macro-F1, confusion, calibration, errors."),
    ("models", "models:app", "Models: convert the bundled e5 encoder, (re)build the default, list models."),
    ("accounts", "accounts:app", "ASN account identification: score profiles, registry, stored accounts."),
    ("nip", "nip:app", "NIP (PNS) and NI PPPK numbers: parse, validate, mask."),
]


app = typer.Typer(
    cls=_LazyGroup,
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


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
