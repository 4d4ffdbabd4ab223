"""``asnwatch evaluate``: score a model on gold-labelled posts; metrics JSON and an HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import QuietOption, handle_errors, note
from pipeline.cli._engine import AddressOption, EngineOption, WorkersOption

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        "-d",
        help="Labelled posts JSONL (corpus format, with labels), or a folder of labelled shards "
        "(JSONL or Parquet, in name order).",
    ),
]
ElectionOption = Annotated[
    Path,
    typer.Option(
        "--election",
        "-e",
        help="Election config YAML, or a folder of <election id>.yaml files "
        "(each record's 'election' picks its config).",
    ),
]


@handle_errors
def evaluate(
    model: Annotated[
        str, typer.Option("--model", "-m", help="'rules', a name under models/, or a model dir.")
    ],
    data: DataOption,
    election: ElectionOption,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Report folder (metrics.json, report.html, PNG images, predictions.jsonl)."
        ),
    ],
    split: Annotated[
        str | None, typer.Option("--split", help="Only records whose 'split' is this (train, dev, test).")
    ] = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Evaluate a model: per-label and partisan P/R/F1, macro-F1, confusion, PR curve, reliability, worst errors."""
    from pipeline.classify.evaluate import write_report
    from pipeline.scale.engine import check_engine, evaluate_shards

    check_engine(engine, address=address, workers=workers)
    records, predictions, name = evaluate_shards(
        data,
        model=model,
        election=election,
        split=split,
        engine=engine,
        address=address,
        workers=workers,
        quiet=quiet,
    )
    metrics = write_report(
        output,
        records=records,
        predictions=predictions,
        model=name,
        data=str(data) + (f" (split {split})" if split else ""),
    )
    note(
        f"{name} on {len(records)} posts: partisan F1 {metrics['partisan']['f1']:.3f} "
        f"(P {metrics['partisan']['precision']:.3f}, R {metrics['partisan']['recall']:.3f}), "
        f"macro-F1 {metrics['macro_f1']:.3f} -> {output}/report.html",
        quiet=quiet,
    )
