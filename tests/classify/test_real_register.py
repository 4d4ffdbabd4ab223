"""The real-register set: committed ids and hashes join the texts in ../shared; gold is two passes' agreement."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.classify import real_register as rr
from pipeline.errors import InputError
from tests.conftest import SHARED

DATASETS = SHARED / "datasets"
needs_shared = pytest.mark.skipif(
    not (DATASETS / "pilpres2019-sentiment" / "tweet.csv").exists(),
    reason="../shared/datasets is absent (the real-register texts live there, not in the repository)",
)


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
