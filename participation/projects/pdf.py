"""The PDF council report, drawn with ReportLab (pure: plain data in, bytes out).

The text font is DejaVu Sans where the system has it (Debian: fonts-dejavu-core), else
Bitstream Vera, which ships inside ReportLab. Either is embedded (subset) in the file, so the
report prints the same on every computer. Vera has umlauts, ß, „quotes“ and €, but not every
Polish or Sorbian letter (ć, ź, ł show as boxes): DejaVu has them all.
"""

from __future__ import annotations

import io
import logging
import os
import re
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import chart

log = logging.getLogger(__name__)

FONT, BOLD = "ZsText", "ZsTextBold"
# (regular, bold) of DejaVu Sans in the usual places: Debian/Ubuntu, Fedora, Arch
DEJAVU = tuple(
    (os.path.join(folder, "DejaVuSans.ttf"), os.path.join(folder, "DejaVuSans-Bold.ttf"))
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts",
                   "/usr/share/fonts/TTF"))
CRITERIA = ("innovation", "integrated", "participation", "spatial", "implementation")
_fonts_ready = False


def font_files() -> tuple[str, str]:
    """(regular, bold): DejaVu Sans if installed, else ReportLab's own Vera."""
    for regular, bold in DEJAVU:
        if os.path.isfile(regular) and os.path.isfile(bold):
            return regular, bold
    import reportlab

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    log.warning("DejaVu Sans not found (Debian: apt-get install fonts-dejavu-core); the PDF "
                "report uses Vera, which lacks some Polish and Sorbian letters")
    return os.path.join(folder, "Vera.ttf"), os.path.join(folder, "VeraBd.ttf")


def _register_fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(BOLD, bold))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    _fonts_ready = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cover": ParagraphStyle("cover", parent=base, fontName=BOLD, fontSize=24, leading=30,
                                spaceAfter=12),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=18,
                                   spaceAfter=8),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19,
                             spaceBefore=6, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11.5, leading=15,
                             spaceBefore=10, spaceAfter=4),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


PAGE_WIDTH = 170 * mm  # A4 less the margins
CELL_PAD = 4  # points left and right of a cell's text
TABLE_SIZES = (8, 7.5, 7, 6.5, 6)  # a table too wide for its words takes the next size


def _cell_styles(size: float) -> tuple[ParagraphStyle, ParagraphStyle]:
    """(header, cell) styles that wrap between words only, never inside one."""
    cell = ParagraphStyle(f"cell{size}", fontName=FONT, fontSize=size, leading=size * 1.25,
                          splitLongWords=0)
    return ParagraphStyle(f"head{size}", parent=cell, fontName=BOLD), cell


def longest_word(text, font: str, size: float) -> float:
    """The width in points of the widest word of `text`: ReportLab breaks lines at any
    white space but the no-break space (as between an amount and its €)."""
    words = re.split(r"[^\S\u00a0]+", str(text or ""))
    return max((stringWidth(word, font, size) for word in words), default=0)


def column_widths(header, rows, hints, flexible: int,
                  total: float = PAGE_WIDTH) -> tuple[list[float], float]:
    """(column widths, font size) for a table whose every word fits its column unbroken.

    `hints` are the wished widths; a column narrower than its widest word (the header's in
    bold) is widened, and column `flexible` gives up or takes what is left of `total`. When
    even that does not fit, the table takes a smaller font."""
    for size in TABLE_SIZES:
        need = [max([longest_word(h, BOLD, size) if header else 0]
                    + [longest_word(row[i], FONT, size) for row in rows]) + 2 * CELL_PAD
                for i, h in enumerate(header or hints)]
        widths = [max(hint, least) for hint, least in zip(hints, need, strict=True)]
        widths[flexible] = max(need[flexible], total - (sum(widths) - widths[flexible]))
        if sum(widths) <= total + 0.01:
            return widths, size
    return widths, size


def grid(header, rows, hints, flexible: int, total: float = PAGE_WIDTH, plain=False) -> Table:
    """A table of texts (header row optional) that wraps only between words.

    `hints` and `flexible` as in column_widths; `plain` draws no lines (a list of facts)."""
    widths, size = column_widths(header, rows, hints, flexible, total)
    head_style, cell_style = _cell_styles(size)
    data = ([[_p(h, head_style) for h in header]] if header else []) + [
        [_p(cell, cell_style) for cell in row] for row in rows]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
             ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD)]
    if not plain:
        style += [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1"))]
    if header and not plain:
        style += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4"))]
    return Table(data, colWidths=widths, style=TableStyle(style),
                 repeatRows=1 if header else 0)


def _chart_drawing(items, value_format) -> Drawing:
    width = 170 * mm
    bars, height = chart.layout(items, value_format or (lambda v: f"{v:.1f}"), width=width,
                                size=8, measure=lambda text, size: stringWidth(text, FONT,
                                                                               size))
    drawing = Drawing(width, height)
    for bar in bars:
        y = height - bar.y - bar.height  # PDF counts from the bottom
        fill = colors.HexColor("#0b5394" if bar.highlighted else "#7a8b99")
        drawing.add(Rect(bar.x, y, bar.width, bar.height, fillColor=fill, strokeColor=None))
        drawing.add(String(bar.x - chart.LABEL_GAP, y + 5, bar.label, fontName=FONT, fontSize=8,
                           textAnchor="end"))
        drawing.add(String(bar.x + bar.width + 4, y + 5, bar.value_text, fontName=FONT,
                           fontSize=8))
    return drawing


PICTURE_BOX = (120 * mm, 75 * mm)  # the largest a project's picture is drawn


def _picture(project, path: str, styles) -> list:
    """The project's first picture, scaled into PICTURE_BOX, with its alt text below (the
    report's readers who use a screen reader get the description as text)."""
    first = project["images"][0]
    scale = min(PICTURE_BOX[0] / first["width"], PICTURE_BOX[1] / first["height"])
    return [Image(path, width=first["width"] * scale, height=first["height"] * scale,
                  hAlign="LEFT"),
            _p(first["alt"], styles["small"]), Spacer(1, 4)]


def _project_flowables(project, texts, styles, money, day, picture: str | None = None) -> list:
    w = texts.word
    cost = project["estimated_cost"]
    facts = [
        [w("status"), texts.status(project["status"])],
        [w("department"), project["department"] or "–"],
        [w("cost"), money(cost["cents"], texts.locale) if cost else "–"],
        [w("time_frame"), project["time_frame"] or "–"],
        [w("district"), project["district"] or w("whole_city")],
        [w("supporters"), str(project["support"]["supporters"])],
    ]
    out = [_p(f"{project['id']}. {project['title']}", styles["h1"]),
           grid(None, facts, [52 * mm, 118 * mm], flexible=1, plain=True),
           Spacer(1, 4)]
    if picture and project.get("images"):
        out += _picture(project, picture, styles)
    if project["summary"]:
        out.append(_p(project["summary"], styles["body"]))
    rows = []
    for c in CRITERIA:
        entry = project["criteria"][c]
        rows.append([texts.criteria.get(c, c),
                     "–" if entry["score"] is None else f"{entry['score']} / 5",
                     entry["comment"]])
    out += [_p(w("criteria"), styles["h2"]),
            grid([w("criterion"), w("score"), w("comment")], rows, CRITERIA_WIDTHS,
                 flexible=2)]
    if project["origin"]:
        out.append(_p(w("origin"), styles["h2"]))
        for o in project["origin"]:
            line = w("origin_line").format(title=o["title"], votes=o["votes"],
                                           voters=o["voters"], dots=o["workshop_dots"])
            if o["workshop"]:
                line += " – " + w("from_workshop").format(title=o["workshop"])
            out.append(_p(f"• {line}", styles["small"]))
    if len(project["status_history"]) > 1:
        out.append(_p(w("status_changes"), styles["h2"]))
        for h in project["status_history"]:
            out.append(_p(f"{day(h['changed_at'], texts.locale)}: {texts.status(h['status'])}"
                          + (f" – {h['note']}" if h["note"] else ""), styles["small"]))
    return out


# wished column widths; a column is widened to its widest word, the flexible one gives way
OVERVIEW_WIDTHS = [11 * mm, 56 * mm, 25 * mm, 26 * mm, 26 * mm, 26 * mm]
CRITERIA_WIDTHS = [55 * mm, 21 * mm, 94 * mm]
RANKING_WIDTHS = [14 * mm, 100 * mm, 22 * mm, 34 * mm]


def overview_table(projects, texts, money) -> tuple[list[str], list[list[str]]]:
    """The overview's header and rows as texts: number, title, status, cost, total score,
    supporters."""
    w = texts.word
    header = [texts.header("id"), texts.header("title"), w("status"), w("cost"),
              w("total_short"), w("supporters_short")]
    rows = []
    for p in projects:
        scores = [p["criteria"][c]["score"] for c in CRITERIA]
        cost = p["estimated_cost"]
        rows.append([str(p["id"]), p["title"], texts.status(p["status"]),
                     money(cost["cents"], texts.locale) if cost else "–",
                     "–" if any(s is None for s in scores) else str(sum(scores)),
                     str(p["support"]["supporters"])])
    return header, rows


def render_report(document, texts, chart_items, value_format, money, day,
                  pictures: dict[int, str] | None = None) -> bytes:
    """The council report; `pictures` maps a project's id to the file of its first picture
    (the document itself only links them)."""
    _register_fonts()
    styles = _styles()
    w = texts.word
    projects = document["projects"]
    story: list = [
        Spacer(1, 50 * mm),
        _p(w("report_title"), styles["cover"]),
        _p(document["process"]["title"], styles["subtitle"]),
        _p(f"{document['site']} – {document['city']}", styles["body"]),
        _p(w("generated_on").format(date=day(document["generated_at"], texts.locale)),
           styles["body"]),
        Spacer(1, 10 * mm),
        _p(w("summary_line").format(projects=len(projects),
                                    ideas=sum(p["support"]["ideas"] for p in projects)),
           styles["body"]),
        PageBreak(),
        _p(w("overview"), styles["h1"]),
    ]
    header, overview = overview_table(projects, texts, money)
    story.append(grid(header, overview, OVERVIEW_WIDTHS, flexible=1))
    for project in projects:
        story.append(PageBreak())
        story += _project_flowables(project, texts, styles, money, day,
                                    (pictures or {}).get(project["id"]))
    if chart_items:
        story += [PageBreak(), _p(w("ranking"), styles["h1"]),
                  _p(w("ranking_note"), styles["small"]), Spacer(1, 4),
                  _chart_drawing(chart_items, value_format), Spacer(1, 6)]
        fmt = value_format or (lambda v: f"{v:.1f}")
        rows = [[str(index), item.label, fmt(item.value),
                 w("yes") if item.highlighted else w("no")]
                for index, item in enumerate(chart_items, start=1)]
        story.append(grid([w("rank"), w("idea"), w("score"), w("in_project")], rows,
                          RANKING_WIDTHS, flexible=1))
    if document["not_selected"]:
        story += [PageBreak(), _p(w("why_not"), styles["h1"])]
        for entry in document["not_selected"]:
            story += [_p(entry["title"], styles["h2"]), _p(entry["reason"], styles["body"])]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=f"{w('report_title')} – {document['process']['title']}",
                            author=document["city"], lang=texts.locale,
                            initialFontName=FONT)  # else every page lists Helvetica
    footer = f"{document['city']} – {document['process']['title']}"

    def number_page(canvas, template):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(20 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, w("page").format(page=template.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=number_page, onLaterPages=number_page)
    return out.getvalue()
