"""The labelled corpus (data/corpus): configs load, every line is valid, splits are by contest and disjoint."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.election import load_election
from pipeline.errors import ConfigError
from pipeline.labels import ALL_LABELS, PARTISAN_LABELS, REVIEW_FLAGS, check_label_set, is_partisan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
SPLITS = ("train", "dev", "test", "holdout")  # holdout: the style-matrix contest nothing tunes on
KINDS = {"post", "comment", "reply", "share", "quote"}
REQUIRED = {
    "id",
    "election",
    "split",
    "platform",
    "kind",
    "text",
    "parent_text",
    "created_at",
    "labels",
    "targets",
    "flags",
}


@pytest.fixture(scope="module")
def configs() -> dict:
    paths = sorted((CORPUS / "configs").glob("*.yaml"))
    assert paths, "no contest configs"
    out = {}
    for path in paths:
        cfg = load_election(path)
        assert cfg.id == path.stem, f"{path.name}: election.id must match the file name"
        out[cfg.id] = cfg
    return out


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    rows = []
    with (CORPUS / "posts.jsonl").open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - failure path reports the line
                pytest.fail(f"posts.jsonl:{lineno}: {exc}")
    return rows


def test_configs_are_distinct_contests(configs) -> None:
    assert len(configs) >= 6
    kinds = Counter(cfg.contest for cfg in configs.values())
    assert kinds["presiden"] >= 1
    assert sum(v for k, v in kinds.items() if k != "presiden") >= 5
    assert any(cfg.is_single_candidate for cfg in configs.values()), "want one kotak kosong contest"
    # names and acronyms never repeat across contests, so a model cannot carry a name from train to test
    seen: dict[str, str] = {}
    for cid, cfg in configs.items():
        for cand in cfg.candidates:
            for token in [*cand.names, *cand.acronyms, *cand.hashtags]:
                assert seen.setdefault(token.lower(), cid) == cid, (
                    f"{token!r} used in {seen[token.lower()]} and {cid}"
                )


def test_bad_config_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (CORPUS / "configs" / "pilpres-2029.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("acronyms:", "acronym:", 1), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_election(bad)


def test_every_line_is_valid(posts, configs) -> None:
    ids = set()
    for row in posts:
        where = row.get("id", "?")
        missing = REQUIRED - row.keys()
        assert not missing, f"{where}: missing {sorted(missing)}"
        assert row["id"] not in ids, f"duplicate id {where}"
        ids.add(row["id"])
        assert re.fullmatch(rf"corpus:{re.escape(row['election'])}:\d+", row["id"]), where
        assert row["election"] in configs, f"{where}: unknown contest"
        assert row["split"] in SPLITS, where
        assert row["kind"] in KINDS, where
        assert isinstance(row["platform"], str) and row["platform"], where
        check_label_set(row["labels"])
        assert set(row["flags"]) <= set(REVIEW_FLAGS), where
        numbers = {c.number for c in configs[row["election"]].candidates}
        assert set(row["targets"]) <= numbers, f"{where}: target not in config"
        if is_partisan(row["labels"]) and row["labels"] != ["AFILIASI_PARPOL"]:  # a party, not a candidate
            assert row["targets"], f"{where}: partisan post without a target"
        elif not is_partisan(row["labels"]):
            assert not row["targets"], f"{where}: neutral post with targets"
        if row["kind"] in ("comment", "reply", "share", "quote"):
            assert row["parent_text"], f"{where}: {row['kind']} without parent_text"
        else:
            assert row["parent_text"] is None, where
        assert row["text"] or row["kind"] == "share", f"{where}: empty text outside a share"
        moment = datetime.fromisoformat(row["created_at"])
        assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() / 3600 in (7, 8, 9), (
            where
        )


def test_check_label_set_rejects_what_the_corpus_must_not_contain() -> None:
    with pytest.raises(ValueError):
        check_label_set(["DUKUNGAN", "NETRAL_PEMILU"])
    with pytest.raises(ValueError):
        check_label_set(["NETRAL_PEMILU", "TIDAK_TERKAIT"])


def test_split_is_by_contest_and_texts_do_not_leak(posts) -> None:
    split_of: dict[str, set[str]] = defaultdict(set)
    text_splits: dict[str, set[str]] = defaultdict(set)
    pairs = Counter()
    for row in posts:
        split_of[row["election"]].add(row["split"])
        if row["text"]:
            text_splits[" ".join(row["text"].lower().split())].add(row["split"])
        pairs[(row["text"], row["parent_text"])] += 1
    assert all(len(s) == 1 for s in split_of.values()), {k: v for k, v in split_of.items() if len(v) > 1}
    leaked = [t for t, s in text_splits.items() if len(s) > 1]
    assert not leaked, f"texts shared between splits: {leaked[:3]}"
    dupes = [p for p, n in pairs.items() if n > 1]
    assert not dupes, f"exact duplicates: {dupes[:3]}"
    assert {s for v in split_of.values() for s in v} == set(SPLITS)


def test_counts(posts, configs) -> None:
    assert len(posts) >= 3000
    assert len({row["election"] for row in posts}) >= 6
    assert {row["election"] for row in posts} == set(configs)
    per_split = defaultdict(Counter)
    for row in posts:
        per_split[row["split"]].update(row["labels"])
    for split in SPLITS:
        for label in ALL_LABELS:
            assert per_split[split][label] > 0, f"{label} missing from {split}"
    total = Counter(label for row in posts for label in row["labels"])
    for label in PARTISAN_LABELS:
        assert total[label] >= 80, f"only {total[label]} {label}"
    partisan = sum(is_partisan(row["labels"]) for row in posts) / len(posts)
    assert 0.3 <= partisan <= 0.5
    assert sum(len(row["labels"]) > 1 for row in posts) >= 150, "want natural multi-label cases"
    assert sum(row.get("source") == "handwritten" for row in posts) >= 200


def test_file_is_small_enough() -> None:
    assert (CORPUS / "posts.jsonl").stat().st_size < 5 * 1024 * 1024
