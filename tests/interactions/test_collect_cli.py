"""``asnwatch collect`` with interactions: files routed by what they hold, ``--interactions-output`` and
``--db``, the CSV options for ``csv-interactions``, exit codes, and a file refused (nothing written) when the
run has nowhere to put its records."""

from __future__ import annotations

import json

from tests.conftest import ROOT, run_cli
from tests.interactions.conftest import FIXTURES

POSTS = ROOT / "tests" / "collect" / "fixtures"


def lines(path):
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_posts_and_interactions_from_one_run(tmp_path):
    posts, inter = tmp_path / "posts.jsonl", tmp_path / "inter.jsonl"
    proc = run_cli(
        "collect", "--input", str(POSTS / "x_twarc2_pages.jsonl"), "--input", str(FIXTURES / "x_followers_pages.jsonl"),
        "--input", str(FIXTURES / "telegram_group_members.json"),
        "--output", str(posts), "--interactions-output", str(inter), cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    got_posts, got = lines(posts), lines(inter)
    assert got_posts and all("text" in p for p in got_posts)
    assert {r["kind"] for r in got} >= {"follow", "member"}
    assert any(p["platform"] == "telegram" for p in got_posts)  # the Telegram export gave posts and members
    assert "interactions written to" in proc.stderr and "posts written to" in proc.stderr


def test_an_interaction_file_without_an_interaction_sink_is_refused(tmp_path):
    posts = tmp_path / "posts.jsonl"
    proc = run_cli(
        "collect", "--input", str(FIXTURES / "x_followers_pages.jsonl"), "--output", str(posts), cwd=tmp_path
    )
    assert proc.returncode == 2
    assert "holds interactions (x-v2-users)" in proc.stderr and "--interactions-output" in proc.stderr
    assert not posts.exists() and not (tmp_path / "posts.jsonl.rejects.jsonl").exists()
    proc = run_cli(
        "collect", "--input", str(POSTS / "x_twarc2_pages.jsonl"), "--interactions-output", str(tmp_path / "i.jsonl"),
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2 and "holds posts (x-v2)" in proc.stderr


def test_users_list_without_url_needs_relation_and_object(tmp_path):
    out = tmp_path / "i.jsonl"
    src = str(FIXTURES / "x_users_no_url.jsonl")
    proc = run_cli(
        "collect", "--format", "x-v2-users", "--input", src, "--interactions-output", str(out), cwd=tmp_path
    )
    assert proc.returncode == 1
    assert all("object_id" in r["reason"] for r in lines(tmp_path / "i.jsonl.rejects.jsonl"))
    proc = run_cli(
        "collect", "--format", "x-v2-users", "--input", src, "--interactions-output", str(out),
        "--relation", "followers", "--object-id", "1700000000000000200", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert {(r["kind"], r["object"]["id"]) for r in lines(out)} == {("follow", "x:1700000000000000200")}


def test_member_csv_preset_through_the_cli_into_both_stores(tmp_path, db_url):
    args = ["collect", "--format", "csv-interactions", "--preset", "facebook-group-members",
            "--input", str(FIXTURES / "facebook_group_members.csv"), "--db", db_url]  # fmt: skip
    first = run_cli(*args, cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    second = run_cli(*args, cwd=tmp_path)
    assert "0 interactions written" in second.stderr  # the same records again: duplicates
    from sqlalchemy import func, select

    from pipeline.store import open_store, tables

    store = open_store(db_url)
    try:
        with store.session() as s:
            n = s.scalar(select(func.count()).select_from(tables.Interaction))
            kinds = set(s.scalars(select(tables.Interaction.kind)))
            actors = s.scalars(select(tables.Account.bio).join(tables.Interaction)).all()
    finally:
        store.dispose()
    assert n > 0 and kinds == {"member"}
    assert any("ASN" in (bio or "") for bio in actors)  # actors stored as accounts, bio kept for scoring
