"""More faults and races (issue 16, items 2 and 3): ``collect --db`` and ``train`` killed with SIGKILL at random
points, then run again; ``review decide`` on one item from two processes at once, on SQLite and PostgreSQL.

``collect --db`` writes the store in one transaction, so a kill leaves none or all of a run's posts, and a rerun
stores each post once; ``train`` writes its model directory under a temporary name and moves it into place, so a
kill leaves the earlier model (or none) and never a half-written one; two decisions on one item are one decision
and one audit event, and the other process is refused.
"""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import func, select

from pipeline.store import open_store, tables
from tests.classify.tiny_models import write_corpus, write_tfidf_config
from tests.conftest import ROOT, SAMPLE_ELECTION, start_cli
from tests.test_fault_injection import SEEDS, _kill_after

SAMPLES = ROOT / "data" / "samples" / "posts.jsonl"
COPIES = 40  # 40 x 106 sample posts: an import long enough to be killed in the middle


def _count(url: str, table) -> int:
    store = open_store(url)
    try:
        with store.session() as s:
            return s.scalar(select(func.count()).select_from(table))
    finally:
        store.dispose()


def test_collect_killed_anywhere_then_rerun_stores_each_post_once(db_url, tmp_path):
    big = tmp_path / "big.jsonl"
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    with big.open("w", encoding="utf-8") as fh:
        for copy in range(COPIES):
            for line in lines:
                post = json.loads(line)
                fh.write(json.dumps({**post, "id": f"{post['id']}-k{copy}"}, ensure_ascii=False) + "\n")
    total = COPIES * len(lines)
    collect = ("collect", "--format", "jsonl", "--input", str(big), "--db", db_url, "-q")
    assert start_cli("db", "upgrade", "--db", db_url, cwd=tmp_path).wait(timeout=120) == 0
    for seed in SEEDS:
        _kill_after(start_cli(*collect, cwd=tmp_path), random.Random(seed).uniform(0.8, 3.0))
        assert _count(db_url, tables.Post) in (0, total)  # one transaction: nothing or everything
        rejects = tmp_path / "asnwatch.db.rejects.jsonl"
        # a killed run leaves at most a hidden temporary (.NAME.*.part), never a partial rejects file
        assert not rejects.exists() or rejects.read_bytes() in (b"",) or rejects.read_bytes().endswith(b"\n")
    final = start_cli(*collect, cwd=tmp_path)
    assert final.wait(timeout=600) == 0, final.communicate()[1]
    assert _count(db_url, tables.Post) == total
    again = start_cli(*collect[:-1], cwd=tmp_path)  # without -q: the summary line
    assert again.wait(timeout=600) == 0
    assert (
        f"0 posts written to the store, 0 rejected, 0 skipped, {total} duplicates" in again.communicate()[1]
    )


def _loads(model, corpus) -> None:
    """The model directory is whole: it loads and classifies."""
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.schema import Post

    election = load_election(sorted((corpus / "configs").glob("*.yaml"))[0])
    clf = load_classifier(str(model), election=election)
    assert len(list(clf.predict([Post(id="x:1", text="coblos nomor 1 ya")]))) == 1


@pytest.mark.parametrize("seed", SEEDS)
def test_train_killed_leaves_a_whole_model(tmp_path, seed):
    corpus = write_corpus(tmp_path / "corpus", per_election=60)
    model = tmp_path / "model"
    train = ("train", "--config", str(write_tfidf_config(tmp_path, corpus)), "--output", str(model), "-q")
    rng = random.Random(seed)
    _kill_after(start_cli(*train, cwd=tmp_path), rng.uniform(0.5, 4.0))
    if model.exists():  # moved into place before the kill (possibly while the process was exiting): whole
        _loads(model, corpus)
    first = start_cli(*train, cwd=tmp_path)
    assert first.wait(timeout=600) == 0, first.communicate()[1]
    for _ in range(2):  # replacing a model: killed anywhere, the directory is the old model or the new one
        _kill_after(start_cli(*train, cwd=tmp_path), rng.uniform(0.5, 5.0))
        # between its two renames the old model waits beside it (the next run puts it back)
        _loads(model if model.exists() else tmp_path / "model.old-train", corpus)
    final = start_cli(*train, cwd=tmp_path)
    assert final.wait(timeout=600) == 0, final.communicate()[1]
    _loads(model, corpus)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("model")) == ["model"]


def test_two_decisions_on_one_item_from_two_processes(db_url, tmp_path):
    assert start_cli("collect", "--format", "jsonl", "--input", str(SAMPLES), "--db", db_url, "-q",
                     cwd=tmp_path).wait(timeout=600) == 0  # fmt: skip
    assert start_cli("scan", "-e", str(SAMPLE_ELECTION), "--db", db_url, "-m", "rules", "-q",
                     cwd=tmp_path).wait(timeout=600) == 0  # fmt: skip
    store = open_store(db_url)
    with store.session() as s:
        item = s.scalars(select(tables.ReviewItem.id).order_by(tables.ReviewItem.id).limit(1)).one()
    store.dispose()

    def decide(reviewer: str, decision: str) -> tuple[str, ...]:
        return ("review", "decide", str(item), "--db", db_url, "--reviewer", reviewer, "--decision", decision,
                "--note", "race")  # fmt: skip

    procs = [start_cli(*decide("rina", "confirmed"), cwd=tmp_path),
             start_cli(*decide("rina", "rejected"), cwd=tmp_path)]  # fmt: skip
    codes = sorted(p.wait(timeout=600) for p in procs)
    errors = [p.communicate()[1] for p in procs]
    assert codes[0] == 0 and codes[1] != 0, errors  # one wins, the other is refused with a message
    store = open_store(db_url)
    try:
        with store.session() as s:
            decisions = s.scalars(select(tables.Decision).where(tables.Decision.item_id == item)).all()
            events = s.scalar(
                select(func.count())
                .select_from(tables.AuditEvent)
                .where(tables.AuditEvent.entity == "review_item", tables.AuditEvent.entity_id == str(item))
                .where(tables.AuditEvent.event == "item.decided")
            )
            assert len(decisions) == 1 and events == 1
            assert s.get(tables.ReviewItem, item).status == decisions[0].decision
    finally:
        store.dispose()
