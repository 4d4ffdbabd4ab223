"""Decisions: consensus, adjudication, evidence capture, refusals, and all-or-nothing transactions."""

from __future__ import annotations

import importlib
import multiprocessing
import os

import pytest
from review_factory import make_items
from sqlalchemy import func, select

from pipeline.review import ReviewError, add_reviewer, claim_next
from pipeline.review.decide import DecisionInput, decide
from pipeline.review.history import verify
from pipeline.store import open_store, tables
from pipeline.store.posts import text_sha256

# the module (the package re-exports a function of the same name)
decide_mod = importlib.import_module("pipeline.review.decide")


def _counts(store, item_id):
    with store.session() as s:
        item = s.get(tables.ReviewItem, item_id)
        return {
            "decisions": s.scalar(select(func.count()).select_from(tables.Decision)),
            "events": s.scalar(select(func.count()).select_from(tables.AuditEvent)),
            "status": item.status,
            "claimed_by": item.claimed_by,
            "final_labels": item.final_labels,
        }


def test_single_review_confirms_with_evidence_and_keeps_the_suggestion(store, items):
    item = claim_next(store, "ana")
    out = decide(
        store,
        item["id"],
        DecisionInput(
            reviewer="ana",
            decision="confirmed",
            violation_category="s2",
            note="jelas ajakan",
            screenshot_path="shots/1.png",
        ),
    )
    assert out["status"] == "confirmed" and out["final_labels"] == ["AJAKAN"] and out["final_targets"] == [2]
    assert out["claimed_by"] is None and out["decided_at"]
    [d] = out["decisions"]
    assert d["evidence_url"] == out["post"]["url"]
    assert d["text_sha256"] == text_sha256(out["post"]["text"])
    assert d["violation_category"] == "S2" and d["screenshot_path"] == "shots/1.png"
    assert d["seconds_spent"] is not None and d["seconds_spent"] >= 0 and d["evidence_captured_at"]
    with store.session() as s:
        flag = s.get(tables.ReviewItem, item["id"]).flag
        assert flag.labels == ["AJAKAN"] and flag.targets == [2]  # the suggestion is untouched
    assert verify(store, item["id"]) == []


def test_rejection_with_corrected_labels(store, items):
    item = claim_next(store, "ana")
    out = decide(
        store, item["id"], DecisionInput(reviewer="ana", decision="rejected", labels=["NETRAL_PEMILU"])
    )
    assert out["status"] == "rejected" and out["final_labels"] == ["NETRAL_PEMILU"]
    assert out["labels"] == ["AJAKAN"]  # item "labels" stay the model's suggestion


def test_overlap_two_agreeing_reviewers_confirm_with_corrected_labels(store):
    [item_id] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    for name in ("ana", "bob"):
        assert claim_next(store, name)["id"] == item_id
        out = decide(
            store,
            item_id,
            DecisionInput(reviewer=name, decision="confirmed", labels=["PENYALAHGUNAAN_JABATAN", "AJAKAN"]),
        )
    assert out["status"] == "confirmed" and out["final_labels"] == ["PENYALAHGUNAAN_JABATAN", "AJAKAN"]
    assert verify(store, item_id) == []


def test_disagreement_escalates_and_only_an_adjudicator_settles(store):
    [item_id] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    claim_next(store, "ana")
    first = decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))
    assert first["status"] == "in_review" and first["reviews_done"] == 1
    claim_next(store, "bob")
    out = decide(store, item_id, DecisionInput(reviewer="bob", decision="rejected"))
    assert out["status"] == "escalated" and out["decided_at"] is None
    with pytest.raises(ReviewError, match="only an adjudicator"):
        decide(store, item_id, DecisionInput(reviewer="cici", decision="confirmed"))
    add_reviewer(store, "ada", role="adjudicator")
    with pytest.raises(ReviewError, match="confirmed or rejected"):
        decide(store, item_id, DecisionInput(reviewer="ada", decision="escalated"))
    out = decide(store, item_id, DecisionInput(reviewer="ada", decision="rejected", labels=["TIDAK_TERKAIT"]))
    assert out["status"] == "rejected" and out["final_labels"] == ["TIDAK_TERKAIT"]
    assert [d["is_adjudication"] for d in out["decisions"]] == [False, False, True]
    with pytest.raises(ReviewError, match="already rejected"):
        decide(store, item_id, DecisionInput(reviewer="ada", decision="confirmed"))
    assert verify(store, item_id) == []


def test_same_decision_different_labels_is_a_disagreement(store):
    [item_id] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))
    out = decide(store, item_id, DecisionInput(reviewer="bob", decision="confirmed", labels=["AJAKAN"]))
    assert out["status"] == "escalated"


def test_a_reviewer_escalating_sends_the_item_to_adjudication_at_once(store):
    [item_id] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    out = decide(store, item_id, DecisionInput(reviewer="ana", decision="escalated", note="butuh konteks"))
    assert out["status"] == "escalated"


def test_refusals_write_nothing(store, items):
    item = claim_next(store, "ana")
    before = _counts(store, item["id"])
    with pytest.raises(ReviewError, match="claimed by ana"):
        decide(store, item["id"], DecisionInput(reviewer="bob", decision="confirmed"))
    with pytest.raises(ReviewError, match="^labels: "):
        decide(store, item["id"], DecisionInput(reviewer="ana", decision="confirmed", labels=["NOPE"]))
    with pytest.raises(ReviewError, match="^labels: "):
        decide(
            store,
            item["id"],
            DecisionInput(reviewer="ana", decision="confirmed", labels=["AJAKAN", "NETRAL_PEMILU"]),
        )
    with pytest.raises(ReviewError, match="^category: "):
        decide(
            store, item["id"], DecisionInput(reviewer="ana", decision="confirmed", violation_category="S99")
        )
    with pytest.raises(ReviewError, match="^decision: "):
        decide(store, item["id"], DecisionInput(reviewer="ana", decision="maybe"))
    with pytest.raises(ReviewError, match="no review item"):
        decide(store, 99999, DecisionInput(reviewer="ana", decision="confirmed"))
    after = _counts(store, item["id"])
    # "bob" was registered as a reviewer before the refusal? No: the whole transaction rolled back.
    assert after == before


def test_decide_twice_is_refused(store):
    [item_id] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"])
    decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))
    with pytest.raises(ReviewError, match="already decided"):
        decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))


def test_exception_mid_decision_rolls_back_everything(store, items, monkeypatch):
    item = claim_next(store, "ana")
    before = _counts(store, item["id"])

    def boom(*args, **kwargs):
        raise RuntimeError("power cut between inserting the decision and updating the item")

    monkeypatch.setattr(decide_mod, "_apply", boom)
    with pytest.raises(RuntimeError):
        decide(store, item["id"], DecisionInput(reviewer="ana", decision="confirmed"))
    after = _counts(store, item["id"])
    assert after == before  # no decision row, no status change, no audit event, claim still held
    assert after["status"] == "in_review" and after["claimed_by"] == "ana" and after["decisions"] == 0
    monkeypatch.undo()
    assert (
        decide(store, item["id"], DecisionInput(reviewer="ana", decision="confirmed"))["status"]
        == "confirmed"
    )
    assert verify(store, item["id"]) == []


def _die_mid_decision(url: str, item_id: int) -> None:
    """Child process: the decision row is flushed, then the process dies without committing."""
    store = open_store(url)

    def die(*args, **kwargs):
        os._exit(17)

    decide_mod._apply = die
    decide(store, item_id, DecisionInput(reviewer="ana", decision="confirmed"))


def test_process_killed_mid_decision_leaves_no_partial_state(store, db_url, items):
    item = claim_next(store, "ana")
    before = _counts(store, item["id"])
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_die_mid_decision, args=(db_url, item["id"]))
    proc.start()
    proc.join(120)
    assert proc.exitcode == 17
    assert _counts(store, item["id"]) == before
    assert verify(store, item["id"]) == []
