"""``--engine ray`` (issue 17) on a local Ray instance with 2 CPUs: the local command's predictions on a
200,000-post sharded corpus, a worker killed mid-shard, evaluation, and the benchmark. ``-m ray`` selects them."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.io.jsonl import dumps
from pipeline.io.parquet import iter_parquet_predictions
from tests.conftest import ROOT, SAMPLE_ELECTION, run_cli
from tests.scale.conftest import concat, require_ray

pytestmark = [pytest.mark.ray, pytest.mark.timeout(900)]

HELDOUT = ROOT / "data" / "eval" / "rules_heldout.jsonl"
CONFIGS = ROOT / "configs" / "elections"


@pytest.fixture(autouse=True)
def _ray_installed() -> None:
    require_ray()


def _prediction_lines(folder: Path) -> list[str]:
    return sorted(
        dumps(p) for shard in sorted(folder.glob("*.parquet")) for _, p in iter_parquet_predictions(shard)
    )


def test_ray_gives_the_local_predictions_on_200k_posts_and_a_rerun_skips(tmp_path, generate):
    shards = generate(tmp_path / "corpus", 200_000, 8)
    common = ("classify", "-e", str(SAMPLE_ELECTION), "-m", "rules", "-q")
    whole = concat(shards, tmp_path / "all.jsonl")
    # the local command runs beside the Ray run (its one core and Ray's two share the machine): same wall time
    # for the two runs as for the Ray run alone, and no result depends on timing
    local = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli.main",
            *common,
            "-i",
            str(whole),
            "-o",
            str(tmp_path / "local.jsonl"),
        ],
        cwd=ROOT,
        env={**os.environ, "ASNWATCH_NO_PROGRESS": "1"},
        stderr=subprocess.PIPE,
        text=True,
    )
    out = tmp_path / "ray"
    done = run_cli(
        *common, "-i", str(tmp_path / "corpus"), "-o", str(out), "--engine", "ray", "--workers", "2"
    )
    assert local.wait(timeout=600) == 0, local.stderr.read() if local.stderr else ""
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == [s.name.replace(".jsonl", ".parquet") for s in shards]
    expected = sorted((tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(expected) == 200_000
    assert _prediction_lines(out) == expected  # byte for byte after sorting
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = run_cli(
        *common[:-1], "-i", str(tmp_path / "corpus"), "-o", str(out), "--engine", "ray", "--workers", "2"
    )
    assert again.returncode == 0 and "8 shard(s) already complete" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps


def test_a_worker_killed_mid_shard_is_replaced_and_every_post_is_written_once(tmp_path, generate):
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.scale.engine import classify_shards
    from pipeline.scale.jobs import plan
    from pipeline.scale.ray_engine import ShardClassifier, ray_session

    shards = generate(tmp_path / "corpus", 12_000, 4)
    marker = str(tmp_path / "killed")

    class DieAfter:  # classes defined here are shipped to the workers by value
        """A classifier that kills its own process (SIGKILL) after ``n`` predictions."""

        def __init__(self, inner, n):
            self.inner, self.n, self.name, self.version = inner, n, inner.name, inner.version

        def predict(self, posts):
            for k, pred in enumerate(self.inner.predict(posts)):
                if k == self.n:
                    Path(marker).write_text(str(os.getpid()))
                    os.kill(os.getpid(), signal.SIGKILL)
                yield pred

    class KillOnce(ShardClassifier):
        """Dies 1,000 posts into part-0002, the first time only (the restarted worker finds the marker)."""

        def __call__(self, batch):
            if str(batch["input"].iloc[0]).endswith("part-0002.jsonl") and not os.path.exists(marker):
                self.clf = DieAfter(self.clf, 1_000)
            return super().__call__(batch)

    cfg = load_election(SAMPLE_ELECTION)
    clf = load_classifier("rules", election=cfg)
    out = tmp_path / "out"
    out.mkdir()
    with ray_session(cpus=2, quiet=True):
        summary = classify_shards(
            plan(tmp_path / "corpus", out),
            clf=clf,
            model="rules",
            election=cfg,
            engine="ray",
            workers=2,
            worker=KillOnce,
        )
    assert Path(marker).exists(), "the worker was not killed"
    assert summary.posts == 12_000 and summary.written == 4
    ids = Counter(json.loads(line)["id"] for line in _prediction_lines(out))
    expected = {
        json.loads(line)["id"] for shard in shards for line in shard.read_text(encoding="utf-8").splitlines()
    }
    assert set(ids) == expected and set(ids.values()) == {1}  # every post exactly once
    assert sorted(p.name for p in out.iterdir()) == [
        f"part-000{i}.parquet" for i in range(4)
    ]  # no partial file
    local = sorted(dumps(p) for p in clf.predict(_posts(shards)))
    assert _prediction_lines(out) == local


def _posts(shards):
    from pipeline.io.shards import iter_posts

    return [post for shard in shards for _, post in iter_posts(shard)]


def test_evaluate_on_ray_writes_the_local_metrics_file(tmp_path):
    folder = tmp_path / "shards"
    folder.mkdir()
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    for i in range(0, len(lines), 60):
        (folder / f"part-{i // 60}.jsonl").write_text("\n".join(lines[i : i + 60]) + "\n", encoding="utf-8")
    common = ("evaluate", "-m", "rules", "-e", str(CONFIGS), "-q")
    local = run_cli(*common, "-d", str(HELDOUT), "-o", str(tmp_path / "local"))
    assert local.returncode == 0, local.stderr[-3000:]
    ray_file = run_cli(
        *common, "-d", str(HELDOUT), "-o", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2"
    )
    assert ray_file.returncode == 0, ray_file.stderr[-3000:]
    for name in ("metrics.json", "predictions.jsonl"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    ray_folder = run_cli(*common, "-d", str(folder), "-o", str(tmp_path / "shards_out"), "--engine", "ray")
    assert ray_folder.returncode == 0, ray_folder.stderr[-3000:]
    local_m, folder_m = (
        json.loads((tmp_path / d / "metrics.json").read_text()) for d in ("local", "shards_out")
    )
    assert local_m.pop("data") == str(HELDOUT) and folder_m.pop("data") == str(folder)
    assert folder_m == local_m


def test_scale_benchmark_prints_posts_per_second_for_both_engines():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--n", "3000", "--shards", "3"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"^local \(1 process\)\s+3,000 posts .* [\d,]+ posts/s", done.stdout, re.M), done.stdout
    assert re.search(r"^ray \(2 workers\)\s+3,000 posts .* [\d,]+ posts/s", done.stdout, re.M), done.stdout
    assert "same predictions: True" in done.stdout
