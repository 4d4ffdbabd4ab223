"""Training: a YAML config -> a model directory with a model card (``asnwatch train --config ...``).

The public entry points: :func:`train`, :func:`default_is_current`, :func:`evaluate_model`. The config format
is in :mod:`pipeline.classify.train_config`, the data in :mod:`pipeline.classify.training_data`, fitting one
backend in :mod:`pipeline.classify.fitting`, a cascade in :mod:`pipeline.classify.cascade_train`, and the model
directory in :mod:`pipeline.classify.model_dir`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.classify.fitting import Log, _noop, base_card, fit_model
from pipeline.classify.model_dir import save_model
from pipeline.classify.train_config import TrainConfig
from pipeline.classify.training_data import (
    ElectionResolver,
    decision_sources,
    load_corpus,
    load_records,
    real_register_sources,
    record_to_post,
)
from pipeline.errors import ConfigError, InputError, ModelError
from pipeline.io.files import sha256_file

if TYPE_CHECKING:
    from pipeline.classify.base import Classifier
    from pipeline.election import ElectionConfig


def train(config: TrainConfig, *, output: str | Path, log: Log = _noop, evaluate_test: bool = True) -> Path:
    """Train ``config`` and write the model directory ``output`` (replaced atomically when it exists).

    Returns the directory. The card holds dev metrics (on the split used for calibration and thresholds, so
    they are optimistic) and test metrics (unseen contests).
    """
    from pipeline.classify.inputs import rules_available

    output = Path(output)
    if config.rules != "none" and not rules_available():
        raise ConfigError(
            "rules: needs pipeline.classify.rules (not installed); set rules: none", path=config.source
        )
    started = time.monotonic()
    data, posts_path = load_corpus(config)
    log(f"corpus {posts_path}: " + ", ".join(f"{k} {len(v)}" for k, v in data.items()))
    if config.backend == "cascade":
        from pipeline.classify.cascade_train import train_cascade

        return train_cascade(
            config,
            data=data,
            posts_path=posts_path,
            output=output,
            log=log,
            evaluate_test=evaluate_test,
            started=started,
        )
    model, metrics = fit_model(config, data, log=log, evaluate_test=evaluate_test)
    card = base_card(config, posts_path=posts_path, data=data, started=started) | {"metrics": metrics}
    model.card.update(card)
    save_model(model, output)
    log(f"saved {output}")
    return output


def default_is_current(config: TrainConfig, output: Path) -> bool:
    """True when ``output`` holds a model trained from this config and the same corpus file."""
    from pipeline.classify.model_dir import read_card

    try:
        card = read_card(Path(output))
        posts = config.resolve(config.data.corpus) / config.data.posts
        data = card.get("data", {})
        return (
            card.get("config_hash") == config.config_hash()
            and data.get("sha256") == sha256_file(posts)
            and data.get("decisions", {}).get("sources", []) == decision_sources(config)
            and data.get("real_register", []) == real_register_sources(config)
        )
    except (ModelError, OSError, InputError):
        return False


def evaluate_model(
    spec: str, *, data: str | Path, election: str | Path, split: str | None = None
) -> tuple[list[dict[str, Any]], list[Any], str]:
    """Predict every record of the labelled file ``data`` with model ``spec``.

    ``election`` is one config (all records) or a folder of ``<election id>.yaml``. Returns
    (records, predictions, "name@version").
    """
    from pipeline.classify.base import load_classifier

    records = load_records(data)
    if split:
        records = [r for r in records if r.get("split") == split]
        if not records:
            raise InputError(f"no records with split {split!r}", path=data)
    resolver = ElectionResolver.from_path(election)
    groups: dict[str, list[int]] = {}
    configs: dict[str, Any] = {}
    for i, r in enumerate(records):
        cfg = resolver(r)
        key = cfg.election.id
        configs[key] = cfg
        groups.setdefault(key, []).append(i)
    predictions: list[Any] = [None] * len(records)
    clf = None
    for key, idx in groups.items():
        clf = load_classifier(spec, election=configs[key]) if clf is None else rebind(clf, spec, configs[key])
        posts = [record_to_post(records[i]) for i in idx]
        for i, pred in zip(idx, clf.predict(posts), strict=True):
            predictions[i] = pred
    name = f"{clf.name}@{clf.version}" if clf is not None else spec
    return records, predictions, name


def rebind(clf: Classifier, spec: str, election: ElectionConfig) -> Classifier:
    """The classifier ``clf`` set up for another election (reloads when it cannot be re-pointed cheaply)."""
    from pipeline.classify.base import load_classifier

    members = [m for m in (getattr(clf, "cheap", None), getattr(clf, "expensive", None)) if m is not None]
    if len(members) == 2 and all(hasattr(m, "election") for m in members):
        for m in members:
            m.election = election
        return clf
    if hasattr(clf, "_rules_cache") and hasattr(clf, "election"):
        clf.election = election
        return clf
    return load_classifier(spec, election=election)
