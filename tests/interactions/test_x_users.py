"""X API v2 user lists from twarc2: followers, following, liking-users, retweeted-by (paged and flattened)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.interactions import InteractionOptions
from pipeline.interactions.x_users import XUsers, endpoint_of
from tests.interactions.conftest import by_id, run

BUDI = {"id": "x:44196397", "platform": "x", "handle": "budi_s", "name": "Budi Santoso"}
HERMA = "x:1460000001"
TWEET = "x:1851000000000000001"


def test_followers_pages_give_each_user_following_the_account(fixtures: Path) -> None:
    counts, records, rejects = run(fixtures / "x_followers_pages.jsonl")
    assert counts.formats == {"x-v2-users": 3}
    got = by_id(records)
    budi = got["x:follow:44196397:account:1460000001"]
    assert budi["kind"] == "follow" and budi["platform"] == "x" and budi["at"] is None
    assert {k: budi["actor"][k] for k in BUDI} == BUDI
    assert budi["actor"]["bio"].startswith("ASN Dinas Pendidikan")
    assert budi["object"] == {"type": "account", "id": HERMA}
    assert budi["source"] == {
        "format": "x-v2-users",
        "file": str(fixtures / "x_followers_pages.jsonl"),
        "line": 1,
        "path": "$.data[0]",
    }
    assert set(got) == {f"x:follow:{u}:account:1460000001" for u in ("44196397", "55501", "66602")}
    # budi_s is on two pages: kept once; a user without id and a cut-off line are rejected; an empty page skipped
    assert counts.duplicates == 1 and counts.skipped == 1
    assert [(r["reason"], r["line"], r["path"]) for r in rejects] == [
        ("missing or invalid user id", 2, "$.data[1]"),
        ("truncated JSON", 3, None),
    ]
    assert rejects[0]["raw"] == {"username": "tanpa_id", "name": "No Id"}


def test_following_pages_make_the_account_the_actor(fixtures: Path) -> None:
    _, records, rejects = run(fixtures / "x_following_pages.jsonl")
    assert not rejects
    got = by_id(records)
    herma = got["x:follow:44196397:account:1460000001"]
    assert herma["actor"] == {"id": "x:44196397", "platform": "x", "handle": None, "name": None, "bio": None}
    assert herma["object"] == {"type": "account", "id": HERMA, "handle": "HermaHebat"}
    assert got["x:follow:44196397:account:1460000002"]["object"]["handle"] == "BanurBangkit"
    assert len(got) == 3


def test_liking_users_like_the_post(fixtures: Path) -> None:
    _, records, _ = run(fixtures / "x_liking_users.json")
    assert [r["id"] for r in records] == [
        "x:like:44196397:post:1851000000000000001",
        "x:like:66602:post:1851000000000000001",
    ]
    assert records[0]["object"] == {"type": "post", "id": TWEET}
    assert records[0]["actor"]["handle"] == "budi_s"
    assert records[0]["source"]["path"] == "$.data[0]" and "line" not in records[0]["source"]


@pytest.mark.parametrize("name", ["x_retweeted_by_pages.jsonl", "x_retweeted_by_flat.jsonl"])
def test_retweeted_by_shares_the_post_paged_or_flattened(fixtures: Path, name: str) -> None:
    counts, records, rejects = run(fixtures / name)
    assert [r["id"] for r in records] == [
        "x:share:44196397:post:1851000000000000001",
        "x:share:55501:post:1851000000000000001",
    ]
    assert all(r["kind"] == "share" and r["object"] == {"type": "post", "id": TWEET} for r in records)
    if name.endswith("flat.jsonl"):  # the pinned tweet inlined in a flattened user is no interaction
        assert counts.skipped == 1  # the empty line
        assert [(r["reason"], r["line"]) for r in rejects] == [("missing or invalid user id", 4)]


def test_users_without_a_url_are_rejected_naming_the_options_to_pass(fixtures: Path) -> None:
    counts, records, rejects = run(fixtures / "x_users_no_url.jsonl")
    assert not records and counts.rejected == 2
    assert all("pass object_id" in r["reason"] and "relation" in r["reason"] for r in rejects)
    assert [r["line"] for r in rejects] == [1, 2]


@pytest.mark.parametrize(
    ("relation", "kind", "object_type"),
    [("followers", "follow", "account"), ("liking-users", "like", "post"), ("retweeted_by", "share", "post")],
)
def test_options_say_what_a_file_without_url_holds(
    fixtures: Path, relation: str, kind: str, object_type: str
) -> None:
    options = InteractionOptions(relation=relation, object_id="x:1460000001", object_handle="@HermaHebat")
    _, records, rejects = run(fixtures / "x_users_no_url.jsonl", options=options)
    assert not rejects and len(records) == 2
    first = records[0]
    assert first["id"] == f"x:{kind}:44196397:{object_type}:1460000001"
    assert first["object"]["id"] == "x:1460000001"
    assert first["object"].get("handle") == ("HermaHebat" if object_type == "account" else None)


def test_the_options_do_not_override_a_url_but_name_its_handle(fixtures: Path) -> None:
    options = InteractionOptions(relation="following", object_id="1460000001", object_handle="HermaHebat")
    _, records, _ = run(fixtures / "x_followers_pages.jsonl", options=options)
    assert all(r["kind"] == "follow" and r["object"]["id"] == HERMA for r in records)
    assert all(r["object"]["handle"] == "HermaHebat" for r in records)


def test_an_unknown_relation_is_named(fixtures: Path) -> None:
    options = InteractionOptions(relation="friends", object_id="1")
    _, _, rejects = run(fixtures / "x_users_no_url.jsonl", options=options)
    assert rejects[0]["reason"].startswith("unknown relation 'friends'")


def test_endpoints_are_read_from_the_twarc_url() -> None:
    assert endpoint_of("https://api.twitter.com/2/users/123/followers?max_results=1000") is not None
    assert endpoint_of("https://api.x.com/2/tweets/9/retweeted_by").relation == "retweeted_by"  # type: ignore[union-attr]
    assert endpoint_of("https://api.twitter.com/2/tweets/9/followers") is None
    assert endpoint_of("https://api.twitter.com/2/users/by?usernames=a") is None


def test_a_page_longer_than_the_head_is_still_recognised(tmp_path: Path) -> None:
    users = [
        {"id": str(1000 + i), "username": f"user{i}", "name": f"User {i}", "description": "x" * 150}
        for i in range(1000)
    ]
    url = "https://api.twitter.com/2/users/1460000001/followers"
    page = {"data": users, "meta": {"result_count": 1000}, "__twarc": {"url": url}}
    path = tmp_path / "followers.jsonl"
    path.write_text(json.dumps(page) + "\n")
    assert len(path.read_bytes()) > 65_536
    counts, records, _ = run(path)
    assert counts.formats == {"x-v2-users": 1000} and len(records) == 1000


def test_a_tweet_in_a_users_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    url = "https://api.twitter.com/2/users/1/followers"
    lines = [
        {"id": "5", "username": "a", "__twarc": {"url": url}},
        {"id": "6", "text": "halo", "author_id": "5", "__twarc": {"url": url}},
    ]
    path.write_text("".join(json.dumps(v) + "\n" for v in lines))
    _, records, rejects = run(path, fmt="x-v2-users")
    assert len(records) == 1 and rejects[0]["reason"].startswith("a tweet, not a user object")


def test_detection_scores() -> None:
    tweet_page = b'{"data": [{"id": "1", "text": "hi", "author_id": "2"}], "includes": {"users": [{"id": "2", "username": "a"}]}}'
    assert XUsers.detect(tweet_page, "tweets.jsonl") == 0
    assert XUsers.detect(b'{"id": "1", "text": "hi", "author": {"username": "a"}}', "flat.jsonl") == 0
    assert XUsers.detect(b'{"id": "1", "username": "a"}\n', "users.jsonl") == 40


def test_a_url_of_another_endpoint_is_named_in_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "lookup.jsonl"
    url = "https://api.twitter.com/2/users/by?usernames=budi_s"
    path.write_text(json.dumps({"data": [{"id": "1", "username": "budi_s"}], "__twarc": {"url": url}}) + "\n")
    _, records, rejects = run(path)
    assert not records
    assert rejects[0]["reason"].startswith("the __twarc url 'https://api.twitter.com/2/users/by?")
    assert "pass object_id" in rejects[0]["reason"]
