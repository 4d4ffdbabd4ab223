"""Cell safety shared by the CSV and XLSX writers."""

from __future__ import annotations

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet could read it as a formula.

    ``=HYPERLINK("http://x")`` becomes ``'=HYPERLINK("http://x")``; Excel and LibreOffice then show it as text.
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value
