"""The ranking chart as plain geometry, drawn as accessible SVG (pages) or in the PDF.

Pure functions over plain data: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 640
BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 260
TOP = 10
VALUE_WIDTH = 56
LABEL_CHARS = 38


@dataclass(frozen=True)
class ChartItem:
    label: str
    value: float  # 0..100
    highlighted: bool = False  # the idea became (part of) a project


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    highlighted: bool


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def layout(items: list[ChartItem], value_format=lambda v: f"{v:.1f}",
           width: float = WIDTH) -> tuple[list[Bar], float]:
    """Bars of a horizontal bar chart (0..100 scale), and the chart's height."""
    span = width - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, item in enumerate(items):
        value = min(max(item.value, 0.0), 100.0)
        bars.append(Bar(shorten(item.label), value_format(value), LABEL_WIDTH,
                        TOP + index * (BAR_HEIGHT + GAP), max(span * value / 100.0, 1.0),
                        BAR_HEIGHT, item.highlighted))
    height = TOP * 2 + len(items) * (BAR_HEIGHT + GAP)
    return bars, height


def svg(items: list[ChartItem], title: str, description: str,
        value_format=lambda v: f"{v:.1f}") -> str:
    """An SVG bar chart with role="img", <title> and <desc>; colours by attribute (no style
    attribute, which the Content-Security-Policy would block)."""
    bars, height = layout(items, value_format)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ranking-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for bar in bars:
        fill = "#0b5394" if bar.highlighted else "#7a8b99"
        middle = bar.y + bar.height / 2 + 5
        parts.append(
            f'<g><text x="{bar.x - 8:.0f}" y="{middle:.1f}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{escape(bar.label)}</text>'
            f'<rect x="{bar.x:.0f}" y="{bar.y:.0f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.0f}" fill={quoteattr(fill)}/>'
            f'<text x="{bar.x + bar.width + 6:.1f}" y="{middle:.1f}" font-size="13" '
            f'fill="#1a1a1a">{escape(bar.value_text)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
