"""Trained backends: quality on unseen contests and on pilpres 2019, posts/s and peak memory.

    python benchmarks/classify_models.py                       # rules, tfidf, e5, stance, default
    python benchmarks/classify_models.py --models default tfidf e5 cascade

For each model (``--model`` spec: a name under models/, a directory or ``rules``) it prints partisan F1 and
macro-F1 on the corpus test split (contests never seen in training), partisan F1 on pilpres 2019 tweets
mapped to partisan (positif/negatif) versus netral (when ../shared/datasets is there), posts/s and peak
resident memory. Each model runs in its own process so peak memory is its own (``VmHWM``, see _memory.py).

Speed is measured with --workers processes (default 2, one per core, as benchmarks/classify.py does), each
holding the loaded model, on two streams: ``corpus`` (the test split: ~40% partisan) and
``scan`` (a batch-scan-like stream: 10% corpus posts, 90% everyday Indonesian sentences from IndoNLU SmSA,
unrelated to elections), both cut or repeated to exactly --min-posts posts; the best of 3 rounds is printed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "data" / "corpus"
WORKERS = 2


def quality(spec: str) -> dict:
    """Partisan F1 / macro-F1 on the corpus test split and on pilpres 2019 (partisan vs netral)."""
    from pipeline.classify.evaluate import compute_metrics
    from pipeline.classify.train import evaluate_model

    out = {}
    records, preds, name = evaluate_model(
        spec, data=CORPUS / "posts.jsonl", election=CORPUS / "configs", split="test"
    )
    m = compute_metrics(records, preds, summary_only=True)
    out["model"] = name
    out["test"] = {
        "n": m["n"],
        "partisan_f1": m["partisan"]["f1"],
        "precision": m["partisan"]["precision"],
        "recall": m["partisan"]["recall"],
        "macro_f1": m["macro_f1"],
    }
    out["holdout"] = holdout_quality(spec)
    try:
        from pipeline.classify.base import load_classifier
        from pipeline.classify.datasets_public import load_pilpres2019
        from pipeline.classify.training_data import record_to_post

        pub = load_pilpres2019()
    except Exception as exc:  # noqa: BLE001 - the public datasets are optional
        out["pilpres2019"] = {"skipped": str(exc)}
        return out
    clf = load_classifier(spec, election=pub.election)
    preds = list(clf.predict([record_to_post(r) for r in pub.records]))
    m = compute_metrics(pub.records, preds, summary_only=True)
    # two classes here: partisan vs NETRAL_PEMILU, so macro-F1 is over those two
    f_neutral = m["per_class"]["NETRAL_PEMILU"]["f1"]
    out["pilpres2019"] = {
        "n": m["n"],
        "partisan_f1": m["partisan"]["f1"],
        "precision": m["partisan"]["precision"],
        "recall": m["partisan"]["recall"],
        "macro_f1": round((m["partisan"]["f1"] + f_neutral) / 2, 4),
    }
    out.update(real_quality(spec))
    return out


def holdout_quality(spec: str) -> dict:
    """Partisan F1 / macro-F1 on the style-matrix holdout contest (hand-written, trained and tuned on by none)."""
    from pipeline.classify.evaluate import compute_metrics
    from pipeline.classify.train import evaluate_model
    from pipeline.errors import InputError

    try:
        records, preds, _ = evaluate_model(
            spec, data=CORPUS / "posts.jsonl", election=CORPUS / "configs", split="holdout"
        )
    except InputError:
        return {"skipped": "no holdout contest in the corpus"}
    m = compute_metrics(records, preds, summary_only=True)
    return {"n": m["n"], "partisan_f1": m["partisan"]["f1"], "macro_f1": m["macro_f1"]}


def binary_report(gold: list[bool], pred: list[bool]) -> dict:
    """Partisan precision/recall/F1 and the partisan-vs-not macro-F1 (mean of both classes' F1)."""

    def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    tp = sum(g and q for g, q in zip(gold, pred, strict=True))
    fp = sum(q and not g for g, q in zip(gold, pred, strict=True))
    fn = sum(g and not q for g, q in zip(gold, pred, strict=True))
    tn = len(gold) - tp - fp - fn
    p, r, f = f1(tp, fp, fn)
    _, _, f_not = f1(tn, fn, fp)
    return {
        "n": len(gold),
        "partisan_f1": round(f, 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "macro_f1": round((f + f_not) / 2, 4),
    }


def real_quality(spec: str) -> dict:
    """Partisan F1 and partisan-vs-not macro-F1 on the real-register dev and test splits (data/real)."""
    from pipeline.classify.base import load_classifier
    from pipeline.classify.datasets_public import public_election
    from pipeline.classify.real_register import load_real_register
    from pipeline.classify.training_data import record_to_post
    from pipeline.labels import is_partisan

    out: dict = {}
    for split in ("dev", "test"):
        try:
            records = load_real_register(split)
        except Exception as exc:  # noqa: BLE001 - ../shared or the gold file may be absent
            out[f"real_{split}"] = {"skipped": str(exc)}
            continue
        gold, pred = [], []
        for election in sorted({r["election"] for r in records}):
            group = [r for r in records if r["election"] == election]
            clf = load_classifier(spec, election=public_election(election))
            for r, p in zip(group, clf.predict([record_to_post(r) for r in group]), strict=True):
                gold.append(is_partisan(r["labels"]))
                pred.append(is_partisan(p.labels))
        out[f"real_{split}"] = binary_report(gold, pred)
    return out


def streams(min_posts: int) -> dict[str, list]:
    """``corpus`` and ``scan`` post streams, (post, election id) pairs, at least ``min_posts`` long."""
    from pipeline.classify.training_data import load_records, record_to_post

    test = [r for r in load_records(CORPUS / "posts.jsonl") if r.get("split") == "test"]
    corpus = [(record_to_post(r), r["election"]) for r in test]
    out = {"corpus": corpus}
    try:
        from pipeline.classify.datasets_public import load_smsa_texts
        from pipeline.schema import Post

        background = load_smsa_texts(limit=9 * len(corpus))
        scan = []
        for i, text in enumerate(background):
            scan.append((Post(id=f"bg:{i}", text=text, created_at="2024-10-15T09:00:00+07:00"), corpus[0][1]))
            if i % 9 == 0:
                scan.append(corpus[(i // 9) % len(corpus)])
        out["scan"] = scan
    except Exception:  # noqa: BLE001 - no public datasets: corpus stream only
        pass
    for key, items in out.items():
        reps = -(-min_posts // max(len(items), 1))
        out[key] = (items * reps)[:min_posts]
    return out


_WORKER: dict = {}


def _init_worker(spec: str, elections: list[str]) -> None:
    """Load the model once per election in this worker process (not timed).

    One BLAS / OpenMP / torch thread per worker (unless the caller's environment says otherwise): with one
    worker per core, each library's own thread pool would only compete with the other workers for the
    cores. Set before numpy and torch load, since they read it once (workers are spawned: nothing is loaded).
    """
    import os

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from pipeline.classify.base import load_classifier
    from pipeline.classify.training_data import ElectionResolver

    resolver = ElectionResolver.from_path(CORPUS / "configs")
    _WORKER["models"] = {
        e: load_classifier(spec, election=resolver({"election": e, "id": "-"})) for e in elections
    }


def _run_chunk(items: list) -> tuple[int, int]:
    """Classify a chunk (grouped by election, in batches); returns (posts, posts sent to the encoder)."""
    groups: dict[str, list] = {}
    for post, election in items:
        groups.setdefault(election, []).append(post)
    passed = None  # stays None for models without a gate (not a cascade)
    for election, posts in groups.items():
        clf = _WORKER["models"][election]
        stats = getattr(clf, "stats", None)
        before = stats["passed"] if stats else 0
        for _ in clf.predict(posts):
            pass
        if stats:
            passed = (passed or 0) + stats["passed"] - before
    return len(items), passed


def speed(spec: str, min_posts: int, workers: int = 2, chunk: int = 500, rounds: int = 3) -> dict:
    """posts/s per stream with ``workers`` processes, each holding the loaded model (load time not counted):
    best and median of ``rounds`` passes over the stream."""
    from concurrent.futures import ProcessPoolExecutor

    out = {}
    for key, items in streams(min_posts).items():
        elections = sorted({e for _, e in items})
        chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
        # spawn, not fork: a forked child of a process whose torch thread pool is running can deadlock
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(spec, elections)
        ) as pool:
            list(pool.map(_run_chunk, [items[:8]] * workers))  # warm-up: first-call overheads
            rates = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                results = list(pool.map(_run_chunk, chunks))
                rates.append(sum(r[0] for r in results) / (time.perf_counter() - t0))
        n = sum(r[0] for r in results)
        # other jobs on a shared machine only ever slow a round down: best is the model's own speed
        out[key] = {
            "posts": n,
            "workers": workers,
            "posts_per_s": round(max(rates), 1),
            "median_posts_per_s": round(statistics.median(rates), 1),
        }
        if any(r[1] is not None for r in results):
            out[key]["encoder_share"] = round(sum(r[1] or 0 for r in results) / max(n, 1), 3)
    return out


def peak_memory_mb(spec: str, min_posts: int) -> float:
    """Peak RSS of one process loading the model and classifying the scan stream (or the corpus stream)."""
    from _memory import peak_rss_mb

    from pipeline.classify.base import load_classifier
    from pipeline.classify.training_data import ElectionResolver

    resolver = ElectionResolver.from_path(CORPUS / "configs")
    s = streams(min_posts)
    items = s.get("scan") or s["corpus"]
    models = {}
    for _post, election in items:
        if election not in models:
            models[election] = load_classifier(spec, election=resolver({"election": election, "id": "-"}))
    groups: dict[str, list] = {}
    for post, election in items:
        groups.setdefault(election, []).append(post)
    for election, posts in groups.items():
        for _ in models[election].predict(posts):
            pass
    return peak_rss_mb()


def measure_one(spec: str, min_posts: int) -> dict:
    result = {"spec": spec}
    result.update(quality(spec))
    result["peak_rss_mb"] = peak_memory_mb(spec, min_posts)  # this process: quality run + one full stream
    result["speed"] = speed(spec, min_posts, workers=WORKERS)
    return result


def measure(spec: str, *, min_posts: int = 2000) -> dict:
    """Run :func:`measure_one` in a fresh process (so peak memory is this model's alone)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--one", spec, "--min-posts", str(min_posts), "--workers", str(WORKERS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        return {"spec": spec, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# The side-by-side set (issue 12): the rules, each trained backend alone, the stance model (the default
# cascade's cheap member) and the default. Backends missing under models/ are trained from their config first.
STANDARD = {"tfidf": "tfidf.yaml", "e5": "e5-hybrid.yaml"}
SIDE_BY_SIDE = ["rules", "tfidf", "e5", "default/cheap", "default"]
LABELS = {"default/cheap": "stance", "default/expensive": "stance-e5"}


def ensure_models(specs: list[str]) -> None:
    """Train ``tfidf`` / ``e5`` into models/ when a spec names one that is not built yet."""
    from pipeline.classify.base import CARD, MODELS_DIR
    from pipeline.classify.train import train
    from pipeline.classify.train_config import load_config

    for spec in specs:
        if spec in STANDARD and not (MODELS_DIR / spec / CARD).is_file():
            print(
                f"training models/{spec} from configs/train/{STANDARD[spec]} ...", file=sys.stderr, flush=True
            )
            train(load_config(ROOT / "configs" / "train" / STANDARD[spec]), output=MODELS_DIR / spec)


def available_models() -> list[str]:
    return list(SIDE_BY_SIDE)


def format_row(r: dict) -> str:
    if "error" in r:
        return f"{r['spec']:<14} error: {r['error']}"
    t, p, s = r["test"], r.get("pilpres2019", {}), r["speed"]

    def pair(m: dict) -> str:
        return f"{m['partisan_f1']:.3f} / {m['macro_f1']:.3f}" if "partisan_f1" in m else "n/a"

    pil = pair(p)
    real = f"{pair(r.get('real_dev', {})):<15} {pair(r.get('real_test', {})):<15} {pair(r.get('holdout', {})):<15}"
    scan = s.get("scan", {}).get("posts_per_s")
    share = s.get("scan", {}).get("encoder_share")
    return (
        f"{LABELS.get(r['spec'], r['spec']):<14} {t['partisan_f1']:.3f} / {t['macro_f1']:.3f}     {pil:<15} {real} "
        f"{s['corpus']['posts_per_s'] or 0:>8.1f} {scan or 0:>8.1f}"
        f"{'' if share is None else f' (e5 {share:.0%})':<10} {r['peak_rss_mb']:>7.0f}"
    )


HEADER = (
    "model          test F1 / macro   pilpres19 F1/mac real dev F1/mac real test F1/mac holdout F1/mac "
    "  corpus/s   scan/s             peak MB\n" + "-" * 146
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="*", help="model specs (default: rules + every dir under models/)")
    ap.add_argument("--min-posts", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2, help="processes for the speed measurement")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    args = ap.parse_args()
    global WORKERS
    WORKERS = args.workers
    if args.one:
        print(json.dumps(measure_one(args.one, args.min_posts)))
        return
    specs = args.models or available_models()
    ensure_models(specs)
    if not args.json:
        print(HEADER)
    for spec in specs:
        r = measure(spec, min_posts=args.min_posts)
        print(json.dumps(r) if args.json else format_row(r), flush=True)


if __name__ == "__main__":
    main()
