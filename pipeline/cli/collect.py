"""``asnwatch collect`` (platform exports -> canonical posts) and ``asnwatch collect x-search`` (live search).

CONTRACT: ``asnwatch collect --format FORMAT --input PATH [--input PATH ...] --output posts.jsonl`` or ``--db URL``;
rejects go to ``<output>.rejects.jsonl`` (with ``--db``: beside the SQLite file, or ``collect.rejects.jsonl``);
exit 0 ok, 1 some records rejected, 2 unusable invocation or input.

``collect`` is a group whose callback is the export reader, so ``asnwatch collect --input ...`` and
``asnwatch collect x-search --query ...`` both work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._common import QuietOption, fail, handle_errors, note
from pipeline.timezone import DEFAULT_TIMEZONE

InputsOption = Annotated[
    list[Path] | None,
    typer.Option("--input", "-i", help="Export file (.gz/.zip read transparently); repeat for several."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Canonical posts: JSONL, or Parquet for *.parquet (rejects beside it)."
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option("--db", help="Write into the store at this URL instead of --output (SQLite path or URL)."),
]
RejectsOption = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        help="Rejects file (default <output>.rejects.jsonl; with --db <SQLite file>.rejects.jsonl, "
        "or collect.rejects.jsonl for a server database).",
    ),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Keep posts from this date/time on (ISO; local = --timezone).")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Keep posts before this time; a bare date includes that day.")
]
TimezoneOption = Annotated[
    str, typer.Option("--timezone", help="Zone for local times without an offset (IANA name).")
]


app = typer.Typer(
    help="Read platform exports (or a live X search) into canonical posts: a file or the store.",
    invoke_without_command=True,
)


def _default_rejects(output: Path | None, db: str | None) -> Path:
    """``<output>.rejects.jsonl``; for a SQLite store beside its file; else ``collect.rejects.jsonl``."""
    if output is not None:
        return Path(f"{output}.rejects.jsonl")
    from sqlalchemy.engine import make_url

    from pipeline.store.db import normalise_url

    url = make_url(normalise_url(db))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.rejects.jsonl")
    return Path("collect.rejects.jsonl")


def _bound(value: str | None, tz: Any, *, end: bool) -> Any:
    from datetime import datetime, timedelta

    from pipeline.errors import InputError

    if value is None:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"not an ISO date or date-time: {value!r}", key="--until" if end else "--since"
        ) from None
    if end and len(value.strip()) == 10:  # a bare date: the whole day is included
        dt += timedelta(days=1)
    return dt if dt.tzinfo else dt.replace(tzinfo=tz)


class _StoreSink:
    """Posts into the store in one transaction; ids already stored are duplicates."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def write(self, posts: list[dict[str, Any]]) -> int:
        from pipeline.schema import Post
        from pipeline.store.posts import add_posts

        result = add_posts(self.session, [Post.model_validate(p) for p in posts])
        return result.inserted


def _summary(counts: Any, rejects: Path, target: str, quiet: bool) -> None:
    note(
        f"collect: read {counts.read} records -> {counts.written} posts written to {target}, "
        f"{counts.rejected} rejected, {counts.skipped} skipped, {counts.duplicates} duplicates",
        quiet=quiet,
    )
    for reason, n in counts.reasons.most_common(8):
        note(f"  {n:>8}  {reason}", quiet=quiet)
    if counts.rejected:
        note(f"rejected records: {rejects}", quiet=quiet)


def run_collect(
    *,
    inputs: list[Path],
    fmt: str,
    output: Path | None,
    db: str | None,
    rejects: Path | None,
    options: Any,
    since: Any,
    until: Any,
    quiet: bool,
) -> Any:
    """Shared by both commands: collect into a file or the store, write rejects, print counts."""
    from pipeline.collect import JsonlSink, collect
    from pipeline.io.files import atomic_output
    from pipeline.io.parquet import is_parquet

    if (output is None) == (db is None):
        raise fail("give exactly one of --output FILE or --db URL")
    rejects = rejects or _default_rejects(output, db)
    import orjson

    with atomic_output(rejects, "wb") as rej:

        def on_reject(record: dict[str, Any]) -> None:
            rej.write(orjson.dumps(record, default=str) + b"\n")

        kwargs = {"fmt": fmt, "on_reject": on_reject, "options": options, "since": since, "until": until}
        if output is not None and is_parquet(output):
            from pipeline.io.parquet import PostSink, post_writer

            with post_writer(output) as writer:
                counts = collect(inputs, sink=PostSink(writer), **kwargs)
            target = str(output)
        elif output is not None:
            with atomic_output(output, "wb") as fh:
                counts = collect(inputs, sink=JsonlSink(fh), **kwargs)
            target = str(output)
        else:
            from pipeline.store import open_store

            store = open_store(db)
            try:
                with store.session() as session:
                    counts = collect(inputs, sink=_StoreSink(session), **kwargs)
            finally:
                store.dispose()
            target = "the store"
    _summary(counts, rejects, target, quiet)
    return counts


def _format_names() -> str:
    """The collector formats, read from the plugin registry (the collectors are light to import)."""
    from pipeline.collect.base import registry

    return ", ".join(sorted(registry()))


@app.callback()
@handle_errors
def collect(
    ctx: typer.Context,
    inputs: InputsOption = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help=f"auto or one of: {_format_names()}."),
    ] = "auto",
    output: OutputOption = None,
    db: StoreOption = None,
    rejects: RejectsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    tz_name: TimezoneOption = DEFAULT_TIMEZONE,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="CSV preset: crowdtangle-facebook, crowdtangle-instagram, meta-cl-facebook, "
            "meta-cl-instagram, 4cat.",
        ),
    ] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="CSV column mapping file (YAML).")] = None,
    maps: Annotated[
        list[str] | None, typer.Option("--map", help="CSV column for a field, FIELD=COLUMN; repeatable.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform name for CSV ids (e.g. facebook, x).")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Read platform exports into canonical posts; every record is written, rejected, skipped or a duplicate.

    With a sub-command (``x-search``) only that runs.
    """
    if ctx.invoked_subcommand is not None:
        if inputs:
            raise fail(f"--input belongs to 'collect' itself, not to 'collect {ctx.invoked_subcommand}'")
        return
    if not inputs:
        raise fail("give at least one --input FILE (or a sub-command: asnwatch collect x-search --help)")
    from pipeline.collect import CollectOptions, zone
    from pipeline.collect.csv_mapped import build_mapping, load_mapping_file

    tz = zone(tz_name)
    mapping_data = load_mapping_file(mapping) if mapping else None
    options = CollectOptions(
        tz=tz,
        mapping=build_mapping(preset=preset, mapping=mapping_data, pairs=maps),
        preset=preset,
        platform=platform,
    )
    counts = run_collect(
        inputs=inputs,
        fmt=fmt,
        output=output,
        db=db,
        rejects=rejects,
        options=options,
        since=_bound(since, tz, end=False),
        until=_bound(until, tz, end=True),
        quiet=quiet,
    )
    if counts.rejected:
        raise typer.Exit(1)


@app.command("x-search")
@handle_errors
def collect_x_search(
    query: Annotated[str, typer.Option("--query", "-q", help="X search query, e.g. '#Sukamaju lang:id'.")],
    token_env: Annotated[
        str, typer.Option("--bearer-token-env", help="Name of the environment variable holding the token.")
    ] = "X_BEARER_TOKEN",
    output: OutputOption = None,
    db: StoreOption = None,
    rejects: RejectsOption = None,
    pages: Annotated[
        Path | None,
        typer.Option("--pages", help="Raw pages JSONL kept (default <output or db>.pages.jsonl)."),
    ] = None,
    checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="Resume file (default <pages>.checkpoint.json).")
    ] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help="Stop after N pages.")] = None,
    start_time: Annotated[str | None, typer.Option("--start-time", help="ISO time, UTC.")] = None,
    end_time: Annotated[str | None, typer.Option("--end-time", help="ISO time, UTC.")] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", help="API root (a test server).")
    ] = "https://api.x.com",
    quiet: QuietOption = False,
) -> None:
    """Live X API v2 recent search: pages kept as twarc2 JSONL, resumable, then collected like ``x-v2``."""
    import os

    from pipeline.collect import CollectOptions
    from pipeline.collect.x_search import search_recent

    token = os.environ.get(token_env)
    if not token:
        raise fail(f"environment variable {token_env} is not set (--bearer-token-env)")
    if (output is None) == (db is None):
        raise fail("give exactly one of --output FILE or --db URL")
    pages = pages or Path(f"{output or 'x-search'}.pages.jsonl")
    checkpoint = checkpoint or Path(f"{pages}.checkpoint.json")
    result = search_recent(
        query,
        token=token,
        pages_path=pages,
        checkpoint=checkpoint,
        base_url=base_url,
        max_pages=max_pages,
        start_time=start_time,
        end_time=end_time,
    )
    note(
        f"x-search: {result.pages} pages fetched ({result.total_pages} in all, {result.waits} rate-limit waits)"
        f"{'' if result.done else '; more remain, run again to resume'} -> {pages}",
        quiet=quiet,
    )
    counts = run_collect(
        inputs=[pages], fmt="x-v2", output=output, db=db, rejects=rejects, options=CollectOptions(),
        since=None, until=None, quiet=quiet,
    )  # fmt: skip
    if counts.rejected:
        raise typer.Exit(1)
