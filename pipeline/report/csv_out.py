"""The weekly report as CSV: UTF-8 with a BOM (Excel opens it with the right encoding), ``\\n`` line ends.

One row per item in :data:`pipeline.report.weekly.COLUMNS` order, every cell formula-neutralised; the
interaction items go to a second file in :data:`pipeline.report.interactions.INTERACTION_COLUMNS` order. The bytes
depend only on the report, so the same database gives a byte-identical file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Protocol

from pipeline.io.cells import neutralise
from pipeline.report.interactions import INTERACTION_COLUMNS
from pipeline.report.weekly import COLUMNS, WeeklyReport

BOM = "\ufeff"


def _cell(value: str) -> str:
    # One line-ending convention inside quoted cells too, so the file has \n only.
    return neutralise(value).replace("\r\n", "\n").replace("\r", "\n")


class _Row(Protocol):
    def cells(self) -> dict[str, str]: ...


def _render(columns: Sequence[str], rows: Iterable[_Row]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        cells = row.cells()
        writer.writerow([_cell(cells[name]) for name in columns])
    return (BOM + buf.getvalue()).encode("utf-8")


def render_csv(report: WeeklyReport) -> bytes:
    """The CSV file's bytes (header only for an empty week)."""
    return _render(COLUMNS, report.rows)


def render_interactions_csv(report: WeeklyReport) -> bytes:
    """The interaction list's CSV bytes (header only when the week has none)."""
    return _render(INTERACTION_COLUMNS, report.interactions)
