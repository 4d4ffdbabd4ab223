"""Partisan precision/recall/F1 and speed of a classifier on a labelled JSONL file, against a keyword baseline.

    python benchmarks/classify.py --model rules --data data/eval/rules_heldout.jsonl [--workers 2]
    python benchmarks/classify.py --backends [MODEL ...]     # each backend and the default (classify_models.py)
    python benchmarks/classify.py --data data/corpus/posts.jsonl --split train,dev [--errors-out FILE]
    python benchmarks/classify.py --data data/samples/posts.jsonl --gold data/samples/posts.gold.jsonl \
        --config configs/elections/pilbup-sukamaju-2024.yaml

Input lines: {"id", "text", "kind", "parent_text", "created_at", "election": <config id>, "labels", "targets",
"flags"} (the corpus format adds "split"; --split keeps only those splits); each line's config is read from
configs/elections/<election>.yaml or data/corpus/configs/<election>.yaml (or --config for all lines).
--gold joins labels/targets/flags by id from a separate file (data/samples/posts.gold.jsonl).
The baseline calls a post partisan when it names a candidate (names, aliases, acronyms, hashtags), which is what
a bare keyword search does. Speed: posts/s over the file repeated to at least --min-posts, with --workers
processes (each compiles its classifiers and receives the rows once; neither is counted), in --rounds rounds.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.election import ElectionConfig, load_election  # noqa: E402
from pipeline.labels import PARTISAN_LABELS, is_partisan  # noqa: E402
from pipeline.schema import Post  # noqa: E402

CONFIG_DIRS = (ROOT / "configs" / "elections", ROOT / "data" / "corpus" / "configs")


def _config_path(key: str) -> Path:
    for d in CONFIG_DIRS:
        if (d / f"{key}.yaml").exists():
            return d / f"{key}.yaml"
    return CONFIG_DIRS[0] / f"{key}.yaml"


def load_rows(
    path: Path, config: Path | None, *, splits: set[str] | None = None, gold: Path | None = None
) -> tuple[list[dict], dict[str, ElectionConfig]]:
    rows, configs = [], {}
    gold_by_id: dict[str, dict] = {}
    if gold is not None:
        with gold.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    g = json.loads(line)
                    gold_by_id[str(g["id"])] = g
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if splits and "split" in row and row["split"] not in splits:  # lines without a split are kept
                continue
            if gold_by_id:
                g = gold_by_id.get(str(row.get("id")))
                if g is None:
                    continue
                row.update({k: g[k] for k in ("labels", "targets", "flags") if k in g})
            key = str(config) if config else row.get("election")
            if key not in configs:
                configs[key] = load_election(config or _config_path(key))
            row["_cfg"] = key
            row.setdefault("id", f"row:{number}")
            rows.append(row)
    return rows, configs


def to_post(row: dict) -> Post:
    return Post(
        id=str(row["id"]),
        text=row.get("text") or "",
        kind=row.get("kind") or "post",
        parent_text=row.get("parent_text"),
        created_at=row.get("created_at"),
    )


def make_model(name: str, cfg: ElectionConfig, *, raw: bool = False):
    if name == "rules":
        from pipeline.classify.rules import RulesClassifier

        return RulesClassifier(cfg, calibrated=not raw)
    from pipeline.classify import load_classifier

    return load_classifier(name, election=cfg)


class KeywordBaseline:
    """Partisan if a candidate's name, alias, acronym or hashtag appears (case-insensitive, word-bounded)."""

    def __init__(self, cfg: ElectionConfig) -> None:
        terms: dict[str, int] = {}
        for c in cfg.election.candidates:
            for t in [*c.names, *c.aliases, *c.acronyms, *c.hashtags]:
                terms[t.lower()] = c.number
        alt = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) or "(?!)"
        self.terms = terms
        self.re = re.compile(rf"(?<![\w#])(?:{alt})(?![\w])", re.IGNORECASE)

    def predict_one(self, post: Post) -> tuple[bool, list[int]]:
        hits = {self.terms[m.group().lower()] for m in self.re.finditer(post.text)}
        return bool(hits), sorted(hits)


def prf(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


_WORKER: dict = {}


def _init_worker(model: str, config_paths: dict[str, str], work: list[tuple[str, dict]]) -> None:
    _WORKER["models"] = {k: make_model(model, load_election(p)) for k, p in config_paths.items()}
    _WORKER["work"] = work


def _run_chunk(bounds: tuple[int, int]) -> int:
    """Classify ``work[start:end]`` (rows -> Post -> prediction); only the bounds cross the process boundary."""
    models, work = _WORKER["models"], _WORKER["work"]
    start, end = bounds
    rows = work[start:end]
    for key, row in rows:
        models[key].predict_one(to_post(row))
    return len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="rules", help="rules, or a model name/dir for load_classifier")
    ap.add_argument("--data", type=Path, default=ROOT / "data" / "eval" / "rules_heldout.jsonl")
    ap.add_argument(
        "--config", type=Path, default=None, help="one config for every line (else per-line 'election')"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-posts", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=3, help="speed rounds (best and median are printed)")
    ap.add_argument(
        "--backends",
        nargs="*",
        default=None,
        metavar="MODEL",
        help="instead: every trained backend and the default (or these models) on the unseen test contests "
        "and pilpres 2019, with speed and peak memory (runs benchmarks/classify_models.py)",
    )
    ap.add_argument("--errors", action="store_true", help="print misclassified posts")
    ap.add_argument("--errors-out", type=Path, default=None, help="write misclassified posts as JSONL")
    ap.add_argument("--split", default=None, help="comma-separated corpus splits to keep (train,dev,test)")
    ap.add_argument("--gold", type=Path, default=None, help="labels joined by id from this JSONL")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    ap.add_argument(
        "--fit-calibration",
        type=Path,
        default=None,
        help="rules only: fit an isotonic map raw partisan score -> P(partisan) on --data, write it as JSON",
    )
    args = ap.parse_args()
    if args.backends is not None:
        import subprocess

        models = ["--models", *args.backends] if args.backends else []
        return subprocess.call([sys.executable, str(ROOT / "benchmarks" / "classify_models.py"), *models])
    if args.fit_calibration:
        return fit_calibration(args)

    splits = set(args.split.split(",")) if args.split else None
    rows, configs = load_rows(args.data, args.config, splits=splits, gold=args.gold)
    models = {k: make_model(args.model, cfg) for k, cfg in configs.items()}
    baselines = {k: KeywordBaseline(cfg) for k, cfg in configs.items()}
    gold = [is_partisan(r.get("labels") or []) for r in rows]
    preds = [models[r["_cfg"]].predict_one(to_post(r)) for r in rows]
    pred_bin = [is_partisan(p.labels) for p in preds]
    base = [baselines[r["_cfg"]].predict_one(to_post(r)) for r in rows]
    m, b = prf(gold, pred_bin), prf(gold, [x[0] for x in base])

    print(f"data: {args.data} ({len(rows)} posts, {sum(gold)} partisan, {len(configs)} config(s))")
    print(f"{'model':24s} {'precision':>9s} {'recall':>7s} {'F1':>6s}   tp  fp  fn")
    for name, s in ((f"{args.model}", m), ("keyword baseline", b)):
        print(
            f"{name:24s} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f}  {s['tp']:3d} {s['fp']:3d} {s['fn']:3d}"
        )
    # targets on posts both call partisan; per-label recall
    both = [(r, p) for r, p, g in zip(rows, preds, gold, strict=True) if g and is_partisan(p.labels)]
    if both:
        exact = sum(sorted(r.get("targets") or []) == p.targets for r, p in both)
        print(f"targets exact on true positives: {exact}/{len(both)} = {exact / len(both):.3f}")
    per = Counter()
    for r, p in zip(rows, preds, strict=True):
        for label in r.get("labels") or []:
            if label in PARTISAN_LABELS:
                per[(label, "n")] += 1
                per[(label, "hit")] += label in p.labels
    for label in PARTISAN_LABELS:
        if per[(label, "n")]:
            print(f"  {label:24s} recall {per[(label, 'hit')]}/{per[(label, 'n')]}")
    neutral_ok = sum(p.labels == r.get("labels") for r, p, g in zip(rows, preds, gold, strict=True) if not g)
    print(f"neutral label exact (NETRAL_PEMILU vs TIDAK_TERKAIT): {neutral_ok}/{len(gold) - sum(gold)}")
    if args.errors:
        for r, p, g in zip(rows, preds, gold, strict=True):
            if g != is_partisan(p.labels):
                print(f"  {'FN' if g else 'FP'} {r['text'][:100]!r} gold={r.get('labels')} got={p.labels}")
    if args.errors_out:
        # every post whose label set differs (partisan misses, wrong partisan labels, false alarms)
        with args.errors_out.open("w", encoding="utf-8") as fh:
            for r, p in zip(rows, preds, strict=True):
                if set(r.get("labels") or []) != set(p.labels):
                    out = {k: r.get(k) for k in ("id", "election", "kind", "text", "parent_text", "labels")}
                    out.update(got=p.labels, score=p.partisan_score, gold_targets=r.get("targets"))
                    out["got_targets"] = p.targets
                    fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    if args.no_speed:
        return 0

    # speed
    work = [(r["_cfg"], {k: v for k, v in r.items() if k != "_cfg"}) for r in rows]
    reps = max(1, -(-args.min_posts // max(1, len(work))))
    config_paths = {k: str(cfg.source) for k, cfg in configs.items()}
    chunk = 500
    # each worker gets the distinct rows once, at start-up; a round sends only index ranges, so the
    # figure is the classifier's (and Post construction's), not the cost of pickling posts to workers
    work = work * reps
    chunks = [(i, i + chunk) for i in range(0, len(work), chunk)]
    with ProcessPoolExecutor(
        args.workers, initializer=_init_worker, initargs=(args.model, config_paths, work)
    ) as pool:
        list(pool.map(_run_chunk, [(0, 10)] * args.workers))  # warm up every worker
        rates = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            done = sum(pool.map(_run_chunk, chunks))
            rates.append(done / (time.perf_counter() - t0))
    # on a shared machine other jobs only ever slow a round down: the best round is the closest to the
    # classifier's own speed, the median says what to expect
    rounds = ", ".join(f"{r:,.0f}" for r in rates)
    print(
        f"speed: {max(rates):,.0f} posts/s best, {statistics.median(rates):,.0f} median, with {args.workers} "
        f"worker(s) ({done} posts per round; rounds: {rounds})"
    )
    return 0


def fit_calibration(args: argparse.Namespace) -> int:
    """Isotonic regression of gold partisan (0/1) on the raw rules score, over every --data file (comma list)."""
    from sklearn.isotonic import IsotonicRegression

    raw_scores: list[float] = []
    gold: list[int] = []
    sources = []
    splits = set(args.split.split(",")) if args.split else None
    for part in str(args.data).split(","):
        rows, configs = load_rows(Path(part), args.config, splits=splits, gold=args.gold)
        models = {k: make_model("rules", cfg, raw=True) for k, cfg in configs.items()}
        for r in rows:
            raw_scores.append(models[r["_cfg"]].predict_one(to_post(r)).partisan_score)
            gold.append(int(is_partisan(r.get("labels") or [])))
        sources.append(f"{Path(part).name} ({len(rows)})")
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(raw_scores, gold)
    xs = [round(float(x), 4) for x in iso.X_thresholds_]
    ys = [round(float(y), 4) for y in iso.y_thresholds_]
    out = {
        "model": "rules",
        "method": "isotonic",
        "fitted_on": sources,
        "n": len(gold),
        "positives": sum(gold),
        "x": xs,
        "y": ys,
    }
    args.fit_calibration.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"calibration: {len(xs)} points from {len(gold)} posts -> {args.fit_calibration}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
