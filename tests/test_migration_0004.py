"""Migration 0004 (interactions) on a store that already holds review work, on SQLite and PostgreSQL: posts,
flags, items and decisions survive the flags table being rebuilt (SQLite) or altered; the new columns are
there; a downgrade removes the interaction items only and an upgrade again restores the schema."""

from __future__ import annotations

from sqlalchemy import inspect, text

from pipeline.store import open_store
from pipeline.store.db import current_revision, head_revision, make_engine, upgrade

NOW = "2024-11-20 03:00:00"


def _seed_0003(engine) -> None:
    statements = [
        "INSERT INTO accounts (id, handle, first_seen, updated_at) VALUES ('x:1', 'budi', :now, :now)",
        "INSERT INTO posts (id, kind, author_id, text, text_sha256, stored_at) "
        "VALUES ('x:10', 'post', 'x:1', 'coblos nomor 1', 'h', :now)",
        "INSERT INTO predictions (id, post_id, election_id, model_name, model_version, labels, partisan_score, "
        "scores, targets, flags, evidence, created_at) "
        """VALUES (1, 'x:10', 'e', 'rules', '1', '["AJAKAN"]', 0.9, '{}', '[1]', '[]', '[]', :now)""",
        "INSERT INTO flags (id, post_id, account_id, election_id, prediction_id, model, labels, scores, targets, "
        "evidence, review_flags, partisan_score, asn_score, asn_class, asn_reasons, created_at) "
        """VALUES (1, 'x:10', 'x:1', 'e', 1, 'rules@1', '["AJAKAN"]', '{}', '[1]', '[]', '[]', 0.9, 0.8, 'ASN',"""
        " '[]', :now)",
        "INSERT INTO review_items (id, flag_id, status, priority, reviews_required, created_at, updated_at) "
        "VALUES (1, 1, 'confirmed', 0.5, 1, :now, :now)",
        "INSERT INTO reviewers (name, role, created_at, disabled) VALUES ('rina', 'reviewer', :now, false)",
        "INSERT INTO decisions (id, item_id, reviewer, decision, is_adjudication, created_at) "
        "VALUES (1, 1, 'rina', 'confirmed', false, :now)",
    ]
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql), {"now": NOW})


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("posts", "predictions", "flags", "review_items", "decisions")
        }


def test_upgrade_keeps_review_work_and_downgrade_removes_only_interactions(db_url):
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0003")
        _seed_0003(engine)
        before = _counts(engine)
        upgrade(engine, "head")
        assert current_revision(engine) == head_revision() == "0004"
        assert _counts(engine) == before == {
            "posts": 1, "predictions": 1, "flags": 1, "review_items": 1, "decisions": 1,
        }  # fmt: skip
        columns = {c["name"]: c for c in inspect(engine).get_columns("flags")}
        assert columns["post_id"]["nullable"] and columns["prediction_id"]["nullable"]
        assert {"kind", "interaction_id"} <= set(columns)
        with engine.begin() as conn:
            assert conn.execute(text("SELECT kind FROM flags")).scalar_one() == "post"
            conn.execute(
                text(
                    "INSERT INTO interactions (id, platform, kind, actor_id, object_type, object_id, stored_at) "
                    "VALUES ('x:follow:1:account:9', 'x', 'follow', 'x:1', 'account', 'x:9', :now)"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO flags (id, kind, interaction_id, account_id, election_id, model, labels, scores, "
                    "targets, evidence, review_flags, partisan_score, asn_score, asn_class, asn_reasons, "
                    "created_at) VALUES (2, 'interaction', 'x:follow:1:account:9', 'x:1', 'e', 'c@1', '[]', '{}',"
                    " '[]', '[]', '[]', 1.0, 0.8, 'ASN', '[]', :now)"
                ),
                {"now": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO review_items (id, flag_id, status, priority, reviews_required, created_at, "
                    "updated_at) VALUES (2, 2, 'pending', 0.3, 1, :now, :now)"
                ),
                {"now": NOW},
            )
        from alembic import command

        from pipeline.store.db import alembic_config

        command.downgrade(alembic_config(engine), "0003")
        assert _counts(engine) == before
        assert "interactions" not in inspect(engine).get_table_names()
        upgrade(engine, "head")
        assert _counts(engine) == before
    finally:
        engine.dispose()
    store = open_store(db_url)  # and the store opens it as usual
    store.dispose()
