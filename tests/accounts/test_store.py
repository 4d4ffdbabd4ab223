"""Registry import, account listing, showing and scoring over the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from pipeline.accounts.registry import load_registry_csv
from pipeline.accounts.stored import (
    get_account,
    import_registry,
    list_accounts,
    score_stored_accounts,
    scorer_for_store,
)
from pipeline.schema import Author, Post
from pipeline.store import tables
from pipeline.store.posts import add_posts

HEADER = "name,nip,agency,region,platform,handle\n"


def registry_file(tmp_path, body, name="reg.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def seed(store):
    posts = [
        Post(
            id="x:1",
            platform="x",
            text="Coblos 2!",
            author=Author(id="x:100", handle="Budi_S", name="Budi", bio="Wiraswasta"),
        ),
        Post(
            id="x:2",
            platform="x",
            text="Ayo ke TPS",
            author=Author(id="x:100", handle="Budi_S", name="Budi", bio="Wiraswasta"),
        ),
        Post(
            id="x:3",
            platform="x",
            text="Hari ini apel",
            author=Author(id="x:200", handle="rina", bio="ASN Dinkes Kab. Sukamaju"),
        ),
        Post(id="x:4", platform="x", text="Panen", author=Author(id="x:300", handle="tani", bio="Petani")),
    ]
    with store.session() as session:
        add_posts(session, posts)
        pred = tables.Prediction(
            post_id="x:1",
            election_id="e",
            model_name="m",
            model_version="1",
            labels=["AJAKAN"],
            partisan_score=0.9,
            scores={},
            targets=[2],
            flags=[],
            evidence=["coblos 2"],
        )
        session.add(pred)
        session.flush()
        session.add(
            tables.Flag(
                post_id="x:1",
                account_id="x:100",
                election_id="e",
                prediction_id=pred.id,
                model="m@1",
                labels=["AJAKAN"],
                scores={},
                targets=[2],
                evidence=[],
                review_flags=[],
                partisan_score=0.9,
                asn_score=0.9,
                asn_class="ASN",
                asn_reasons=[],
            )
        )


def test_import_is_an_upsert(store, tmp_path):
    first = registry_file(
        tmp_path,
        "Budi S,19860926 201505 1 001,Dinkes,Sukamaju,twitter,@Budi_S\n"
        "Rina,,Kemenag,Sukamaju,instagram,rina.k\n",
    )
    counts = import_registry(store, load_registry_csv(first).entries, source_file=str(first))
    assert (counts.inserted, counts.updated, counts.unchanged) == (2, 0, 0)
    again = import_registry(store, load_registry_csv(first).entries)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    changed = registry_file(tmp_path, "Budi S,,Disdik,Sukamaju,x,https://x.com/BUDI_S\n", "v2.csv")
    third = import_registry(store, load_registry_csv(changed).entries)
    assert (third.inserted, third.updated, third.unchanged) == (0, 1, 0)
    with store.session() as session:
        rows = {r.handle_norm: r for r in session.scalars(select(tables.RegistryEntry))}
        assert len(rows) == 2
        assert rows["budi_s"].agency == "Disdik" and rows["budi_s"].nip_masked is None
        events = list(
            session.scalars(select(tables.AuditEvent).where(tables.AuditEvent.entity == "registry_entry"))
        )
        assert [e.event for e in events].count("registry.update") == 1
        assert all("nip_sha256" not in (e.after or {}) for e in events)


def test_nip_is_never_stored_in_full(store, tmp_path):
    path = registry_file(tmp_path, "Budi,198609262015051001,Dinkes,S,x,budi\n")
    import_registry(store, load_registry_csv(path).entries)
    with store.session() as session:
        row = session.scalars(select(tables.RegistryEntry)).one()
        values = [str(getattr(row, c.name)) for c in tables.RegistryEntry.__table__.columns]
    assert not any("198609262015051001" in v or "201505" in v for v in values)
    assert row.nip_masked == "19860926 ****** * ***"


def test_score_list_and_show(store, tmp_path):
    seed(store)
    import_registry(store, load_registry_csv(registry_file(tmp_path, "Budi,,Dinkes,S,x,@budi_s\n")).entries)
    counts = score_stored_accounts(store, scorer_for_store(store))
    assert counts == {"ASN": 2, "NON_ASN": 1, "UNKNOWN": 0}
    rows = list_accounts(store)
    assert [r["id"] for r in rows] == ["x:100", "x:200", "x:300"]
    budi = rows[0]
    assert (budi["asn_class"], budi["asn_score"], budi["posts"], budi["flags"], budi["registry"]) == (
        "ASN",
        1.0,
        2,
        1,
        True,
    )
    assert [r["id"] for r in list_accounts(store, asn_class="NON_ASN")] == ["x:300"]
    assert [r["id"] for r in list_accounts(store, flagged_only=True)] == ["x:100"]
    assert [r["id"] for r in list_accounts(store, min_score=0.5, limit=1)] == ["x:100"]
    shown = get_account(store, "x:100")
    assert shown["reasons"][0].startswith("registry: account x/@budi_s")
    assert shown["registry_entry"]["agency"] == "Dinkes"
    assert shown["recent_flags"][0]["post_id"] == "x:1"
    assert get_account(store, "@BUDI_S")["id"] == "x:100"
    assert get_account(store, "https://x.com/rina")["id"] == "x:200"
    assert get_account(store, "x:Rina")["id"] == "x:200"
    assert get_account(store, "tiktok:rina") is None
    assert get_account(store, "nobody") is None


def test_only_unscored_accounts_are_scored_by_default(store):
    seed(store)
    scorer = scorer_for_store(store)
    assert sum(score_stored_accounts(store, scorer, only_unscored=True).values()) == 3
    assert sum(score_stored_accounts(store, scorer, only_unscored=True).values()) == 0
    assert sum(score_stored_accounts(store, scorer).values()) == 3
    with store.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(tables.Account).where(tables.Account.scored_at.is_(None))
            )
            == 0
        )
