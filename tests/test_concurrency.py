"""Two processes on one store (issue 16, item 3): the outcome is as if they had run one after the other.

Two ``scan`` processes over the same posts, and two ``collect --db`` of overlapping files, on SQLite and on
PostgreSQL: both exit 0, every post is stored and predicted once, every flag queued once.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from pipeline.store import open_store, tables
from tests.conftest import ROOT, SAMPLE_ELECTION, start_cli

SAMPLES = ROOT / "data" / "samples" / "posts.jsonl"


def _both(*commands: tuple[str, ...], cwd: Path) -> list[tuple[int, str]]:
    """Start every command at once (in ``cwd``: collect writes its rejects file there), wait for all."""
    procs = [start_cli(*c, cwd=cwd) for c in commands]
    return [(p.wait(timeout=600), p.communicate()[1]) for p in procs]


def _counts(url: str) -> dict[str, int]:
    store = open_store(url)
    try:
        with store.session() as s:
            return {
                t.__tablename__: s.scalar(select(func.count()).select_from(t))
                for t in (tables.Post, tables.Prediction, tables.Flag, tables.ReviewItem)
            }
    finally:
        store.dispose()


def test_two_scans_at_once_queue_each_flag_once(db_url, tmp_path):
    done = _both(
        ("collect", "--format", "jsonl", "--input", str(SAMPLES), "--db", db_url, "-q"), cwd=tmp_path
    )
    assert done[0][0] == 0, done[0][1]
    scan = ("scan", "-e", str(SAMPLE_ELECTION), "--db", db_url, "-m", "rules")
    results = _both(scan, scan, cwd=tmp_path)
    assert [code for code, _ in results] == [0, 0], [err for _, err in results]
    counts = _counts(db_url)
    assert counts["posts"] == counts["predictions"] == 106
    assert counts["flags"] == counts["review_items"] == 27
    queued = sorted(int(err.split(" queued for review")[0].rsplit(", ", 1)[1]) for _, err in results)
    assert sum(queued) == 27


def test_two_collects_of_overlapping_files_store_each_post_once(db_url, tmp_path):
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:70]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[40:]) + "\n", encoding="utf-8")
    results = _both(
        ("collect", "--format", "jsonl", "--input", str(first), "--db", db_url),
        ("collect", "--format", "jsonl", "--input", str(second), "--db", db_url),
        cwd=tmp_path,
    )
    assert [code for code, _ in results] == [0, 0], [err for _, err in results]
    assert _counts(db_url)["posts"] == 106
