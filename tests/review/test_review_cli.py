"""``asnwatch review`` end to end in subprocesses, on SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from review_factory import make_items

from pipeline.store import open_store
from tests.conftest import ROOT, run_cli


def _seed(db_url, n=3, **kwargs):
    store = open_store(db_url)
    ids = make_items(store, n, **kwargs)
    store.dispose()
    return ids


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_cli_json_shapes_and_workflow(db_url, tmp_path):
    ids = _seed(db_url, 1, text="Ayo [bold]pilih[/bold] nomor 2")
    item = _json(run_cli("review", "next", "--reviewer", "ana", "--db", db_url, "--format", "json"))
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
    assert item["id"] == ids[0] and item["status"] == "in_review"
    assert _json(run_cli("review", "next", "--reviewer", "bob", "--db", db_url, "--format", "json")) is None

    proc = run_cli(
        "review", "decide", str(item["id"]), "--reviewer", "bob", "--decision", "confirmed", "--db", db_url
    )
    assert proc.returncode == 2 and "claimed by ana" in proc.stderr

    out = _json(
        run_cli(
            "review", "decide", str(item["id"]), "--reviewer", "ana", "--decision", "confirmed",
            "--labels", "AJAKAN,SIMBOL", "--targets", "2", "--category", "S2", "--note", "jelas",
            "--db", db_url, "--format", "json",
        )
    )  # fmt: skip
    assert out["status"] == "confirmed" and out["final_labels"] == ["AJAKAN", "SIMBOL"]

    listed = _json(run_cli("review", "list", "--status", "confirmed", "--db", db_url, "--format", "json"))
    assert isinstance(listed, list) and [r["id"] for r in listed] == [item["id"]]
    assert _json(run_cli("review", "list", "--status", "pending", "--db", db_url, "--format", "json")) == []

    shown = _json(run_cli("review", "show", str(item["id"]), "--db", db_url, "--format", "json"))
    assert isinstance(shown, dict) and shown["decisions"][0]["note"] == "jelas"

    hist = _json(
        run_cli("review", "history", str(item["id"]), "--db", db_url, "--format", "json", "--verify")
    )
    assert [e["event"] for e in hist] == ["item.created", "item.claimed", "item.decided"]
    assert all({"at", "actor", "event"} <= set(e) for e in hist)

    table = run_cli("review", "show", str(item["id"]), "--db", db_url)
    assert table.returncode == 0 and "Ayo [bold]pilih[/bold] nomor 2" in table.stdout  # markup shown as text

    for cmd in ("agreement", "stats"):
        assert isinstance(_json(run_cli("review", cmd, "--db", db_url, "--format", "json")), dict)
        assert run_cli("review", cmd, "--db", db_url).returncode == 0

    out_file = tmp_path / "decided.jsonl"
    proc = run_cli("review", "export", "--format", "jsonl", "--output", str(out_file), "--db", db_url)
    assert proc.returncode == 0, proc.stderr
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 1
    other = f"sqlite:///{tmp_path / 'other.db'}"
    proc = run_cli("review", "import", str(out_file), "--db", other)
    assert proc.returncode == 0 and "imported 1" in proc.stderr


def test_cli_errors_are_one_line_with_exit_2(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    for args in (
        ("review", "show", "42", "--db", db),
        ("review", "show", "abc", "--db", db),
        ("review", "list", "--status", "done", "--db", db),
        ("review", "list", "--format", "xml", "--db", db),
        ("review", "reviewer", "add", "x", "--role", "boss", "--db", db),
        ("review", "export", "--format", "xlsx", "--output", str(tmp_path / "x"), "--db", db),
    ):
        proc = run_cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.strip().count("\n") == 0 and "error" in proc.stderr


def test_cli_reviewer_roles_and_enqueue_uncertain(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    _seed(db, 10, with_prediction_only=True)
    assert run_cli("review", "reviewer", "add", "ada", "--role", "adjudicator", "--db", db).returncode == 0
    roles = _json(run_cli("review", "reviewer", "list", "--db", db, "--format", "json"))
    assert roles[0]["name"] == "ada" and roles[0]["role"] == "adjudicator"
    rows = _json(run_cli("review", "enqueue-uncertain", "--n", "2", "--db", db, "--format", "json"))
    assert [r["post_id"] for r in rows] == ["x:9", "x:8"]  # scores 0.00..0.09: nearest 0.5 first


_LOOP = """
import json, subprocess, sys
db, name = sys.argv[1], sys.argv[2]
base = [sys.executable, "-m", "pipeline.cli.main", "review"]
claimed = []
while True:
    out = subprocess.run(base + ["next", "--reviewer", name, "--db", db, "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    item = json.loads(out)
    if item is None:
        break
    claimed.append(item["id"])
    subprocess.run(base + ["decide", str(item["id"]), "--reviewer", name, "--decision", "rejected",
                           "--labels", "NETRAL_PEMILU", "--db", db, "--format", "json"],
                   capture_output=True, check=True)
print(json.dumps(claimed))
"""


@pytest.mark.slow
def test_eight_cli_processes_claim_each_item_once(db_url):
    ids = _seed(db_url, 8)
    procs = [
        subprocess.Popen([sys.executable, "-c", _LOOP, db_url, f"r{i}"], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for i in range(8)
    ]  # fmt: skip
    claimed = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        claimed += json.loads(out)
    counts = Counter(claimed)
    assert sorted(counts) == sorted(ids) and set(counts.values()) == {1}


def test_cli_show_masks_a_nip_in_the_post(tmp_path):
    db = f"sqlite:///{tmp_path / 'nip.db'}"
    ids = _seed(db, 1, text="Saya PNS NIP 19860926 201503 1 002, coblos nomor 2 ya")
    proc = run_cli("review", "show", str(ids[0]), "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "19860926 ****** * ***" in proc.stdout and "201503" not in proc.stdout
