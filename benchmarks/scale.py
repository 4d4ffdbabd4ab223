"""Posts/s of the local engine and of Ray on the same input, in one run (issue 17).

    .venv/bin/python benchmarks/scale.py [--n 200000] [--shards 8] [--workers 2] [--model rules] [--keep DIR]

Generates ``n`` canonical posts (varied copies of data/samples/posts.jsonl: every post a new id, its text with
a few filler words added) into ``shards`` JSONL shards, then classifies the folder

- with the local engine (this process, one core, folder to folder), and
- with Ray: a local instance with ``workers`` CPUs, a pool of ``workers`` actors each loading the model once;
  the instance's start is timed apart, and the run is timed with and without it,

checks that both wrote the same predictions, and prints posts/s and core-seconds per million posts (wall time
x cores used: 1 for local, ``workers`` for Ray). Needs the ``ray`` extra (``pip install 'asnwatch[ray]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "data" / "samples" / "posts.jsonl"
ELECTION = ROOT / "configs" / "elections" / "pilbup-sukamaju-2024.yaml"
FILLER = [
    "ya",
    "guys",
    "mantap",
    "hari ini",
    "btw",
    "wkwk",
    "semangat",
    "info",
    "nih",
    "cek",
    "warga",
    "desa",
]


def generate(folder: Path, n: int, shards: int, *, seed: int = 17) -> list[Path]:
    """Write ``n`` posts into ``shards`` files ``part-0000.jsonl`` ... in ``folder``; returns their paths."""
    templates = [
        json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"part-{s:04d}.jsonl" for s in range(shards)]
    per = -(-n // shards)
    k = 0
    for path in paths:
        with open(path, "w", encoding="utf-8") as fh:
            for line in range(1, per + 1):
                if k >= n:
                    break
                post = dict(templates[k % len(templates)])
                pid = str(7_000_000_000_000 + k)
                post["id"], post["platform_id"] = f"{post['platform']}:{pid}", pid
                extra = " ".join(rng.choices(FILLER, k=rng.randint(0, 4)))
                post["text"] = f"{post['text']} {extra}".strip()
                post["source"] = {"format": "jsonl", "file": path.name, "line": line}
                fh.write(json.dumps(post, ensure_ascii=False) + "\n")
                k += 1
    return paths


def prediction_lines(folder: Path) -> list[str]:
    """Every prediction of a folder of Parquet shards as its JSONL line, sorted."""
    from pipeline.io.jsonl import dumps
    from pipeline.io.parquet import iter_parquet_predictions

    return sorted(
        dumps(p) for shard in sorted(folder.glob("*.parquet")) for _, p in iter_parquet_predictions(shard)
    )


def run_local(src: Path, out: Path, model: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the classifying process)."""
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.scale.engine import classify_shards
    from pipeline.scale.jobs import plan

    cfg = load_election(ELECTION)
    clf = load_classifier(model, election=cfg)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    summary = classify_shards(plan(src, out), clf=clf, model=model, election=cfg, engine="local")
    return time.perf_counter() - t0, sum(r.cpu_seconds for r in summary.results)


def run_ray(src: Path, out: Path, model: str, workers: int) -> tuple[float, float, float]:
    """(seconds to start the instance, wall seconds to classify, CPU seconds of the workers' shards)."""
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.scale.engine import classify_shards
    from pipeline.scale.jobs import plan
    from pipeline.scale.ray_engine import ray_session

    cfg = load_election(ELECTION)
    clf = load_classifier(model, election=cfg)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with ray_session(cpus=workers, quiet=True):
        started = time.perf_counter() - t0
        t1 = time.perf_counter()
        summary = classify_shards(
            plan(src, out), clf=clf, model=model, election=cfg, engine="ray", workers=workers, quiet=True
        )
        return started, time.perf_counter() - t1, sum(r.cpu_seconds for r in summary.results)


def report(name: str, posts: int, seconds: float, cores: int, cpu: float | None = None) -> None:
    """posts/s, core-seconds per million posts (wall x cores) and, measured in the classifying processes, CPU
    seconds per million posts (what a busy machine does not inflate)."""
    cpu_part = f"  {cpu / posts * 1e6:>7,.0f} CPU-s per million" if cpu else ""
    print(
        f"{name:<28} {posts:>9,} posts {seconds:7.1f} s {posts / seconds:>8,.0f} posts/s "
        f"{seconds * cores / posts * 1e6:>7,.0f} core-s per million{cpu_part}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=200_000, help="posts to generate")
    parser.add_argument("--shards", type=int, default=8, help="input shards")
    parser.add_argument("--workers", type=int, default=2, help="Ray workers (local instance CPUs)")
    parser.add_argument("--model", default="rules", help="'rules' or a model directory")
    parser.add_argument("--keep", type=Path, help="keep the corpus and outputs in this directory")
    args = parser.parse_args()
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        src = base / "corpus"
        generate(src, args.n, args.shards)
        local, local_cpu = run_local(src, base / "local", args.model)
        started, ray_s, ray_cpu = run_ray(src, base / "ray", args.model, args.workers)
        same = prediction_lines(base / "local") == prediction_lines(base / "ray")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"cores: {os.cpu_count()}  load average now: {load:.1f}  model: {args.model}  posts: {args.n:,} in {args.shards} shards"
    )
    report("local (1 process)", args.n, local, 1, local_cpu)
    report(f"ray ({args.workers} workers)", args.n, ray_s, args.workers, ray_cpu)
    report(f"ray ({args.workers} workers) + start", args.n, ray_s + started, args.workers)
    print(f"ray start: {started:.1f} s  speed-up over local: {local / ray_s:.2f}x  same predictions: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
