"""The real-register set: committed ids and hashes join the texts in ../shared; gold is two passes' agreement."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.classify import real_register as rr
from pipeline.errors import InputError
from tests.conftest import SHARED

DATASETS = SHARED / "datasets"
# In CI (CI=true) the datasets must be there: a missing one fails instead of skipping.
SHARED_MISSING = not (DATASETS / "pilpres2019-sentiment" / "tweet.csv").exists() and not os.environ.get("CI")
ABSENT = "../shared/datasets is absent (the real-register texts live there, not in the repository)"
needs_shared = pytest.mark.skipif(SHARED_MISSING, reason=ABSENT)


def test_items_are_unique_and_split_by_source() -> None:
    items = rr.read_items()
    assert len(items) >= 800
    assert len({it["id"] for it in items}) == len(items)
    for it in items:
        assert it["split"] == rr.SPLIT_OF_SOURCE[it["source"]], it["id"]
        assert it["id"].startswith(it["source"] + ":")
        assert len(it["sha256"]) == 64
    by_split = Counter(it["split"] for it in items)
    assert by_split["dev"] >= 300 and by_split["test"] >= 300


def test_no_text_is_committed() -> None:
    for path in sorted(rr.REAL_DIR.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert "text" not in json.loads(line), f"{path} commits a text"


@needs_shared
def test_hashes_join_the_shared_texts() -> None:
    items = rr.read_items()
    texts = rr.texts_for(items, root=DATASETS)
    assert set(texts) == {it["id"] for it in items}
    assert all(rr.sha256_text(texts[it["id"]]) == it["sha256"] for it in items)


@needs_shared
def test_a_changed_text_is_refused_with_file_and_line(tmp_path: Path) -> None:
    items = rr.read_items()[:3]
    items[1] = dict(items[1], sha256="0" * 64)
    with pytest.raises(InputError) as err:
        rr.texts_for(items, root=DATASETS, items_path=tmp_path / "items.jsonl")
    assert "sha256 differs" in str(err.value) and items[1]["id"] in str(err.value)
    assert "items.jsonl:2" in str(err.value)


@needs_shared
def test_an_item_missing_from_shared_is_refused() -> None:
    items = [dict(rr.read_items()[0], id="pilpres2019:999999", source="pilpres2019")]
    with pytest.raises(InputError, match="not in ../shared/datasets/pilpres2019"):
        rr.texts_for(items, root=DATASETS)


def test_missing_datasets_folder_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="public dataset not found"):
        rr.texts_for(rr.read_items()[:1], root=tmp_path)


def test_unknown_source_is_refused() -> None:
    with pytest.raises(InputError, match="unknown real-register source"):
        list(rr.iter_source("facebook-leaks"))


def test_bad_gold_line_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "pilpres2019:1", "labels": ["NETRAL_PEMILU"]}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        rr.load_real_register(gold_path=gold, root=tmp_path)
    assert "gold.jsonl:2" in str(err.value)


def test_gold_id_not_in_items_is_refused(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "pilpres2019:0", "labels": ["NETRAL_PEMILU"]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not in items.jsonl"):
        rr.load_real_register(gold_path=gold, root=tmp_path)


GOLD = rr.REAL_DIR / "gold.jsonl"


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def test_gold_is_two_passes_agreement_with_contested_items_out() -> None:
    from pipeline.labels import check_label_set, is_partisan

    agreement = json.loads((rr.REAL_DIR / "AGREEMENT.json").read_text(encoding="utf-8"))
    gold = _gold()
    two_pass = [g for g in gold if "-" in g["passes"]]
    assert (
        len(two_pass) == agreement["gold_two_pass"] == agreement["annotated_by_both"] - agreement["contested"]
    )
    assert len(gold) == agreement["gold"]
    split = {it["id"]: it["split"] for it in rr.read_items()}
    # a test item is scored only when two blind passes agree on it; one pass is enough only for dev
    assert all("-" in g["passes"] for g in gold if split[g["id"]] == "test")
    items = set(split)
    assert {g["id"] for g in gold} <= items and len({g["id"] for g in gold}) == len(gold)
    for g in gold:
        assert check_label_set(g["labels"]) == g["labels"]
        assert bool(g["targets"]) <= is_partisan(g["labels"]), g["id"]  # targets only on partisan posts
    assert 0.6 <= agreement["partisan_vs_not"]["kappa"] <= 1.0


def test_training_posts_are_disjoint_from_the_evaluation_set_and_from_test_sources() -> None:
    train = rr.read_items(rr.REAL_DIR / "train_items.jsonl")
    assert {it["id"] for it in train}.isdisjoint({it["id"] for it in rr.read_items()})
    assert all(rr.SPLIT_OF_SOURCE[it["source"]] == "dev" and it["split"] == "train" for it in train)
    labels = [json.loads(line) for line in (rr.REAL_DIR / "train_labels.jsonl").read_text().splitlines()]
    assert [row["id"] for row in labels] == [it["id"] for it in train]


def test_dev_parts_are_fixed_and_both_used() -> None:
    dev = [it["id"] for it in rr.read_items() if it["split"] == "dev"]
    parts = [rr.dev_part(i) for i in dev]
    assert parts == [rr.dev_part(i) for i in dev]
    assert 0.5 <= parts.count("fit") / len(parts) <= 0.7


@needs_shared
def test_loader_joins_gold_and_texts() -> None:
    test = rr.load_real_register("test")
    assert test and all(r["split"] == "test" and r["text"] and r["register"] == "real" for r in test)
    assert {r["source"] for r in test} <= {"pilpres2019", "hatespeech"}
    assert len(rr.load_real_train()) == 350
