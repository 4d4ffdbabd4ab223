"""Fine-tuning any Hugging Face encoder (the converted e5, IndoBERT where a user has it) with ``Trainer``.

One multi-label head (``problem_type="multi_label_classification"``, BCE loss) with a column per
:data:`pipeline.classify.trained.HEADS`. The fine-tuned encoder and its tokenizer are saved in ``<model>/encoder``
(an ordinary Hugging Face directory). Rules can join as an ensemble member (``rules: ensemble``) through the dev
calibration; rule *features* need a linear backend (tfidf or e5).

Slow on CPU: the e5-small encoder trains at about 6 examples/s (batch 8, 64 tokens) on 2 cores, so this backend
is for research runs and for machines with a GPU, not for ``make install``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from pipeline.classify.inputs import HEADS, Batch
from pipeline.classify.trained import TrainedClassifier
from pipeline.errors import ModelError

if TYPE_CHECKING:
    from pipeline.classify.inputs import FloatArray

ENCODER_SUBDIR = "encoder"


class FinetuneOptions(BaseModel):
    """``finetune:`` in a training config."""

    encoder: str = "e5-small"
    prefix: str = "query: "
    max_length: int = Field(default=96, ge=8, le=512)
    epochs: float = Field(default=3.0, gt=0)
    learning_rate: float = Field(default=5e-5, gt=0)
    batch_size: int = Field(default=16, ge=1)
    weight_decay: float = Field(default=0.01, ge=0)
    warmup_ratio: float = Field(default=0.1, ge=0, le=1)
    eval_batch_size: int = Field(default=64, ge=1)
    max_steps: int = Field(default=-1)  # > 0 caps training (smoke runs)


class _Dataset:
    """A torch-style dataset over tokenised texts and 0/1 targets."""

    def __init__(self, encodings: dict[str, Any], labels: Any | None) -> None:
        self.encodings, self.labels = encodings, labels

    def __len__(self) -> int:
        return len(self.encodings["input_ids"])

    def __getitem__(self, i: int) -> dict[str, Any]:
        import torch

        item = {k: torch.tensor(v[i]) for k, v in self.encodings.items()}
        if self.labels is not None:
            item["labels"] = torch.tensor(self.labels[i], dtype=torch.float32)
        return item


class FinetuneClassifier(TrainedClassifier):
    backend = "finetune"

    def __init__(self, *, card: dict[str, Any], options: FinetuneOptions | None = None, **kw: Any) -> None:
        super().__init__(card=card, **kw)
        self.options = options or FinetuneOptions.model_validate(card.get("finetune", {}))
        self.model: Any = None  # transformers objects, imported lazily
        self.tokenizer: Any = None

    def _tokenize(self, texts: list[str]) -> dict[str, Any]:
        enc = self.tokenizer(
            [self.options.prefix + t for t in texts], truncation=True, max_length=self.options.max_length
        )
        return {k: v for k, v in enc.items() if k in ("input_ids", "attention_mask", "token_type_ids")}

    def fit(self, batch: Batch, *, seed: int = 0, work_dir: Path | None = None) -> FinetuneClassifier:
        import tempfile

        try:
            import accelerate  # noqa: F401  (Trainer needs it in transformers 5)
            from transformers import (
                AutoModelForSequenceClassification,
                AutoTokenizer,
                DataCollatorWithPadding,
                Trainer,
                TrainingArguments,
                set_seed,
            )
        except ImportError as exc:
            raise ModelError(f"fine-tuning needs transformers and accelerate ({exc})") from None
        from pipeline.classify.e5 import resolve_encoder

        if self.uses_rule_features:
            raise ModelError("finetune: rule features need a linear backend; use rules: ensemble or none")
        o = self.options
        set_seed(seed)
        directory = resolve_encoder(o.encoder)
        self.tokenizer = AutoTokenizer.from_pretrained(directory)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            directory,
            num_labels=len(HEADS),
            problem_type="multi_label_classification",
            id2label=dict(enumerate(HEADS)),
            label2id={h: i for i, h in enumerate(HEADS)},
        )
        data = _Dataset(self._tokenize(batch.texts), batch.y.astype("float32"))
        with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
            args = TrainingArguments(
                output_dir=tmp,
                num_train_epochs=o.epochs,
                max_steps=o.max_steps,
                learning_rate=o.learning_rate,
                per_device_train_batch_size=o.batch_size,
                weight_decay=o.weight_decay,
                # transformers 5 reads a float below 1 as a ratio of the training steps (warmup_ratio is gone)
                warmup_steps=o.warmup_ratio if o.warmup_ratio < 1 else 0,
                save_strategy="no",
                report_to=[],
                logging_strategy="no",
                seed=seed,
                use_cpu=True,
                disable_tqdm=True,
                dataloader_num_workers=0,
            )
            trainer = Trainer(
                model=self.model,
                args=args,
                train_dataset=data,
                data_collator=DataCollatorWithPadding(self.tokenizer),
            )
            trainer.train()
        self.model.eval()
        return self

    def raw_scores(self, batch: Batch) -> FloatArray:
        import numpy as np
        import torch

        out = np.zeros((len(batch), len(HEADS)))
        if not len(batch):
            return out
        texts = batch.texts
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = self.options.eval_batch_size
        with torch.inference_mode():
            for start in range(0, len(order), step):
                idx = order[start : start + step]
                enc = self.tokenizer(
                    [self.options.prefix + texts[i] for i in idx],
                    truncation=True,
                    max_length=self.options.max_length,
                    padding=True,
                    return_tensors="pt",
                )
                logits = self.model(**enc).logits
                out[idx] = logits.float().numpy()
        return out

    def save_artifacts(self, path: Path) -> None:
        target = path / ENCODER_SUBDIR
        self.model.save_pretrained(target)
        self.tokenizer.save_pretrained(target)

    @classmethod
    def _load(cls, path: Path, card: dict[str, Any]) -> FinetuneClassifier:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        model = cls(card=card)
        target = path / ENCODER_SUBDIR
        try:
            model.tokenizer = AutoTokenizer.from_pretrained(target)
            model.model = AutoModelForSequenceClassification.from_pretrained(target).eval()
        except (OSError, ValueError) as exc:
            raise ModelError(f"{target}: cannot load the fine-tuned encoder ({exc})") from None
        return model
