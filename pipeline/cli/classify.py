"""``asnwatch classify``: label each canonical post (CONTRACT ``classify``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import QuietOption, handle_errors, note, progress


@handle_errors
def classify(
    election: Annotated[Path, typer.Option("--election", "-e", help="Election config YAML.")],
    input: Annotated[Path, typer.Option("--input", "-i", help="Canonical posts (JSONL, .gz ok).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Predictions JSONL, one line per post.")],
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', a model name under models/, or a model dir.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Classify posts: one prediction line per input post, in input order."""
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.io.files import atomic_output, check_input
    from pipeline.io.jsonl import dumps, iter_models
    from pipeline.schema import Post

    cfg = load_election(election)
    check_input(input)
    clf = load_classifier(model, election=cfg)
    posts = (post for _, post in iter_models(input, Post))
    n = partisan = 0
    with atomic_output(output) as fh:
        for pred in clf.predict(progress(posts, description="classify", quiet=quiet)):
            fh.write(dumps(pred) + "\n")
            n += 1
            partisan += pred.partisan_score >= 0.5 and bool(
                set(pred.labels) - {"NETRAL_PEMILU", "TIDAK_TERKAIT"}
            )
    note(f"classified {n} posts with {clf.name}@{clf.version}: {partisan} partisan -> {output}", quiet=quiet)
