"""Compare the two blind annotation passes, report agreement, and write ``data/real/gold.jsonl``.

    .venv/bin/python data/real/tools/adjudicate.py [--passes a b]   # writes gold.jsonl and AGREEMENT.json

``--passes``: the two passes compared (file names ``annotations/pass_<name>_part*.jsonl``); the second must
have been made blind to the first.

Agreement is measured on the three-way decision (partisan / NETRAL_PEMILU / TIDAK_TERKAIT), on partisan vs
not, and per partisan label (Cohen's kappa, percent agreement). Items whose passes differ on the three-way
decision are contested and kept out of gold. Where both passes say partisan, gold takes the labels both gave
(pass A's when they share none: the item is then marked ``label_agreement: false``) and the targets both gave
(the union when they share none).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from pipeline.labels import PARTISAN_LABELS, check_label_set, is_partisan  # noqa: E402
from pipeline.review.agreement import cohen_kappa  # noqa: E402

REAL = ROOT / "data" / "real"


def read_pass(name: str) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for path in sorted((REAL / "annotations").glob(f"pass_{name}_part*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8"), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            try:
                row["labels"] = check_label_set(list(row["labels"]))
            except Exception as exc:  # noqa: BLE001 - report the file and line, then stop
                sys.exit(f"{path}:{n}: {exc}")
            rows[row["id"]] = row
    return rows


def three_way(labels: list[str]) -> str:
    return "PARTISAN" if is_partisan(labels) else labels[0]


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", nargs=2, default=["a", "b"], metavar=("FIRST", "SECOND"))
    args = ap.parse_args()
    items = [json.loads(line) for line in (REAL / "items.jsonl").open(encoding="utf-8")]
    a, b = read_pass(args.passes[0]), read_pass(args.passes[1])
    both = [it for it in items if it["id"] in a and it["id"] in b]
    report: dict = {"items": len(items), "passes": args.passes, "annotated_by_both": len(both)}
    ta = [three_way(a[it["id"]]["labels"]) for it in both]
    tb = [three_way(b[it["id"]]["labels"]) for it in both]
    pa, pb = [t == "PARTISAN" for t in ta], [t == "PARTISAN" for t in tb]
    report["three_way"] = {
        "kappa": round(cohen_kappa(ta, tb) or 0.0, 3),
        "agreement": round(sum(x == y for x, y in zip(ta, tb, strict=True)) / max(len(both), 1), 3),
    }
    report["partisan_vs_not"] = {
        "kappa": round(cohen_kappa(pa, pb) or 0.0, 3),
        "agreement": round(sum(x == y for x, y in zip(pa, pb, strict=True)) / max(len(both), 1), 3),
    }
    per_label = {}
    for label in PARTISAN_LABELS:
        la = [label in a[it["id"]]["labels"] for it in both]
        lb = [label in b[it["id"]]["labels"] for it in both]
        k = cohen_kappa(la, lb)
        per_label[label] = {"kappa": None if k is None else round(k, 3), "a": sum(la), "b": sum(lb)}
    report["per_label"] = per_label
    gold, contested = [], Counter()
    for it, x, y in zip(both, ta, tb, strict=True):
        ra, rb = a[it["id"]], b[it["id"]]
        if x != y:
            contested[f"{x} vs {y}"] += 1
            continue
        row = {
            "id": it["id"],
            "labels": ra["labels"],
            "targets": [],
            "flags": sorted(set(ra.get("flags") or []) | set(rb.get("flags") or [])),
        }
        if x == "PARTISAN":
            common = [lab for lab in ra["labels"] if lab in rb["labels"]]
            row["labels"] = common or ra["labels"]
            row["label_agreement"] = sorted(ra["labels"]) == sorted(rb["labels"])
            ta_, tb_ = set(ra.get("targets") or []), set(rb.get("targets") or [])
            row["targets"] = sorted(ta_ & tb_) or sorted(ta_ | tb_)
        gold.append(row)
    report["contested"] = sum(contested.values())
    report["contested_by_pair"] = dict(contested.most_common())
    report["gold"] = len(gold)
    split = {it["id"]: it["split"] for it in items}
    report["gold_by_split"] = {
        s: dict(Counter(three_way(g["labels"]) for g in gold if split[g["id"]] == s)) for s in ("dev", "test")
    }
    with (REAL / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for row in gold:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    (REAL / "AGREEMENT.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
