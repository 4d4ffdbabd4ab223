"""Canonical JSONL times without an offset (CONTRACT: Indonesian sources are read as Asia/Jakarta unless the
format says otherwise): read in ``--timezone`` (default WIB); a time with an offset is kept; an unreadable one is
rejected with the field named."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli.main import app

runner = CliRunner()


def collect(tmp_path, lines, *extra):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = runner.invoke(
        app, ["collect", "--format", "jsonl", "--input", str(src), "--output", str(out), *extra]
    )
    posts = [json.loads(x) for x in out.read_text("utf-8").splitlines()] if out.exists() else []
    rejects = tmp_path / "out.jsonl.rejects.jsonl"
    return (
        result,
        posts,
        [json.loads(x) for x in rejects.read_text("utf-8").splitlines()] if rejects.exists() else [],
    )


def test_local_times_are_wib_by_default_and_offsets_are_kept(tmp_path):
    result, posts, rejects = collect(
        tmp_path,
        [
            {"id": "x:1", "text": "a", "created_at": "2024-11-20T10:15:00"},
            {"id": "x:2", "text": "b", "created_at": "2024-11-20"},
            {"id": "x:3", "text": "c", "created_at": "2024-11-20T10:15:00+08:00"},
            {"id": "x:4", "text": "d", "created_at": "2024-11-20T03:15:00Z"},
            {"id": "x:5", "text": "e", "created_at": "kemarin sore"},
        ],
    )
    assert result.exit_code == 1
    times = {p["id"]: p["created_at"] for p in posts}
    assert times["x:1"] == "2024-11-20T10:15:00+07:00"
    assert times["x:2"] == "2024-11-20T00:00:00+07:00"
    assert times["x:3"] == "2024-11-20T10:15:00+08:00"
    assert times["x:4"].startswith("2024-11-20T03:15:00") and times["x:4"][19:] in ("Z", "+00:00")
    assert [(r["line"], r["reason"].split(":")[0]) for r in rejects] == [(5, "created_at")]


def test_timezone_option_reads_local_times_in_another_zone(tmp_path):
    _, posts, _ = collect(
        tmp_path,
        [{"id": "x:1", "text": "a", "created_at": "2024-11-20T10:15:00"}],
        "--timezone",
        "Asia/Jayapura",
    )
    assert posts[0]["created_at"] == "2024-11-20T10:15:00+09:00"
