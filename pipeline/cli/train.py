"""``asnwatch train``: train a classifier from a YAML config into a model directory (with its model card)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import QuietOption, handle_errors, note


@handle_errors
def train(
    config: Annotated[
        Path, typer.Option("--config", "-c", help="Training config YAML (configs/train/*.yaml).")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Model directory to write (default: models/<config name>)."),
    ] = None,
    no_test: Annotated[
        bool, typer.Option("--no-test", help="Skip the test-split metrics in the card.")
    ] = False,
    decisions: Annotated[
        list[Path] | None,
        typer.Option(
            "--decisions",
            help="A review export (asnwatch review export: .jsonl, .csv or hf directory) whose reviewer-labelled "
            "posts join the training data; repeatable. Adds to the config's data.decisions.",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Train a model (tfidf, e5, finetune or cascade) on the labelled corpus; calibrate and set thresholds on dev."""
    from pipeline.classify.base import MODELS_DIR
    from pipeline.classify.train import train as run_train
    from pipeline.classify.train_config import load_config

    cfg = load_config(config)
    if decisions:
        extra = [str(p.resolve()) for p in decisions]
        cfg = cfg.model_copy(
            update={"data": cfg.data.model_copy(update={"decisions": cfg.data.decisions + extra})}
        )
    target = output or MODELS_DIR / Path(config).stem
    path = run_train(cfg, output=target, log=lambda m: note(m, quiet=quiet), evaluate_test=not no_test)
    note(f"model written to {path}", quiet=quiet)
