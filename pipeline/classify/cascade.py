"""A two-stage cascade for batch scans: a cheap stage sees every post, the encoder only the candidates.

The cheap member (rules + TF-IDF linear model) labels every post. Posts whose cheap ``partisan_score`` reaches
the *gate* go to the expensive member (frozen e5 + head, or a fine-tuned encoder), whose prediction replaces
the cheap one. The gate is chosen on dev as the highest value that keeps partisan recall within
``max_recall_drop`` (default 1 point) of the expensive member alone, so most unrelated posts never reach the
encoder.

Layout of a cascade model directory: ``model_card.json`` (backend ``cascade``, ``gate``), ``cheap/`` and
``expensive/`` (each an ordinary model directory).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.classify.inputs import Batch, make_batch
from pipeline.classify.model_dir import read_card
from pipeline.classify.trained import BatchPredictor, TrainedClassifier
from pipeline.errors import ModelError

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post, Prediction

CHEAP, EXPENSIVE = "cheap", "expensive"
PASS_NONE = 1.01  # a gate above any partisan_score: the encoder is never called (nor loaded)


class CascadeClassifier(BatchPredictor):
    """``cheap`` on every post; ``expensive`` on those with cheap ``partisan_score >= gate``."""

    backend = "cascade"

    def __init__(
        self, *, card: dict[str, Any], cheap: TrainedClassifier, expensive: TrainedClassifier, gate: float
    ) -> None:
        self.card = card
        self.name = str(card.get("name", "cascade"))
        self.version = str(card.get("version", "0"))
        self.cheap, self.expensive, self.gate = cheap, expensive, float(gate)
        self.stats = {"posts": 0, "passed": 0}

    @classmethod
    def load(cls, path: str | Path, *, election: ElectionConfig) -> CascadeClassifier:
        from pipeline.classify.base import backend_class

        path = Path(path)
        card = read_card(path)
        members = []
        for sub in (CHEAP, EXPENSIVE):
            member_card = read_card(path / sub)
            backend = member_card.get("backend")
            if backend not in ("tfidf", "e5", "finetune"):
                raise ModelError(f"{path / sub}: cascade member has unsupported backend {backend!r}")
            members.append(backend_class(backend).load(path / sub, election=election))
        if "gate" not in card:
            raise ModelError(f"{path}: cascade model card has no gate")
        return cls(card=card, cheap=members[0], expensive=members[1], gate=card["gate"])

    def predict_batch(self, batch: Batch) -> list[Prediction]:
        """Predictions for a prepared batch (built with the cheap member's input options)."""
        preds = self.cheap.predict_batch(batch)
        passed = [i for i, p in enumerate(preds) if p.partisan_score >= self.gate]
        self.stats["posts"] += len(preds)
        self.stats["passed"] += len(passed)
        if passed:
            sub = batch.subset(passed)
            if self.expensive.inputs != self.cheap.inputs:
                rebuilt = make_batch(sub.posts, sub.elections, options=self.expensive.inputs, use_rules=False)
                sub.texts = rebuilt.texts
            model = f"{self.name}@{self.version}"
            for i, p in zip(passed, self.expensive.predict_batch(sub), strict=True):
                preds[i] = p.model_copy(update={"model": model})
        model = f"{self.name}@{self.version}"
        return [p if p.model == model else p.model_copy(update={"model": model}) for p in preds]

    def batch(self, posts: Sequence[Post], elections: Sequence[ElectionConfig] | None = None) -> Batch:
        return self.cheap.batch(posts, elections)
