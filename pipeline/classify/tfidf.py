"""TF-IDF word and character n-grams with one linear model per head (the fast backend and the cascade's
cheap stage).

Features: word 1-2-grams and ``char_wb`` 2-5-grams of the model input (targets masked, so the model learns
"coblos [NOMOR_1]" rather than one contest's names), plus, with ``rules: features``, the rules layer's features.
Heads: ``LogisticRegression`` per column of :data:`pipeline.classify.trained.HEADS` (multi-label).
The fitted vectorisers and heads are stored with joblib in ``tfidf.joblib``; load model directories you trust.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from pipeline.classify.inputs import Batch
from pipeline.classify.model_dir import dump_artifact, load_artifact
from pipeline.classify.trained import LinearHeadsClassifier, TrainedClassifier, fit_linear_heads

ARTIFACT = "tfidf.joblib"


class TfidfOptions(BaseModel):
    """Vectoriser and linear-model settings (``tfidf:`` in a training config)."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    min_df: int = Field(default=2, ge=1)
    max_features: int | None = Field(default=200_000, ge=1000)
    C: float = Field(default=4.0, gt=0)
    class_weight: str | None = "balanced"
    rules_weight: float = Field(default=1.0, ge=0.0)  # multiplies the rule-feature columns


def _lower(text: str) -> str:
    return text.lower()


class TfidfClassifier(LinearHeadsClassifier, TrainedClassifier):
    backend = "tfidf"

    def __init__(self, *, card: dict[str, Any], options: TfidfOptions | None = None, **kw: Any) -> None:
        super().__init__(card=card, **kw)
        self.options = options or TfidfOptions.model_validate(card.get("tfidf", {}))
        self.word: Any = None  # sklearn vectorisers, imported lazily
        self.char: Any = None
        self.heads: list[Any] = []  # one fitted LogisticRegression (or a constant) per head

    # -- features
    def _matrix(self, batch: Batch, *, fit: bool = False) -> Any:
        import numpy as np
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer

        o = self.options
        if fit:
            common = {"min_df": o.min_df, "sublinear_tf": True, "dtype": np.float64, "preprocessor": _lower}
            self.word = TfidfVectorizer(
                analyzer="word",
                ngram_range=o.word_ngrams,
                token_pattern=r"(?u)\[[A-Z_0-9]+\]|#?\w+|[^\w\s]",
                max_features=o.max_features,
                **common,
            )
            self.char = TfidfVectorizer(
                analyzer="char_wb", ngram_range=o.char_ngrams, max_features=o.max_features, **common
            )
            parts = [self.word.fit_transform(batch.texts), self.char.fit_transform(batch.texts)]
        else:
            parts = [self.word.transform(batch.texts), self.char.transform(batch.texts)]
        if self.uses_rule_features:
            parts.append(sp.csr_matrix(self._rule_columns(batch, fit=fit) * o.rules_weight))
        return sp.hstack(parts).tocsr()

    # -- training / scoring
    def fit(self, batch: Batch, *, seed: int = 0) -> TfidfClassifier:
        """Fit vectorisers and heads on ``batch`` (needs ``batch.y``)."""

        X = self._matrix(batch, fit=True)
        self.heads = fit_linear_heads(
            X,
            batch.y,
            C=self.options.C,
            class_weight=self.options.class_weight,
            solver="liblinear",  # fast on sparse n-grams with a few thousand rows
            max_iter=2000,
            seed=seed,
        )
        return self

    def save_artifacts(self, path: Path) -> None:
        dump_artifact({"word": self.word, "char": self.char, "heads": self.heads}, path / ARTIFACT)
        self._save_rule_space()

    @classmethod
    def _load(cls, path: Path, card: dict[str, Any]) -> TfidfClassifier:
        state = load_artifact(path / ARTIFACT)
        model = cls(card=card)
        model.word, model.char, model.heads = state["word"], state["char"], state["heads"]
        model._load_rule_space()
        return model
