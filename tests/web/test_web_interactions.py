"""Interaction items (issue 15) in the reviewers' web application, on SQLite and PostgreSQL: the queue lists
them, the item page shows what, with whom, when and where from (untrusted handles escaped), and the same API
decides them."""

from __future__ import annotations

from conftest import client_for
from sqlalchemy import select

from pipeline.election import load_election, parse_election
from pipeline.store import tables
from pipeline.store.interactions import add_interactions
from tests.conftest import SAMPLE_ELECTION

HOSTILE = '<script>alert("x")</script>'


def queue_interaction(store) -> int:
    from pipeline.accounts.stored import scorer_for_store
    from pipeline.classify import load_classifier
    from pipeline.scan import scan

    data = load_election(SAMPLE_ELECTION).model_dump(mode="json", exclude={"source", "sha256"})
    data["election"]["campaign_accounts"] = [{"platform": "x", "id": "x:9001", "handle": "HermaHebat"}]
    cfg = parse_election(data, source="test.yaml")
    record = {
        "id": "x:follow:501:account:9001",
        "platform": "x",
        "kind": "follow",
        "actor": {"id": "x:501", "platform": "x", "handle": "dewi_bappeda", "name": HOSTILE,
                  "bio": "ASN Bappeda Kab. Sukamaju NIP 199003142014032002"},
        "object": {"type": "account", "id": "x:9001", "handle": HOSTILE},
        "source": {"format": "x-v2-users", "file": "followers.jsonl", "line": 3},
    }  # fmt: skip
    with store.session() as s:
        add_interactions(s, [record])
    result = scan(store, cfg, load_classifier("rules", election=cfg), scorer_for_store(store))
    assert result.interactions_flagged == 1
    with store.session() as s:
        return s.scalars(
            select(tables.ReviewItem.id).join(tables.Flag).where(tables.Flag.kind == "interaction")
        ).one()


def test_interaction_item_page_queue_and_decision(web):
    item_id = queue_interaction(web.store)
    client = client_for(web, "ana")
    queue = client.get("/queue").text
    assert f'href="/items/{item_id}"' in queue and "follows @HermaHebat" in queue
    only = client.get("/queue?kind=interaction").text
    assert f'href="/items/{item_id}"' in only and only.count('href="/items/') == 1
    assert client.get("/queue?kind=retweet").status_code == 400
    assert [i["id"] for i in client.get("/api/items?kind=interaction").json()] == [item_id]
    page = client.get(f"/items/{item_id}")
    assert page.status_code == 200
    html = page.text
    assert 'id="interaction"' in html and "followers.jsonl" in html and "follow" in html
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "199003142014032002" not in html  # the NIP in the bio is masked
    api = client.get(f"/api/items/{item_id}").json()
    assert api["kind"] == "interaction" and api["post"] is None and api["interaction"]["kind"] == "follow"
    claimed = client.post("/api/items/next").json()
    while claimed and claimed["id"] != item_id:  # the fixture's post items may rank higher
        client.post(
            f"/api/items/{claimed['id']}/decision",
            json={"decision": "rejected", "note": "bukan pelanggaran"},
        )
        claimed = client.post("/api/items/next").json()
    assert claimed and claimed["id"] == item_id
    decided = client.post(
        f"/api/items/{item_id}/decision",
        json={"decision": "confirmed", "note": "mengikuti akun kandidat"},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "confirmed"
    history = client.get(f"/api/items/{item_id}/history").json()
    assert [e["event"] for e in history][:1] == ["item.created"]
    assert history[0]["after"]["interaction_id"] == "x:follow:501:account:9001"
