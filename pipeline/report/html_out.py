"""The weekly report as one self-contained HTML file.

Inline CSS and inline SVG only; a Content-Security-Policy meta tag forbids scripts and any fetch, so the file
opens offline and a hostile post text cannot run. Jinja2 autoescaping escapes every value; post URLs become
links only when they are ``http(s)``. No clock time is written: the same report gives the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from pipeline import __version__
from pipeline.report import charts
from pipeline.report.weekly import UNKNOWN, WeeklyReport, format_float
from pipeline.timezone import WIB

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).with_name("templates")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(day: date) -> str:
    """``18 November 2024`` (Indonesian month names, no locale dependence)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def waktu(moment: datetime | None) -> str:
    """``20 November 2024 10:15 WIB``."""
    if moment is None:
        return ""
    local = moment.astimezone(WIB)
    return f"{tanggal(local.date())} {local:%H:%M} WIB"


def safe_url(url: str) -> str | None:
    """The URL if it may be a link (http or https), else None (shown as text only)."""
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("https://", "http://")) and " " not in url.strip() else None


def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is escaped unless explicitly Markup (the SVG charts, built escaped)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tanggal"] = tanggal
    env.filters["waktu"] = waktu
    env.filters["f3"] = format_float
    env.globals["safe_url"] = safe_url
    return env


def render_html(report: WeeklyReport) -> bytes:
    """The HTML file's bytes (UTF-8)."""
    totals = report.totals
    chart_specs = [
        ("label", "Per label"),
        ("platform", "Per platform"),
        ("agency", "Per instansi"),
        ("region", "Per wilayah"),
    ]
    bar_charts = [
        (title, charts.hbar_chart(totals.get(key, ()), title=title), totals.get(key, ()))
        for key, title in chart_specs
    ]
    trend = charts.trend_chart(report.trend, title="Item per minggu (8 minggu terakhir)")
    html = (
        _environment()
        .get_template("weekly.html")
        .render(
            report=report,
            rows=report.rows,
            interactions=report.interactions,
            bar_charts=bar_charts,
            trend_chart=trend,
            unknown=UNKNOWN,
            csp=CSP,
            version=__version__,
            agencies=len({r.agency or UNKNOWN for r in report.rows}),
            accounts=len({r.account_handle for r in report.rows}),
            confirmed=sum(1 for r in report.rows if r.decision == "confirmed"),
            nbsp=Markup("&nbsp;"),
        )
    )
    return html.encode("utf-8")
