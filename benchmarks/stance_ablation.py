"""Ablation of the stance model's signals: what each training signal adds, on every evaluation set.

    python benchmarks/stance_ablation.py            # trains each variant in a temporary folder (~30 s each)

Variants of ``configs/train/stance.yaml`` (TF-IDF heads + rule features + stance features):

- ``no-stance``: the heads without stance features (the TF-IDF backend, with the real-register dev fit part);
- ``corpus``: stance model on the corpus train split only (no real posts, no weak labels, no sentiment);
- ``+real-dev``: plus the real-register dev fit part (in the stance model and the heads);
- ``+sentiment``: plus the SmSA / NusaX polarity features;
- ``+weak-pilkada``: plus weak for/against views from pilkada-dki-2017 sentiment (= configs/train/stance.yaml);
- ``+weak-pilpres``: plus weak views from pilpres2019, the real-register *test* source (excluding its items):
  shown to measure the leak, never used for a model whose real-test figure is reported;
- ``+weak-posts``: the pilkada-dki-2017 tweets also as weakly labelled *posts* for the heads (all partisan).

Columns: partisan F1 / macro-F1 on the corpus test split and the style-matrix holdout contest, and partisan F1
/ partisan-vs-not macro-F1 on the real-register dev tune part (thresholds are set there: optimistic) and test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BASE = ROOT / "configs" / "train" / "stance.yaml"
VARIANTS: dict[str, dict] = {
    "no-stance": {"stance": {"enabled": False}},
    "corpus": {"data": {"real_register": False}, "stance": {"weak": [], "sentiment": False}},
    "+real-dev": {"stance": {"weak": [], "sentiment": False}},
    "+sentiment": {"stance": {"weak": []}},
    "+weak-pilkada": {},
    "+weak-pilpres": {"stance": {"weak": ["pilkada-dki-2017", "pilpres2019"]}},
    "+weak-posts": {"data": {"real_register": True, "weak_posts": ["pilkada-dki-2017"]}},
}


def variant_config(name: str) -> dict:
    cfg = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    for key, value in VARIANTS[name].items():
        cfg[key] = {**cfg.get(key, {}), **value}
    cfg["name"] = f"ablation-{name}"
    return cfg


def tune_quality(spec: str) -> dict:
    """Partisan-vs-not on the real-register dev tune part (where thresholds and the gate are set)."""
    from classify_models import binary_report

    from pipeline.classify.base import load_classifier
    from pipeline.classify.datasets_public import public_election
    from pipeline.classify.real_register import dev_part, load_real_register
    from pipeline.classify.training_data import record_to_post
    from pipeline.labels import is_partisan

    records = [r for r in load_real_register("dev") if dev_part(r["id"]) == "tune"]
    gold, pred = [], []
    for election in sorted({r["election"] for r in records}):
        group = [r for r in records if r["election"] == election]
        clf = load_classifier(spec, election=public_election(election))
        for r, p in zip(group, clf.predict([record_to_post(r) for r in group]), strict=True):
            gold.append(is_partisan(r["labels"]))
            pred.append(is_partisan(p.labels))
    return binary_report(gold, pred)


def main() -> None:
    from classify_models import quality

    from pipeline.classify.train import train
    from pipeline.classify.train_config import parse_config

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = ap.parse_args()

    def pair(m: dict) -> str:
        return f"{m['partisan_f1']:.3f} / {m['macro_f1']:.3f}" if "partisan_f1" in m else "n/a"

    print(f"{'variant':<15} {'corpus test':<16} {'holdout':<16} {'real dev tune':<16} {'real test':<16}")
    print("-" * 80)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.variants:
            cfg = parse_config(variant_config(name), source=str(BASE))
            out = train(cfg, output=Path(tmp) / name, evaluate_test=False)
            q = quality(str(out))
            row = [pair(q["test"]), pair(q["holdout"]), pair(tune_quality(str(out)))]
            row.append(pair(q.get("real_test", {})))
            print(f"{name:<15} " + " ".join(f"{c:<16}" for c in row), flush=True)


if __name__ == "__main__":
    main()
