"""General Indonesian sentiment (IndoNLU SmSA + NusaX-senti), as a signal for the stance model.

Reviews and comments are not election posts, but "mantap, kerjanya nyata" and "cuma omong doang" carry the
same polarity words. A small TF-IDF logistic regression learns them; :class:`SentimentModel` scores a text as
``P(positive) - P(negative)`` in [-1, 1]. Trained in seconds from ``../shared/datasets/general-sentiment``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.classify.datasets_public import datasets_dir, require_dataset

if TYPE_CHECKING:
    from pipeline.classify.inputs import FloatArray

__all__ = ["SentimentModel", "iter_sentiment_examples"]

LABELS = ("negative", "neutral", "positive")


def iter_sentiment_examples(root: Path | None = None) -> Iterator[tuple[str, str]]:
    """``(text, label)`` of the SmSA and NusaX-senti (Indonesian) train splits; label in :data:`LABELS`."""
    base = (root or datasets_dir()) / "general-sentiment"
    smsa = require_dataset(base / "indonlu-smsa" / "train_preprocess.tsv")
    with smsa.open(encoding="utf-8") as fh:
        for line in fh:
            text, _, label = line.rstrip("\n").rpartition("\t")
            if text and label in LABELS:
                yield text, label
    nusax = require_dataset(base / "nusax-senti-indonesian" / "train.csv")
    with nusax.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("text") and row.get("label") in LABELS:
                yield row["text"], row["label"]


class SentimentModel:
    """Word and character n-gram logistic regression over :data:`LABELS`."""

    def __init__(self) -> None:
        self.vectorizer: Any = None
        self.model: Any = None

    def fit(self, examples: Sequence[tuple[str, str]], *, seed: int = 0) -> SentimentModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts = [t.lower() for t, _ in examples]
        y = [LABELS.index(label) for _, label in examples]
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True, max_features=60_000
        )
        X = self.vectorizer.fit_transform(texts)
        self.model = LogisticRegression(C=2.0, max_iter=1000, random_state=seed).fit(X, y)
        return self

    def polarity(self, texts: Sequence[str]) -> FloatArray:
        """``(len(texts),)`` array of ``P(positive) - P(negative)``."""
        import numpy as np

        if not texts:
            return np.zeros(0)
        p: FloatArray = self.model.predict_proba(self.vectorizer.transform([t.lower() for t in texts]))
        return p[:, LABELS.index("positive")] - p[:, LABELS.index("negative")]
