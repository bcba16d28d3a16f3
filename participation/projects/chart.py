"""The ranking chart as plain geometry, drawn as accessible SVG (pages) or in the PDF.

Pure functions over plain data: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 640
BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 260  # the labels' column: they end LABEL_GAP left of the bars
LABEL_GAP = 8
LEFT = 4  # no label starts left of this
TOP = 10
VALUE_WIDTH = 56
FONT_SIZE = 13
ELLIPSIS = "\u2026"

# Advance widths (1/1000 em) of DejaVu Sans, the widest of the usual sans-serif fonts a
# browser picks for the site's font stack, so a label measured with them fits in any of them.
_WIDTHS = {
    275: "'", 278: "ijlĺ", 284: "ł", 295: "IJ", 318: " ,.‚‘’·", 337: "/:;\\|", 352: "f",
    361: "-", 390: "()[]", 392: "t", 401: "!", 411: "rřŕ", 460: '"', 500: "*_`–",
    518: "„“”", 521: "sśš", 525: "zźżž", 531: "?", 550: "cçćč", 557: "L", 562: "Ł",
    575: "F", 579: "k", 592: "vxy", 603: "P", 611: "TY", 612: "oöóòô", 613: "aäàáâą",
    615: "eéèęě", 630: "ß", 632: "EĘĚ", 634: "hnuüñúùńů", 635: "SbdgpqŚŠ",
    636: "$0123456789{}€", 656: "K", 684: "AVÄĄ", 685: "XZŹŻŽ", 686: "B", 695: "RŘ",
    698: "CĆČ", 732: "UÜŮ", 748: "NŃ", 752: "H", 770: "D", 775: "G", 780: "&", 787: "OQÖ",
    818: "w", 838: "#+<=>^~", 863: "M", 950: "%", 974: "m", 989: "W", 1000: "@—…",
}
_WIDTH_OF = {char: width for width, chars in _WIDTHS.items() for char in chars}
_SAFETY = 1.05  # hinting and kerning differ a little between systems


@dataclass(frozen=True)
class ChartItem:
    label: str
    value: float  # 0..100
    highlighted: bool = False  # the idea became (part of) a project


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn: shortened to fit the label column
    full_label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    highlighted: bool


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """How wide `text` is drawn at font size `size`, estimated on the safe side."""
    em = sum(_WIDTH_OF.get(c, 780 if c.isupper() else 700) for c in text)
    return em * size / 1000 * _SAFETY


def shorten(text: str, room: float, size: float = FONT_SIZE, measure=text_width) -> str:
    """`text` on one line if it fits in `room`, else cut after the last word that fits and
    marked with an ellipsis; a first word too long on its own is cut inside."""
    text = " ".join(text.split())
    if measure(text, size) <= room:
        return text
    words = text.split(" ")
    fitting = ""
    for word in words:
        longer = f"{fitting} {word}" if fitting else word
        if measure(longer.rstrip(",;:–-") + ELLIPSIS, size) > room:
            break
        fitting = longer
    if fitting:
        return fitting.rstrip(",;:–- ") + ELLIPSIS
    cut = words[0]
    while cut and measure(cut + ELLIPSIS, size) > room:
        cut = cut[:-1]
    return cut + ELLIPSIS


def layout(items: list[ChartItem], value_format=lambda v: f"{v:.1f}",
           width: float = WIDTH, size: float = FONT_SIZE,
           measure=text_width) -> tuple[list[Bar], float]:
    """Bars of a horizontal bar chart (0..100 scale), and the chart's height. Each label is
    shortened so that, drawn right-aligned at `bar.x - LABEL_GAP` in font size `size` (as
    `measure` says), it starts no further left than LEFT."""
    span = width - LABEL_WIDTH - VALUE_WIDTH
    room = LABEL_WIDTH - LABEL_GAP - LEFT
    bars = []
    for index, item in enumerate(items):
        value = min(max(item.value, 0.0), 100.0)
        bars.append(Bar(shorten(item.label, room, size, measure), item.label,
                        value_format(value), LABEL_WIDTH, TOP + index * (BAR_HEIGHT + GAP),
                        max(span * value / 100.0, 1.0), BAR_HEIGHT, item.highlighted))
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
        # the full title as the group's <title>: a tooltip, and read where a label is cut
        parts.append(
            f'<g><title>{escape(bar.full_label)}: {escape(bar.value_text)}</title>'
            f'<text x="{bar.x - LABEL_GAP:.0f}" y="{middle:.1f}" text-anchor="end" '
            f'font-size="{FONT_SIZE}" fill="#1a1a1a">{escape(bar.label)}</text>'
            f'<rect x="{bar.x:.0f}" y="{bar.y:.0f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.0f}" fill={quoteattr(fill)}/>'
            f'<text x="{bar.x + bar.width + 6:.1f}" y="{middle:.1f}" font-size="{FONT_SIZE}" '
            f'fill="#1a1a1a">{escape(bar.value_text)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
