"""Inline SVG charts for the HTML report: no scripts, no external files, no randomness.

Every label is XML-escaped here; coordinates are written with one decimal so output is byte-stable.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from pipeline.report.week import IsoWeek

BAR = "#1f4e79"
BAR_CURRENT = "#c0392b"
GRID = "#d0d7de"
INK = "#1b1f23"


def _n(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def hbar_chart(
    pairs: Sequence[tuple[str, int]], *, title: str, max_bars: int = 10, width: int = 560
) -> Markup:
    """Horizontal bars, one per ``(name, count)`` in the given order; bars past ``max_bars`` are summed."""
    items = list(pairs)
    if len(items) > max_bars:
        rest = items[max_bars - 1 :]
        items = items[: max_bars - 1] + [(f"lainnya ({len(rest)})", sum(n for _, n in rest))]
    row_h, label_w, pad = 22, 250, 6
    height = max(1, len(items)) * row_h + 2 * pad
    peak = max((n for _, n in items), default=0) or 1
    bar_w = width - label_w - 48
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    if not items:
        parts.append(f'<text x="{pad}" y="{pad + 14}" fill="{INK}" font-size="12">tidak ada data</text>')
    for i, (name, count) in enumerate(items):
        y = pad + i * row_h
        w = bar_w * count / peak
        parts.append(
            f'<text x="{label_w - 6}" y="{_n(y + 15)}" text-anchor="end" fill="{INK}" font-size="11">'
            f"<title>{escape(name)}</title>{escape(_truncate(name, 34))}</text>"
            f'<rect x="{label_w}" y="{_n(y + 3)}" width="{_n(max(w, 1))}" height="{row_h - 6}" fill="{BAR}"/>'
            f'<text x="{_n(label_w + w + 5)}" y="{_n(y + 15)}" fill="{INK}" font-size="12">{count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_chart(
    trend: Sequence[tuple[IsoWeek, int]], *, title: str, width: int = 560, height: int = 200
) -> Markup:
    """Columns of items per week, oldest first; the last (selected) week is highlighted."""
    pad_l, pad_r, pad_t, pad_b = 34, 10, 14, 34
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    peak = max((n for _, n in trend), default=0)
    top = max(1, peak)
    slot = plot_w / max(1, len(trend))
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for frac in (0.0, 0.5, 1.0):
        y = pad_t + plot_h * (1 - frac)
        value = top * frac
        label = _n(value) if value != int(value) else str(int(value))
        parts.append(
            f'<line x1="{pad_l}" y1="{_n(y)}" x2="{width - pad_r}" y2="{_n(y)}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{pad_l - 4}" y="{_n(y + 4)}" text-anchor="end" fill="{INK}" font-size="10">{label}</text>'
        )
    for i, (week, count) in enumerate(trend):
        h = plot_h * count / top
        x = pad_l + i * slot + slot * 0.15
        colour = BAR_CURRENT if i == len(trend) - 1 else BAR
        cx = pad_l + i * slot + slot / 2
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(pad_t + plot_h - h)}" width="{_n(slot * 0.7)}" height="{_n(h)}" '
            f'fill="{colour}"><title>{escape(week.label)}: {count}</title></rect>'
            f'<text x="{_n(cx)}" y="{_n(pad_t + plot_h - h - 3)}" text-anchor="middle" fill="{INK}" '
            f'font-size="11">{count}</text>'
            f'<text x="{_n(cx)}" y="{_n(height - pad_b + 14)}" text-anchor="middle" fill="{INK}" '
            f'font-size="10">{escape(week.label[2:])}</text>'
            f'<text x="{_n(cx)}" y="{_n(height - pad_b + 26)}" text-anchor="middle" fill="#57606a" '
            f'font-size="9">{week.monday.strftime("%d/%m")}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
