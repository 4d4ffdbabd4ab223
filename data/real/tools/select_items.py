"""Choose the real-register evaluation items from ../shared/datasets (deterministic; run once).

Writes ``data/real/items.jsonl``: one line per item, ``{"id", "source", "election", "split", "sha256"}``.
Only ids and hashes are committed; the texts stay in ../shared (their licences) and
``pipeline.classify.real_register`` joins them back. Usage::

    .venv/bin/python data/real/tools/select_items.py

Sources and split (by source, so no tuning on test): dev = pilkada-dki-2017 tweets + political-stance blog
sentences; test = pilpres2019 tweets + the political part of id-multilabel-hatespeech.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from pipeline.classify import real_register as rr  # noqa: E402

QUOTA = {"pilkada-dki-2017": 230, "stanceblog": 200, "pilpres2019": 240, "hatespeech": 230}
SEED = 20261205


def main() -> None:
    rng = random.Random(SEED)
    out = []
    for source, quota in QUOTA.items():
        pool = list(rr.iter_source(source))
        pool = [p for p in pool if 12 <= len(p["text"]) <= 400]
        rng.shuffle(pool)
        seen: set[str] = set()
        picked = []
        for p in pool:
            key = " ".join(p["text"].lower().split())
            if key in seen:
                continue
            seen.add(key)
            picked.append(p)
            if len(picked) == quota:
                break
        picked.sort(key=lambda p: p["order"])
        for p in picked:
            out.append(
                {
                    "id": p["id"],
                    "source": source,
                    "election": p["election"],
                    "split": rr.SPLIT_OF_SOURCE[source],
                    "sha256": hashlib.sha256(p["text"].encode("utf-8")).hexdigest(),
                }
            )
    path = ROOT / "data" / "real" / "items.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} items -> {path}")


if __name__ == "__main__":
    main()
