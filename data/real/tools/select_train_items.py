"""Choose extra real posts for *training* from the dev sources (deterministic; run once).

Writes ``data/real/train_items.jsonl`` (same fields as items.jsonl, ``split: train``): pilkada-dki-2017 tweets
and political-stance blog sentences that are not evaluation items. They are annotated in one pass
(``train_labels.jsonl``): training data, never scored. Test sources are never drawn from. Usage::

    .venv/bin/python data/real/tools/select_train_items.py
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

QUOTA = {"pilkada-dki-2017": 200, "stanceblog": 150}
SEED = 20261206


def main() -> None:
    rng = random.Random(SEED)
    taken = rr.read_items()
    seen = {" ".join(t.lower().split()) for t in rr.texts_for(taken).values()}
    taken_ids = {it["id"] for it in taken}
    out = []
    for source, quota in QUOTA.items():
        assert rr.SPLIT_OF_SOURCE[source] == "dev", "training items come from dev sources only"
        pool = [p for p in rr.iter_source(source) if 12 <= len(p["text"]) <= 400 and p["id"] not in taken_ids]
        rng.shuffle(pool)
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
        out.extend(
            {
                "id": p["id"],
                "source": source,
                "election": p["election"],
                "split": "train",
                "sha256": hashlib.sha256(p["text"].encode("utf-8")).hexdigest(),
            }
            for p in picked
        )
    path = ROOT / "data" / "real" / "train_items.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} items -> {path}")


if __name__ == "__main__":
    main()
