"""``asnwatch collect`` (platform exports -> canonical posts) and ``asnwatch collect x-search`` (live search).

CONTRACT: ``asnwatch collect --format FORMAT --input PATH [--input PATH ...] --output posts.jsonl`` or ``--db URL``;
rejects go to ``<output>.rejects.jsonl`` (with ``--db``: beside the SQLite file, or ``collect.rejects.jsonl``);
exit 0 ok, 1 some records rejected, 2 unusable invocation or input. Interactions (follows, likes, shares,
memberships: CONTRACT "Canonical interaction") go to ``--interactions-output`` or the store; which inputs hold
which is decided per file (:mod:`pipeline.interactions.routing`).

``collect`` is a group whose callback is the export reader, so ``asnwatch collect --input ...`` and
``asnwatch collect x-search --query ...`` both work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._collect_run import OcrOptions, run_collect
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
OcrOption = Annotated[
    bool,
    typer.Option(
        "--ocr",
        help="Read the posts' images with Tesseract as they are collected (local files only, no URL).",
    ),
]
MediaRootOption = Annotated[
    Path | None,
    typer.Option("--media-root", help="With --ocr: the folder media paths are relative to (default: each "
                 "input's own folder, as in a Telegram export)."),
]  # fmt: skip
OcrLanguagesOption = Annotated[
    str, typer.Option("--ocr-languages", help="With --ocr: Tesseract languages, joined by '+'.")
]
TimezoneOption = Annotated[
    str, typer.Option("--timezone", help="Zone for local times without an offset (IANA name).")
]


app = typer.Typer(
    help="Read platform exports (or a live X search) into canonical posts: a file or the store.",
    invoke_without_command=True,
)


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


def _format_names() -> str:
    """The post and interaction formats, read from the plugin registries (the collectors are light to import)."""
    from pipeline.collect.base import registry
    from pipeline.interactions.base import registry as interaction_registry

    return f"{', '.join(sorted(registry()))}; interactions: {', '.join(sorted(interaction_registry()))}"


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
    interactions_output: Annotated[
        Path | None,
        typer.Option(
            "--interactions-output",
            help="Canonical interactions JSONL (follows, likes, shares, members; rejects beside it).",
        ),
    ] = None,
    relation: Annotated[
        str | None,
        typer.Option(
            "--relation",
            help="What a twarc2 users list holds when its pages lack __twarc.url: followers, following, "
            "liking_users, retweeted_by.",
        ),
    ] = None,
    object_id: Annotated[
        str | None,
        typer.Option("--object-id", help="The account or post a users list or member CSV is about (id)."),
    ] = None,
    object_handle: Annotated[
        str | None, typer.Option("--object-handle", help="That account's handle, when known.")
    ] = None,
    ocr: OcrOption = False,
    media_root: MediaRootOption = None,
    ocr_languages: OcrLanguagesOption = "ind+eng",
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
    from pipeline.collect import zone

    if media_root is not None and not ocr:
        raise fail("--media-root goes with --ocr (or use: asnwatch ocr --media-root DIR)")
    tz = zone(tz_name)
    options, interaction_options = _options(
        fmt, tz, preset=preset, mapping=mapping, maps=maps, platform=platform, relation=relation,
        object_id=object_id, object_handle=object_handle,
    )  # fmt: skip
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
        interactions_output=interactions_output,
        interaction_options=interaction_options,
        ocr=OcrOptions(media_root=media_root, languages=ocr_languages) if ocr else None,
    )
    if counts.rejected:
        raise typer.Exit(1)


def _options(fmt: str, tz: Any, *, preset: str | None, mapping: Path | None, maps: list[str] | None,
             platform: str | None, relation: str | None, object_id: str | None,
             object_handle: str | None) -> tuple[Any, Any]:  # fmt: skip
    """``(post options, interaction options)``; the CSV mapping options belong to ``csv-interactions`` when
    that is the format, else to the post CSV reader."""
    from pipeline.collect import CollectOptions
    from pipeline.collect.csv_mapped import build_mapping, load_mapping_file
    from pipeline.interactions import InteractionOptions
    from pipeline.interactions.csv_interactions import build_interaction_mapping, load_interaction_mapping

    interaction_csv = fmt == "csv-interactions"
    post_mapping = None
    if not interaction_csv:
        post_mapping = build_mapping(
            preset=preset, mapping=load_mapping_file(mapping) if mapping else None, pairs=maps
        )
    interaction_mapping = None
    if interaction_csv:
        interaction_mapping = build_interaction_mapping(
            preset=preset, mapping=load_interaction_mapping(mapping) if mapping else None, pairs=maps
        )
    posts = CollectOptions(tz=tz, mapping=post_mapping, preset=None if interaction_csv else preset,
                           platform=platform)  # fmt: skip
    interactions = InteractionOptions(
        tz=tz, mapping=interaction_mapping, preset=preset if interaction_csv else None, platform=platform,
        object_id=object_id, object_handle=object_handle, relation=relation,
    )  # fmt: skip
    return posts, interactions


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
