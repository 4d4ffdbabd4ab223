"""A second record with an id already read and a different text (issue 16): a conflict in the rejects file with
both texts' SHA-256, never a silent duplicate; in the store a new version of the post, the first text kept.
The same id with the same text stays a duplicate. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from pipeline.store import open_store, tables
from tests.conftest import run_cli


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


FIRST = "Ayo ke TPS tanggal 27 November"
EDIT = "Ayo ke TPS tanggal 27 November, coblos nomor 2!"


def write(path, *posts):
    path.write_text("".join(json.dumps(p) + "\n" for p in posts), encoding="utf-8")
    return path


def test_conflict_is_rejected_with_both_hashes(tmp_path):
    src = write(
        tmp_path / "a.jsonl",
        {"id": "x:1", "text": FIRST},
        {"id": "x:1", "text": FIRST},  # a duplicate
        {"id": "x:1", "text": EDIT},  # a conflict
    )
    out = tmp_path / "out.jsonl"
    proc = run_cli("collect", "--format", "jsonl", "--input", str(src), "--output", str(out), cwd=tmp_path)
    assert proc.returncode == 1
    assert [json.loads(x)["text"] for x in out.read_text().splitlines()] == [FIRST]
    (reject,) = [json.loads(x) for x in (tmp_path / "out.jsonl.rejects.jsonl").read_text().splitlines()]
    assert reject["line"] == 3 and reject["reason"].startswith("conflict: id x:1")
    assert sha(FIRST) in reject["reason"] and sha(EDIT) in reject["reason"]
    assert "1 rejected, 0 skipped, 1 duplicates" in proc.stderr


def stored(db_url):
    store = open_store(db_url)
    try:
        with store.session() as s:
            row = s.scalars(select(tables.Post).where(tables.Post.id == "x:1")).one()
            return row.text, [v["text_sha256"] for v in (row.extra or {}).get("versions", [])]
    finally:
        store.dispose()


def test_store_keeps_the_first_text_and_each_other_text_once(tmp_path, db_url):
    one = write(tmp_path / "one.jsonl", {"id": "x:1", "text": FIRST})
    both = write(tmp_path / "both.jsonl", {"id": "x:1", "text": FIRST}, {"id": "x:1", "text": EDIT})
    assert run_cli("collect", "--input", str(one), "--db", db_url, cwd=tmp_path).returncode == 0
    proc = run_cli("collect", "--input", str(both), "--db", db_url, cwd=tmp_path)
    assert proc.returncode == 1  # the in-run conflict is in the rejects file ...
    assert stored(db_url) == (FIRST, [sha(EDIT)])  # ... and a version in the store
    edited = write(tmp_path / "edited.jsonl", {"id": "x:1", "text": EDIT})
    proc = run_cli(
        "collect", "--input", str(edited), "--db", db_url, cwd=tmp_path
    )  # a later import of the edit
    assert proc.returncode == 0 and "1 duplicates" in proc.stderr
    assert stored(db_url) == (FIRST, [sha(EDIT)])  # not twice
    third = write(tmp_path / "third.jsonl", {"id": "x:1", "text": EDIT + " #BanurBangkit"})
    run_cli("collect", "--input", str(third), "--db", db_url, cwd=tmp_path)
    assert stored(db_url) == (FIRST, [sha(EDIT), sha(EDIT + " #BanurBangkit")])
