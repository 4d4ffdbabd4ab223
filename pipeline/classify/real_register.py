"""The real-register evaluation set: real public posts, annotated by the team in the asnwatch taxonomy.

The texts stay in ``../shared/datasets`` (their licences forbid copying them); the project commits only ids,
sources, splits, SHA-256 hashes of the texts (``data/real/items.jsonl``) and the labels
(``data/real/gold.jsonl``, the items on which two independent annotation passes agreed; contested items are
kept out). :func:`load_real_register` joins them back and refuses a text whose hash changed.

Split by source, so nothing is tuned on test: ``dev`` = pilkada-dki-2017 tweets + political-stance blog
sentences, ``test`` = pilpres2019 tweets + the political part of id-multilabel-hatespeech.

Records come back in the corpus format (``id``, ``election``, ``split``, ``text``, ``labels``, ``targets``,
...), so ``compute_metrics`` and every classifier take them as they take the corpus. Each record's election
config is one of ``pipeline/classify/data/{pilpres-2019,pilkada-dki-2017}.yaml``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.classify.datasets_public import datasets_dir, fix_mojibake, require_dataset
from pipeline.errors import InputError

REAL_DIR = Path(__file__).resolve().parents[2] / "data" / "real"
SPLIT_OF_SOURCE = {
    "pilkada-dki-2017": "dev",
    "stanceblog": "dev",
    "pilpres2019": "test",
    "hatespeech": "test",
}
SOURCES = tuple(SPLIT_OF_SOURCE)
DEV_FIT_SHARE = 0.6  # of the dev split: the part training may fit on; the rest tunes thresholds and the gate
CREATED_AT = {"pilpres-2019": "2019-03-01T12:00:00+07:00", "pilkada-dki-2017": "2017-01-15T12:00:00+07:00"}

# The political part of id-multilabel-hatespeech: tweets naming a figure, party or election word of 2017-2019.
_POLITICAL = re.compile(
    r"\b(jokowi|prabowo|ahok|anies|sandi|sandiaga|pilkada|pilpres|capres|cawapres|partai|pks|pdip|gerindra|"
    r"cebong|kampret|presiden|pemilu|golput|kampanye|ahy|djarot|ma'?ruf|gantipresiden|2019gantipresiden)",
    re.IGNORECASE,
)
_DKI = re.compile(r"\b(ahok|anies|djarot|agus|ahy|sylvi|dki|basuki)", re.IGNORECASE)
# Blog sentences: a sentence that names the article's figure; the figure decides the contest.
_BLOG_FIGURES = {
    "ahok": ("pilkada-dki-2017", re.compile(r"\bahok\b", re.I)),
    "jokowi": ("pilpres-2019", re.compile(r"\bjokowi\b", re.I)),
    "prabowo": ("pilpres-2019", re.compile(r"\bprabowo\b", re.I)),
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _pilpres2019(root: Path) -> Iterator[dict[str, Any]]:
    path = require_dataset(root / "pilpres2019-sentiment" / "tweet.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            yield {
                "id": f"pilpres2019:{i}",
                "text": fix_mojibake(row.get("tweet") or "").strip(),
                "election": "pilpres-2019",
                "order": i,
            }


def _pilkada(root: Path) -> Iterator[dict[str, Any]]:
    path = require_dataset(
        root / "pilkada-dki-2017" / "sentiment-lestari2017" / "dataset_tweet_sentiment_pilkada_DKI_2017.csv"
    )
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            yield {
                "id": f"pilkada-dki-2017:{row.get('Id') or i}",
                "text": (row.get("Text Tweet") or "").strip(),
                "election": "pilkada-dki-2017",
                "order": i,
            }


def _hatespeech(root: Path) -> Iterator[dict[str, Any]]:
    # The file mixes encodings: latin-1 never fails, and fix_mojibake restores the UTF-8 parts.
    path = require_dataset(root / "id-multilabel-hatespeech" / "re_dataset.csv")
    with path.open(encoding="latin-1", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            text = fix_mojibake(row.get("Tweet") or "").strip().rstrip("'").strip()
            if not _POLITICAL.search(text):
                continue
            election = "pilkada-dki-2017" if _DKI.search(text) else "pilpres-2019"
            yield {"id": f"hatespeech:{i}", "text": text, "election": election, "order": i}


def _stanceblog(root: Path) -> Iterator[dict[str, Any]]:
    path = require_dataset(
        root / "political-stance-blog" / "dataset_stance_2_label_2018_building_by_rini.csv"
    )
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh, delimiter=";"), start=1):
            figure = (row.get("Tokoh") or "").strip().lower()
            if figure not in _BLOG_FIGURES:
                continue
            election, pattern = _BLOG_FIGURES[figure]
            try:
                paragraphs = json.loads(row.get("Isi Artikel") or "[]")
            except json.JSONDecodeError:
                paragraphs = [row.get("Isi Artikel") or ""]
            n = 0
            for para in paragraphs:
                for sentence in _SENTENCE.split(str(para)):
                    sentence = " ".join(sentence.split())
                    n += 1
                    if pattern.search(sentence):
                        yield {
                            "id": f"stanceblog:{i}:{n}",
                            "text": sentence,
                            "election": election,
                            "order": i * 10000 + n,
                        }


_READERS = {
    "pilpres2019": _pilpres2019,
    "pilkada-dki-2017": _pilkada,
    "hatespeech": _hatespeech,
    "stanceblog": _stanceblog,
}


def iter_source(source: str, root: Path | None = None) -> Iterator[dict[str, Any]]:
    """Candidate items of one source: ``{"id", "text", "election", "order"}`` in file order."""
    if source not in _READERS:
        raise InputError(f"unknown real-register source {source!r} (known: {', '.join(_READERS)})")
    yield from _READERS[source](root or datasets_dir())


def dev_part(item_id: str) -> str:
    """``fit`` or ``tune``: a dev item's fixed part (from the sha256 of its id, so it never depends on order)."""
    bucket = int(hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8], 16) % 1000
    return "fit" if bucket < DEV_FIT_SHARE * 1000 else "tune"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.exists():
        raise InputError("file not found", path=path)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", path=path, line=n) from None
            if not isinstance(row, dict) or "id" not in row:
                raise InputError("expected an object with an 'id'", path=path, line=n)
            yield n, row


def read_items(path: Path | None = None) -> list[dict[str, Any]]:
    """``data/real/items.jsonl``: ``[{"id", "source", "election", "split", "sha256"}]`` in file order."""
    return [row for _, row in _read_jsonl(path or REAL_DIR / "items.jsonl")]


def texts_for(
    items: list[dict[str, Any]], *, root: Path | None = None, items_path: Path | None = None
) -> dict[str, str]:
    """The texts of ``items`` read from ../shared, each checked against its committed SHA-256."""
    wanted: dict[str, dict[str, Any]] = {it["id"]: it for it in items}
    found: dict[str, str] = {}
    for source in sorted({it["source"] for it in items}):
        for cand in iter_source(source, root):
            if cand["id"] in wanted:
                found[cand["id"]] = cand["text"]
    where = items_path or REAL_DIR / "items.jsonl"
    for line, it in enumerate(items, start=1):
        text = found.get(it["id"])
        if text is None:
            raise InputError(
                f"item {it['id']} is not in ../shared/datasets/{it['source']}", path=where, line=line
            )
        if sha256_text(text) != it["sha256"]:
            raise InputError(
                f"item {it['id']}: the text in ../shared changed (sha256 differs)", path=where, line=line
            )
    return found


def load_real_register(
    split: str | None = None,
    *,
    root: Path | None = None,
    gold_path: Path | None = None,
    items_path: Path | None = None,
) -> list[dict[str, Any]]:
    """Gold records of the real-register set (``split``: ``dev``, ``test`` or both), corpus format.

    Raises :class:`InputError` when ``../shared/datasets`` is missing, or a text no longer matches its hash.
    """
    items = {it["id"]: it for it in read_items(items_path)}
    gold = [(n, row) for n, row in _read_jsonl(gold_path or REAL_DIR / "gold.jsonl")]
    chosen = []
    for n, row in gold:
        item = items.get(row["id"])
        if item is None:
            raise InputError(
                f"gold id {row['id']} is not in items.jsonl",
                path=gold_path or REAL_DIR / "gold.jsonl",
                line=n,
            )
        if split is None or item["split"] == split:
            chosen.append((item, row))
    texts = texts_for([item for item, _ in chosen], root=root, items_path=items_path)
    return [
        {
            "id": item["id"],
            "election": item["election"],
            "split": item["split"],
            "platform": "web" if item["source"] == "stanceblog" else "x",
            "kind": "post",
            "text": texts[item["id"]],
            "created_at": CREATED_AT[item["election"]],
            "labels": list(row["labels"]),
            "targets": list(row.get("targets") or []),
            "flags": list(row.get("flags") or []),
            "source": item["source"],
            "register": "real",
        }
        for item, row in chosen
    ]


def load_real_train(root: Path | None = None) -> list[dict[str, Any]]:
    """The extra real posts for training (``train_items.jsonl`` + ``train_labels.jsonl``, one annotation pass;
    dev sources only, never scored), corpus format with ``split: train``."""
    return load_real_register(
        root=root, gold_path=REAL_DIR / "train_labels.jsonl", items_path=REAL_DIR / "train_items.jsonl"
    )


def all_item_ids() -> set[str]:
    """Ids of every real-register item, evaluation and training: none of them may be a weak example."""
    ids = {it["id"] for it in read_items()}
    return ids | {it["id"] for it in read_items(REAL_DIR / "train_items.jsonl")}
