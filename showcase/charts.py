"""Horizontal bar charts as inline SVG, drawn at build time: no charting JavaScript on the page.

The drawing is sized in its own units (the ``viewBox``) and scaled by CSS; colours come from class
names styled in showcase.css, so one drawing follows the light and dark schemes and prints.
Every label is contributed text: it is escaped here and stripped of what XML cannot hold.
"""

from __future__ import annotations

import html
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from showcase.views import Chart

WIDTH = 400
FONT = 14
#: A label wraps onto a second line past this width, and is cut with … after two lines.
LABEL_MAX = 150
LINE = 18
BAR = 16
GAP = 10
PAD = 4

#: What XML 1.0 cannot hold at all (control characters other than tab and newlines).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_width(text: str) -> float:
    """Estimated width in ems: a Chinese character is one em, Latin letters and digits about 0.6."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)


def wrap(label: str, width: float, lines: int = 2) -> list[str]:
    """The label in at most ``lines`` lines of ``width`` ems; a longer one ends with …."""
    out: list[str] = [""]
    for char in label:
        if text_width(out[-1] + char) > width:
            if len(out) == lines:
                while out[-1] and text_width(out[-1] + "…") > width:
                    out[-1] = out[-1][:-1]
                out[-1] += "…"
                return out
            out.append("")
        out[-1] += char
    return out


def _clean(text: str) -> str:
    return _NOT_XML.sub("", " ".join(str(text).split()))


def _esc(text: str) -> str:
    return html.escape(_clean(text), quote=True)


def description(chart: Chart) -> str:
    """What a screen reader says after the title: every bar's figure, and what ≥ and 约 mean."""
    parts = "，".join(f"{_clean(bar.label)} {bar.figure}" for bar in chart.bars)
    text = f"横向条形图，共 {len(chart.bars)} 项，单位：{chart.unit}。{parts}。"
    figures = "".join(bar.figure for bar in chart.bars)
    if "≥" in figures:
        text += "“≥”表示下限。"
    if "约" in figures:
        text += "“约”表示概数。"
    return text


def chart_id(chart: Chart) -> str:
    """The id prefix of a chart's title and description: the chart's key, unique on its page."""
    return "sc-chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", chart.key)


def svg(chart: Chart) -> str:
    """One chart as an ``<svg>`` element on one line (so Markdown keeps it as one raw HTML block)."""
    ident = chart_id(chart)
    labels = [wrap(_clean(bar.label), LABEL_MAX / FONT) for bar in chart.bars]
    label_width = min(LABEL_MAX, max((text_width(line) * FONT for lines in labels for line in lines), default=0))
    value_width = max((text_width(bar.figure) * FONT for bar in chart.bars), default=0)
    bar_x = PAD + label_width + 8
    room = WIDTH - bar_x - 6 - value_width - PAD
    peak = max((bar.value for bar in chart.bars), default=Decimal(0))

    rows, y = [], PAD
    for bar, lines in zip(chart.bars, labels):
        height = max(len(lines) * LINE, BAR)
        middle = y + height / 2
        length = float(bar.value / peak) * room if peak > 0 else 0.0
        if bar.value > 0:
            length = max(length, 1.0)
        top_line = middle - (len(lines) - 1) * LINE / 2
        tspans = "".join(f'<tspan x="{bar_x - 8:g}" y="{_baseline(top_line + i * LINE):g}">{_esc(line)}</tspan>' for i, line in enumerate(lines))
        tooltip = f"<title>{_esc(bar.label)}</title>" if _clean(bar.label) != "".join(lines) else ""
        rows.append(
            f'<text class="sc-chart__label" text-anchor="end">{tooltip}{tspans}</text>'
            f'<rect class="sc-chart__bar" x="{bar_x:g}" y="{middle - BAR / 2:g}" width="{length:.1f}" height="{BAR}"></rect>'
            f'<text class="sc-chart__value" x="{bar_x + length + 6:.1f}" y="{_baseline(middle):g}">{_esc(bar.figure)}</text>'
        )
        y += height + GAP
    height = y - GAP + PAD
    axis = f'<rect class="sc-chart__axis" x="{bar_x - 1:g}" y="{PAD}" width="1" height="{height - 2 * PAD:g}"></rect>'
    return (
        f'<svg class="sc-chart__svg" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}"'
        f' font-size="{FONT}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{_esc(chart.title)}</title><desc id="{ident}-desc">{_esc(description(chart))}</desc>'
        f"{axis}{''.join(rows)}</svg>"
    )


def _baseline(middle: float) -> float:
    """The baseline that centres a line of text on ``middle`` (CJK glyphs sit about 0.35 em below it)."""
    return round(middle + FONT * 0.35, 1)
