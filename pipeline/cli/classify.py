"""``asnwatch classify``: label each canonical post (CONTRACT ``classify``).

A file in, a file out (JSONL or ``*.parquet``, by the names), or a folder of shards in and a folder of
Parquet shards out, on this process (``--engine local``) or a Ray cluster (``--engine ray``, docs/scale.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli._common import QuietOption, handle_errors, note, progress
from pipeline.cli._engine import AddressOption, EngineOption, WorkersOption

if TYPE_CHECKING:
    from pipeline.classify import Classifier
    from pipeline.election import ElectionConfig


@handle_errors
def classify(
    election: Annotated[Path, typer.Option("--election", "-e", help="Election config YAML.")],
    input: Annotated[
        Path,
        typer.Option(
            "--input", "-i", help="Canonical posts: JSONL (.gz ok) or .parquet, or a folder of such shards."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Predictions, one per post: a .jsonl or .parquet file, or (for a folder of shards, or "
            "--engine ray) a folder of one Parquet shard per input shard; complete shards are skipped.",
        ),
    ],
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', a model name under models/, or a model dir.")
    ] = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Classify posts: one prediction line per input post, in input order."""
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.io.files import check_input
    from pipeline.scale.engine import check_engine

    check_engine(engine, address=address, workers=workers)
    cfg = load_election(election)
    if not input.is_dir():
        check_input(input)
    clf = load_classifier(model, election=cfg)
    if input.is_dir() or engine == "ray":
        _classify_shards(
            clf, cfg, input, output, model=model, engine=engine, address=address, workers=workers, quiet=quiet
        )
    else:
        _classify_file(clf, input, output, quiet=quiet)


def _classify_file(clf: Classifier, input: Path, output: Path, *, quiet: bool) -> None:
    from pipeline.errors import InputError
    from pipeline.scale.jobs import ShardJob, classify_file

    if output.is_dir():
        raise InputError("is a folder; a single input file gives a single output file", path=output)
    result = classify_file(
        clf,
        ShardJob(str(input), str(output)),
        wrap=lambda posts: progress(posts, description="classify", quiet=quiet),
    )
    note(
        f"classified {result.posts} posts with {clf.name}@{clf.version}: {result.partisan} partisan -> {output}",
        quiet=quiet,
    )


def _classify_shards(
    clf: Classifier,
    cfg: ElectionConfig,
    input: Path,
    output: Path,
    *,
    model: str | None,
    engine: str,
    address: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    from pipeline.errors import InputError, OptionError
    from pipeline.io.shards import SHARD_SUFFIXES, output_name
    from pipeline.scale.engine import classify_shards
    from pipeline.scale.jobs import ShardJob, plan

    if output.name.lower().endswith(SHARD_SUFFIXES):
        raise OptionError("give a folder: the output is one Parquet shard per input shard", option="output")
    if output.exists() and not output.is_dir():
        raise InputError("exists and is not a folder", path=output)
    jobs = plan(input, output) if input.is_dir() else [ShardJob(str(input), str(output / output_name(input)))]
    output.mkdir(parents=True, exist_ok=True)
    summary = classify_shards(
        jobs, clf=clf, model=model, election=cfg, engine=engine, address=address, workers=workers, quiet=quiet
    )
    note(
        f"classified {summary.posts} posts in {summary.written} shard(s) with {summary.model} ({engine}): "
        f"{summary.partisan} partisan; {summary.skipped} shard(s) already complete -> {output}/",
        quiet=quiet,
    )
