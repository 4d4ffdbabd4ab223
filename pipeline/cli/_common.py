"""Options, error handling and progress shared by every command (declared once, reused)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from pipeline.errors import EXIT_USAGE, AsnwatchError
from pipeline.store.url import DEFAULT_URL

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.store import Store

T = TypeVar("T")

DEFAULT_DB = DEFAULT_URL

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="ASNWATCH_DB",
        help="Database URL or SQLite file path (default: asnwatch.db in the working directory; "
        "PostgreSQL: postgresql+psycopg://user@host/db).",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]
FormatOption = Annotated[str, typer.Option("--format", help="Output format: table or json.")]
FORMATS = ("table", "json")


def open_db(db: str) -> Store:
    """The store at ``db`` (opened and migrated on first use); imported when a command runs."""
    from pipeline.store import open_store

    return open_store(db)


def check_format(fmt: str) -> None:
    """The one check of a :data:`FormatOption` value (exit code 2 with the flag named)."""
    if fmt not in FORMATS:
        raise fail(f"--format must be table or json, not {fmt!r}")


class _State:
    debug: bool = False


state = _State()


def err_console() -> Console:
    """A rich console on stderr (imported lazily)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one clear line on stderr and return the Exit to raise."""
    print(f"asnwatch: error: {message}", file=sys.stderr)
    return typer.Exit(code)


def handle_errors(func: Callable[..., T]) -> Callable[..., T]:
    """Turn library errors into one line on stderr plus the CONTRACT exit code; ``--debug`` re-raises."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except AsnwatchError as exc:
            if state.debug:
                raise
            raise fail(exc.for_cli(), exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except Exception as exc:  # an unexpected failure: one line, traceback on --debug
            if state.debug:
                raise
            raise fail(f"{type(exc).__name__}: {exc} (run with --debug for the traceback)", 3) from None

    return wrapper


def progress(items: Iterable[T], *, description: str, quiet: bool, total: int | None = None) -> Iterator[T]:
    """Iterate ``items`` with a rich progress line on stderr (nothing when quiet or not a terminal)."""
    if quiet or not sys.stderr.isatty() or os.environ.get("ASNWATCH_NO_PROGRESS"):
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)


def note(message: str, *, quiet: bool) -> None:
    """A summary line on stderr unless quiet."""
    if not quiet:
        err_console().print(message)


def print_json(data: Any) -> None:
    """Data as JSON on stdout (UTF-8, not ASCII-escaped)."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
