"""Compare independent annotation passes, report agreement, and write ``data/real/gold.jsonl``.

    .venv/bin/python data/real/tools/adjudicate.py [--passes a b c]   # writes gold.jsonl and AGREEMENT.json

``--passes``: the passes (files ``annotations/pass_<name>_part*.jsonl``), each made blind to the others. Every
item is decided by one *pair* of passes: the first pair, in the order the passes are given ((a, b), then (a, c),
then (b, c), ...), in which both annotated it. Agreement is reported per pair and for the deciding pairs, on the
three-way decision (partisan / NETRAL_PEMILU / TIDAK_TERKAIT), on partisan vs not, and per partisan label
(Cohen's kappa, percent agreement). Items whose deciding pair differs on the three-way decision are contested
and kept out of gold. Where both say partisan, gold takes the labels both gave (the first pass's when they
share none: the item is then marked ``label_agreement: false``) and the targets both gave (the union when they
share none).

``--single-dev NAME``: dev items no pair covers take that one pass's labels (marked ``passes: NAME``), so the
dev split is complete for training and tuning while a second pass is missing; test items always need two.
"""

from __future__ import annotations

import argparse
import itertools
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


def agreement(pairs: list[tuple[dict, dict]]) -> dict:
    """Kappa and percent agreement of ``[(row_x, row_y)]`` on the three-way and binary decisions, per label."""
    tx = [three_way(x["labels"]) for x, _ in pairs]
    ty = [three_way(y["labels"]) for _, y in pairs]
    px, py = [t == "PARTISAN" for t in tx], [t == "PARTISAN" for t in ty]
    n = max(len(pairs), 1)
    out = {
        "n": len(pairs),
        "three_way": {
            "kappa": round(cohen_kappa(tx, ty) or 0.0, 3),
            "agreement": round(sum(a == b for a, b in zip(tx, ty, strict=True)) / n, 3),
        },
        "partisan_vs_not": {
            "kappa": round(cohen_kappa(px, py) or 0.0, 3),
            "agreement": round(sum(a == b for a, b in zip(px, py, strict=True)) / n, 3),
        },
    }
    per_label = {}
    for label in PARTISAN_LABELS:
        lx = [label in x["labels"] for x, _ in pairs]
        ly = [label in y["labels"] for _, y in pairs]
        k = cohen_kappa(lx, ly)
        per_label[label] = {"kappa": None if k is None else round(k, 3), "x": sum(lx), "y": sum(ly)}
    out["per_label"] = per_label
    return out


def gold_row(item_id: str, ra: dict, rb: dict) -> dict:
    row = {
        "id": item_id,
        "labels": ra["labels"],
        "targets": [],
        "flags": sorted(set(ra.get("flags") or []) | set(rb.get("flags") or [])),
    }
    if is_partisan(ra["labels"]):
        common = [lab for lab in ra["labels"] if lab in rb["labels"]]
        row["labels"] = common or ra["labels"]
        row["label_agreement"] = sorted(ra["labels"]) == sorted(rb["labels"])
        ta, tb = set(ra.get("targets") or []), set(rb.get("targets") or [])
        row["targets"] = sorted(ta & tb) or sorted(ta | tb)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", nargs="+", default=["a", "b"], metavar="NAME")
    ap.add_argument("--single-dev", default=None, metavar="NAME")
    args = ap.parse_args()
    if len(args.passes) < 2:
        sys.exit("adjudicate.py: --passes needs at least two passes")
    items = [json.loads(line) for line in (REAL / "items.jsonl").open(encoding="utf-8")]
    passes = {name: read_pass(name) for name in args.passes}
    order = list(itertools.combinations(args.passes, 2))
    report: dict = {"items": len(items), "passes": {k: len(v) for k, v in passes.items()}, "pairs": {}}
    for x, y in order:
        both = [it["id"] for it in items if it["id"] in passes[x] and it["id"] in passes[y]]
        report["pairs"][f"{x}-{y}"] = agreement([(passes[x][i], passes[y][i]) for i in both])
    decided: list[tuple[str, str, str]] = []  # (item id, first pass, second pass)
    for it in items:
        pair = next(((x, y) for x, y in order if it["id"] in passes[x] and it["id"] in passes[y]), None)
        if pair is not None:
            decided.append((it["id"], *pair))
    report["annotated_by_both"] = len(decided)
    report["deciding_pairs"] = dict(Counter(f"{x}-{y}" for _, x, y in decided))
    deciding = [(passes[x][i], passes[y][i]) for i, x, y in decided]
    report |= {k: v for k, v in agreement(deciding).items() if k != "n"}
    gold, contested = [], Counter()
    for (item_id, _x, _y), (ra, rb) in zip(decided, deciding, strict=True):
        a3, b3 = three_way(ra["labels"]), three_way(rb["labels"])
        if a3 != b3:
            contested[f"{a3} vs {b3}"] += 1
            continue
        gold.append(gold_row(item_id, ra, rb) | {"passes": f"{_x}-{_y}"})
    if args.single_dev:
        covered = {i for i, _, _ in decided}
        single = passes[args.single_dev]
        extra = [
            it["id"]
            for it in items
            if it["split"] == "dev" and it["id"] not in covered and it["id"] in single
        ]
        gold.extend(gold_row(i, single[i], single[i]) | {"passes": args.single_dev} for i in extra)
        report["single_pass_dev"] = len(extra)
        order_of = {it["id"]: n for n, it in enumerate(items)}
        gold.sort(key=lambda g: order_of[g["id"]])
    report["contested"] = sum(contested.values())
    report["contested_by_pair"] = dict(contested.most_common())
    report["gold"] = len(gold)
    report["gold_two_pass"] = sum(g["passes"] != args.single_dev for g in gold)
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
    print(json.dumps({k: report[k] for k in ("passes", "deciding_pairs", "partisan_vs_not", "gold")}))


if __name__ == "__main__":
    main()
