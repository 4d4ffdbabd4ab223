"""``scan`` and interactions (issue 15) on SQLite and PostgreSQL: a likely ASN's follow, like or membership with a
campaign account or a partisan post is queued once, as a review item of kind ``interaction``, with its evidence;
non-ASN actors, non-campaign objects and non-partisan posts are not; the review and the weekly report read it."""

from __future__ import annotations

from datetime import timezone

import pytest
from sqlalchemy import func, select

from pipeline.accounts.stored import scorer_for_store
from pipeline.classify import load_classifier
from pipeline.election import load_election, parse_election
from pipeline.errors import ConfigError
from pipeline.report.week import parse_week
from pipeline.report.weekly import build_weekly_report
from pipeline.review.items import item_dict, list_items
from pipeline.scan import scan
from pipeline.schema import Post
from pipeline.store import tables
from pipeline.store.interactions import add_interactions
from pipeline.store.posts import add_posts
from pipeline.triage import INTERACTION_WEIGHTS, interaction_priority
from tests.conftest import SAMPLE_ELECTION

ASN = {
    "id": "x:501",
    "platform": "x",
    "handle": "dewi_bappeda",
    "name": "Dewi",
    "bio": "ASN Bappeda Kab. Sukamaju",
}
WARGA = {"id": "x:502", "platform": "x", "handle": "warga_biasa", "name": "Warga", "bio": "pecinta kopi"}


def interaction(kind, actor, obj, *, at=None, line=1, platform="x"):
    actor_pid = actor["id"].split(":", 1)[1]
    return {
        "id": f"{platform}:{kind}:{actor_pid}:{obj['type']}:{obj['id'].split(':', 1)[1]}",
        "platform": platform,
        "kind": kind,
        "actor": actor,
        "object": obj,
        "at": at,
        "source": {"format": "x-v2-users", "file": "followers.jsonl", "line": line},
    }


@pytest.fixture
def election():
    cfg = load_election(SAMPLE_ELECTION)
    data = cfg.model_dump(mode="json", exclude={"source", "sha256"})
    data["election"]["campaign_accounts"] = [
        {"platform": "x", "id": "x:9001", "handle": "HermaHebat", "role": "candidate", "candidate": 1},
        {"platform": "x", "handle": "relawan_banur", "role": "volunteer", "candidate": 2},
        {"platform": "telegram", "id": "telegram:777", "role": "campaign_team", "name": "Tim HERMA"},
    ]
    return parse_election(data, source="test.yaml")


def seed(store):
    posts = [
        {"id": "x:p1", "platform": "x", "text": "Ayo coblos nomor 1 tanggal 27 November, HERMA pasti menang! #HermaHebat",
         "created_at": "2024-11-19T09:00:00+07:00", "author": {"id": "x:9001", "handle": "HermaHebat"}},
        {"id": "x:p2", "platform": "x", "text": "Cuaca Sukamaju cerah, pasar pagi ramai.",
         "created_at": "2024-11-19T09:00:00+07:00", "author": {"id": "x:9002", "handle": "info_pasar"}},
    ]  # fmt: skip
    records = [
        interaction("follow", ASN, {"type": "account", "id": "x:9001"}),  # by id
        interaction("follow", ASN, {"type": "account", "id": "x:9003", "handle": "Relawan_Banur"}, line=2),
        interaction("follow", WARGA, {"type": "account", "id": "x:9001"}, line=3),  # not ASN
        interaction("follow", ASN, {"type": "account", "id": "x:9002"}, line=4),  # not campaign
        interaction("like", ASN, {"type": "post", "id": "x:p1"}, at="2024-11-19T10:00:00+07:00", line=5),
        interaction("like", ASN, {"type": "post", "id": "x:p2"}, at="2024-11-19T10:00:00+07:00", line=6),
        interaction("member", {**ASN, "id": "telegram:user501", "platform": "telegram"},
                    {"type": "account", "id": "telegram:777", "handle": "Tim HERMA"},
                    at="2024-11-20T08:00:00+07:00", platform="telegram", line=7),
    ]  # fmt: skip
    with store.session() as s:
        add_posts(s, [Post.model_validate(p) for p in posts])
        first = add_interactions(s, records)
        again = add_interactions(s, records)
    assert (first.inserted, first.duplicates, again.inserted, again.duplicates) == (7, 0, 0, 7)


def test_interactions_with_campaign_accounts_are_queued_once(store, election):
    seed(store)
    clf = load_classifier("rules", election=election)
    result = scan(store, election, clf, scorer_for_store(store))
    assert result.interactions == 7
    assert result.campaign_interactions == 5  # 2 follows of campaign accounts, WARGA's, 1 like, 1 member
    assert result.interactions_below_asn == 1
    assert result.interactions_flagged == 4
    assert result.by_kind == {"follow": 2, "like": 1, "member": 1}
    with store.session() as s:
        flags = s.scalars(select(tables.Flag).where(tables.Flag.kind == "interaction")).all()
        by_object = {s.get(tables.Interaction, f.interaction_id).object_id: f for f in flags}
        assert set(by_object) == {"x:9001", "x:9003", "x:p1", "telegram:777"}
        assert all(f.post_id is None and f.prediction_id is None and f.labels == [] for f in flags)
        assert by_object["x:9001"].targets == [1] and by_object["x:9003"].targets == [2]
        assert by_object["x:9001"].evidence[0] == "follows @HermaHebat (x; candidate 1's own account)"
        assert (
            by_object["x:9003"]
            .evidence[0]
            .startswith("follows @relawan_banur (x; volunteer group for candidate 2)")
        )
        assert "source: x-v2-users followers.jsonl line 1" in by_object["x:9001"].evidence
        assert by_object["x:p1"].evidence[0].startswith("liked partisan post x:p1")
        assert by_object["x:p1"].partisan_score >= election.election.scan.campaign_post_threshold
        assert by_object["telegram:777"].phase == "campaign"
        items = {f.id: f.item for f in flags}
        assert all(0 < i.priority <= 1 and i.status == "pending" for i in items.values())
        for flag in (by_object["x:p1"], by_object["x:9001"]):  # kind weight x confidence x ASN x recency
            row = s.get(tables.Interaction, flag.interaction_id)
            expected = interaction_priority(
                kind=row.kind, confidence=flag.partisan_score, asn_score=flag.asn_score, at=row.at
            )
            assert flag.item.priority == pytest.approx(expected, abs=1e-4)
        assert INTERACTION_WEIGHTS["like"] > INTERACTION_WEIGHTS["follow"]
        follow = by_object["x:9001"].item
        shown = item_dict(s, follow)
        assert shown["kind"] == "interaction" and shown["post"] is None
        assert shown["interaction"]["object"] == {"type": "account", "id": "x:9001", "handle": None}
        assert shown["account"]["handle"] == "dewi_bappeda"
        listed = list_items(s, kind="interaction")
        assert {i["id"] for i in listed} == {f.item.id for f in flags}
        assert {i["id"] for i in list_items(s, kind="interaction", platform="telegram")} == {
            by_object["telegram:777"].item.id
        }

    again = scan(store, election, clf, scorer_for_store(store))
    assert (again.interactions, again.interactions_flagged) == (3, 0)  # the unqueued ones are read again
    with store.session() as s:
        assert (
            s.scalar(select(func.count()).select_from(tables.Flag).where(tables.Flag.kind == "interaction"))
            == 4
        )


def test_interaction_items_go_through_review_and_into_the_weekly_report(store, election):
    from pipeline.review.decide import DecisionInput, decide

    seed(store)
    scan(store, election, load_classifier("rules", election=election), scorer_for_store(store))
    with store.session() as s:
        like = s.scalars(
            select(tables.ReviewItem)
            .join(tables.Flag)
            .join(tables.Interaction)
            .where(tables.Interaction.kind == "like")
        ).one()
        like_id = like.id
    decide(
        store, like_id, DecisionInput(reviewer="rina", decision="confirmed", note="suka unggahan kampanye")
    )
    report = build_weekly_report(store, week=parse_week("2024-W47"), status="confirmed")
    assert [(r.kind, r.object, r.decision, r.at_known) for r in report.interactions] == [
        ("like", "x:p1", "confirmed", True)
    ]
    assert report.interactions[0].at.tzinfo == timezone.utc
    everything = build_weekly_report(store, week=parse_week("2024-W47"), status="all")
    kinds = sorted(r.kind for r in everything.interactions if r.at_known)
    assert kinds == ["like", "member"]  # the follows have no time: they fall in the week scan found them
    assert everything.counts()["interaction_items"] == len(everything.interactions)
    assert all(r.nip_masked == "" or "*" in r.nip_masked for r in everything.interactions)


def test_campaign_accounts_config_is_checked():
    base = {"election": {"id": "e", "name": "E", "candidates": [{"number": 1, "names": ["A"]}]}}
    with pytest.raises(ConfigError, match="handle or id"):
        parse_election({"election": {**base["election"], "campaign_accounts": [{"platform": "x"}]}})
    with pytest.raises(ConfigError, match="ballot number 3"):
        parse_election(
            {
                "election": {
                    **base["election"],
                    "campaign_accounts": [{"platform": "x", "handle": "a", "candidate": 3}],
                }
            }
        )
    with pytest.raises(ConfigError, match="unknown interaction kind"):
        parse_election({"election": {**base["election"], "scan": {"interaction_overlap": {"retweet": 2}}}})
    cfg = parse_election(
        {
            "election": {
                **base["election"],
                "campaign_accounts": [{"platform": "x", "id": "123", "role": "party"}],
            }
        }
    )
    assert cfg.election.campaign_accounts[0].account_id == "x:123"
