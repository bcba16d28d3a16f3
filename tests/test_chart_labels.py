"""The ranking chart's labels fit its drawing: long German titles are shortened at a word
with an ellipsis (the whole title stays in the bar's <title>), and no label starts left of
the viewBox, measured with the real metrics of DejaVu Sans (the widest of the site's fonts)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from participation.projects import chart, pdf
from participation.projects.chart import ChartItem
from tests.projects_helpers import make_project, voted_process

SVG = "{http://www.w3.org/2000/svg}"
LONG_TITLES = [
    "Radweg für die Lindenstraße zwischen Bahnhof und Marktplatz mit sicheren Kreuzungen",
    "Wasserstoffbetriebene Stadtbuslinienverbindungsplanung",  # one word, too long alone
    "Mehr Bäume am Markt",
    "Überdachte Fahrradabstellanlagen an allen Grundschulen und weiterführenden Schulen",
    "WWW MMM WWW MMM WWW MMM WWW MMM WWW MMM WWW",  # the widest letters there are
    "Bürgerhaushalt: Gemeinschaftsgärten, Trinkbrunnen, Sitzbänke – Schatten im Sommer",
]


@pytest.fixture(scope="module")
def dejavu() -> str:
    regular, _bold = pdf.font_files()
    pdfmetrics.registerFont(TTFont("ProbeText", regular))
    return "ProbeText"


def _bars(svg_text: str):
    root = ET.fromstring(svg_text)  # noqa: S314 - our own output
    min_x, _y, width, _h = (float(v) for v in root.get("viewBox").split())
    for group in root.iter(f"{SVG}g"):
        label, value = group.findall(f"{SVG}text")
        yield min_x, width, group.find(f"{SVG}title").text, label, value


def test_no_label_starts_outside_the_drawing_and_the_full_title_stays(dejavu):
    items = [ChartItem(t, 100 - 10 * i, i % 2 == 0) for i, t in enumerate(LONG_TITLES)]
    svg = chart.svg(items, "Ranking", "Beschreibung", lambda v: f"{v:.1f}".replace(".", ","))
    bars = list(_bars(svg))
    assert len(bars) == len(LONG_TITLES)
    for (min_x, width, title, label, value), full in zip(bars, LONG_TITLES, strict=True):
        assert label.get("text-anchor") == "end"
        size = float(label.get("font-size"))
        start = float(label.get("x")) - pdfmetrics.stringWidth(label.text, dejavu, size)
        assert start >= min_x, (label.text, start)
        value_end = float(value.get("x")) + pdfmetrics.stringWidth(value.text, dejavu, size)
        assert value_end <= min_x + width
        assert title.startswith(full)  # the whole title, then the score
        if label.text != full:
            kept = label.text.removesuffix("…")
            assert label.text.endswith("…") and full.startswith(kept)
            if " " in kept or full[len(kept)] == " ":  # cut between words when one fits
                assert full[len(kept)] in " ,:–"
    shown = [label.text for _m, _w, _t, label, _v in bars]
    assert shown[0] == "Radweg für die Lindenstraße…"
    assert shown[2] == "Mehr Bäume am Markt"
    assert shown[1].startswith("Wasserstoffbetriebene") and shown[1].endswith("…")


def test_shorten_cuts_at_a_word_and_keeps_short_titles():
    room = chart.LABEL_WIDTH - chart.LABEL_GAP - chart.LEFT
    assert chart.shorten("Mehr  Bäume\nam Markt", room) == "Mehr Bäume am Markt"
    cut = chart.shorten(LONG_TITLES[3], room)
    assert cut.endswith("…") and not cut.endswith(" …")
    assert LONG_TITLES[3].startswith(cut[:-1]) and LONG_TITLES[3][len(cut) - 1] == " "
    assert chart.text_width(cut) <= room


def test_the_pdf_chart_labels_fit_its_drawing_in_the_pdf_font():
    items = [ChartItem(t, 50) for t in LONG_TITLES]
    pdf._register_fonts()
    drawing = pdf._chart_drawing(items, None)
    labels = [s for s in drawing.contents
              if getattr(s, "textAnchor", None) == "end"]
    assert len(labels) == len(LONG_TITLES)
    for label in labels:
        start = label.x - pdfmetrics.stringWidth(label.text, label.fontName, label.fontSize)
        assert start >= 0, label.text


def test_the_public_results_page_draws_the_shortened_labels(
        client, db, make_process, make_proposal, make_user):
    from participation.accounts.models import Role
    from participation.projects import services

    process, proposals, _voters = voted_process(make_process, make_proposal, make_user,
                                                titles=LONG_TITLES[:4])
    planner = make_user(Role.PLANNER)
    make_project(planner, process, proposals[:1])
    services.publish_projects(planner, process)
    db.session.commit()
    html = client.get(f"/processes/{process.slug}/projects").get_data(as_text=True)
    chart = html[html.index('<figure class="chart"'):]  # the chart, not an icon
    svg = chart[chart.index("<svg"):chart.index("</svg>") + 6]
    titles = [title for _m, _w, title, _l, _v in _bars(svg)]
    assert any(t.startswith(LONG_TITLES[0]) for t in titles)
    assert "Radweg für die Lindenstraße…" in svg
