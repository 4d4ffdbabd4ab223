"""A tweet that replies to one post and quotes another keeps both (CONTRACT: quoted_id / quoted_text)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.classify.base import CONTEXT_SEP
from pipeline.classify.inputs import InputOptions, model_input
from pipeline.election import load_election
from pipeline.schema import Post
from tests.conftest import ROOT


def _write(tmp_path: Path, tweet: dict) -> Path:
    path = tmp_path / "tweets.jsonl"
    path.write_text(json.dumps(tweet) + "\n", encoding="utf-8")
    return path


def test_reply_that_quotes_keeps_parent_and_quoted(tmp_path, collect_run) -> None:
    tweet = {
        "id": "3",
        "text": "setuju, beliau memang paling pas",
        "created_at": "2024-11-01T10:00:00.000Z",
        "referenced_tweets": [
            {"type": "replied_to", "id": "1", "text": "siapa pilihanmu?"},
            {"type": "quoted", "id": "2", "text": "Kang Bagus tegas dan merakyat"},
        ],
    }
    _, posts, _ = collect_run(_write(tmp_path, tweet), fmt="x-v2")
    post = next(p for p in posts if p["id"] in ("x:3", "x:4"))
    assert (
        post["kind"] == "reply" and post["parent_id"] == "x:1" and post["parent_text"] == "siapa pilihanmu?"
    )
    assert post["quoted_id"] == "x:2" and post["quoted_text"] == "Kang Bagus tegas dan merakyat"
    # the model reads both as context
    cfg = load_election(ROOT / "configs" / "elections" / "pilbup-sukamaju-2024.yaml")
    text = model_input(Post.model_validate(post), cfg, InputOptions(mask_targets=False))
    assert text.split(CONTEXT_SEP)[1] == "siapa pilihanmu? Kang Bagus tegas dan merakyat"


def test_a_plain_quote_is_not_doubled(tmp_path, collect_run) -> None:
    tweet = {
        "id": "4",
        "text": "nah ini",
        "referenced_tweets": [{"type": "quoted", "id": "2", "text": "Kang Bagus tegas"}],
    }
    _, posts, _ = collect_run(_write(tmp_path, tweet), fmt="x-v2")
    post = next(p for p in posts if p["id"] in ("x:3", "x:4"))
    assert post["kind"] == "quote" and post["parent_text"] == "Kang Bagus tegas"
    cfg = load_election(ROOT / "configs" / "elections" / "pilbup-sukamaju-2024.yaml")
    text = model_input(Post.model_validate(post), cfg, InputOptions(mask_targets=False))
    assert text.count("Kang Bagus tegas") == 1


def test_quoted_fields_survive_the_store(store) -> None:
    from sqlalchemy import select

    from pipeline.store import tables
    from pipeline.store.posts import add_posts, to_schema_post

    post = Post(id="x:9", text="wah", kind="reply", parent_id="x:1", quoted_id="x:2", quoted_text="kutipan")
    with store.session() as s:
        add_posts(s, [post])
    with store.session() as s:
        back = to_schema_post(s.scalars(select(tables.Post).where(tables.Post.id == "x:9")).one())
    assert back.quoted_id == "x:2" and back.quoted_text == "kutipan"
