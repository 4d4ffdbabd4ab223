"""Eight processes claiming (and deciding) from one queue: every item claimed exactly once, on both databases."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from review_factory import make_items
from sqlalchemy import func, select

from pipeline.review.decide import DecisionInput, decide
from pipeline.review.history import verify
from pipeline.review.queue import claim_next
from pipeline.store import open_store, tables

N_ITEMS = 200
N_WORKERS = 8


def _worker(url: str, reviewer: str, start, out) -> None:
    """Claim until nothing is left; decide each claimed item (releasing it), report the claimed ids."""
    store = open_store(url)
    claimed: list[int] = []
    start.wait()
    while True:
        item = claim_next(store, reviewer)
        if item is None:
            break
        claimed.append(item["id"])
        decide(store, item["id"], DecisionInput(reviewer=reviewer, decision="confirmed"))
    store.dispose()
    out.put((reviewer, claimed))


@pytest.mark.slow
def test_eight_processes_claim_every_item_exactly_once(store, db_url):
    ids = make_items(store, N_ITEMS)
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(db_url, f"r{i}", start, out)) for i in range(N_WORKERS)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    counts = Counter(i for _, claimed in results for i in claimed)
    assert sorted(counts) == sorted(ids)  # all claimed
    assert set(counts.values()) == {1}  # each exactly once
    assert sum(1 for _, claimed in results if claimed) >= 2  # the work was really shared
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(tables.Decision)) == N_ITEMS
        claims = s.scalars(
            select(tables.AuditEvent.entity_id).where(tables.AuditEvent.event == "item.claimed")
        )
        assert sorted(Counter(claims).values()) == [1] * N_ITEMS
        statuses = set(s.scalars(select(tables.ReviewItem.status)))
    assert statuses == {"confirmed"}
    assert all(verify(store, i) == [] for i in ids[:20])
