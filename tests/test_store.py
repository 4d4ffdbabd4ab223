"""The store on SQLite and PostgreSQL: migrations, post dedup, time zones, the append-only audit log."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from pipeline.errors import StoreError
from pipeline.handles import normalise_handle
from pipeline.schema import Post
from pipeline.store import open_store, tables
from pipeline.store.audit import record_event
from pipeline.store.db import current_revision, head_revision, normalise_url, table_names
from pipeline.store.posts import add_posts, to_schema_post

EXPECTED_TABLES = {
    "accounts",
    "posts",
    "registry_entries",
    "predictions",
    "flags",
    "review_items",
    "reviewers",
    "decisions",
    "audit_log",
}


def make_post(i: int, **kw) -> Post:
    data = {
        "id": f"x:{i}",
        "platform": "x",
        "platform_id": str(i),
        "text": f"post nomor {i}",
        "created_at": "2024-11-20T10:15:00+07:00",
        "author": {"id": f"x:u{i % 3}", "handle": f"User{i % 3}", "name": "U", "bio": "ASN Dinkes"},
        "source": {"format": "jsonl", "file": "a.jsonl", "line": i},
    }
    data.update(kw)
    return Post.model_validate(data)


def test_migrated_on_first_use(store):
    assert set(table_names(store)) >= EXPECTED_TABLES
    assert current_revision(store.engine) == head_revision()


def test_reopen_is_idempotent(db_url):
    first = open_store(db_url)
    first.dispose()
    second = open_store(db_url)
    assert current_revision(second.engine) == head_revision()
    second.dispose()


def test_add_posts_dedups_and_keeps_fields(store):
    posts = [make_post(i) for i in range(10)]
    with store.session() as s:
        r = add_posts(s, posts + [make_post(3)])  # a repeat inside one run
    assert (r.inserted, r.duplicates) == (10, 1)
    with store.session() as s:
        r2 = add_posts(s, posts)
    assert (r2.inserted, r2.duplicates) == (0, 10)
    with store.session() as s:
        assert s.scalar(select(tables.Post).where(tables.Post.id == "x:4").limit(1)).text == "post nomor 4"
        assert len(s.scalars(select(tables.Account)).all()) == 3
        row = s.get(tables.Post, "x:4")
        back = to_schema_post(row)
    assert back.created_at == datetime(2024, 11, 20, 3, 15, tzinfo=timezone.utc)
    assert back.created_at.utcoffset() == timedelta(0)
    assert back.author.handle == "User1"
    assert back.source.line == 4


def test_failed_transaction_stores_nothing(store):
    with pytest.raises(RuntimeError), store.session() as s:
        add_posts(s, [make_post(1), make_post(2)])
        raise RuntimeError("interrupted")
    with store.session() as s:
        assert s.scalars(select(tables.Post)).all() == []


def test_audit_log_is_append_only_in_the_database(store):
    with store.session() as s:
        record_event(
            s, actor="tester", event="item.created", entity="review_item", entity_id=1, after={"a": 1}
        )
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises((DBAPIError, IntegrityError)), store.session() as s:
            s.execute(text(statement))
    with store.session() as s:
        events = s.scalars(select(tables.AuditEvent)).all()
    assert [(e.actor, e.after) for e in events] == [("tester", {"a": 1})]


def test_registry_unique_platform_handle(store):
    with pytest.raises(IntegrityError), store.session() as s:
        for _ in range(2):
            s.add(tables.RegistryEntry(platform="x", handle="@Budi", handle_norm="budi"))
            s.flush()


def test_normalise_handle_forms():
    for form in (
        "@Budi_S",
        "budi_s",
        "https://x.com/Budi_S",
        "https://x.com/budi_s/",
        "x.com/budi_s?lang=id",
    ):
        assert normalise_handle(form) == "budi_s"
    assert normalise_handle("https://www.instagram.com/herma.official/") == "herma.official"
    assert normalise_handle("") is None


def test_url_forms_and_unreachable_database(tmp_path):
    assert normalise_url(None) == "sqlite:///asnwatch.db"
    assert normalise_url("data/x.db") == "sqlite:///data/x.db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/missing/dir/a.db")
    with pytest.raises(StoreError, match="cannot open database"):
        open_store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
