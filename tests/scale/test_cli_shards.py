"""``classify`` and ``evaluate`` on Parquet files and folders of shards with the local engine, and what
``--engine ray`` says without the extra (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.io.jsonl import dumps
from pipeline.io.parquet import iter_parquet_predictions, post_writer
from pipeline.io.shards import iter_posts
from tests.conftest import ROOT, SAMPLE_ELECTION, run_cli

SAMPLES = ROOT / "data" / "samples" / "posts.jsonl"
HELDOUT = ROOT / "data" / "eval" / "rules_heldout.jsonl"
CONFIGS = ROOT / "configs" / "elections"


def _classify(*args: str):
    return run_cli("classify", "-e", str(SAMPLE_ELECTION), "-m", "rules", "-q", *args)


def _lines(folder):
    return sorted(
        dumps(p) for shard in sorted(folder.glob("*.parquet")) for _, p in iter_parquet_predictions(shard)
    )


def test_parquet_in_and_out_give_the_jsonl_predictions(tmp_path):
    posts = tmp_path / "posts.parquet"
    with post_writer(posts) as writer:
        for _, post in iter_posts(SAMPLES):
            writer.write(post)
    assert _classify("-i", str(SAMPLES), "-o", str(tmp_path / "ref.jsonl")).returncode == 0
    done = _classify("-i", str(posts), "-o", str(tmp_path / "preds.parquet"))
    assert done.returncode == 0, done.stderr
    ref = (tmp_path / "ref.jsonl").read_text(encoding="utf-8").splitlines()
    assert [dumps(p) for _, p in iter_parquet_predictions(tmp_path / "preds.parquet")] == ref
    assert _classify("-i", str(posts), "-o", str(tmp_path / "preds.jsonl")).returncode == 0
    assert (tmp_path / "preds.jsonl").read_text(encoding="utf-8").splitlines() == ref


def test_a_folder_of_shards_gives_a_folder_and_a_rerun_skips_complete_shards(tmp_path, generate):
    shards = generate(tmp_path / "in", 900, 3)
    with post_writer(tmp_path / "in" / "part-9999.parquet") as writer:  # a Parquet shard among JSONL ones
        for _, post in iter_posts(SAMPLES):
            writer.write(post)
    ref = tmp_path / "ref.jsonl"
    with open(ref, "wb") as fh:
        for shard in [*shards, SAMPLES]:
            fh.write(shard.read_bytes())
    assert _classify("-i", str(ref), "-o", str(tmp_path / "ref.out.jsonl")).returncode == 0
    out = tmp_path / "out"
    first = run_cli(
        "classify", "-e", str(SAMPLE_ELECTION), "-m", "rules", "-i", str(tmp_path / "in"), "-o", str(out)
    )
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        *(f"part-000{i}.parquet" for i in range(3)),
        "part-9999.parquet",
    ]
    assert _lines(out) == sorted((tmp_path / "ref.out.jsonl").read_text(encoding="utf-8").splitlines())
    assert "0 shard(s) already complete" in first.stderr
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    with open(shards[1], "a", encoding="utf-8") as fh:  # a changed shard is done again, the others skipped
        fh.write(json.dumps({"id": "x:new", "text": "Ayo coblos nomor 2"}) + "\n")
    again = run_cli(
        "classify", "-e", str(SAMPLE_ELECTION), "-m", "rules", "-i", str(tmp_path / "in"), "-o", str(out)
    )
    assert again.returncode == 0 and "3 shard(s) already complete" in again.stderr
    changed = {p.name for p in out.iterdir() if p.stat().st_mtime_ns != stamps[p.name]}
    assert changed == {"part-0001.parquet"}


def test_a_bad_shard_fails_the_run_naming_it_and_leaves_the_others_written(tmp_path, generate):
    generate(tmp_path / "in", 300, 3)
    bad = tmp_path / "in" / "part-0001.jsonl"
    good_lines = bad.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*good_lines[:5], '{"id": "x:1"}', *good_lines[5:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = _classify("-i", str(tmp_path / "in"), "-o", str(out))
    assert done.returncode == 2
    assert (
        "part-0001.jsonl:6: text: Field required" in done.stderr
        and len(done.stderr.strip().splitlines()) == 1
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "part-0000.parquet",
        "part-0002.parquet",
    ]  # nothing half-written
    bad.write_text("\n".join(good_lines) + "\n", encoding="utf-8")
    assert _classify("-i", str(tmp_path / "in"), "-o", str(out)).returncode == 0
    assert len(list(out.iterdir())) == 3


def test_options_that_do_not_fit_are_refused(tmp_path, generate):
    generate(tmp_path / "in", 10, 1)
    address = _classify("-i", str(SAMPLES), "-o", str(tmp_path / "p.jsonl"), "--address", "auto")
    assert address.returncode == 2 and "--address: only with --engine ray" in address.stderr
    engine = _classify("-i", str(SAMPLES), "-o", str(tmp_path / "p.jsonl"), "--engine", "spark")
    assert engine.returncode == 2 and "--engine: must be one of local, ray" in engine.stderr
    folder_to_file = _classify("-i", str(tmp_path / "in"), "-o", str(tmp_path / "p.jsonl"))
    assert folder_to_file.returncode == 2 and "--output: give a folder" in folder_to_file.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = _classify("-i", str(empty), "-o", str(tmp_path / "o"))
    assert nothing.returncode == 2 and "empty: no shards in this folder" in nothing.stderr


def test_engine_ray_without_the_extra_says_how_to_install_it(tmp_path):
    fake = tmp_path / "site"
    (fake / "ray").mkdir(parents=True)
    (fake / "ray" / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = {"PYTHONPATH": f"{fake}:{ROOT}"}
    for args in (
        (
            "classify",
            "-e",
            str(SAMPLE_ELECTION),
            "-i",
            str(SAMPLES),
            "-o",
            str(tmp_path / "o"),
            "--engine",
            "ray",
        ),
        (
            "evaluate",
            "-m",
            "rules",
            "-d",
            str(HELDOUT),
            "-e",
            str(CONFIGS),
            "-o",
            str(tmp_path / "r"),
            "--engine",
            "ray",
        ),
    ):
        done = run_cli(*args, env=env)
        assert done.returncode == 2
        assert done.stderr.strip().splitlines() == [
            "asnwatch: error: --engine: ray is not installed; install the extra with: pip install 'asnwatch[ray]'"
        ]
    assert not (tmp_path / "o").exists() and not (tmp_path / "r").exists()


def test_evaluate_on_a_folder_of_shards_writes_the_metrics_of_the_file(tmp_path):
    folder = tmp_path / "shards"
    folder.mkdir()
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    for i in range(0, len(lines), 90):
        (folder / f"part-{i // 90}.jsonl").write_text("\n".join(lines[i : i + 90]) + "\n", encoding="utf-8")
    common = ("evaluate", "-m", "rules", "-e", str(CONFIGS), "-q")
    assert run_cli(*common, "-d", str(HELDOUT), "-o", str(tmp_path / "file")).returncode == 0
    done = run_cli(*common, "-d", str(folder), "-o", str(tmp_path / "folder"))
    assert done.returncode == 0, done.stderr
    file_m, folder_m = (json.loads((tmp_path / d / "metrics.json").read_text()) for d in ("file", "folder"))
    assert file_m.pop("data") == str(HELDOUT) and folder_m.pop("data") == str(folder)
    assert file_m == folder_m


def test_help_does_not_import_ray_or_pyarrow():
    probe = (
        "import sys\nsys.argv = ['asnwatch', 'classify', '--help']\nfrom pipeline.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('ray', 'pyarrow'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
