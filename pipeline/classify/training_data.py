"""Training data: the corpus splits, the real-register tune posts, weak public posts and reviewers' decisions,
each as a :class:`LabelledSet` (records, posts and their election configs).

The corpus is read with ``datasets`` (``load_dataset("json")``, offline).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.classify.train_config import TrainConfig
from pipeline.errors import ConfigError, InputError
from pipeline.io.files import sha256_file

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post


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


def record_to_post(record: dict[str, Any]) -> Post:
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
        rows: list[dict[str, Any]] = ds.to_list()
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

    def __init__(self, *, directory: Path | None = None, fixed: ElectionConfig | None = None) -> None:
        self.directory, self.fixed = directory, fixed
        self._cache: dict[str, ElectionConfig] = {}

    @classmethod
    def from_path(cls, path: str | Path) -> ElectionResolver:
        """A YAML file (one contest for every record) or a directory of ``<election id>.yaml`` files."""
        from pipeline.election import load_election

        p = Path(path)
        if p.is_dir():
            return cls(directory=p)
        return cls(fixed=load_election(p))

    def __call__(self, record: dict[str, Any]) -> ElectionConfig:
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


def real_register_sources(config: TrainConfig) -> list[dict[str, str]]:
    """``{"file", "sha256"}`` of the real-register label files a config trains or tunes on ([] when none)."""
    if not config.data.real_register:
        return []
    from pipeline.classify.real_register import REAL_DIR

    files = ("items.jsonl", "gold.jsonl", "train_items.jsonl", "train_labels.jsonl")
    return [{"file": f"data/real/{f}", "sha256": sha256_file(REAL_DIR / f)} for f in files]
