"""Web application users (issue 13): argon2 passwords, roles, disabling, audit events; SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pipeline.review import DecisionInput, ReviewError, claim_next, decide
from pipeline.review.users import add_user, authenticate, get_user, list_users, set_disabled, set_password
from pipeline.store import tables
from tests.conftest import run_cli

PASSWORD = "kata-sandi-panjang"


def _events(store, event: str) -> list[tables.AuditEvent]:
    with store.session() as session:
        return list(session.scalars(select(tables.AuditEvent).where(tables.AuditEvent.event == event)))


def test_a_user_logs_in_with_the_right_password_only(store):
    add_user(store, "ana", role="reviewer", password=PASSWORD)
    with store.session() as session:
        digest = session.get(tables.Reviewer, "ana").password_hash
    assert digest.startswith("$argon2id$") and PASSWORD not in digest
    user = authenticate(store, "ana", PASSWORD, client="127.0.0.1")
    assert user is not None and user.name == "ana" and user.role == "reviewer"
    assert authenticate(store, "ana", PASSWORD + "x") is None
    assert authenticate(store, "nobody", PASSWORD) is None
    assert authenticate(store, "", PASSWORD) is None
    assert [e.actor for e in _events(store, "user.login")] == ["ana"]
    assert [e.actor for e in _events(store, "user.login_failed")] == ["ana", "anonymous", "anonymous"]


def test_bad_accounts_are_refused_with_the_option_named(store):
    with pytest.raises(ReviewError, match="password: a password needs at least 10"):
        add_user(store, "ana", role="reviewer", password="pendek")
    with pytest.raises(ReviewError, match="role: 'boss' is not one of reviewer, adjudicator, admin"):
        add_user(store, "ana", role="boss", password=PASSWORD)
    add_user(store, "ana", role="reviewer", password=PASSWORD)
    with pytest.raises(ReviewError, match="user 'ana' exists"):
        add_user(store, "ana", role="admin", password=PASSWORD)
    with pytest.raises(ReviewError, match="no user 'zed'"):
        set_disabled(store, "zed")
    assert [u["name"] for u in list_users(store)] == ["ana"]


def test_a_cli_reviewer_gets_a_password_and_keeps_its_decisions(store, items):
    claimed = claim_next(store, "budi")  # the CLI creates "budi" with no password
    decide(store, claimed["id"], DecisionInput(reviewer="budi", decision="confirmed"))
    assert authenticate(store, "budi", PASSWORD) is None
    add_user(store, "budi", role="adjudicator", password=PASSWORD)
    assert authenticate(store, "budi", PASSWORD).role == "adjudicator"
    with store.session() as session:
        assert session.scalar(select(tables.Decision.reviewer)) == "budi"


def test_disabling_and_a_new_password_end_logins(store):
    add_user(store, "ana", role="reviewer", password=PASSWORD)
    before = get_user(store, "ana").password_changed_at
    set_disabled(store, "ana", actor="root")
    assert authenticate(store, "ana", PASSWORD) is None and get_user(store, "ana").disabled
    set_disabled(store, "ana", disabled=False, actor="root")
    set_password(store, "ana", "kata-sandi-baru-sekali", actor="root")
    assert authenticate(store, "ana", PASSWORD) is None
    assert authenticate(store, "ana", "kata-sandi-baru-sekali") is not None
    assert get_user(store, "ana").password_changed_at > before
    assert [e.actor for e in _events(store, "user.disabled")] == ["root"]
    assert [e.actor for e in _events(store, "user.password_set")] == ["root"]


def test_an_admin_may_adjudicate_a_plain_reviewer_may_not(store):
    from review_factory import make_items

    (item_id,) = make_items(store, 1)
    add_user(store, "root", role="admin", password=PASSWORD)
    claimed = claim_next(store, "ana")
    decide(store, claimed["id"], DecisionInput(reviewer="ana", decision="escalated"))
    with pytest.raises(ReviewError, match="only an adjudicator"):
        decide(store, item_id, DecisionInput(reviewer="budi", decision="confirmed"))
    assert claim_next(store, "root")["status"] == "escalated"
    assert decide(store, item_id, DecisionInput(reviewer="root", decision="rejected"))["status"] == "rejected"


def test_users_cli_adds_lists_and_disables(sqlite_url):
    env = {"WEB_PW": PASSWORD}
    done = run_cli(
        "users", "add", "ana", "--role", "admin", "--password-env", "WEB_PW", "--db", sqlite_url, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "added user ana as admin" in done.stderr
    listed = run_cli("users", "list", "--db", sqlite_url, "--format", "json")
    assert '"can_log_in": true' in listed.stdout and PASSWORD not in listed.stdout
    missing = run_cli(
        "users", "add", "budi", "--role", "reviewer", "--password-env", "NOPE_PW", "--db", sqlite_url
    )
    assert missing.returncode == 2 and "--password-env" in missing.stderr and "NOPE_PW" in missing.stderr
    short = run_cli(
        "users",
        "add",
        "cici",
        "--role",
        "reviewer",
        "--password-env",
        "S",
        "--db",
        sqlite_url,
        env={"S": "x"},
    )
    assert short.returncode == 2 and "--password" in short.stderr
    assert run_cli("users", "disable", "ana", "--db", sqlite_url).returncode == 0
    assert "ana\tadmin\tdisabled" in run_cli("users", "list", "--db", sqlite_url).stdout


def test_the_queue_list_filters_by_label_platform_agency_region_and_time(store):
    from datetime import timedelta

    from review_factory import BASE_TIME, make_items

    from pipeline.review.items import list_items

    make_items(store, 3, labels=["AJAKAN"])
    make_items(store, 2, labels=["SERANGAN"], start=3)  # accounts x:u3, x:u4
    with store.session() as session:
        entry = tables.RegistryEntry(
            name="Pegawai 3",
            agency="Dinas Kesehatan",
            region="Kab. Sukamaju",
            platform="x",
            handle="asn_3",
            handle_norm="asn_3",
        )
        session.add(entry)
        session.flush()
        session.get(tables.Account, "x:u3").registry_entry_id = entry.id
    with store.session() as session:
        assert {i["post_id"] for i in list_items(session, label="SERANGAN")} == {"x:3", "x:4"}
        assert list_items(session, label="SERANGAN", limit=1)[0]["post_id"] in {"x:3", "x:4"}
        assert len(list_items(session, platform="x")) == 5 and list_items(session, platform="tiktok") == []
        by_agency = list_items(session, agency="kesehatan")
        assert [i["post_id"] for i in by_agency] == ["x:3"] and by_agency[0]["account"][
            "agency"
        ] == "Dinas Kesehatan"
        assert [i["post_id"] for i in list_items(session, region="sukamaju")] == ["x:3"]
        assert list_items(session, agency="50%_") == []  # LIKE wildcards in a filter are literal
        recent = list_items(
            session, posted_from=BASE_TIME - timedelta(hours=1), posted_before=BASE_TIME + timedelta(hours=1)
        )
        assert {i["post_id"] for i in recent} == {"x:0", "x:1"}
