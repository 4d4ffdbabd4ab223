"""The classifier contract and how a ``--model`` value becomes a classifier.

A ``--model`` value is ``rules``, ``default``, the name of a directory under ``models/``, or any directory
holding a ``model_card.json`` whose ``backend`` names the implementation (see :data:`BACKENDS`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from pipeline.errors import ModelError

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post, Prediction

MODELS_DIR = Path(os.environ.get("ASNWATCH_MODELS", Path(__file__).resolve().parents[2] / "models"))
DEFAULT_MODEL_DIR = "default"
CARD = "model_card.json"
CONTEXT_SEP = " || "  # joins a post and its parent in a trained model's input

# backend name in a model card -> "module:ClassName" with a ``load(path, *, election)`` classmethod
BACKENDS: dict[str, str] = {
    "tfidf": "pipeline.classify.tfidf:TfidfClassifier",
    "e5": "pipeline.classify.e5:E5Classifier",
    "finetune": "pipeline.classify.finetune:FinetuneClassifier",
    "cascade": "pipeline.classify.cascade:CascadeClassifier",
}


def backend_class(backend: str) -> Any:
    """The class of ``backend`` from :data:`BACKENDS`, imported now (trainable, with ``load(path, *, election)``)."""
    module, cls = BACKENDS[backend].split(":")
    return getattr(import_module(module), cls)


@runtime_checkable
class Classifier(Protocol):
    """Labels posts. ``name``/``version`` identify the model in every prediction (``model`` field)."""

    name: str
    version: str

    def predict(self, posts: Iterable[Post]) -> Iterator[Prediction]:
        """One :class:`Prediction` per post, in input order."""
        ...


def resolve_model_dir(spec: str) -> Path | None:
    """A directory for ``spec`` (a path, or a name under ``models/``) if it holds a model card."""
    for candidate in (Path(spec), MODELS_DIR / spec):
        if (candidate / CARD).is_file():
            return candidate
    return None


def load_classifier(spec: str | None, *, election: ElectionConfig) -> Classifier:
    """The classifier for ``spec`` (None means the bundled default), set up for ``election``.

    Raises :class:`ModelError` (exit 2) for an unknown name or an unreadable model directory.
    """
    if spec in (None, "", "default"):
        default_dir = resolve_model_dir(DEFAULT_MODEL_DIR)
        if default_dir is None:
            spec = "rules"  # no trained default built yet: the config-driven rules work from day one
        else:
            spec = str(default_dir)
    if spec == "rules":
        from pipeline.classify.rules import RulesClassifier

        return RulesClassifier(election)
    model_dir = resolve_model_dir(spec)
    if model_dir is None:
        if Path(spec).is_dir():
            raise ModelError(f"{spec}: not a model directory (no {CARD})")
        raise ModelError(
            f"unknown model {spec!r}: give 'rules', a name under {MODELS_DIR}, or a model directory"
        )
    try:
        card = json.loads((model_dir / CARD).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{model_dir / CARD}: unreadable model card ({exc})") from None
    backend = card.get("backend")
    if str(backend) not in BACKENDS:
        raise ModelError(
            f"{model_dir / CARD}: unknown backend {backend!r} (known: {', '.join(sorted(BACKENDS))})"
        )
    return cast(Classifier, backend_class(str(backend)).load(model_dir, election=election))
