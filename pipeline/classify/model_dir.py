"""The model directory: written atomically (a temporary directory moved into place), with its card
(``model_card.json``) recording the config and its hash, the data file's hash and counts, dev and test
metrics, library versions and the fitted calibration/thresholds.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from pipeline.errors import ModelError


def write_model_dir(output: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` fills a temporary sibling directory, which then replaces ``output`` (so a model directory
    is complete or absent). Refuses to replace a directory that holds files but no model card."""
    from pipeline.classify.base import CARD

    output = Path(output)
    tmp = output.with_name(output.name + ".tmp-train")
    old = output.with_name(output.name + ".old-train")  # the replaced model, until the new one is in place
    if old.exists():  # an earlier run was stopped between the two renames below
        if output.exists():
            shutil.rmtree(old)
        else:
            old.rename(output)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        write(tmp)
        if output.exists():
            if not (output / CARD).is_file() and any(output.iterdir()):
                raise ModelError(f"{output}: exists and is not a model directory; refusing to replace it")
            output.rename(old)  # renames, not a delete: a kill here leaves a whole model, old or new
        tmp.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def save_model(model: Any, output: Path) -> None:
    """Artifacts + card of one trained model into ``output`` (see :func:`write_model_dir`)."""
    from pipeline.classify.base import CARD

    def write(tmp: Path) -> None:
        model.save_all(tmp)
        card = dict(model.card)
        if getattr(model, "decision", None) is not None:
            card["decision"] = model.decision.model_dump(mode="json")
        (tmp / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False, default=str), encoding="utf-8")

    write_model_dir(output, write)


def dump_artifact(state: dict[str, Any], path: Path) -> None:
    """Write a backend's fitted objects (``state``) to the joblib file ``path``."""
    import joblib

    joblib.dump(state, path)


def load_artifact(path: Path) -> dict[str, Any]:
    """Read :func:`dump_artifact`'s file; an unreadable one is a :class:`ModelError` naming it.

    joblib unpickles: load only model directories you trust.
    """
    import joblib

    try:
        return cast("dict[str, Any]", joblib.load(path))
    # a damaged pickle fails with almost any exception type (KeyError, UnpicklingError, ...)
    except Exception as exc:
        raise ModelError(f"{path}: unreadable ({type(exc).__name__}: {exc})") from None


def read_card(path: Path) -> dict[str, Any]:
    from pipeline.classify.base import CARD

    try:
        return cast("dict[str, Any]", json.loads((Path(path) / CARD).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ModelError(f"{path}: not a model directory (no {CARD})") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{Path(path) / CARD}: unreadable model card ({exc})") from None


def finite(value: float) -> float | None:
    """JSON-safe float (NaN/inf -> None)."""
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None
