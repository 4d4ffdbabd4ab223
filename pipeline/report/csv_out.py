"""The weekly report as CSV: UTF-8 with a BOM (Excel opens it with the right encoding), ``\\n`` line ends.

One row per item in :data:`pipeline.report.weekly.COLUMNS` order, every cell formula-neutralised. The bytes
depend only on the report, so the same database gives a byte-identical file.
"""

from __future__ import annotations

import csv
import io

from pipeline.report.cells import neutralise
from pipeline.report.weekly import COLUMNS, WeeklyReport

BOM = "\ufeff"


def _cell(value: str) -> str:
    # One line-ending convention inside quoted cells too, so the file has \n only.
    return neutralise(value).replace("\r\n", "\n").replace("\r", "\n")


def render_csv(report: WeeklyReport) -> bytes:
    """The CSV file's bytes (header only for an empty week)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in report.rows:
        cells = row.cells()
        writer.writerow([_cell(cells[name]) for name in COLUMNS])
    return (BOM + buf.getvalue()).encode("utf-8")
