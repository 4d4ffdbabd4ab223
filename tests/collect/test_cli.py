"""``asnwatch collect``: exit codes, rejects file, atomic outputs, --since/--until, --db twice adds nothing."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli.main import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["collect", *args])


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_collect_ok_exit_0_and_empty_rejects(tmp_path, fixtures):
    out = tmp_path / "posts.jsonl"
    result = invoke(
        "--input",
        str(fixtures / "x_twarc2_pages.jsonl"),
        "--input",
        str(fixtures / "tiktok_videos.json"),
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert len(lines(out)) == 7
    assert (tmp_path / "posts.jsonl.rejects.jsonl").read_text() == ""
    assert "read 9 records" in result.output and "2 duplicates" in result.output


def test_collect_rejects_exit_1_with_reason_file_line(tmp_path, fixtures):
    out = tmp_path / "posts.jsonl"
    result = invoke(
        "--format", "csv", "--input", str(fixtures / "crowdtangle_facebook.csv"), "--output", str(out)
    )
    assert result.exit_code == 1
    rejects = lines(tmp_path / "posts.jsonl.rejects.jsonl")
    assert rejects[0]["reason"] == "missing text" and rejects[0]["line"] == 4
    assert rejects[0]["file"].endswith("crowdtangle_facebook.csv") and rejects[0]["raw"]["Type"] == "Photo"


def test_missing_input_exit_2_nothing_written(tmp_path, fixtures):
    out = tmp_path / "posts.jsonl"
    result = invoke(
        "--input",
        str(fixtures / "x_twarc2_pages.jsonl"),
        "--input",
        str(tmp_path / "nope.json"),
        "--output",
        str(out),
    )
    assert result.exit_code == 2 and "no such file" in result.output
    assert list(tmp_path.iterdir()) == []


def test_unusable_invocations_exit_2(tmp_path, fixtures):
    src = str(fixtures / "x_twarc2_pages.jsonl")
    assert invoke("--input", src).exit_code == 2  # neither --output nor --db
    r = invoke("--output", str(tmp_path / "o"))
    assert r.exit_code == 2 and "--input" in r.output
    assert invoke("--input", src, "--format", "myspace", "--output", str(tmp_path / "o")).exit_code == 2
    assert (
        invoke("--input", src, "--timezone", "Mars/Olympus", "--output", str(tmp_path / "o")).exit_code == 2
    )
    r = invoke("--input", str(fixtures / "custom.csv"), "--format", "csv", "--output", str(tmp_path / "o"))
    assert r.exit_code == 2 and "no column mapping" in r.output
    r = invoke(
        "--input",
        str(fixtures / "custom.csv"),
        "--format",
        "csv",
        "--map",
        "nonsense",
        "--output",
        str(tmp_path / "o"),
    )
    assert r.exit_code == 2 and "--map: expected FIELD=COLUMN, got 'nonsense'" in r.output, r.output
    assert list(tmp_path.iterdir()) == []


def test_csv_options_on_the_command_line(tmp_path, fixtures):
    out = tmp_path / "p.jsonl"
    r = invoke(
        "--format",
        "csv",
        "--input",
        str(fixtures / "custom.csv"),
        "--mapping",
        str(fixtures / "custom_mapping.yaml"),
        "--output",
        str(out),
    )
    assert r.exit_code == 0, r.output
    assert [p["id"] for p in lines(out)] == ["facebook:A1", "facebook:A2"]
    r = invoke(
        "--format",
        "csv",
        "--input",
        str(fixtures / "fourcat.csv"),
        "--preset",
        "4cat",
        "--platform",
        "x",
        "--output",
        str(out),
    )
    assert r.exit_code == 0 and lines(out)[0]["id"] == "x:1851000000000000001"


def test_since_until(tmp_path, fixtures):
    out = tmp_path / "p.jsonl"
    r = invoke(
        "--input",
        str(fixtures / "x_twarc2_pages.jsonl"),
        "--since",
        "2024-11-19T09:30",
        "--until",
        "2024-11-19",
        "--output",
        str(out),
    )
    assert r.exit_code == 0, r.output
    # 09:30 WIB = 02:30 UTC; a bare --until date includes that whole day (WIB)
    assert sorted(p["id"][-1] for p in lines(out)) == ["3", "4"]
    assert "outside --since/--until" in r.output


def test_reimport_gives_same_ids(tmp_path, fixtures):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (a, b):
        assert (
            invoke("--input", str(fixtures / "telegram_full_export.json"), "--output", str(out)).exit_code
            == 0
        )
    assert [p["id"] for p in lines(a)] == [p["id"] for p in lines(b)]


def test_db_twice_adds_nothing(db_url, fixtures, tmp_path):
    from sqlalchemy import func, select

    from pipeline.store import open_store
    from pipeline.store.tables import Account, Post

    inputs = [
        "--input",
        str(fixtures / "x_twarc2_pages.jsonl"),
        "--input",
        str(fixtures / "telegram_full_export.json"),
    ]
    rejects = str(tmp_path / "rej.jsonl")
    first = invoke(*inputs, "--db", db_url, "--rejects", rejects)
    assert first.exit_code == 0, first.output
    assert "12 posts written" in first.output
    second = invoke(*inputs, "--db", db_url, "--rejects", rejects)
    assert second.exit_code == 0, second.output
    assert "0 posts written" in second.output and "14 duplicates" in second.output
    store = open_store(db_url)
    try:
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(Post)) == 12
            budi = s.get(Account, "x:44196397")
            assert budi is not None and budi.bio.startswith("ASN Dinkes")
    finally:
        store.dispose()


def test_db_rejects_default_beside_sqlite_file(tmp_path, fixtures):
    db = tmp_path / "store.db"
    src = tmp_path / "posts.jsonl"
    src.write_text('{"id": "x:1", "text": "halo"}\n{"id": "x:2"}\n', encoding="utf-8")  # line 2: no text
    r = invoke("--input", str(src), "--format", "jsonl", "--db", str(db))
    assert r.exit_code == 1, r.output
    rejects = tmp_path / "store.db.rejects.jsonl"
    assert rejects.is_file() and rejects.read_text(encoding="utf-8").strip()
    assert str(rejects) in r.output.replace("\n", "")


def test_help_lists_collect_commands():
    r = runner.invoke(app, ["--help"])
    assert "collect" in r.output
    r = runner.invoke(app, ["collect", "--help"])
    assert r.exit_code == 0 and "x-search" in r.output and "--input" in r.output
