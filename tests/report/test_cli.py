"""``asnwatch report weekly`` end to end (subprocess), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE_ELECTION, run_cli
from tests.report.seed import Item, add_items, wib


def test_weekly_writes_the_report(store, db_url, tmp_path):
    add_items(
        store,
        [
            Item("x:1", "Ayo coblos nomor 2!", wib(2024, 11, 24, 23, 30)),
            Item("x:2", "belum diputus", wib(2024, 11, 20, 8), status="pending"),
        ],
    )
    out = tmp_path / "reports" / "w47"  # parents are created
    proc = run_cli("report", "weekly", "--db", db_url, "--week", "2024-W47", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "1 confirmed item(s)" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "weekly-2024-W47-interactions.csv",
        "weekly-2024-W47.csv",
        "weekly-2024-W47.html",
        "weekly-2024-W47.xlsx",
    ]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"]["items"] == 1 and manifest["status"] == "confirmed"

    proc = run_cli(
        "report",
        "weekly",
        "--db",
        db_url,
        "--week",
        "2024-W47",
        "--status",
        "all",
        "--election",
        "pilbup-sukamaju-2024",
        "--output",
        str(tmp_path / "all"),
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "all" / "manifest.json").read_text("utf-8"))["counts"]["items"] == 2


def test_empty_week_is_not_an_error(store, db_url, tmp_path):
    proc = run_cli(
        "report",
        "weekly",
        "--db",
        db_url,
        "--week",
        "2024-W01",
        "--election",
        "tipo-2024",
        "--output",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "no confirmed item(s)" in proc.stderr
    assert "no flags at all for election 'tipo-2024'" in proc.stderr  # a mistyped id is pointed out
    assert "Tidak ada item" in (tmp_path / "o" / "weekly-2024-W01.html").read_text("utf-8")


def test_bad_week_exits_2(tmp_path):
    proc = run_cli(
        "report",
        "weekly",
        "--db",
        str(tmp_path / "x.db"),
        "--week",
        "2024-W54",
        "--output",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 2
    assert "--week" in proc.stderr and "2024-W54" in proc.stderr and "W01-W52" in proc.stderr
    assert not (tmp_path / "o").exists() and not (tmp_path / "x.db").exists()


def test_bad_status_exits_2(tmp_path):
    proc = run_cli(
        "report",
        "weekly",
        "--db",
        str(tmp_path / "x.db"),
        "--week",
        "2024-W47",
        "--status",
        "pending",
        "--output",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 2 and "--status" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_output_that_is_a_file_exits_2(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    proc = run_cli(
        "report", "weekly", "--db", str(tmp_path / "x.db"), "--week", "2024-W47", "--output", str(target)
    )
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    assert target.read_text() == "x"


def test_election_config_gives_region(store, db_url, tmp_path):
    add_items(store, [Item("x:5", "tanpa registry", wib(2024, 11, 20, 8), agency=None, region=None)])
    proc = run_cli(
        "report",
        "weekly",
        "--db",
        db_url,
        "--week",
        "2024-W47",
        "--election",
        str(SAMPLE_ELECTION),
        "--output",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "Kabupaten Sukamaju" in (tmp_path / "o" / "weekly-2024-W47.csv").read_text("utf-8-sig")
