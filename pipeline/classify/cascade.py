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

from pipeline.classify.trained import Batch, BatchPredictor, TrainedClassifier, make_batch, read_card
from pipeline.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from pipeline.classify.train import LabelledSet, Log, TrainConfig
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post, Prediction

CHEAP, EXPENSIVE = "cheap", "expensive"
PASS_NONE = 1.01  # a gate above any partisan_score: the encoder is never called (nor loaded)


def choose_gate(
    cheap_scores: Sequence[float],
    cheap_pred: Sequence[int],
    expensive_pred: Sequence[int],
    gold: Sequence[int],
    *,
    max_recall_drop: float,
    max_pass_rate: float = 1.0,
) -> tuple[float, dict[str, Any]]:
    """The highest gate whose cascade partisan recall is within ``max_recall_drop`` of the expensive member's,
    among the gates that pass at most ``max_pass_rate`` of the posts to the expensive member (the speed budget);
    when no gate in budget reaches that recall, the lowest gate in budget.

    :data:`PASS_NONE` when the cheap stage alone is close enough.

    All arguments are per dev post: the cheap ``partisan_score``, cheap and expensive partisan decisions (0/1)
    and gold (0/1). Returns the gate and a summary (recalls, pass rate).
    """
    pos = sum(gold) or 1
    rec_exp = sum(e and g for e, g in zip(expensive_pred, gold, strict=True)) / pos
    floor = rec_exp - max_recall_drop - 1e-9
    # PASS_NONE first: when the cheap stage alone keeps recall, no post needs the encoder
    candidates = [PASS_NONE, *sorted(set(cheap_scores) | {0.0}, reverse=True)]
    n = max(len(cheap_scores), 1)
    in_budget = [g for g in candidates if sum(s >= g for s in cheap_scores) / n <= max_pass_rate + 1e-9]
    best = in_budget[-1] if in_budget else PASS_NONE
    for gate in in_budget:
        final = [
            e if s >= gate else c for s, c, e in zip(cheap_scores, cheap_pred, expensive_pred, strict=True)
        ]
        rec = sum(f and g for f, g in zip(final, gold, strict=True)) / pos
        if rec >= floor:
            best = gate
            break  # candidates run from high to low: the first that meets the floor passes the fewest posts
    final = [e if s >= best else c for s, c, e in zip(cheap_scores, cheap_pred, expensive_pred, strict=True)]
    summary: dict[str, Any] = {
        "recall_expensive": round(rec_exp, 4),
        "recall_cascade": round(sum(f and g for f, g in zip(final, gold, strict=True)) / pos, 4),
        "pass_rate": round(sum(s >= best for s in cheap_scores) / max(len(cheap_scores), 1), 4),
    }
    return float(best), summary


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
        from pipeline.classify.train import _backend_class

        path = Path(path)
        card = read_card(path)
        members = []
        for sub in (CHEAP, EXPENSIVE):
            member_card = read_card(path / sub)
            backend = member_card.get("backend")
            if backend not in ("tfidf", "e5", "finetune"):
                raise ModelError(f"{path / sub}: cascade member has unsupported backend {backend!r}")
            members.append(_backend_class(backend).load(path / sub, election=election))
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


def _member_config(config: TrainConfig, spec: str | dict[str, Any], role: str) -> TrainConfig:
    from pipeline.classify.train import load_config, parse_config

    if isinstance(spec, dict):
        member = parse_config(spec, source=f"{config.source}:cascade.{role}")
    else:
        base = Path(config.source).parent if config.source else Path.cwd()
        path = Path(spec) if Path(spec).is_absolute() or Path(spec).exists() else base / spec
        member = load_config(path)
    if member.backend == "cascade":
        raise ConfigError(f"cascade.{role}: a cascade member cannot be a cascade", path=config.source)
    # members read the cascade's corpus, so the gate is set on the same dev split
    return member.model_copy(update={"data": config.data, "seed": config.seed})


def train_cascade(
    config: TrainConfig,
    *,
    data: dict[str, LabelledSet],
    posts_path: Path,
    output: Path,
    log: Log,
    evaluate_test: bool,
    started: float,
) -> Path:
    """Train both members, set the gate on dev, save ``output`` with ``cheap/`` and ``expensive/``."""
    from pipeline.classify.evaluate import compute_metrics
    from pipeline.classify.train import base_card, fit_model, prepared_batch
    from pipeline.labels import is_partisan

    assert config.cascade is not None
    members = {}
    member_metrics = {}
    batches: dict[tuple[str, str], Any] = {}
    for role, spec in ((CHEAP, config.cascade.cheap), (EXPENSIVE, config.cascade.expensive)):
        member_cfg = _member_config(config, spec, role)
        log(f"cascade {role}: {member_cfg.backend} ({member_cfg.name})")
        model, metrics = fit_model(member_cfg, data, log=log, evaluate_test=evaluate_test, batches=batches)
        model.card.update(base_card(member_cfg, posts_path=posts_path, data=data, started=started))
        model.card["metrics"] = metrics
        members[role] = model
        member_metrics[role] = metrics
    cheap, expensive = members[CHEAP], members[EXPENSIVE]

    def batch_of(split: str, options=None):
        return prepared_batch(data, split, options or cheap.inputs, batches)

    if hasattr(expensive, "use_cache"):
        expensive.use_cache = True  # dev/test embeddings were cached while fitting
    dev = cheap.add_stance(batch_of("dev"), cache=batches)
    cheap_dev = cheap.predict_batch(dev)
    exp_dev = expensive.predict_batch(expensive.add_stance(batch_of("dev", expensive.inputs), cache=batches))
    # the gate is set on the posts gate_on names: the dev split, or the real-register tune posts (issue 12)
    gate_records, gate_cheap, gate_exp = dev.records, cheap_dev, exp_dev
    if config.cascade.gate_on == "real_dev":
        if "real_tune" not in data:
            raise ConfigError("cascade.gate_on: real_dev needs data.real_register: true", path=config.source)
        real = cheap.add_stance(batch_of("real_tune"), cache=batches)
        gate_records, gate_cheap = real.records, cheap.predict_batch(real)
        real_exp = expensive.add_stance(batch_of("real_tune", expensive.inputs), cache=batches)
        gate_exp = expensive.predict_batch(real_exp)
    gate, summary = choose_gate(
        [p.partisan_score for p in gate_cheap],
        [int(is_partisan(p.labels)) for p in gate_cheap],
        [int(is_partisan(p.labels)) for p in gate_exp],
        [int(is_partisan(r["labels"])) for r in gate_records],
        max_recall_drop=config.cascade.max_recall_drop,
        max_pass_rate=config.cascade.max_pass_rate,
    )
    on = gate_records
    summary["posts"] = len(on)
    summary["on"] = config.cascade.gate_on
    log(
        f"gate {gate:.4f} on {config.cascade.gate_on} ({len(on)} posts): pass rate {summary['pass_rate']:.1%}, partisan recall "
        f"{summary['recall_cascade']:.3f} (expensive alone {summary['recall_expensive']:.3f})"
    )
    card = base_card(config, posts_path=posts_path, data=data, started=started) | {
        "gate": gate,
        "gate_dev": summary,
    }
    cascade = CascadeClassifier(card=card, cheap=cheap, expensive=expensive, gate=gate)
    metrics = {"dev": compute_metrics(dev.records, cascade.predict_batch(dev), summary_only=True)}
    if evaluate_test and len(data["test"]):
        test = cheap.add_stance(batch_of("test"), cache=batches)
        cascade.stats = {"posts": 0, "passed": 0}
        metrics["test"] = compute_metrics(test.records, cascade.predict_batch(test), summary_only=True)
        metrics["test"]["pass_rate"] = round(cascade.stats["passed"] / max(cascade.stats["posts"], 1), 4)
        log(
            f"test: partisan F1 {metrics['test']['partisan']['f1']:.3f}, macro-F1 {metrics['test']['macro_f1']:.3f}, "
            f"pass rate {metrics['test']['pass_rate']:.1%}"
        )
    if hasattr(expensive, "use_cache"):
        expensive.use_cache = False
    card["metrics"] = metrics
    card["members"] = {
        role: {"backend": m.backend, "name": m.name, "metrics": member_metrics[role]}
        for role, m in members.items()
    }
    return _save_cascade(output, card, members)


def _save_cascade(output: Path, card: dict[str, Any], members: dict[str, TrainedClassifier]) -> Path:
    import json

    from pipeline.classify.base import CARD
    from pipeline.classify.train import save_model, write_model_dir

    def write(tmp: Path) -> None:
        for role, model in members.items():
            save_model(model, tmp / role)
        (tmp / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False, default=str), encoding="utf-8")

    write_model_dir(output, write)
    return output
