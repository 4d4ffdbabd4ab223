"""Benchmark of the ASN profile scorer: the team-written cases, or the style-matrix profile set.

Prints ASN precision and recall, the 3x3 confusion table, accuracy per case kind (every hard-negative kind
separately) when the cases carry a ``kind``, and profiles/s on one process and on N processes.

    .venv/bin/python benchmarks/accounts.py [--cases FILE] [--split dev|test|all] [--weights FILE]
        [--repeat N] [--procs N] [--show-errors] [--refit-cv C,C,...]

``--split``: for the style-matrix set (``data/accounts/profiles_styles.jsonl``), ``dev`` keeps the writer
styles that may be tuned on and ``test`` the others (``DEV_STYLES``; data/accounts/README.md).

``--refit-cv 0.3,1,3`` (with ``--split dev`` only): 5-fold cross-validation by writer style of
``pipeline.accounts.refit`` (the hand weights as the prior; ASN = 1, NON_ASN = 0, UNKNOWN skipped) against the
hand weights, per C: ASN precision / recall, 3-class exact agreement and log loss on the held-out styles.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.accounts.score import ProfileScorer, load_weights  # noqa: E402
from pipeline.schema import Author  # noqa: E402

CASES = ROOT / "tests" / "accounts" / "profiles_cases.jsonl"
CLASSES = ("ASN", "NON_ASN", "UNKNOWN")
DEV_STYLES = frozenset("ABCDIJKLMNOPQR")  # the style-matrix set: styles E-H are the test part, never tuned on
KINDS: dict[str, str] = {}  # author id -> case kind, when the file gives one
STYLES: dict[str, str] = {}  # author id -> writer style, when the file gives one


def load_cases(path: Path, *, split: str = "all") -> list[tuple[Author, str]]:
    """``(author, expected class)`` per line; ``split`` filters a style-matrix file by writer style."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            expect = obj.pop("expect")
            obj.pop("note", None)
            kind, style = obj.pop("kind", None), obj.pop("style", None)
            if split != "all" and style is not None and (style in DEV_STYLES) != (split == "dev"):
                continue
            if kind:
                KINDS[obj["id"]] = kind
            if style:
                STYLES[obj["id"]] = style
            cases.append((Author(**obj), expect))
    return cases


def report_kinds(results: list[tuple[Author, str, str]]) -> None:
    """Accuracy per case kind (sorted by accuracy, worst first)."""
    by: dict[str, list[bool]] = {}
    for author, expect, got in results:
        if author.id in KINDS:
            by.setdefault(f"{KINDS[author.id]} ({expect})", []).append(got == expect)
    if not by:
        return
    print("by kind (expected class): correct / cases")
    for name, hits in sorted(by.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0])):
        print(f"  {name:42s} {sum(hits):4d} / {len(hits):<4d} {sum(hits) / len(hits):.2f}")


def _figures(scorer: ProfileScorer, cases: list[tuple[Author, str]]) -> tuple[int, int, int, int, float]:
    """(true ASN, predicted ASN, actual ASN, exact, log loss over the ASN/NON_ASN cases)."""
    tp = predicted = actual = exact = 0
    loss = 0.0
    for author, expect in cases:
        result = scorer.score(author)
        tp += result.asn_class == expect == "ASN"
        predicted += result.asn_class == "ASN"
        actual += expect == "ASN"
        exact += result.asn_class == expect
        if expect != "UNKNOWN":
            p = min(max(result.asn_score, 1e-4), 1 - 1e-4)
            loss -= math.log(p if expect == "ASN" else 1 - p)
    return tp, predicted, actual, exact, loss


def refit_cv(cases: list[tuple[Author, str]], cs: list[float], folds: int = 5) -> None:
    """Cross-validation by writer style: refit on the other styles (hand weights as the prior), score the
    held-out ones; the hand weights scored on the same folds."""
    from pipeline.accounts.refit import refit

    styles = sorted({STYLES[a.id] for a, _ in cases})
    hand = ProfileScorer()
    groups = ", ".join("".join(styles[k::folds]) for k in range(folds))
    print(
        f"refit cross-validation, {folds} folds by style ({groups}); hand weights vs refit on the held-out styles"
    )
    for c in cs:
        totals = {"hand": [0.0] * 5, "refit": [0.0] * 5}
        for k in range(folds):
            held = set(styles[k::folds])
            train = [(a, int(e == "ASN")) for a, e in cases if STYLES[a.id] not in held and e != "UNKNOWN"]
            test = [(a, e) for a, e in cases if STYLES[a.id] in held]
            fitted = ProfileScorer(weights=refit(train, base=hand, C=c))
            for name, scorer in (("hand", hand), ("refit", fitted)):
                totals[name] = [t + f for t, f in zip(totals[name], _figures(scorer, test), strict=True)]
        line = []
        for name, (tp, pred, act, exact, loss) in totals.items():
            line.append(
                f"{name} P {tp / pred:.3f} R {tp / act:.3f} exact {exact / len(cases):.3f} log loss {loss:.1f}"
            )
        print(f"  C={c:g}: " + " | ".join(line))


def _worker(args: tuple[list[dict], int, str | None]) -> tuple[float, float]:
    rows, repeat, weights = args
    scorer = ProfileScorer(weights=load_weights(weights) if weights else None)
    authors = [Author(**r) for r in rows]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for a in authors:
            scorer.score(a)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all", help="style-matrix split")
    ap.add_argument("--weights", type=Path, default=None, help="weights JSON from `asnwatch accounts refit`")
    ap.add_argument("--repeat", type=int, default=200, help="passes over the cases for the speed figure")
    ap.add_argument("--procs", type=int, default=2, help="processes for the parallel speed figure")
    ap.add_argument("--show-errors", action="store_true", help="print every case the scorer gets wrong")
    ap.add_argument(
        "--refit-cv", default=None, help="C values (comma-separated): cross-validate refit by style"
    )
    args = ap.parse_args()
    if args.refit_cv and args.split != "dev":
        ap.error("--refit-cv fits weights: only on --split dev (test styles are never tuned on)")

    t0 = time.perf_counter()
    scorer = ProfileScorer(weights=load_weights(args.weights) if args.weights else None)
    load_s = time.perf_counter() - t0
    cases = load_cases(args.cases, split=args.split)

    confusion = {e: dict.fromkeys(CLASSES, 0) for e in CLASSES}
    errors = []
    outcomes = []
    for author, expect in cases:
        result = scorer.score(author)
        confusion[expect][result.asn_class] += 1
        outcomes.append((author, expect, result.asn_class))
        if result.asn_class != expect:
            errors.append((author, expect, result))
    tp = confusion["ASN"]["ASN"]
    predicted = sum(confusion[e]["ASN"] for e in CLASSES)
    actual = sum(confusion["ASN"].values())
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    exact = sum(confusion[c][c] for c in CLASSES) / len(cases)

    print(f"cases: {len(cases)} ({', '.join(f'{c} {sum(confusion[c].values())}' for c in CLASSES)})")
    print("confusion (rows: expected, columns: predicted)")
    print(f"  {'':10s}" + "".join(f"{c:>10s}" for c in CLASSES))
    for e in CLASSES:
        print(f"  {e:10s}" + "".join(f"{confusion[e][p]:10d}" for p in CLASSES))
    print(f"ASN precision: {precision:.3f}   (issue 14 target >= 0.97)")
    print(f"ASN recall:    {recall:.3f}   (issue 14 target >= 0.95)")
    print(f"3-class exact agreement: {exact:.3f}")
    report_kinds(outcomes)
    if args.refit_cv:
        refit_cv(cases, [float(c) for c in args.refit_cv.split(",")])
    if args.show_errors:
        for author, expect, result in errors:
            print(
                f"- {author.id} expected {expect}, got {result.asn_class} {result.asn_score}: {author.bio!r}"
            )
            for reason in result.reasons:
                print(f"    {reason}")

    rows = [a.model_dump() for a, _ in cases]
    authors = [Author(**r) for r in rows]
    n = len(authors) * args.repeat
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for a in authors:
            scorer.score(a)
    single = n / (time.perf_counter() - start)
    single_cpu = n / (time.process_time() - cpu)
    print(f"lexicon load+compile: {load_s:.2f} s")
    # Wall-clock figures suffer when other jobs share the cores; CPU-time figures count this process's work only.
    print(
        f"speed, 1 process: {single:,.0f} profiles/s wall, {single_cpu:,.0f} profiles/s per CPU second ({n:,} scored; "
        "target >= 20,000 on one core)"
    )
    if args.procs > 1:
        job = (rows, args.repeat, str(args.weights) if args.weights else None)
        ctx = mp.get_context("spawn")
        with ctx.Pool(args.procs) as pool:
            pool.map(_worker, [(rows, 1, job[2])] * args.procs)  # warm-up: imports and lexicon
            start = time.perf_counter()
            times = pool.map(_worker, [job] * args.procs)
            wall = time.perf_counter() - start
        by_cpu = sum(n / cpu for _, cpu in times)
        print(
            f"speed, {args.procs} processes: {n * args.procs / wall:,.0f} profiles/s wall, "
            f"{by_cpu:,.0f} profiles/s by CPU time"
        )
    print(f"cpu count: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
