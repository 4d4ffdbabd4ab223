"""What a trained model reads and predicts: the text it sees (targets masked as ``[CALON_1]`` ..., the parent
post appended as context), the rules layer's output for the same posts, and the label matrix.

- :class:`Batch`: posts, their elections, model texts and the rules layer's predictions and features;
- :data:`HEADS`: the column order of every score matrix, the binary "is partisan" head first;
- :class:`RuleFeatureSpace`: the rules' features as a fixed, named column order.

Score and label matrices are ``np.ndarray`` of shape ``(n_posts, len(HEADS))``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy as np
    import numpy.typing as npt

    from pipeline.classify.rules.analysis import Analysis
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post, Prediction

    # every score, probability and label matrix of the model layer (and its float feature matrices)
    FloatArray: TypeAlias = npt.NDArray[np.float64]

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from pydantic import BaseModel, Field

from pipeline.classify.base import CONTEXT_SEP
from pipeline.classify.post_text import classified_text
from pipeline.labels import ALL_LABELS, PARTISAN_LABELS

PARTISAN = "PARTISAN"


# Column order of every score matrix: the binary "is partisan" head first, then one head per label.
HEADS: tuple[str, ...] = (PARTISAN, *ALL_LABELS)


HEAD_INDEX = {head: i for i, head in enumerate(HEADS)}


RulesMode = Literal["none", "features", "ensemble", "both"]


class InputOptions(BaseModel):
    """How a post becomes the text a model reads."""

    mask_targets: bool = True  # candidate names/numbers/parties -> [CALON_1] [NOMOR_1] [PARTAI_1] ...
    parent: bool = True  # append the parent post (comments, replies, quotes) after CONTEXT_SEP
    max_chars: int = Field(default=1000, ge=50)  # long posts are cut: the start carries the stance


def _masker() -> Callable[..., str] | None:
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
    text = classified_text(post)
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
            _last: tuple[Post | None, Analysis | None] = (None, None)

            def analyse(self, post: Post) -> Analysis:
                if self._last[0] is post:
                    return cast("Analysis", self._last[1])
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


def rules_score_matrix(preds: Sequence[Prediction]) -> FloatArray:
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


def label_matrix(labels: Iterable[Sequence[str]]) -> FloatArray:
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

    def transform(self, feats: Sequence[dict[str, float]]) -> FloatArray:
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
