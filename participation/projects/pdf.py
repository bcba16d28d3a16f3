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


GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTNAME", (0, 0), (-1, 0), BOLD),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
])


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


def _project_flowables(project, texts, styles, money, day) -> list:
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
           Table([[k, _p(v, styles["small"])] for k, v in facts],
                 colWidths=[52 * mm, 118 * mm], style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8),
                     ("VALIGN", (0, 0), (-1, -1), "TOP")])),
           Spacer(1, 4)]
    if project["summary"]:
        out.append(_p(project["summary"], styles["body"]))
    # plain strings where nothing needs wrapping: a Paragraph costs far more to lay out
    rows = [[w("criterion"), w("score"), w("comment")]]
    for c in CRITERIA:
        entry = project["criteria"][c]
        rows.append([_p(texts.criteria.get(c, c), styles["small"]),
                     "–" if entry["score"] is None else f"{entry['score']} / 5",
                     _p(entry["comment"], styles["small"])])
    out += [_p(w("criteria"), styles["h2"]),
            Table(rows, colWidths=[55 * mm, 21 * mm, 94 * mm], style=GRID, repeatRows=1)]
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


def render_report(document, texts, chart_items, value_format, money, day) -> bytes:
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
    overview = [[_p(text, styles["small"]) for text in
                 (texts.header("id"), texts.header("title"), w("status"), w("cost"),
                  w("total_short"), w("supporters_short"))]]
    # plain strings where nothing needs wrapping: a Paragraph costs far more to lay out
    for p in projects:
        scores = [p["criteria"][c]["score"] for c in CRITERIA]
        total = "–" if any(s is None for s in scores) else str(sum(scores))
        cost = p["estimated_cost"]
        overview.append([str(p["id"]), _p(p["title"], styles["small"]),
                         _p(texts.status(p["status"]), styles["small"]),
                         money(cost["cents"], texts.locale) if cost else "–", total,
                         str(p["support"]["supporters"])])
    story.append(Table(overview, colWidths=[11 * mm, 56 * mm, 25 * mm, 26 * mm, 26 * mm,
                                            26 * mm], style=GRID, repeatRows=1))
    for project in projects:
        story.append(PageBreak())
        story += _project_flowables(project, texts, styles, money, day)
    if chart_items:
        story += [PageBreak(), _p(w("ranking"), styles["h1"]),
                  _p(w("ranking_note"), styles["small"]), Spacer(1, 4),
                  _chart_drawing(chart_items, value_format), Spacer(1, 6)]
        fmt = value_format or (lambda v: f"{v:.1f}")
        rows = [[w("rank"), w("idea"), w("score"), w("in_project")]]
        for index, item in enumerate(chart_items, start=1):
            rows.append([str(index), _p(item.label, styles["small"]), fmt(item.value),
                         w("yes") if item.highlighted else w("no")])
        story.append(Table(rows, colWidths=[14 * mm, 100 * mm, 22 * mm, 34 * mm], style=GRID,
                           repeatRows=1))
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
