"""Authentication, sessions, CSRF and roles of ``asnwatch serve``, each with its failing path, on SQLite and
PostgreSQL."""

from __future__ import annotations

import time

from conftest import PASSWORD, client_for, csrf_of

from pipeline.web.security import SESSION_COOKIE


def test_healthz_needs_no_login(web):
    response = client_for(web).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_pages_redirect_to_login_and_api_answers_401_without_a_session(web):
    client = client_for(web)
    for path in ("/queue", f"/items/{web.items[0]}", "/dashboard", "/report", "/adjudicate", "/users"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    for method, path in (
        ("GET", "/api/items"),
        ("POST", "/api/items/next"),
        ("GET", f"/api/items/{web.items[0]}"),
        ("POST", f"/api/items/{web.items[0]}/decision"),
        ("GET", f"/api/items/{web.items[0]}/history"),
    ):
        assert client.request(method, path).status_code == 401, path


def test_login_sets_a_signed_httponly_strict_cookie_and_a_wrong_password_sets_none(web):
    client = client_for(web)
    wrong = client.post("/login", data={"username": "ana", "password": "not-the-password"})
    assert wrong.status_code == 401
    assert "set-cookie" not in wrong.headers
    assert "Nama pengguna atau kata sandi salah" in wrong.text
    right = client.post("/login", data={"username": "ana", "password": PASSWORD, "next": "/dashboard"})
    assert right.status_code == 303 and right.headers["location"] == "/dashboard"
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=3600" in cookie
    assert client.get("/api/me").json() == {"user": "ana", "role": "reviewer"}


def test_login_as_json_and_unknown_users_and_disabled_users_are_refused(web):
    from pipeline.review.users import set_disabled

    client = client_for(web)
    ok = client.post(
        "/login", data={"username": "adi", "password": PASSWORD}, headers={"Accept": "application/json"}
    )
    assert ok.status_code == 200 and ok.json() == {"user": "adi", "role": "adjudicator"}
    assert (
        client_for(web).post("/login", data={"username": "nobody", "password": PASSWORD}).status_code == 401
    )
    set_disabled(web.store, "budi")
    assert client_for(web).post("/login", data={"username": "budi", "password": PASSWORD}).status_code == 401


def test_login_redirects_only_to_local_paths(web):
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client_for(web).post(
            "/login", data={"username": "ana", "password": PASSWORD, "next": target}
        )
        assert response.headers["location"] == "/queue", target


def test_login_attempts_are_rate_limited_even_with_the_right_password(web):
    client = client_for(web)
    for _ in range(5):
        assert (
            client.post("/login", data={"username": "ana", "password": "wrong-password"}).status_code == 401
        )
    blocked = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "set-cookie" not in blocked.headers


def test_a_forged_or_tampered_cookie_is_no_session(web):
    client = client_for(web, "ana")
    token = client.cookies[SESSION_COOKIE]
    payload, signature = token.rsplit(".", 1)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}")
    assert client.get("/api/me").status_code == 401
    from itsdangerous import URLSafeSerializer

    forged = URLSafeSerializer("another-secret-entirely", salt="asnwatch.session").dumps(
        {"u": "root", "sid": "x", "iat": web.clock()}
    )
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, forged)
    assert client.get("/api/me").status_code == 401


def test_a_session_expires_after_its_minutes(web):
    client = client_for(web, "ana")
    assert client.get("/api/me").status_code == 200
    web.clock.advance(59 * 60)
    assert client.get("/api/me").status_code == 200
    web.clock.advance(2 * 60)
    assert client.get("/api/me").status_code == 401
    page = client.get("/queue")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_disabling_a_user_or_changing_the_password_ends_open_sessions(web):
    from pipeline.review.users import set_disabled, set_password

    ana, budi = client_for(web, "ana"), client_for(web, "budi")
    set_disabled(web.store, "ana")
    assert ana.get("/api/me").status_code == 401
    time.sleep(0.01)  # the new password is set after the session was issued
    set_password(web.store, "budi", "a-new-password-2")
    assert budi.get("/api/me").status_code == 401
    assert client_for(web).post("/login", data={"username": "budi", "password": PASSWORD}).status_code == 401


def test_forms_need_the_sessions_csrf_token_and_the_same_origin(web):
    client = client_for(web, "ana")
    token = csrf_of(client)
    assert client.post("/next").status_code == 403
    assert client.post("/next", data={"csrf": "0" * 64}).status_code == 403
    other = client_for(web, "budi")
    assert client.post("/next", data={"csrf": csrf_of(other)}).status_code == 403  # another session's token
    cross = client.post("/next", data={"csrf": token}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    site = client.post("/next", data={"csrf": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert site.status_code == 403
    ok = client.post("/next", data={"csrf": token}, headers={"Origin": "http://testserver"})
    assert ok.status_code == 303 and ok.headers["location"].startswith("/items/")


def test_api_writes_refuse_cross_site_requests_and_non_json_decisions(web):
    client = client_for(web, "ana")
    assert client.post("/api/items/next", headers={"Origin": "https://evil.example"}).status_code == 403
    item = client.post("/api/items/next").json()
    form = client.post(f"/api/items/{item['id']}/decision", data={"decision": "confirmed"})
    assert form.status_code == 415
    assert client.get(f"/api/items/{item['id']}").json()["status"] == "in_review"


def test_login_from_another_site_is_refused(web):
    response = client_for(web).post(
        "/login", data={"username": "ana", "password": PASSWORD}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403 and "set-cookie" not in response.headers


def test_roles_decide_what_a_user_may_open(web):
    reviewer, adjudicator, admin = client_for(web, "ana"), client_for(web, "adi"), client_for(web, "root")
    for path in ("/adjudicate", "/users"):
        assert reviewer.get(path).status_code == 403, path
    assert reviewer.get("/api/users").status_code == 403
    assert adjudicator.get("/adjudicate").status_code == 200
    assert adjudicator.get("/users").status_code == 403
    assert admin.get("/users").status_code == 200
    assert [u["name"] for u in admin.get("/api/users").json()] == ["adi", "ana", "budi", "root"]


def test_only_an_adjudicator_may_decide_an_escalated_item(web):
    ana, budi, adi = client_for(web, "ana"), client_for(web, "budi"), client_for(web, "adi")
    item = ana.post("/api/items/next").json()
    escalated = ana.post(f"/api/items/{item['id']}/decision", json={"decision": "escalated", "note": "ragu"})
    assert escalated.status_code == 200 and escalated.json()["status"] == "escalated"
    refused = budi.post(f"/api/items/{item['id']}/decision", json={"decision": "confirmed"})
    assert refused.status_code == 403
    assert adi.post("/api/items/next").json()["id"] == item["id"]  # adjudicators get escalated items first
    settled = adi.post(f"/api/items/{item['id']}/decision", json={"decision": "rejected", "note": "berita"})
    assert settled.status_code == 200 and settled.json()["status"] == "rejected"
    again = adi.post(f"/api/items/{item['id']}/decision", json={"decision": "confirmed"})
    assert again.status_code == 409


def test_admin_adds_and_disables_users_from_the_page(web):
    admin = client_for(web, "root")
    token = csrf_of(admin, "/users")
    added = admin.post(
        "/users", data={"csrf": token, "name": "citra", "role": "reviewer", "password": "sandi-citra-99"}
    )
    assert added.status_code == 303
    citra = client_for(web)
    assert citra.post("/login", data={"username": "citra", "password": "sandi-citra-99"}).status_code == 303
    assert citra.get("/api/me").json()["role"] == "reviewer"
    assert admin.post("/users/citra/disable", data={"csrf": token}).status_code == 303
    assert citra.get("/api/me").status_code == 401
    short = admin.post(
        "/users", data={"csrf": token, "name": "dodi", "role": "reviewer", "password": "short"}
    )
    assert short.status_code == 400
    assert (
        admin.post("/users", data={"name": "eko", "role": "admin", "password": "x" * 12}).status_code == 403
    )


def test_every_web_action_is_audited_under_the_logged_in_user(web):
    from sqlalchemy import select

    from pipeline.store import tables

    client = client_for(web, "ana")
    item = client.post("/api/items/next").json()
    client.post(f"/api/items/{item['id']}/decision", json={"decision": "confirmed", "note": "jelas"})
    client.post("/logout", data={"csrf": csrf_of(client)})
    assert client.get("/api/me").status_code == 401
    with web.store.session() as session:
        rows = session.execute(
            select(tables.AuditEvent.actor, tables.AuditEvent.event).where(tables.AuditEvent.actor == "ana")
        ).all()
    events = [e for _, e in rows]
    assert events[-4:] == ["user.login", "item.claimed", "item.decided", "user.logout"]
