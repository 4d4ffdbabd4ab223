"""Reports built from the store: the weekly flagged-content list (CSV, XLSX, self-contained HTML, manifest).

Public API::

    from pipeline.report import build_weekly_report, parse_week, write_report
    report = build_weekly_report(store, week=parse_week("2024-W47"), status="confirmed")
    write_report(report, "reports/2024-W47")
"""

from pipeline.report.output import write_report
from pipeline.report.week import IsoWeek, parse_week
from pipeline.report.weekly import COLUMNS, ReportRow, WeeklyReport, build_weekly_report

__all__ = [
    "COLUMNS",
    "IsoWeek",
    "ReportRow",
    "WeeklyReport",
    "build_weekly_report",
    "parse_week",
    "write_report",
]
