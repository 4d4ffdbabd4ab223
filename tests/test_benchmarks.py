"""The benchmark scripts run (tiny sizes) and print the figures the docs quote, so they cannot rot unnoticed.

Speed is not asserted here (benchmarks measure it, tests do not); quality figures are, where they are stable.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_collect_benchmark_reconciles_counts() -> None:
    out = _run("collect.py", "--n", "2000")
    m = re.search(
        r"records read: ([\d,]+)\s+posts written: ([\d,]+)\s+duplicates: ([\d,]+)\s+rejected: (\d+)", out
    )
    assert m, out
    read, written, dups, rejected = (int(g.replace(",", "")) for g in m.groups())
    assert written == 2000 and read == written + dups + rejected
    assert re.search(r"throughput: [\d,]+ posts/s wall .* peak RSS: \d+ MB", out)


def test_accounts_benchmark_meets_its_quality_targets() -> None:
    out = _run("accounts.py", "--repeat", "1", "--procs", "1")
    precision = float(re.search(r"ASN precision: ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    recall = float(re.search(r"ASN recall:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    assert precision >= 0.9 and recall >= 0.9, out
    assert re.search(r"speed, 1 process: [\d,]+ profiles/s", out)


def test_rules_benchmark_beats_the_keyword_baseline_on_held_out_posts() -> None:
    out = _run("classify.py", "--model", "rules", "--workers", "1", "--min-posts", "300", "--rounds", "1")
    rules = re.search(r"^rules\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out, re.M)
    baseline = re.search(r"^keyword baseline\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out, re.M)
    assert rules and baseline, out
    assert float(rules.group(3)) >= 0.85 and float(rules.group(3)) > float(baseline.group(3)) + 0.1
    assert re.search(r"speed: [\d,]+ posts/s best, [\d,]+ median, with 1 worker", out)
