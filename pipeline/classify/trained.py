"""What every trained backend shares: model inputs, the rules layer, calibration, thresholds and predictions.

A trained backend (TF-IDF, frozen e5, fine-tuned encoder) only has to turn a batch of posts into raw scores,
one column per head in :data:`HEADS` (logits or any monotone score). The rest lives here:

- :class:`Batch`: posts, their elections, the text the model reads (targets masked as ``[CALON_1]`` ...,
  the parent post appended as context) and the rules layer's output for them;
- :class:`Decision`: per-head calibration fitted on dev (Platt, or isotonic), optionally combined with the
  rules' own score (rules as an ensemble member), and thresholds chosen on dev for a stated precision;
- :class:`TrainedClassifier`: ``predict(posts) -> Prediction`` in input order; targets, evidence and flags come
  from the rules layer, labels and the calibrated ``partisan_score`` from the model.

Score matrices are ``np.ndarray`` of shape ``(n_posts, len(HEADS))``, float64.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, Field

from pipeline.classify.base import CONTEXT_SEP
from pipeline.errors import ModelError
from pipeline.labels import ALL_LABELS, NEUTRAL_LABELS, PARTISAN_LABELS

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post, Prediction

PARTISAN = "PARTISAN"
# Column order of every score matrix: the binary "is partisan" head first, then one head per label.
HEADS: tuple[str, ...] = (PARTISAN, *ALL_LABELS)
HEAD_INDEX = {head: i for i, head in enumerate(HEADS)}
PREDICT_CHUNK = 512  # posts per batch inside predict(); bounds memory on long streams
EPS = 1e-4

RulesMode = Literal["none", "features", "ensemble", "both"]


# -- inputs -------------------------------------------------------------------------------------------------


class InputOptions(BaseModel):
    """How a post becomes the text a model reads."""

    mask_targets: bool = True  # candidate names/numbers/parties -> [CALON_1] [NOMOR_1] [PARTAI_1] ...
    parent: bool = True  # append the parent post (comments, replies, quotes) after CONTEXT_SEP
    max_chars: int = Field(default=1000, ge=50)  # long posts are cut: the start carries the stance


def _masker():
    try:
        from pipeline.text.masking import mask_targets
    except ImportError:  # pragma: no cover - only while pipeline.text.masking is not installed
        return None
    return mask_targets


def model_input(post: Post, election: ElectionConfig, options: InputOptions, *, resolver: Any = None) -> str:
    """The text a model reads for ``post`` (masked targets, parent context, length cap).

    ``resolver``: a compiled target resolver to reuse (the rules layer's, whose memo spares a second
    normalisation and resolution of the same text).
    """
    mask = _masker() if options.mask_targets else None
    text = post.text or ""
    parent = post.parent_text if options.parent else None
    quoted = getattr(post, "quoted_text", None) if options.parent else None
    if quoted and quoted != parent:  # a reply that also quotes: both are context
        parent = f"{parent} {quoted}" if parent else quoted
    if mask is not None:
        extra = {"resolver": resolver} if resolver is not None else {}
        text = mask(text, election, parent_text=post.parent_text, **extra)
        if parent:
            parent = mask(parent, election, **extra)
    text = text[: options.max_chars]
    if parent:
        text = f"{text}{CONTEXT_SEP}{parent[: options.max_chars // 2]}"
    return text


# -- the rules layer ----------------------------------------------------------------------------------------


class _MemoResolver:
    """A target resolver that remembers its last few ``normalize``/``resolve`` results.

    The rules and the target masking both normalise and resolve the same post; with this proxy the second
    call is a dictionary lookup and returns the very same objects, so outputs are unchanged.
    """

    MAX = 256

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._norm: dict[str, Any] = {}
        self._res: dict[tuple[int, int], tuple[Any, Any, Any]] = {}

    def normalize(self, text: str) -> Any:
        hit = self._norm.get(text)
        if hit is None:
            if len(self._norm) > self.MAX:
                self._norm.clear()
            hit = self._norm[text] = self._inner.normalize(text)
        return hit

    def resolve(self, norm: Any, *args: Any, parent: Any = None, **kwargs: Any) -> Any:
        if args or kwargs:
            return self._inner.resolve(norm, *args, parent=parent, **kwargs)
        key = (id(norm), id(parent))
        hit = self._res.get(key)
        if hit is None or hit[0] is not norm or hit[1] is not parent:
            if len(self._res) > self.MAX:
                self._res.clear()
            hit = self._res[key] = (norm, parent, self._inner.resolve(norm, parent=parent))
        return hit[2]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class RulesLayer:
    """The config-driven rules for one election: predictions (targets, evidence, flags) and features."""

    def __init__(self, election: ElectionConfig) -> None:
        from pipeline.classify.rules import RulesClassifier

        class _AnalyseOnce(RulesClassifier):
            # predict_one() and features() both analyse the post: remember the last analysis so each post
            # is analysed once (the cheap stage's main cost)
            _last: tuple[object, object] = (None, None)

            def analyse(self, post):
                if self._last[0] is post:
                    return self._last[1]
                result = super().analyse(post)
                self._last = (post, result)
                return result

        self.election = election
        self.rules = _AnalyseOnce(election)
        # a duck-typed proxy of the resolver (same methods, memoised)
        self.rules.resolver = self.resolver = _MemoResolver(self.rules.resolver)  # type: ignore[assignment]

    def run(self, posts: Sequence[Post]) -> tuple[list[Prediction], list[dict[str, float]]]:
        preds = [self.rules.predict_one(p) for p in posts]
        feats = [self.rules.features(p) for p in posts]
        return preds, feats


def rules_available() -> bool:
    try:
        from pipeline.classify.rules import RulesClassifier  # noqa: F401
    except ImportError:
        return False
    return True


def rules_score_matrix(preds: Sequence[Prediction]):
    """The rules' own scores as a ``(n, len(HEADS))`` probability matrix (missing labels score 0)."""
    import numpy as np

    out = np.zeros((len(preds), len(HEADS)))
    for i, pred in enumerate(preds):
        out[i, 0] = pred.partisan_score
        for label, score in pred.scores.items():
            if label in HEAD_INDEX:
                out[i, HEAD_INDEX[label]] = score
        for label in pred.labels:  # a label the rules assign but did not score counts as certain
            if label in HEAD_INDEX and label not in pred.scores:
                out[i, HEAD_INDEX[label]] = 1.0
    return out


@dataclass
class Batch:
    """Posts ready for a model. ``y`` is the gold ``(n, len(HEADS))`` 0/1 matrix when known."""

    posts: list[Post]
    elections: list[ElectionConfig]
    texts: list[str]
    rule_preds: list[Prediction] | None = None
    rule_feats: list[dict[str, float]] | None = None
    y: Any = None
    records: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.posts)

    def subset(self, index: Sequence[int]) -> Batch:
        pick = list(index)
        return Batch(
            posts=[self.posts[i] for i in pick],
            elections=[self.elections[i] for i in pick],
            texts=[self.texts[i] for i in pick],
            rule_preds=None if self.rule_preds is None else [self.rule_preds[i] for i in pick],
            rule_feats=None if self.rule_feats is None else [self.rule_feats[i] for i in pick],
            y=None if self.y is None else self.y[pick],
            records=[self.records[i] for i in pick] if self.records else [],
        )


def make_batch(
    posts: Sequence[Post],
    elections: Sequence[ElectionConfig],
    *,
    options: InputOptions,
    use_rules: bool,
    labels: Sequence[Sequence[str]] | None = None,
    rules_cache: dict[str, RulesLayer] | None = None,
) -> Batch:
    """Build a :class:`Batch`; ``rules_cache`` keeps one compiled rules layer per election id."""
    rule_preds = rule_feats = None
    texts = []
    if use_rules:
        cache = {} if rules_cache is None else rules_cache
        rule_preds, rule_feats = [], []
        for post, election in zip(posts, elections, strict=True):
            key = election.election.id
            if key not in cache:  # one compiled rules layer per election
                cache[key] = RulesLayer(election)
            layer = cache[key]
            preds, feats = layer.run([post])
            rule_preds.extend(preds)
            rule_feats.extend(feats)
            # right after the rules: the masking reuses their normalisation and resolution of this post
            texts.append(model_input(post, election, options, resolver=layer.resolver))
    else:
        texts = [model_input(p, e, options) for p, e in zip(posts, elections, strict=True)]
    y = label_matrix(labels) if labels is not None else None
    return Batch(list(posts), list(elections), texts, rule_preds, rule_feats, y)


def label_matrix(labels: Iterable[Sequence[str]]):
    """Gold labels -> ``(n, len(HEADS))`` 0/1 matrix; column 0 is 1 when any partisan label is present."""
    import numpy as np

    rows = []
    for labs in labels:
        row = np.zeros(len(HEADS))
        for label in labs:
            if label in HEAD_INDEX:
                row[HEAD_INDEX[label]] = 1.0
        row[0] = float(any(label in PARTISAN_LABELS for label in labs))
        rows.append(row)
    return np.array(rows).reshape(-1, len(HEADS))


# -- calibration and thresholds -----------------------------------------------------------------------------


def _logit(p):
    import numpy as np

    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def _sigmoid(z):
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


class HeadCalibration(BaseModel):
    """Maps one head's raw score (and optionally the rules' score) to a probability.

    ``platt``: p = sigmoid(coef[0] * raw + coef[1] * logit(rules) + intercept). ``isotonic`` then maps that
    value through the step function (x, y) fitted on dev. ``none`` is sigmoid(raw).
    """

    method: Literal["platt", "isotonic", "none"] = "platt"
    coef: list[float] = Field(default_factory=lambda: [1.0])
    intercept: float = 0.0
    x: list[float] = Field(default_factory=list)
    y: list[float] = Field(default_factory=list)

    def z(self, raw, rules=None):
        z = self.coef[0] * raw + self.intercept
        if len(self.coef) > 1 and rules is not None:
            z = z + self.coef[1] * _logit(rules)
        return z

    def apply(self, raw, rules=None):
        import numpy as np

        if self.method == "none":
            return _sigmoid(raw)
        p = _sigmoid(self.z(raw, rules))
        if self.method == "isotonic" and self.x:
            p = np.interp(p, self.x, self.y)
        return p


def fit_calibration(
    raw, y, *, rules=None, method: Literal["platt", "isotonic", "none"] = "platt"
) -> HeadCalibration:
    """Fit one head's calibration on dev: ``raw`` (n,), gold ``y`` (n,) 0/1, ``rules`` (n,) probabilities."""
    import numpy as np

    if method == "none" or len(np.unique(y)) < 2:
        # a head with one class on dev cannot be calibrated: keep the raw sigmoid
        return HeadCalibration(method="none")
    from sklearn.linear_model import LogisticRegression

    cols = [raw] if rules is None else [raw, _logit(rules)]
    X = np.column_stack(cols)
    lr = LogisticRegression(C=10.0, max_iter=1000)
    lr.fit(X, y)
    cal = HeadCalibration(
        method="platt", coef=[float(c) for c in lr.coef_[0]], intercept=float(lr.intercept_[0])
    )
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        p = cal.apply(raw, rules)
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(p, y)
        cal = cal.model_copy(
            update={
                "method": "isotonic",
                "x": [float(v) for v in iso.X_thresholds_],
                "y": [float(v) for v in iso.y_thresholds_],
            }
        )
    return cal


class ThresholdPolicy(BaseModel):
    """How the partisan decision threshold is chosen on dev.

    ``precision``: the threshold with the highest recall whose dev precision is at least ``precision`` (falls
    back to the best-F1 threshold when no threshold reaches it); ``f1``: the best-F1 threshold; ``fixed``:
    ``value``. Label thresholds (which partisan labels a partisan post gets) are always best-F1 on dev.
    """

    mode: Literal["precision", "f1", "fixed"] = "precision"
    precision: float = Field(default=0.9, gt=0.0, le=1.0)
    value: float = Field(default=0.5, ge=0.0, le=1.0)


def best_f1_threshold(p, y) -> float:
    import numpy as np

    if y.sum() == 0:
        return 0.5
    order = np.argsort(-p)
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    f1 = 2 * tp / (tp + fp + ys.sum())
    # only cut between distinct scores
    valid = np.r_[ps[1:] < ps[:-1], True]
    i = int(np.argmax(np.where(valid, f1, -1)))
    return _midpoint(ps, i)


def _midpoint(ps, i: int) -> float:
    """A threshold that keeps items 0..i (scores sorted descending) and drops the rest."""
    if i + 1 < len(ps):
        return float((ps[i] + ps[i + 1]) / 2)
    return float(max(ps[i] - 1e-6, 0.0))


def precision_threshold(p, y, precision: float) -> float | None:
    """Lowest threshold (highest recall) whose precision on (p, y) is at least ``precision``; None if none."""
    import numpy as np

    if y.sum() == 0:
        return None
    order = np.argsort(-p)
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    prec = tp / np.arange(1, len(ys) + 1)
    valid = np.r_[ps[1:] < ps[:-1], True] & (prec >= precision)
    if not valid.any():
        return None
    i = int(np.flatnonzero(valid)[-1])
    return _midpoint(ps, i)


class Decision(BaseModel):
    """Calibrations and thresholds for every head; JSON in the model card (no pickle)."""

    heads: list[str] = Field(default_factory=lambda: list(HEADS))
    calibration: dict[str, HeadCalibration] = Field(default_factory=dict)
    thresholds: dict[str, float] = Field(default_factory=dict)
    rules_ensemble: bool = False

    def probabilities(self, raw, rules=None):
        """Calibrated ``(n, len(HEADS))`` probabilities from raw scores (and the rules' scores)."""
        import numpy as np

        out = np.zeros_like(raw, dtype=float)
        for j, head in enumerate(HEADS):
            cal = self.calibration.get(head, HeadCalibration(method="none"))
            r = rules[:, j] if (self.rules_ensemble and rules is not None) else None
            out[:, j] = cal.apply(raw[:, j], r)
        return out

    def decide(self, probs) -> list[tuple[list[str], float, dict[str, float]]]:
        """Per row: (labels, partisan_score, label scores). Partisan when P(partisan) >= its threshold."""
        results = []
        t_partisan = self.thresholds.get(PARTISAN, 0.5)
        for row in probs:
            p = float(row[0])
            scores = {label: round(float(row[HEAD_INDEX[label]]), 4) for label in ALL_LABELS}
            if p >= t_partisan:
                labels = [
                    label
                    for label in PARTISAN_LABELS
                    if row[HEAD_INDEX[label]] >= self.thresholds.get(label, 0.5)
                ]
                if not labels:
                    labels = [max(PARTISAN_LABELS, key=lambda label: row[HEAD_INDEX[label]])]
            else:
                labels = [max(NEUTRAL_LABELS, key=lambda label: row[HEAD_INDEX[label]])]
            results.append((labels, round(p, 4), scores))
        return results


def fit_decision(
    raw,
    y,
    *,
    rules=None,
    method: Literal["platt", "isotonic", "none"] = "platt",
    policy: ThresholdPolicy | None = None,
) -> Decision:
    """Fit calibration and thresholds on dev. ``raw`` and ``y``: ``(n, len(HEADS))``; ``rules`` likewise or None."""
    policy = policy or ThresholdPolicy()
    decision = Decision(rules_ensemble=rules is not None)
    for j, head in enumerate(HEADS):
        r = rules[:, j] if rules is not None else None
        decision.calibration[head] = fit_calibration(raw[:, j], y[:, j], rules=r, method=method)
    probs = decision.probabilities(raw, rules)
    p, yp = probs[:, 0], y[:, 0]
    if policy.mode == "fixed":
        t = policy.value
    elif policy.mode == "precision":
        at_precision = precision_threshold(p, yp, policy.precision)
        t = at_precision if at_precision is not None else best_f1_threshold(p, yp)
    else:
        t = best_f1_threshold(p, yp)
    decision.thresholds[PARTISAN] = round(float(t), 6)
    partisan_rows = yp == 1
    for label in PARTISAN_LABELS:
        j = HEAD_INDEX[label]
        if partisan_rows.sum() and y[partisan_rows, j].sum():
            decision.thresholds[label] = round(
                best_f1_threshold(probs[partisan_rows, j], y[partisan_rows, j]), 6
            )
        else:
            decision.thresholds[label] = 0.5
    return decision


# -- the classifier ------------------------------------------------------------------------------------------


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
    X: Any, Y: Any, *, C: float, class_weight: Any, solver: str, max_iter: int, seed: int
) -> list:
    """One logistic regression per column of ``Y`` (``(n_posts, len(HEADS))``, 0/1) on features ``X``; a head
    whose column has one class only is that constant (a float), scored +8 / -8 by :func:`linear_head_scores`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    heads: list = []
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


def linear_head_scores(heads: Sequence[Any], X: Any):
    """Raw scores ``(n_posts, len(HEADS))`` of :func:`fit_linear_heads` heads on the feature matrix ``X``."""
    import numpy as np

    out = np.zeros((X.shape[0], len(HEADS)))
    for j, head in enumerate(heads):
        out[:, j] = head.decision_function(X) if not isinstance(head, float) else (8.0 if head else -8.0)
    return out


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
        return joblib.load(path)
    # a damaged pickle fails with almost any exception type (KeyError, UnpicklingError, ...)
    except Exception as exc:
        raise ModelError(f"{path}: unreadable ({type(exc).__name__}: {exc})") from None


class LinearHeadsClassifier:
    """``raw_scores`` for backends that are linear heads over a feature matrix (``self._matrix(batch)``), and
    the rules layer's feature columns such a matrix may include (fitted on train, kept in the model card)."""

    heads: list
    card: dict[str, Any]
    rule_space: RuleFeatureSpace | None = None

    def _rule_columns(self, batch: Batch, *, fit: bool):
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

    def raw_scores(self, batch: Batch):
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
    def raw_scores(self, batch: Batch):
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
            from pipeline.classify.stance_train import ARTIFACT

            dump_artifact({"model": self.stance}, path / ARTIFACT)

    def add_stance(self, batch: Batch, *, cache: dict | None = None) -> Batch:
        """``batch`` with the stance model's ``stance.*`` features joined to its rule features (``batch``
        itself when the model has no stance model). ``cache`` memoises by batch identity while training."""
        if self.stance is None:
            return batch
        from pipeline.classify.stance_train import stance_batch

        if cache is None:
            return stance_batch(self.stance, batch)
        key = ("stance-batch", id(batch), id(self.stance))
        if key not in cache:
            cache[key] = (batch, stance_batch(self.stance, batch))  # keeps batch alive: its id stays unique
        return cache[key][1]

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
            from pipeline.classify.stance_train import ARTIFACT

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

    def probabilities(self, batch: Batch):
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


def read_card(path: Path) -> dict[str, Any]:
    from pipeline.classify.base import CARD

    try:
        return json.loads((Path(path) / CARD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: not a model directory (no {CARD})") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{Path(path) / CARD}: unreadable model card ({exc})") from None


def finite(value: float) -> float | None:
    """JSON-safe float (NaN/inf -> None)."""
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None


class RuleFeatureSpace(BaseModel):
    """The rules layer's features as a fixed, named column order (fitted on train, stored in the card)."""

    names: list[str] = Field(default_factory=list)
    scale: list[float] = Field(default_factory=list)  # max |value| on train, so columns are in [-1, 1]

    @classmethod
    def fit(cls, feats: Sequence[dict[str, float]]) -> RuleFeatureSpace:
        names = sorted({k for f in feats for k in f})
        scale = []
        for name in names:
            top = max((abs(float(f.get(name, 0.0))) for f in feats), default=0.0)
            scale.append(top if top > 0 else 1.0)
        return cls(names=names, scale=scale)

    def transform(self, feats: Sequence[dict[str, float]]):
        """``(n, len(names))`` float matrix; unknown feature names are ignored, missing ones are 0."""
        import numpy as np

        out = np.zeros((len(feats), len(self.names)))
        index = {name: j for j, name in enumerate(self.names)}
        for i, f in enumerate(feats):
            for k, v in f.items():
                j = index.get(k)
                if j is not None:
                    out[i, j] = float(v) / self.scale[j]
        return np.clip(out, -1.0, 1.0)
