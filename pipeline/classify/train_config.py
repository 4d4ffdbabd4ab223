"""The training config: a YAML file -> :class:`TrainConfig` (``asnwatch train --config ...``).

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
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.classify.calibration import ThresholdPolicy
from pipeline.classify.inputs import InputOptions, RulesMode
from pipeline.classify.stance import StanceOptions
from pipeline.errors import ConfigError
from pipeline.io.config_yaml import load_config_yaml

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
            data["members"] = {
                role: member_config(self, spec, role).model_dump(mode="json")
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
        data = load_config_yaml(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid YAML ({exc})", path=p) from None
    return parse_config(data, source=str(p))


def member_config(config: TrainConfig, spec: str | dict[str, Any], role: str) -> TrainConfig:
    """The training config of a cascade member (``cascade.cheap`` / ``cascade.expensive``: a file or a mapping),
    reading the cascade's corpus and seed."""
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
