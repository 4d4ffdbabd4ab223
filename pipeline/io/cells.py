"""Spreadsheet cell safety for every CSV and XLSX the tool writes (weekly report, review export).

OWASP "CSV injection": a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as a
formula by a spreadsheet. Reports take :func:`neutralise` (a leading apostrophe, shown as text by Excel and
LibreOffice). Files that are also read back (``review export`` CSV -> ``train --decisions``) take the reversible
pair :func:`quote_formula` / :func:`unquote_formula`, so a text survives the round trip exactly.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet could read it as a formula.

    ``=HYPERLINK("http://x")`` becomes ``'=HYPERLINK("http://x")``; Excel and LibreOffice then show it as text.
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _needs_quote(value: str) -> bool:
    """A formula start, or apostrophes before one (quoted too, so that unquoting is exact)."""
    return value.lstrip("'").startswith(FORMULA_PREFIXES)


def quote_formula(value: str) -> str:
    """Reversible :func:`neutralise`: ``unquote_formula(quote_formula(v)) == v`` for every string."""
    return "'" + value if _needs_quote(value) else value


def unquote_formula(value: str) -> str:
    """The text :func:`quote_formula` was given."""
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value
