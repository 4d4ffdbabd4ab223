"""``scan`` on SQLite and PostgreSQL: partisan posts by likely ASN are queued once, with their evidence."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from pipeline.accounts.registry import load_registry_csv
from pipeline.accounts.stored import import_registry, scorer_for_store
from pipeline.classify import load_classifier
from pipeline.election import load_election
from pipeline.labels import is_partisan
from pipeline.scan import scan
from pipeline.schema import Post
from pipeline.store import tables
from pipeline.store.posts import add_posts
from tests.conftest import ROOT, SAMPLE_ELECTION, run_cli

SAMPLES = ROOT / "data" / "samples"


def load_samples(store) -> int:
    posts = [
        Post.model_validate_json(line) for line in (SAMPLES / "posts.jsonl").read_text("utf-8").splitlines()
    ]
    with store.session() as s:
        return add_posts(s, posts).inserted


def count(store, table) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def test_scan_queues_partisan_posts_by_asn_once(store):
    assert load_samples(store) == 106
    import_registry(store, load_registry_csv(SAMPLES / "registry.csv").entries, actor="test")
    cfg = load_election(SAMPLE_ELECTION)
    clf = load_classifier("rules", election=cfg)

    first = scan(store, cfg, clf, scorer_for_store(store))
    assert first.classified == 106
    assert 0 < first.flagged <= first.partisan
    assert first.below_asn_threshold > 0  # some partisan posts are by non-ASN authors
    assert count(store, tables.Prediction) == 106
    assert count(store, tables.Flag) == count(store, tables.ReviewItem) == first.flagged

    with store.session() as s:
        flags = s.scalars(select(tables.Flag)).all()
        for flag in flags:
            account = s.get(tables.Account, flag.account_id)
            assert account.asn_class == "ASN" or account.asn_score >= cfg.election.scan.asn_threshold
            assert is_partisan(flag.labels) and flag.partisan_score >= cfg.election.scan.partisan_threshold
            assert flag.model == f"rules@{clf.version}"
            assert flag.evidence, flag.post_id
            pred = s.get(tables.Prediction, flag.prediction_id)
            assert (pred.model_name, pred.model_version, pred.post_id) == ("rules", clf.version, flag.post_id)
        items = s.scalars(select(tables.ReviewItem)).all()
        assert {i.status for i in items} == {"pending"}
        assert all(0 < i.priority <= 1 for i in items)
        abuse = [i for i in items if "PENYALAHGUNAAN_JABATAN" in i.flag.labels]
        assert all(i.reviews_required == 2 for i in abuse)
        created = s.scalars(select(tables.AuditEvent).where(tables.AuditEvent.event == "item.created")).all()
        assert sorted(int(e.entity_id) for e in created) == sorted(i.id for i in items)

    second = scan(store, cfg, clf, scorer_for_store(store))
    assert (second.classified, second.flagged) == (0, 0)
    assert count(store, tables.ReviewItem) == first.flagged

    # a new post arriving later is scanned on the next run, and only it
    extra = Post.model_validate(
        {
            "id": "x:999",
            "text": "Ayo coblos nomor 2 tanggal 27, BANUR pasti menang! #SukamajuBangkit",
            "platform": "x",
            "created_at": "2024-11-20T09:00:00+07:00",
            "author": {"id": "x:asn999", "handle": "rudi_dinkes", "bio": "PNS Dinas Kesehatan Kab. Sukamaju"},
        }
    )
    with store.session() as s:
        add_posts(s, [extra])
    third = scan(store, cfg, clf, scorer_for_store(store))
    assert (third.classified, third.flagged) == (1, 1)


def test_scan_cli_end_to_end(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    out = run_cli(
        "collect",
        "--input",
        str(SAMPLES / "posts.jsonl"),
        "--db",
        db,
        "--rejects",
        str(tmp_path / "rejects.jsonl"),
    )
    assert out.returncode == 0, out.stderr
    out = run_cli("scan", "--election", str(SAMPLE_ELECTION), "--db", db)
    assert out.returncode == 0, out.stderr
    assert "queued for review" in out.stderr
    again = run_cli("scan", "--election", str(SAMPLE_ELECTION), "--db", db)
    assert "scanned 0 posts" in again.stderr
    listed = run_cli("review", "list", "--db", db, "--status", "pending", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert items and all(i["status"] == "pending" for i in items)


def test_scan_bad_config_exits_2(tmp_path):
    bad = tmp_path / "e.yaml"
    bad.write_text("election: {id: x}\n", encoding="utf-8")
    out = run_cli("scan", "--election", str(bad), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert out.returncode == 2 and "election.name" in out.stderr


def test_an_authors_own_posts_make_a_silent_profile_asn(store):
    """Posts as account evidence (issue 14): "kami ASN di dinas" in the author's posts, the post named."""
    author = {"id": "x:u77", "handle": "warga_biasa77", "name": "Rudi", "bio": "suka kopi dan sepak bola"}
    posts = [
        Post(
            id="x:7701",
            platform="x",
            text="Alhamdulillah, kami ASN di Dinas PUPR siap melayani warga",
            author=author,
            created_at="2024-11-18T01:00:00Z",
        ),
        Post(
            id="x:7702",
            platform="x",
            text="Jangan lupa coblos nomor 2 ya, Bagus-Nurul pasti menang! #BagusNurul",
            author=author,
            created_at="2024-11-19T01:00:00Z",
        ),
    ]
    with store.session() as session:
        add_posts(session, posts)
    election = load_election(SAMPLE_ELECTION)
    result = scan(store, election, load_classifier("rules", election=election), scorer_for_store(store))
    assert result.flagged == 1
    with store.session() as session:
        account = session.get(tables.Account, "x:u77")
        assert account.asn_class == "ASN"
        assert any("kami asn (post x:7701)" in r for r in account.asn_reasons)
