"""Claiming: order, held claims, release, skip, expiry, roles (SQLite and PostgreSQL via ``store``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from review_factory import make_items
from sqlalchemy import func, select, update

from pipeline.review import ReviewError, add_reviewer, claim_next, expire_claims, release, skip
from pipeline.review.decide import DecisionInput, decide
from pipeline.review.history import history
from pipeline.store import tables
from pipeline.store.types import utcnow


def _expire(store, item_id):
    with store.session() as s:
        s.execute(
            update(tables.ReviewItem)
            .where(tables.ReviewItem.id == item_id)
            .values(claim_expires_at=utcnow() - timedelta(seconds=1))
        )


def test_claims_highest_priority_first_and_marks_in_review(store):
    low = make_items(store, 1, labels=["SIMBOL"])
    high = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"], start=5)
    item = claim_next(store, "ana")
    assert item["id"] == high[0] and item["status"] == "in_review" and item["claimed_by"] == "ana"
    for key in (
        "id",
        "post_id",
        "status",
        "labels",
        "partisan_score",
        "asn_score",
        "priority",
        "reviews_required",
    ):
        assert key in item
    assert item["reviews_required"] == 2 and item["account"]["nip_masked"] == "19860926 ****** * ***"
    assert claim_next(store, "bob")["id"] == low[0]
    assert claim_next(store, "cici") is None
    events = history(store, high[0])
    assert [e["event"] for e in events] == ["item.created", "item.claimed"]
    assert events[1]["actor"] == "ana" and events[1]["before"]["status"] == "pending"


def test_next_returns_the_claim_already_held(store, items):
    first = claim_next(store, "ana")
    again = claim_next(store, "ana")
    assert again["id"] == first["id"]
    with store.session() as s:
        claims = s.scalar(
            select(func.count())
            .select_from(tables.AuditEvent)
            .where(tables.AuditEvent.event == "item.claimed")
        )
    assert claims == 1


def test_release_returns_item_to_pending_and_only_holder_may_release(store, items):
    item = claim_next(store, "ana")
    with pytest.raises(ReviewError, match="not claimed by bob"):
        release(store, item["id"], "bob")
    out = release(store, item["id"], "ana")
    assert out["status"] == "pending" and out["claimed_by"] is None
    assert claim_next(store, "bob")["id"] == item["id"]


def test_skip_is_not_offered_again_to_the_same_reviewer(store, items):
    first = claim_next(store, "ana")
    skip(store, first["id"], "ana")
    second = claim_next(store, "ana")
    assert second["id"] != first["id"]
    assert claim_next(store, "bob")["id"] == first["id"]  # others still get it
    events = [e["event"] for e in history(store, first["id"])]
    assert events == ["item.created", "item.claimed", "item.skipped", "item.claimed"]


def test_expired_claim_may_be_reclaimed_and_holder_can_no_longer_decide(store):
    [item_id] = make_items(store, 1)
    claim_next(store, "ana", lease_minutes=15)
    assert claim_next(store, "bob") is None  # held
    _expire(store, item_id)
    taken = claim_next(store, "bob")
    assert taken["id"] == item_id and taken["claimed_by"] == "bob"
    assert history(store, item_id)[-1]["after"]["expired_claim_of"] == "ana"
    with pytest.raises(ReviewError, match="claimed by bob"):
        decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))


def test_expire_claims_frees_lapsed_claims_only(store):
    a, b = make_items(store, 2)
    claim_next(store, "ana")
    claim_next(store, "bob")
    _expire(store, a)
    assert expire_claims(store) == [a]
    with store.session() as s:
        assert s.get(tables.ReviewItem, a).claimed_by is None
        assert s.get(tables.ReviewItem, a).status == "pending"
        assert s.get(tables.ReviewItem, b).claimed_by == "bob"


def test_escalated_items_go_to_adjudicators_only_and_first(store):
    [esc] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    [other] = make_items(store, 1, labels=["AJAKAN"], start=3)
    add_reviewer(store, "ada", role="adjudicator")
    for name, decision in (("ana", "confirmed"), ("bob", "rejected")):
        got = claim_next(store, name)
        assert got["id"] == esc
        decide(store, esc, DecisionInput(reviewer=name, decision=decision))
    got = claim_next(store, "cici")
    assert got["id"] == other  # a plain reviewer never gets the escalated item
    assert claim_next(store, "ada")["id"] == esc


def test_a_reviewer_is_not_offered_an_item_twice(store):
    [item_id] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    claim_next(store, "ana")
    decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))
    assert claim_next(store, "ana") is None
    assert claim_next(store, "bob")["id"] == item_id


def test_bad_role_and_lease_are_refused(store):
    with pytest.raises(ReviewError, match="role"):
        add_reviewer(store, "x", role="boss")
    with pytest.raises(ReviewError, match="lease"):
        claim_next(store, "x", lease_minutes=0)
    out = add_reviewer(store, "x", role="adjudicator")
    assert out["created"] is True
    assert add_reviewer(store, "x", role="reviewer") == {"name": "x", "role": "reviewer", "created": False}
