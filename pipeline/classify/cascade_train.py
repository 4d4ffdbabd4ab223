"""Training a cascade: its two members fitted on the same corpus, and the gate chosen on dev (or on the
real-register tune posts) so that partisan recall drops by at most ``max_recall_drop``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.classify.cascade import CHEAP, EXPENSIVE, PASS_NONE, CascadeClassifier
from pipeline.classify.fitting import Log
from pipeline.classify.train_config import TrainConfig
from pipeline.classify.trained import TrainedClassifier
from pipeline.classify.training_data import LabelledSet
from pipeline.errors import ConfigError


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
    from pipeline.classify.fitting import base_card, prepared_batch

    batches: dict[tuple[str, str], Any] = {}
    members, member_metrics = _fit_members(
        config, data, batches, posts_path=posts_path, log=log, evaluate_test=evaluate_test, started=started
    )
    cheap, expensive = members[CHEAP], members[EXPENSIVE]

    def batch_of(split: str, options: Any = None) -> Any:
        return prepared_batch(data, split, options or cheap.inputs, batches)

    if hasattr(expensive, "use_cache"):
        expensive.use_cache = True  # dev/test embeddings were cached while fitting
    dev = cheap.add_stance(batch_of("dev"), cache=batches)
    gate, summary = _set_gate(config, data, cheap, expensive, dev, batch_of, batches, log=log)
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


def _fit_members(
    config: TrainConfig,
    data: dict[str, LabelledSet],
    batches: dict[tuple[str, str], Any],
    *,
    posts_path: Path,
    log: Log,
    evaluate_test: bool,
    started: float,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cheap and the expensive member fitted on the same corpus (prepared inputs shared in ``batches``)."""
    from pipeline.classify.fitting import base_card, fit_model
    from pipeline.classify.train_config import member_config

    assert config.cascade is not None
    members, member_metrics = {}, {}
    for role, spec in ((CHEAP, config.cascade.cheap), (EXPENSIVE, config.cascade.expensive)):
        member_cfg = member_config(config, spec, role)
        log(f"cascade {role}: {member_cfg.backend} ({member_cfg.name})")
        model, metrics = fit_model(member_cfg, data, log=log, evaluate_test=evaluate_test, batches=batches)
        model.card.update(base_card(member_cfg, posts_path=posts_path, data=data, started=started))
        model.card["metrics"] = metrics
        members[role] = model
        member_metrics[role] = metrics
    return members, member_metrics


def _set_gate(
    config: TrainConfig,
    data: dict[str, LabelledSet],
    cheap: Any,
    expensive: Any,
    dev: Any,
    batch_of: Callable[..., Any],
    batches: dict[tuple[str, str], Any],
    *,
    log: Log,
) -> tuple[float, dict[str, Any]]:
    """The gate and its summary, chosen on the posts ``cascade.gate_on`` names: dev, or the real-register tune
    posts (issue 12)."""
    from pipeline.labels import is_partisan

    assert config.cascade is not None
    gate_records, gate_cheap = dev.records, cheap.predict_batch(dev)
    gate_exp = expensive.predict_batch(expensive.add_stance(batch_of("dev", expensive.inputs), cache=batches))
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
    summary["posts"] = len(gate_records)
    summary["on"] = config.cascade.gate_on
    log(
        f"gate {gate:.4f} on {config.cascade.gate_on} ({len(gate_records)} posts): pass rate "
        f"{summary['pass_rate']:.1%}, partisan recall {summary['recall_cascade']:.3f} "
        f"(expensive alone {summary['recall_expensive']:.3f})"
    )
    return gate, summary


def _save_cascade(output: Path, card: dict[str, Any], members: dict[str, TrainedClassifier]) -> Path:
    import json

    from pipeline.classify.base import CARD
    from pipeline.classify.model_dir import save_model, write_model_dir

    def write(tmp: Path) -> None:
        for role, model in members.items():
            save_model(model, tmp / role)
        (tmp / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False, default=str), encoding="utf-8")

    write_model_dir(output, write)
    return output
