"""``asnwatch accounts``: who is a civil servant (score profiles, import the registry, list and show accounts)."""

from __future__ import annotations

from pathlib import Path
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
    print_json,
    progress,
)

if TYPE_CHECKING:
    from pipeline.accounts.score import ProfileScorer

app = typer.Typer(
    help="ASN account identification: score profiles, registry, stored accounts.", no_args_is_help=True
)

WeightsOption = Annotated[
    Path | None, typer.Option("--weights", help="Scorer weights JSON (from `asnwatch accounts refit`).")
]


@app.command("score")
@handle_errors
def score(
    input: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="Profiles JSONL (profile, author object or whole post)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Scores JSONL, one line per input line.")
    ] = None,
    registry: Annotated[
        Path | None, typer.Option("--registry", help="Known-ASN CSV: name,nip,agency,region,platform,handle.")
    ] = None,
    weights: WeightsOption = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Score the accounts in this store instead of --input/--output.")
    ] = None,
    all_accounts: Annotated[
        bool, typer.Option("--all", help="With --db: rescore every account, not just new.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Score each profile: ASN / NON_ASN / UNKNOWN with a score, the reasons and a masked NIP.

    A registry match decides ASN. Lines that cannot be read go to OUTPUT.rejects.jsonl (exit code 1).
    """
    from pipeline.accounts.registry import load_registry_csv
    from pipeline.accounts.score import ProfileScorer, load_weights
    from pipeline.errors import EXIT_REJECTS, InputError

    data = load_weights(weights) if weights else None
    if db is not None:
        from pipeline.accounts.stored import score_stored_accounts, scorer_for_store
        from pipeline.store import open_store

        store = open_store(db)
        scorer = scorer_for_store(store, weights=data)
        if registry:
            reg = load_registry_csv(registry)
            if scorer.registry is not None:
                for entry in reg.entries:
                    scorer.registry.add(entry)
            else:
                scorer.registry = reg
        counts = score_stored_accounts(store, scorer, only_unscored=not all_accounts)
        note("scored stored accounts: " + ", ".join(f"{k} {v}" for k, v in counts.items()), quiet=quiet)
        return
    if input is None or output is None:
        raise InputError("give --input and --output (or --db to score stored accounts)")
    scorer = ProfileScorer(weights=data, registry=load_registry_csv(registry) if registry else None)
    n, rejects = _score_file(scorer, input, output, quiet=quiet)
    counts = n
    note(
        f"scored {sum(counts.values())} profiles: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + (f"; {rejects} rejected (see {output}.rejects.jsonl)" if rejects else ""),
        quiet=quiet,
    )
    if rejects:
        raise typer.Exit(EXIT_REJECTS)


def _score_file(
    scorer: ProfileScorer, input: Path, output: Path, *, quiet: bool
) -> tuple[dict[str, int], int]:
    import json

    from pipeline.accounts.score import author_from_record
    from pipeline.io.files import atomic_output, check_input
    from pipeline.io.jsonl import dumps, iter_json_lines

    check_input(input)
    counts = {"ASN": 0, "NON_ASN": 0, "UNKNOWN": 0}
    rejects = 0
    rejects_path = Path(f"{output}.rejects.jsonl")
    with atomic_output(output) as out, atomic_output(rejects_path) as rej:
        for line, obj in progress(iter_json_lines(input), description="scoring", quiet=quiet):
            try:
                author = author_from_record(obj)
            except ValueError as exc:
                rejects += 1
                rej.write(
                    json.dumps({"line": line, "file": str(input), "reason": str(exc)}, ensure_ascii=False)
                )
                rej.write("\n")
                continue
            result = scorer.score(author)
            counts[result.asn_class] += 1
            out.write(dumps(result))
            out.write("\n")
    if not rejects:
        rejects_path.unlink(missing_ok=True)
    return counts, rejects


@app.command("import-registry")
@handle_errors
def import_registry(
    file: Annotated[Path, typer.Argument(help="CSV with columns name,nip,agency,region,platform,handle.")],
    db: DbOption = DEFAULT_DB,
    rescore: Annotated[
        bool, typer.Option("--rescore/--no-rescore", help="Rescore stored accounts against the new registry.")
    ] = True,
    quiet: QuietOption = False,
) -> None:
    """Import (or re-import) the team's registry of known ASN accounts into the store.

    Rows are checked one by one; bad rows are reported with their line number and skipped (exit code 1).
    A re-import updates rows (matched on platform + handle) instead of duplicating them.
    """
    import sys

    from pipeline.accounts.registry import read_registry_rows
    from pipeline.accounts.stored import import_registry as do_import
    from pipeline.accounts.stored import score_stored_accounts, scorer_for_store
    from pipeline.errors import EXIT_REJECTS
    from pipeline.store import open_store

    entries, errors = read_registry_rows(file)
    for err in errors:
        print(f"asnwatch: {file}:{err.line}: {err.message}", file=sys.stderr)
    store = open_store(db)
    counts = do_import(store, entries, source_file=str(file))
    note(
        f"registry {file}: {counts.inserted} new, {counts.updated} updated, {counts.unchanged} unchanged, "
        f"{len(errors)} rejected",
        quiet=quiet,
    )
    if rescore and (counts.inserted or counts.updated):
        result = score_stored_accounts(store, scorer_for_store(store))
        note("rescored stored accounts: " + ", ".join(f"{k} {v}" for k, v in result.items()), quiet=quiet)
    if errors:
        raise typer.Exit(EXIT_REJECTS)


@app.command("list")
@handle_errors
def list_(
    db: DbOption = DEFAULT_DB,
    asn_class: Annotated[str | None, typer.Option("--class", help="ASN, NON_ASN or UNKNOWN.")] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="x, instagram, facebook, tiktok, ...")
    ] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", help="Only accounts with asn_score >= this.")
    ] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="Only accounts with flagged posts.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
    fmt: FormatOption = "table",
) -> None:
    """Stored accounts with class, score, and post and flag counts (highest ASN score first)."""
    from pipeline.accounts.stored import list_accounts
    from pipeline.errors import InputError
    from pipeline.store import open_store

    if asn_class and asn_class not in ("ASN", "NON_ASN", "UNKNOWN"):
        raise InputError(f"--class must be ASN, NON_ASN or UNKNOWN, got {asn_class!r}")
    check_format(fmt)
    rows = list_accounts(
        open_store(db),
        asn_class=asn_class,
        platform=platform,
        min_score=min_score,
        flagged_only=flagged,
        limit=limit,
    )
    if fmt == "json":
        print_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("id", "handle", "name", "class", "score", "posts", "flags", "registry"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["id"],
            r["handle"] or "",
            r["name"] or "",
            r["asn_class"] or "-",
            "-" if r["asn_score"] is None else f"{r['asn_score']:.2f}",
            str(r["posts"]),
            str(r["flags"]),
            "yes" if r["registry"] else "",
        )
    # markup off: handles and names are untrusted text
    Console(highlight=False, markup=False).print(table) if rows else note("no accounts", quiet=False)


@app.command("show")
@handle_errors
def show(
    account: Annotated[
        str, typer.Argument(help="Account id (x:123), platform:handle, handle or profile URL.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """One stored account as JSON: profile, class, score, reasons, counts, registry entry, recent flags."""
    from pipeline.accounts.stored import get_account
    from pipeline.errors import InputError
    from pipeline.store import open_store

    found = get_account(open_store(db), account)
    if found is None:
        raise InputError(
            f"no account {account!r} in the store (or the handle is ambiguous: use platform:handle)"
        )
    print_json(found)


@app.command("refit")
@handle_errors
def refit(
    decisions: Annotated[
        Path, typer.Option("--decisions", help="JSONL of confirmed accounts: author fields + asn_class.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Weights JSON to write.")],
    c: Annotated[float, typer.Option("--C", help="Inverse L2 regularisation strength.")] = 1.0,
    weights: WeightsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Refit the scorer's feature weights (logistic regression) from reviewers' confirmed account decisions."""
    import json

    from pipeline.accounts.refit import read_decisions
    from pipeline.accounts.refit import refit as do_refit
    from pipeline.accounts.score import ProfileScorer, load_weights
    from pipeline.io.files import atomic_output

    base = ProfileScorer(weights=load_weights(weights) if weights else None)
    result = do_refit(read_decisions(decisions), base=base, C=c)
    with atomic_output(output) as fh:
        fh.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    note(
        f"refit on {result['trained_on']['ASN']} ASN + {result['trained_on']['NON_ASN']} NON_ASN decisions: "
        f"{len(result['fitted'])} weights learnt, {len(result['kept'])} kept; wrote {output}",
        quiet=quiet,
    )
