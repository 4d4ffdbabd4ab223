"""The trained classifiers: a backend's raw scores -> calibrated labels and ``Prediction`` records.

A trained backend (TF-IDF, frozen e5, fine-tuned encoder) only has to turn a batch of posts into raw scores,
one column per head in :data:`~pipeline.classify.inputs.HEADS` (logits or any monotone score). The model
layer is split by task:

- :mod:`pipeline.classify.inputs`: the :class:`~pipeline.classify.inputs.Batch` a model reads (masked texts,
  parent context, the rules layer's output) and the label matrix;
- :mod:`pipeline.classify.calibration`: per-head calibration and thresholds fitted on dev
  (:class:`~pipeline.classify.calibration.Decision`);
- :mod:`pipeline.classify.model_dir`: the model directory, its card and artifacts;
- here: :class:`TrainedClassifier`, ``predict(posts) -> Prediction`` in input order; targets, evidence and
  flags come from the rules layer, labels and the calibrated ``partisan_score`` from the model.

Score matrices are ``np.ndarray`` of shape ``(n_posts, len(HEADS))``, float64.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from pipeline.classify.calibration import Decision
from pipeline.classify.inputs import (
    HEADS,
    Batch,
    InputOptions,
    RuleFeatureSpace,
    RulesLayer,
    RulesMode,
    make_batch,
    rules_available,
    rules_score_matrix,
)
from pipeline.classify.model_dir import dump_artifact, load_artifact, read_card
from pipeline.errors import ModelError
from pipeline.labels import PARTISAN_LABELS

if TYPE_CHECKING:
    from pipeline.classify.inputs import FloatArray
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post, Prediction

PREDICT_CHUNK = 512  # posts per batch inside predict(); bounds memory on long streams


class BatchPredictor:
    """``predict``/``predict_one`` on top of a class's ``batch(posts)`` and ``predict_batch(batch)``."""

    def batch(self, posts: Sequence[Post]) -> Batch:  # pragma: no cover - implemented by subclasses
        raise NotImplementedError

    def predict_batch(self, batch: Batch) -> list[Prediction]:  # pragma: no cover - implemented by subclasses
        raise NotImplementedError

    def predict_one(self, post: Post) -> Prediction:
        """One post (slow per call: batch with :meth:`predict` where you can)."""
        return self.predict_batch(self.batch([post]))[0]

    def predict(self, posts: Iterable[Post]) -> Iterator[Prediction]:
        """One prediction per post, in input order (posts are processed in chunks of PREDICT_CHUNK)."""
        chunk: list[Post] = []
        for post in posts:
            chunk.append(post)
            if len(chunk) >= PREDICT_CHUNK:
                yield from self.predict_batch(self.batch(chunk))
                chunk = []
        if chunk:
            yield from self.predict_batch(self.batch(chunk))


def fit_linear_heads(
    X: Any, Y: FloatArray, *, C: float, class_weight: Any, solver: str, max_iter: int, seed: int
) -> list[Any]:
    """One logistic regression per column of ``Y`` (``(n_posts, len(HEADS))``, 0/1) on features ``X``; a head
    whose column has one class only is that constant (a float), scored +8 / -8 by :func:`linear_head_scores`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    heads: list[Any] = []
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if len(np.unique(y)) < 2:
            heads.append(float(y[0]) if len(y) else 0.0)
            continue
        lr = LogisticRegression(
            C=C, class_weight=class_weight, solver=solver, max_iter=max_iter, random_state=seed
        )
        heads.append(lr.fit(X, y))
    return heads


def linear_head_scores(heads: Sequence[Any], X: Any) -> FloatArray:
    """Raw scores ``(n_posts, len(HEADS))`` of :func:`fit_linear_heads` heads on the feature matrix ``X``."""
    import numpy as np

    out = np.zeros((X.shape[0], len(HEADS)))
    for j, head in enumerate(heads):
        out[:, j] = head.decision_function(X) if not isinstance(head, float) else (8.0 if head else -8.0)
    return out


class LinearHeadsClassifier:
    """``raw_scores`` for backends that are linear heads over a feature matrix (``self._matrix(batch)``), and
    the rules layer's feature columns such a matrix may include (fitted on train, kept in the model card)."""

    heads: list[Any]
    card: dict[str, Any]
    rule_space: RuleFeatureSpace | None = None

    def _rule_columns(self, batch: Batch, *, fit: bool) -> FloatArray:
        """``(len(batch), n_rule_features)`` rule features in [-1, 1]; ``fit`` fixes the columns on ``batch``."""
        if batch.rule_feats is None:
            raise ModelError("this model uses rule features but the rules layer gave none")
        if fit:
            self.rule_space = RuleFeatureSpace.fit(batch.rule_feats)
        assert self.rule_space is not None
        return self.rule_space.transform(batch.rule_feats)

    def _save_rule_space(self) -> None:
        if self.rule_space is not None:
            self.card["rule_features"] = self.rule_space.model_dump()

    def _load_rule_space(self) -> None:
        if "rule_features" in self.card:
            self.rule_space = RuleFeatureSpace.model_validate(self.card["rule_features"])

    def _matrix(
        self, batch: Batch, *, fit: bool = False
    ) -> Any:  # pragma: no cover - implemented by subclasses
        raise NotImplementedError

    def raw_scores(self, batch: Batch) -> FloatArray:
        import numpy as np

        if not len(batch):
            return np.zeros((0, len(HEADS)))
        return linear_head_scores(self.heads, self._matrix(batch))


class TrainedClassifier(BatchPredictor):
    """Base class of the trained backends. Subclasses implement ``raw_scores``, ``save_artifacts``, ``_load``.

    ``card`` is the parsed model card; ``decision`` the fitted :class:`Decision`; ``election`` the contest
    whose config drives masking and the rules layer at prediction time.
    """

    backend: ClassVar[str] = ""

    def __init__(self, *, card: dict[str, Any], decision: Decision | None = None) -> None:
        self.card = card
        self.name = str(card.get("name", self.backend))
        self.version = str(card.get("version", "0"))
        self.inputs = InputOptions.model_validate(card.get("inputs", {}))
        self.rules_mode: RulesMode = card.get("rules", "none")
        self.decision = decision
        self.election: ElectionConfig | None = None
        self._rules_cache: dict[str, RulesLayer] = {}
        self.stance: Any = None  # a fitted pipeline.classify.stance.StanceModel when the card enables one

    # -- what a backend implements
    def raw_scores(self, batch: Batch) -> FloatArray:
        """``(len(batch), len(HEADS))`` raw scores (logits)."""
        raise NotImplementedError

    def save_artifacts(self, path: Path) -> None:
        raise NotImplementedError

    @classmethod
    def _load(cls, path: Path, card: dict[str, Any]) -> TrainedClassifier:
        raise NotImplementedError

    # -- shared
    def save_all(self, path: Path) -> None:
        """The backend's artifacts and, when the model has one, the stance model's."""
        self.save_artifacts(path)
        if self.stance is not None:
            from pipeline.classify.stance import ARTIFACT

            dump_artifact({"model": self.stance}, path / ARTIFACT)

    def add_stance(self, batch: Batch, *, cache: dict[Any, Any] | None = None) -> Batch:
        """``batch`` with the stance model's ``stance.*`` features joined to its rule features (``batch``
        itself when the model has no stance model). ``cache`` memoises by batch identity while training."""
        if self.stance is None:
            return batch
        from pipeline.classify.stance import stance_batch

        if cache is None:
            return stance_batch(self.stance, batch)
        key = ("stance-batch", id(batch), id(self.stance))
        if key not in cache:
            cache[key] = (batch, stance_batch(self.stance, batch))  # keeps batch alive: its id stays unique
        return cast(Batch, cache[key][1])

    @property
    def uses_rules(self) -> bool:
        return self.rules_mode != "none"

    @property
    def uses_rule_features(self) -> bool:
        return self.rules_mode in ("features", "both")

    @classmethod
    def load(cls, path: str | Path, *, election: ElectionConfig) -> TrainedClassifier:
        """Load a model directory written by ``asnwatch train`` and set it up for ``election``."""
        path = Path(path)
        card = read_card(path)
        if card.get("backend") != cls.backend:
            raise ModelError(f"{path}: backend {card.get('backend')!r}, expected {cls.backend!r}")
        model = cls._load(path, card)
        if (card.get("stance") or {}).get("enabled"):
            from pipeline.classify.stance import ARTIFACT

            model.stance = load_artifact(path / ARTIFACT)["model"]
        model.decision = Decision.model_validate(card["decision"]) if "decision" in card else None
        if model.decision is None:
            raise ModelError(f"{path}: model card has no calibration/thresholds ('decision')")
        if model.uses_rules and not rules_available():
            raise ModelError(
                f"{path}: the model needs the rules layer (pipeline.classify.rules), not installed"
            )
        model.election = election
        return model

    def batch(self, posts: Sequence[Post], elections: Sequence[ElectionConfig] | None = None) -> Batch:
        if elections is None:
            if self.election is None:
                raise ModelError("classifier has no election config: load it with load(path, election=cfg)")
            elections = [self.election] * len(posts)
        # targets/evidence/flags always come from the rules layer when it is installed
        batch = make_batch(
            posts,
            elections,
            options=self.inputs,
            use_rules=rules_available(),
            rules_cache=self._rules_cache,
        )
        return self.add_stance(batch)

    def probabilities(self, batch: Batch) -> FloatArray:
        """Calibrated ``(n, len(HEADS))`` probabilities."""
        raw = self.raw_scores(batch)
        rules = rules_score_matrix(batch.rule_preds) if batch.rule_preds is not None else None
        assert self.decision is not None
        return self.decision.probabilities(raw, rules)

    def predict_batch(self, batch: Batch) -> list[Prediction]:
        from pipeline.schema import Prediction

        probs = self.probabilities(batch)
        assert self.decision is not None
        out = []
        model = f"{self.name}@{self.version}"
        for i, (labels, p, scores) in enumerate(self.decision.decide(probs)):
            rule = batch.rule_preds[i] if batch.rule_preds is not None else None
            partisan = any(label in PARTISAN_LABELS for label in labels)
            out.append(
                Prediction(
                    id=batch.posts[i].id,
                    labels=labels,
                    partisan_score=min(max(p, 0.0), 1.0),
                    scores=scores,
                    targets=list(rule.targets) if (rule is not None and partisan) else [],
                    flags=list(rule.flags) if rule is not None else [],
                    evidence=list(rule.evidence) if (rule is not None and partisan) else [],
                    model=model,
                )
            )
        return out
