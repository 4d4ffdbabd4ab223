"""``collect`` with Parquet: ``--output x.parquet`` writes the same posts as JSONL would, and a Parquet file of
canonical posts is an input like the JSONL it stands for (auto-detected, a bad row rejected with its number)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app

pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (a core dependency)")
runner = CliRunner()


def collect(*args: str):
    return runner.invoke(app, ["collect", *args])


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def no_nulls(value):
    """Null and absent mean the same in a canonical post (a Parquet column is null where a record had no key)."""
    if isinstance(value, dict):
        return {k: no_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [no_nulls(v) for v in value]
    return value


def without_source(posts):
    """Posts less their provenance, times as instants (pydantic writes UTC as ``Z``, collectors as ``+00:00``)."""
    out = []
    for post in posts:
        post = no_nulls({k: v for k, v in post.items() if k != "source"})
        if "created_at" in post:
            post["created_at"] = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
        out.append(post)
    return out


def test_parquet_output_round_trips_to_the_same_posts(tmp_path, fixtures):
    inputs = [
        "--input",
        str(fixtures / "x_twarc2_pages.jsonl"),
        "--input",
        str(fixtures / "telegram_full_export.json"),
    ]
    as_jsonl, as_parquet, back = tmp_path / "a.jsonl", tmp_path / "a.parquet", tmp_path / "b.jsonl"
    assert collect(*inputs, "--output", str(as_jsonl)).exit_code == 0
    result = collect(*inputs, "--output", str(as_parquet))
    assert result.exit_code == 0, result.output
    assert as_parquet.read_bytes()[:4] == b"PAR1"
    assert (tmp_path / "a.parquet.rejects.jsonl").read_text() == ""
    result = collect("--input", str(as_parquet), "--output", str(back))  # --format auto
    assert result.exit_code == 0, result.output
    expected, got = lines(as_jsonl), lines(back)
    assert len(got) == len(expected) > 5
    assert without_source(got) == without_source(expected)
    assert any(p.get("media") for p in got)  # Telegram photos survive as a list of structs


def test_a_bad_parquet_row_is_rejected_with_its_row_number(tmp_path):
    from pipeline.io.parquet import post_writer

    path = tmp_path / "posts.parquet"
    with post_writer(path) as writer:
        writer.write({"id": "x:1", "text": "pilih nomor 2"})
        writer.write({"id": "x:2", "text": None})
        writer.write({"id": "x:3", "text": "cuaca cerah", "created_at": "not a time"})
    out = tmp_path / "out.jsonl"
    result = collect("--format", "jsonl", "--input", str(path), "--output", str(out))
    assert result.exit_code == 1, result.output
    assert [p["id"] for p in lines(out)] == ["x:1"]
    rejects = lines(tmp_path / "out.jsonl.rejects.jsonl")
    assert [(r["line"], r["reason"].split(":")[0]) for r in rejects] == [
        (2, "missing text"),
        (3, "created_at"),
    ]


def test_a_parquet_file_without_an_id_column_is_unusable(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "odd.parquet"
    pq.write_table(pa.table({"text": ["x"]}), path)
    out = tmp_path / "out.jsonl"
    result = collect("--format", "jsonl", "--input", str(path), "--output", str(out))
    assert result.exit_code == 2
    assert "no column(s) id" in result.output and "odd.parquet" in result.output
    assert not out.exists()
