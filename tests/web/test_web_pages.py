"""The pages of ``asnwatch serve``: untrusted text rendered inert, NIPs masked, security headers, the decision
form, history, adjudication, dashboards, the report download and the two interface languages."""

from __future__ import annotations

import re

import pytest
from conftest import client_for, csrf_of
from review_factory import make_items

from pipeline.store import tables

XSS_TEXT = '<script>alert(1)</script> " onmouseover="alert(2)" coblos nomor 2 <img src=x onerror=alert(3)>'
NIP = "198609262011011002"


@pytest.fixture
def hostile(web):
    """An item whose post, author handle, name and bio carry HTML/JS payloads and a raw NIP."""
    [item_id] = make_items(web.store, 1, start=40, text=f"{XSS_TEXT} NIP {NIP}")
    with web.store.session() as session:
        account = session.get(tables.Account, "x:u5")  # 40 % 7
        account.bio = f'<svg onload=alert(4)> "><b>bio</b> NIP: {NIP}'
        account.name = '"><script>alert(5)</script>'
        account.handle = "x\" onmouseover='alert(6)"
    return item_id


def _assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert re.search(r'[^;]" onmouseover=', html) is None  # only the escaped &#34; form may appear
    assert "onmouseover='alert" not in html
    assert NIP not in html


def test_untrusted_text_renders_inert_and_nips_masked_everywhere(web, hostile):
    client = client_for(web, "ana")
    token = csrf_of(client)
    item = client.get(f"/items/{hostile}")
    assert item.status_code == 200
    _assert_inert(item.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item.text
    assert "19860926 ****** * ***" in item.text
    assert "<mark>coblos nomor 2</mark>" in item.text  # the evidence phrase is highlighted
    client.post("/api/items/next")
    note = "</td><script>alert(7)</script> NIP " + NIP
    while (claimed := client.post("/api/items/next").json()) and claimed["id"] != hostile:
        client.post(f"/api/items/{claimed['id']}/decision", json={"decision": "confirmed"})
    decided = client.post(f"/api/items/{hostile}/decision", json={"decision": "escalated", "note": note})
    assert decided.status_code == 200
    assert NIP not in decided.text
    for path in ("/queue", f"/items/{hostile}/history", "/queue?status=escalated"):
        _assert_inert(client.get(path).text)
    adjudicator = client_for(web, "adi")
    for path in ("/adjudicate", f"/items/{hostile}", "/dashboard"):
        page = adjudicator.get(path)
        assert page.status_code == 200, path
        _assert_inert(page.text)
        assert "alert(7)" not in page.text or "&lt;script&gt;alert(7)" in page.text
    api = client.get(f"/api/items/{hostile}").json()
    assert NIP not in str(api) and "19860926 ****** * ***" in api["post"]["text"]
    assert token  # the page carried a form token


def test_security_headers_and_no_store_on_pages(web):
    client = client_for(web, "ana")
    page = client.get(f"/items/{web.items[0]}")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline for the CSP to block
    static = client.get("/static/review.js")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_decision_form_records_labels_and_takes_the_next_item(web):
    client = client_for(web, "ana")
    token = csrf_of(client)
    first = client.post("/next", data={"csrf": token}).headers["location"]
    item_id = int(first.rsplit("/", 1)[1])
    page = client.get(first).text
    assert "ana" in page and "Klaim berakhir" in page  # the claim and its expiry are shown
    response = client.post(
        f"/items/{item_id}/decision",
        data={
            "csrf": token,
            "decision": "confirmed",
            "labels": ["AJAKAN", "DUKUNGAN"],
            "targets": "2",
            "category": "s4",
            "note": "ajakan memilih",
            "then": "next",
        },
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/items/\d+\?msg=decided", response.headers["location"])
    assert int(response.headers["location"].split("/")[2].split("?")[0]) != item_id
    stored = client.get(f"/api/items/{item_id}").json()
    assert stored["status"] == "confirmed"
    assert stored["final_labels"] == ["AJAKAN", "DUKUNGAN"]
    assert stored["decisions"][0]["violation_category"] == "S4"
    history = client.get(f"/items/{item_id}/history").text
    assert "item.claimed" in history and "item.decided" in history and "ajakan memilih" in history


def test_bad_form_values_are_refused_without_a_change(web):
    client = client_for(web, "ana")
    token = csrf_of(client)
    item_id = int(client.post("/next", data={"csrf": token}).headers["location"].rsplit("/", 1)[1])
    for bad in (
        {"decision": "maybe"},
        {"decision": "confirmed", "labels": ["NOT_A_LABEL"]},
        {"decision": "confirmed", "targets": "dua"},
        {"decision": "confirmed", "category": "S99"},
    ):
        response = client.post(f"/items/{item_id}/decision", data={"csrf": token, **bad})
        assert response.status_code == 409, bad
    assert client.get(f"/api/items/{item_id}").json()["decisions"] == []
    assert client.get("/items/999999").status_code == 404
    assert client.get("/items/abc").status_code == 404
    assert client.get("/queue?status=lost").status_code == 400
    assert client.get("/queue?week=2024-W99").status_code == 400


def test_a_reviewer_cannot_decide_an_item_claimed_by_someone_else(web):
    ana, budi = client_for(web, "ana"), client_for(web, "budi")
    item = ana.post("/api/items/next").json()
    response = budi.post(
        f"/items/{item['id']}/decision", data={"csrf": csrf_of(budi), "decision": "confirmed"}
    )
    assert response.status_code == 409 and "ana" in response.text


def test_skip_moves_on_and_release_frees_the_claim(web):
    client = client_for(web, "ana")
    token = csrf_of(client)
    first = int(client.post("/next", data={"csrf": token}).headers["location"].rsplit("/", 1)[1])
    released = client.post(f"/items/{first}/release", data={"csrf": token})
    assert released.status_code == 303
    assert client.get(f"/api/items/{first}").json()["claimed_by"] is None
    client.post("/next", data={"csrf": token})
    skipped = client.post(f"/items/{first}/skip", data={"csrf": token})
    assert skipped.status_code == 303 and f"/items/{first}" not in skipped.headers["location"]


def test_the_queue_filters(web):
    make_items(web.store, 2, start=10, labels=["PENYALAHGUNAAN_JABATAN"])
    client = client_for(web, "ana")
    rows = lambda html: re.findall(r'<td><a href="/items/(\d+)">', html)  # noqa: E731
    assert len(rows(client.get("/queue").text)) == 5
    assert len(rows(client.get("/queue?label=PENYALAHGUNAAN_JABATAN").text)) == 2
    assert len(rows(client.get("/queue?status=confirmed").text)) == 0
    assert len(rows(client.get("/queue?platform=x&election=pilbup-sukamaju-2024").text)) == 5
    assert len(rows(client.get("/queue?election=other").text)) == 0
    assert len(rows(client.get("/queue?week=2024-W47").text)) == 5
    assert len(rows(client.get("/queue?week=2024-W40").text)) == 0
    api = client.get("/api/items?status=pending&label=AJAKAN").json()
    assert len(api) == 3 and all(i["status"] == "pending" for i in api)
    assert client.get("/api/items?status=nope").status_code == 400


def test_dashboard_shows_agreement_and_throughput_charts(web):
    ana, budi = client_for(web, "ana"), client_for(web, "budi")
    for client in (ana, budi):
        while (item := client.post("/api/items/next").json()) is not None:
            client.post(f"/api/items/{item['id']}/decision", json={"decision": "confirmed"})
    page = ana.get("/dashboard")
    assert page.status_code == 200
    assert page.text.count('<svg class="chart"') == 3
    assert "Kesepakatan antarpeninjau" in page.text and "Keputusan per peninjau" in page.text


def test_weekly_report_downloads_in_each_format(web):
    client = client_for(web, "ana")
    assert client.get("/report").status_code == 200
    csv = client.get("/report?week=2024-W47&status=all&format=csv")
    assert csv.status_code == 200
    assert csv.headers["content-disposition"] == 'attachment; filename="weekly-2024-W47.csv"'
    assert csv.text.count("https://x.com/asn/status/") == 3
    xlsx = client.get("/report?week=2024-W47&status=all&format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/report?week=2024-W47&format=pdf").status_code == 400
    assert client.get("/report?week=2024-W60").status_code == 400
    assert client.get("/report?week=2024-W47&status=some").status_code == 400


def test_indonesian_by_default_english_on_request(web):
    client = client_for(web, "ana")
    assert ">Antrean<" in client.get("/queue").text
    switched = client.get("/lang/en?next=/queue")
    assert switched.status_code == 303 and switched.headers["location"] == "/queue"
    assert ">Queue<" in client.get("/queue").text
    assert client.get("/lang/en?next=https://evil.example").headers["location"] == "/queue"


def test_every_message_has_both_languages():
    from pipeline.web.i18n import LANGUAGES, messages

    for key, by in messages().items():
        assert set(by) == set(LANGUAGES), key
        assert all(text.strip() for text in by.values()), key
