"""The weekly report as an XLSX workbook: a summary sheet, all items, and one sheet per agency.

Text cells are formula-neutralised (leading apostrophe, see :mod:`pipeline.io.cells`) and stored as
strings, never formulas. Workbook properties and zip entry times are fixed (derived from the week), so the
same database gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time
from typing import TYPE_CHECKING

from pipeline.io.cells import neutralise
from pipeline.report.interactions import INTERACTION_COLUMNS, InteractionRow
from pipeline.report.weekly import COLUMNS, UNKNOWN, ReportRow, WeeklyReport
from pipeline.timezone import WIB

if TYPE_CHECKING:
    from openpyxl import Workbook

SUMMARY_SHEET = "Ringkasan"
ITEMS_SHEET = "Semua item"
INTERACTIONS_SHEET = "Interaksi"  # the interaction items (issue 15), after the agencies' sheets
HEADERS: dict[str, str] = {
    "created_at": "created_at (WIB)",
    "decided_at": "decided_at (WIB)",
}
WIDTHS: dict[str, int] = {
    "post_id": 22,
    "url": 40,
    "created_at": 18,
    "account_handle": 18,
    "nip_masked": 22,
    "agency": 28,
    "region": 22,
    "labels": 24,
    "scores": 30,
    "evidence": 36,
    "note": 36,
    "text_sha256": 20,
    "decided_at": 18,
    "election_id": 22,
    "model": 22,
    "text": 80,
}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot hold
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _text(value: str) -> str:
    return _ILLEGAL.sub("\ufffd", neutralise(value))


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitive) sheet title for ``name``: no ``[]:*?/\\``, at most 31 characters."""
    base = _SHEET_BAD.sub("-", _ILLEGAL.sub("", name)).strip().strip("'") or UNKNOWN
    title, n = base[:31], 1
    while title.lower() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _wib_naive(moment: datetime | None) -> datetime | None:
    # Excel has no time zones: the cell holds WIB wall time and the header says so.
    return None if moment is None else moment.astimezone(WIB).replace(tzinfo=None, microsecond=0)


def _row_values(row: ReportRow) -> list[object]:
    cells = row.cells()
    typed: dict[str, object] = {
        "created_at": _wib_naive(row.created_at),
        "decided_at": _wib_naive(row.decided_at),
        "partisan_score": round(row.partisan_score, 3),
        "asn_score": round(row.asn_score, 3),
        "item_id": row.item_id,
    }
    return [typed[name] if name in typed else _text(cells[name]) for name in COLUMNS]


def _items_sheet(wb: Workbook, title: str, rows: list[ReportRow]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append([HEADERS.get(name, name) for name in COLUMNS])
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for cell in ws[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    for row in rows:
        ws.append(_row_values(row))
        for name, cell in zip(COLUMNS, ws[ws.max_row], strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a string, whatever it looks like
            cell.alignment = wrap if name in ("text", "evidence", "note", "scores") else top
            if name in ("created_at", "decided_at"):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif name in ("partisan_score", "asn_score"):
                cell.number_format = "0.000"
    for i, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 14)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"


def _interactions_sheet(wb: Workbook, title: str, rows: list[InteractionRow]) -> None:
    """One row per interaction item, every cell text but the time (WIB wall time) and the two scores."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(list(INTERACTION_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = row.cells()
        typed: dict[str, object] = {
            "at": _wib_naive(row.at),
            "confidence": round(row.confidence, 3),
            "asn_score": round(row.asn_score, 3),
            "item_id": row.item_id,
        }
        ws.append([typed[c] if c in typed else _text(cells[c]) for c in INTERACTION_COLUMNS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    ws.freeze_panes = "B2"


def _summary_sheet(wb: Workbook, report: WeeklyReport) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.active
    ws.title = SUMMARY_SHEET
    bold = Font(bold=True)
    ws.append(["Laporan mingguan konten terindikasi (asnwatch)"])
    ws["A1"].font = Font(bold=True, size=14)
    info = [
        ("Minggu ISO", report.week.label),
        ("Periode (WIB)", f"{report.week.monday.isoformat()} s.d. {report.week.sunday.isoformat()}"),
        ("Status", "hanya terkonfirmasi" if report.status == "confirmed" else "semua item"),
        ("Pemilihan", report.election_id or "semua"),
        ("Jumlah item", len(report.rows)),
        ("Data per", _wib_naive(report.as_of) or ""),
    ]
    for key, value in info:
        ws.append([key, _text(value) if isinstance(value, str) else value])
        ws.cell(ws.max_row, 1).font = bold
        if isinstance(value, datetime):
            ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd hh:mm:ss"
    if report.is_empty:
        ws.append([])
        ws.append(["Tidak ada item untuk minggu ini dengan filter di atas."])
        ws.cell(ws.max_row, 1).font = Font(bold=True, color="9C0006")
    sections = [
        ("Label", report.totals.get("label", ())),
        ("Platform", report.totals.get("platform", ())),
        ("Instansi", report.totals.get("agency", ())),
        ("Wilayah", report.totals.get("region", ())),
        ("Keputusan", report.totals.get("decision", ())),
        ("Tren (minggu)", tuple((w.label, n) for w, n in report.trend)),
    ]
    for title, pairs in sections:
        ws.append([])
        ws.append([title, "Jumlah"])
        for cell in ws[ws.max_row]:
            cell.font = bold
        for name, count in pairs:
            ws.append([_text(name), count])
            ws.cell(ws.max_row, 1).data_type = "s"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 26
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(vertical="top")


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Re-pack the workbook with fixed entry times and a fixed ``dcterms:modified``."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(
                        rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{iso}\g<2>", text
                    )
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def render_xlsx(report: WeeklyReport) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    _summary_sheet(wb, report)
    taken = {SUMMARY_SHEET.lower(), ITEMS_SHEET.lower()}
    _items_sheet(wb, ITEMS_SHEET, list(report.rows))
    by_agency: dict[str, list[ReportRow]] = {}
    for row in report.rows:
        by_agency.setdefault(row.agency or UNKNOWN, []).append(row)
    for agency in sorted(by_agency):
        _items_sheet(wb, sheet_title(agency, taken), by_agency[agency])
    _interactions_sheet(wb, sheet_title(INTERACTIONS_SHEET, taken), list(report.interactions))
    stamp = datetime.combine(report.week.monday, time(0))
    wb.properties.creator = "asnwatch"
    wb.properties.title = f"asnwatch weekly report {report.week.label}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue(), stamp)
