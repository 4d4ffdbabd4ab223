"""Issue 15's check on the bundled sample data, on SQLite and PostgreSQL: ``collect --db`` over the sample
posts and exports (interaction lists included), the registry, then ``scan`` queues exactly the ASN accounts that
follow or like the sample campaign accounts, once; a second scan adds nothing."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.conftest import ROOT, SAMPLE_ELECTION, run_cli

SAMPLES = ROOT / "data" / "samples"
# followers of @HermaHebat who are ASN (registry: Dewi_Dinkes; bio: budi_dinkes), rina_guru (PNS) following it,
# and agus_nip (registry) liking relawan_herma's partisan tweet; the café account, the village head, the student
# and the village midwife are not queued
EXPECTED = {
    ("budi_dinkes", "follow"),
    ("Dewi_Dinkes", "follow"),
    ("rina_guru", "follow"),
    ("agus_nip", "like"),
}


def queued_interactions(db_url):
    from pipeline.store import open_store, tables

    store = open_store(db_url)
    try:
        with store.session() as s:
            rows = s.execute(
                select(tables.Account.handle, tables.Interaction.kind)
                .join(tables.Flag, tables.Flag.interaction_id == tables.Interaction.id)
                .join(tables.Account, tables.Account.id == tables.Flag.account_id)
                .join(tables.ReviewItem, tables.ReviewItem.flag_id == tables.Flag.id)
            ).all()
    finally:
        store.dispose()
    return [tuple(r) for r in rows]


def test_sample_scan_queues_asn_followers_and_likers_once(tmp_path, db_url):
    exports = sorted(p for p in (SAMPLES / "exports").rglob("*") if p.suffix in (".json", ".jsonl"))
    assert any("interactions" in p.parts for p in exports)
    inputs = [arg for p in [SAMPLES / "posts.jsonl", *exports] for arg in ("--input", str(p))]
    collected = run_cli("collect", *inputs, "--db", db_url, cwd=tmp_path)
    assert collected.returncode == 0, collected.stderr
    assert (
        run_cli(
            "accounts", "import-registry", str(SAMPLES / "registry.csv"), "--db", db_url, cwd=tmp_path
        ).returncode
        == 0
    )
    first = run_cli("scan", "--election", str(SAMPLE_ELECTION), "--db", db_url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "4 queued for review (follow 3, like 1)" in first.stderr
    queued = queued_interactions(db_url)
    assert sorted(queued) == sorted(EXPECTED) and len(queued) == len(set(queued))
    listed = run_cli(
        "review", "list", "--kind", "interaction", "--format", "json", "--db", db_url, cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert sorted((i["account"]["handle"], i["interaction"]["kind"]) for i in items) == sorted(EXPECTED)
    assert all(i["kind"] == "interaction" and i["post"] is None and i["evidence"] for i in items)
    second = run_cli("scan", "--election", str(SAMPLE_ELECTION), "--db", db_url, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "0 queued" in second.stderr
    assert sorted(queued_interactions(db_url)) == sorted(EXPECTED)
