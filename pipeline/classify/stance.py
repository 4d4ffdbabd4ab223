"""Target-conditioned stance: for each candidate a post names, is the author for, against, or neither?

The trained backends read a post with its targets masked (``[CALON_2] pasti menang``). The stance model reads
one *view* per candidate named: that candidate's placeholders become ``[T_CALON]``, the others' ``[O_CALON]``,
so "beliau tegas, pas buat mimpin kota kita" and "halah, rajin ke pasar cuma pas musim pilkada" are learned
as stance towards a target rather than as one contest's names. A post that names nobody gets one view, number
0 ("whoever this is about").

Features of a view: word 1-2-grams of the conditioned text, character 2-5-grams of the words around the target
(:data:`WINDOW` tokens each side), the general-sentiment polarity (:mod:`pipeline.classify.sentiment`) of that
window and of the whole post, and the clearing frames (:mod:`pipeline.text.frames`). One multinomial logistic
regression over :data:`STANCES`.

For the post-level heads the views are folded into features (:meth:`StanceModel.post_features`):
``stance.for`` / ``stance.against`` (the highest probability over views), ``stance.taken`` (1 - the lowest
P(none)) and ``stance.named``. Training rows get these out of fold (:func:`crossfit_features`), so the heads
never see a stance model's verdict on a post it was fitted on.

Partisan, for the heads that read these features, is a stance towards a target or a campaign act (calls,
symbols, campaign roles, abuse of office, party affiliation: the rules layer's features).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.classify.base import CONTEXT_SEP
from pipeline.classify.post_text import classified_text
from pipeline.labels import PARTISAN_LABELS
from pipeline.text.frames import FRAME_NAMES, detect_frames

if TYPE_CHECKING:
    from pipeline.classify.inputs import Batch, FloatArray
    from pipeline.classify.sentiment import SentimentModel

__all__ = [
    "STANCES",
    "StanceExample",
    "StanceModel",
    "StanceOptions",
    "TargetView",
    "crossfit_features",
    "target_views",
    "view_stance",
]

STANCES = ("none", "for", "against")
WINDOW = 8  # tokens each side of a target placeholder
WEAK_WEIGHT = 0.5  # sample weight of a weak (sentiment-derived) training view
PLACEHOLDER = re.compile(r"\[(CALON|NOMOR|TAGAR|SLOGAN|PARTAI|WARNA|ANTI)_(\d+)\]")
TARGET_TOKEN = re.compile(r"\[T_[A-Z]+\]")
# Labels that take a candidate's side without attacking: a post with one of these and no SERANGAN is "for".
SIDING = frozenset(PARTISAN_LABELS) - {"SERANGAN"}


class StanceOptions(BaseModel):
    """``stance:`` in a training config."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    # weak labels: sentiment towards a named candidate -> for / against ("pilkada-dki-2017"; "pilpres2019" is
    # the real-register test source: only for the ablation, never for a model whose real-test figure is read)
    weak: list[str] = Field(default_factory=lambda: ["pilkada-dki-2017"])
    sentiment: bool = True  # the SmSA + NusaX polarity features
    C: float = Field(default=2.0, gt=0)
    folds: int = Field(default=5, ge=2)


@dataclass(frozen=True)
class TargetView:
    """One candidate's view of a post: ``text`` with that candidate as ``[T_*]``, ``window`` around it."""

    number: int
    text: str
    window: str


@dataclass(frozen=True)
class StanceExample:
    view: TargetView
    frames: tuple[str, ...]
    stance: str  # one of STANCES
    weight: float = 1.0
    group: str = ""  # the post's id: cross-fitting keeps a post's views in one fold


def target_views(model_input: str) -> list[TargetView]:
    """The views of one model input (masked post, optionally ``CONTEXT_SEP`` + masked parent).

    One view per candidate number in the post's own text, else one per number in the parent, else number 0.
    """
    own = model_input.split(CONTEXT_SEP, 1)[0]
    numbers = sorted({int(m.group(2)) for m in PLACEHOLDER.finditer(own)})
    if not numbers:
        numbers = sorted({int(m.group(2)) for m in PLACEHOLDER.finditer(model_input)})
    if not numbers:
        return [TargetView(0, model_input, own)]
    views = []
    for n in numbers:

        def tag(m: re.Match[str], n: int = n) -> str:
            return f"[{'T' if int(m.group(2)) == n else 'O'}_{m.group(1)}]"

        text = PLACEHOLDER.sub(tag, model_input)
        views.append(TargetView(n, text, _window(text.split(CONTEXT_SEP, 1)[0])))
    return views


def _window(own: str) -> str:
    tokens = own.split()
    keep: set[int] = set()
    for i, tok in enumerate(tokens):
        if TARGET_TOKEN.search(tok):
            keep.update(range(max(0, i - WINDOW), min(len(tokens), i + WINDOW + 1)))
    return " ".join(tokens[i] for i in sorted(keep)) if keep else own


def view_stance(labels: Sequence[str], targets: Sequence[int], number: int) -> str | None:
    """The gold stance of a view from a post's labels and targets; None when it cannot be told.

    Not partisan -> none. A candidate outside the targets of a partisan post -> none. Otherwise SERANGAN
    alone -> against, a siding label without SERANGAN -> for, both -> None (which side is whose is unknown).
    A number-0 view (nobody named) takes the post's side the same way.
    """
    if not any(label in PARTISAN_LABELS for label in labels):
        return "none"
    if number and number not in targets:
        return "none"
    attack = "SERANGAN" in labels
    siding = any(label in SIDING for label in labels if label != "AJAKAN") or (
        "AJAKAN" in labels and not attack
    )
    if attack and not siding:
        return "against"
    if siding and not attack:
        return "for"
    return None


def examples_from_batch(batch: Batch) -> list[StanceExample]:
    """Gold views of a labelled batch (``batch.records`` carry labels and targets)."""
    out = []
    for post, text, record in zip(batch.posts, batch.texts, batch.records, strict=True):
        frames = tuple(sorted(detect_frames(classified_text(post)).names))
        for view in target_views(text):
            stance = view_stance(record.get("labels") or [], record.get("targets") or [], view.number)
            if stance is not None:
                out.append(StanceExample(view, frames, stance, group=str(post.id)))
    return out


class StanceModel:
    """The fitted stance model; see the module docstring."""

    def __init__(self, options: StanceOptions | None = None) -> None:
        self.options = options or StanceOptions(enabled=True)
        self.sentiment: SentimentModel | None = None
        self.word: Any = None
        self.char: Any = None
        self.model: Any = None
        self.summary: dict[str, Any] = {}

    # -- features
    def _dense(self, views: Sequence[TargetView], frames: Sequence[Sequence[str]]) -> FloatArray:
        import numpy as np

        cols = [[float(v.number == 0)] for v in views]
        for row, fr in zip(cols, frames, strict=True):
            row.extend(float(name in fr) for name in FRAME_NAMES)
        out = np.asarray(cols, dtype=float)
        if self.sentiment is not None:
            windows = self.sentiment.polarity([v.window for v in views])
            whole = self.sentiment.polarity([v.text.split(CONTEXT_SEP, 1)[0] for v in views])
            out = np.hstack([out, windows[:, None], whole[:, None]])
        return out

    def _matrix(
        self, views: Sequence[TargetView], frames: Sequence[Sequence[str]], *, fit: bool = False
    ) -> Any:
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [v.text.lower() for v in views]
        windows = [v.window.lower() for v in views]
        if fit:
            self.word = TfidfVectorizer(
                ngram_range=(1, 2),
                min_df=2,
                sublinear_tf=True,
                token_pattern=r"(?u)\[[a-z_0-9]+\]|#?\w+",
                max_features=150_000,
            )
            self.char = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=150_000
            )
            parts = [self.word.fit_transform(texts), self.char.fit_transform(windows)]
        else:
            parts = [self.word.transform(texts), self.char.transform(windows)]
        parts.append(sp.csr_matrix(self._dense(views, frames)))
        return sp.hstack(parts).tocsr()

    # -- fitting and scoring
    def fit(
        self, examples: Sequence[StanceExample], *, sentiment: SentimentModel | None = None, seed: int = 0
    ) -> StanceModel:
        """Fit on ``examples``; ``sentiment`` is a fitted :class:`SentimentModel` (required when the options
        ask for sentiment features)."""
        from collections import Counter

        from sklearn.linear_model import LogisticRegression

        if self.options.sentiment and sentiment is None:
            raise ValueError("stance options ask for sentiment features: pass a fitted SentimentModel")
        self.sentiment = sentiment if self.options.sentiment else None
        X = self._matrix([e.view for e in examples], [e.frames for e in examples], fit=True)
        y = [STANCES.index(e.stance) for e in examples]
        self.model = LogisticRegression(
            C=self.options.C, class_weight="balanced", max_iter=3000, random_state=seed
        )
        self.model.fit(X, y, sample_weight=[e.weight for e in examples])
        self.summary = {
            "views": len(examples),
            "by_stance": dict(Counter(e.stance for e in examples)),
            "weak_views": sum(e.weight < 1.0 for e in examples),
        }
        return self

    def view_probabilities(self, views: Sequence[TargetView], frames: Sequence[Sequence[str]]) -> FloatArray:
        """``(len(views), 3)`` probabilities in :data:`STANCES` order."""
        import numpy as np

        if not views:
            return np.zeros((0, len(STANCES)))
        p = self.model.predict_proba(self._matrix(views, frames))
        out = np.zeros((len(views), len(STANCES)))
        out[:, self.model.classes_] = p
        return out

    def post_stances(self, texts: Sequence[str], post_texts: Sequence[str]) -> list[list[tuple[int, Any]]]:
        """Per post, ``[(number, probabilities)]`` for each of its views."""
        views_of = [target_views(t) for t in texts]
        frames_of = [tuple(sorted(detect_frames(raw or "").names)) for raw in post_texts]
        flat = [v for vs in views_of for v in vs]
        flat_frames = [frames_of[i] for i, vs in enumerate(views_of) for _ in vs]
        probs = self.view_probabilities(flat, flat_frames)
        out, k = [], 0
        for vs in views_of:
            out.append([(v.number, probs[k + j]) for j, v in enumerate(vs)])
            k += len(vs)
        return out

    def post_features(self, texts: Sequence[str], post_texts: Sequence[str]) -> list[dict[str, float]]:
        """``stance.*`` features of each post (see the module docstring)."""
        return [aggregate(views) for views in self.post_stances(texts, post_texts)]


def aggregate(views: Sequence[tuple[int, Any]]) -> dict[str, float]:
    """Post-level ``stance.*`` features from ``[(number, P(none, for, against))]``."""
    if not views:
        return {}
    return {
        "stance.for": float(max(p[1] for _, p in views)),
        "stance.against": float(max(p[2] for _, p in views)),
        "stance.taken": float(1.0 - min(p[0] for _, p in views)),
        "stance.named": float(any(n for n, _ in views)),
    }


def fold_of(group: str, folds: int) -> int:
    """A stable fold number for a post id (sha256, so the folds do not depend on input order)."""
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest()[:8], 16) % folds


def crossfit_features(
    batch: Batch,
    examples: Sequence[StanceExample],
    extra: Sequence[StanceExample],
    *,
    options: StanceOptions,
    sentiment: SentimentModel | None,
    seed: int = 0,
) -> list[dict[str, float]]:
    """Out-of-fold ``stance.*`` features for the posts of ``batch`` (the heads' training rows).

    ``examples`` are the batch's own gold views (grouped by post id); ``extra`` (weak labels, other sets) are in
    every fold's training data.
    """
    feats: list[dict[str, float]] = [{} for _ in range(len(batch))]
    fold_of_post = [fold_of(str(p.id), options.folds) for p in batch.posts]
    for k in range(options.folds):
        train = [e for e in examples if fold_of(e.group, options.folds) != k] + list(extra)
        held = [i for i, f in enumerate(fold_of_post) if f == k]
        if not held:
            continue
        model = StanceModel(options).fit(train, sentiment=sentiment, seed=seed)
        got = model.post_features([batch.texts[i] for i in held], [batch.posts[i].text for i in held])
        for i, f in zip(held, got, strict=True):
            feats[i] = f
    return feats


def explain_views(model: StanceModel, model_input: str, raw_text: str) -> list[dict[str, Any]]:
    """``[{"number", "view", "none", "for", "against"}]``: each view of one post and its probabilities."""
    views = target_views(model_input)
    frames = tuple(sorted(detect_frames(raw_text or "").names))
    probs = model.view_probabilities(views, [frames] * len(views))
    return [
        {"number": v.number, "view": v.text} | {s: round(float(p[i]), 4) for i, s in enumerate(STANCES)}
        for v, p in zip(views, probs, strict=True)
    ]


ARTIFACT = "stance.joblib"


def with_stance_features(batch: Batch, feats: list[dict[str, float]]) -> Batch:
    """A copy of ``batch`` whose rule features also hold the ``stance.*`` features (``batch`` is unchanged)."""
    if batch.rule_feats is None:
        merged = [dict(f) for f in feats]
    else:
        merged = [{**r, **f} for r, f in zip(batch.rule_feats, feats, strict=True)]
    return replace(batch, rule_feats=merged)


def stance_batch(model: StanceModel, batch: Batch) -> Batch:
    """``batch`` with ``model``'s ``stance.*`` features (at prediction time, and for dev / test)."""
    return with_stance_features(batch, model.post_features(batch.texts, [p.text for p in batch.posts]))
