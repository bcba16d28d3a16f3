"""The council report's tables break lines between words only: no header or cell word is
split ("Gesamtbewert/ung"), in any of our languages. Checked on the table model the report
is built from and on the text of the PDF itself."""

from __future__ import annotations

import io
import re

import pytest
from flask_babel import get_locale, refresh
from pypdf import PdfReader

from participation.projects import downloads, export, feed, pdf
from tests.test_exports import download, published  # noqa: F401 - a fixture

LANGUAGES = ("de", "en", "pl", "dsb")


def _overview_page(reader: PdfReader) -> str:
    pages = [page.extract_text() for page in reader.pages]
    return next(text for text in pages[1:] if "Gesamtbewertung" in text
                or "Total score" in text or "Łączna" in text or "Cełkowne" in text)


def _fits(header, rows, widths, size):
    for column, width in enumerate(widths):
        texts = ([(header[column], pdf.BOLD)] if header else []) + [
            (row[column], pdf.FONT) for row in rows]
        for text, font in texts:
            assert pdf.longest_word(text, font, size) + 2 * pdf.CELL_PAD <= width + 0.01, (
                text, width)
    assert sum(widths) <= pdf.PAGE_WIDTH + 0.01


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_header_word_fits_its_column_in_every_language(app, published, language):  # noqa: F811
    process, _proposals, _project, _planner = published
    with app.test_request_context("/", headers={"Accept-Language": language}):
        refresh()  # the fixture's app context remembers the locale of an earlier request
        assert str(get_locale()) == language
        texts = downloads.export_texts()
        document = feed.build_document(process, include_drafts=False, with_proposals=False,
                                       with_authors=False)
        pdf._register_fonts()
        header, rows = pdf.overview_table(document["projects"], texts, export.money)
        widths, size = pdf.column_widths(header, rows, pdf.OVERVIEW_WIDTHS, flexible=1)
        _fits(header, rows, widths, size)
        w = texts.word
        for table_header, hints in (
                ([w("criterion"), w("score"), w("comment")], pdf.CRITERIA_WIDTHS),
                ([w("rank"), w("idea"), w("score"), w("in_project")], pdf.RANKING_WIDTHS)):
            row = [["Umsetzungsorientierung", "5 / 5", "gut", "ja"][:len(hints)]]
            widths, size = pdf.column_widths(table_header, row, hints, flexible=1)
            _fits(table_header, row, widths, size)


def test_a_word_too_wide_for_its_hinted_column_widens_it_and_the_title_gives_way():
    pdf._register_fonts()
    header = ["Nr.", "Titel", "Gesamtbewertung", "Unterstützer*innen"]
    hints = [10, 300, 20, 20]
    widths, size = pdf.column_widths(header, [["1", "Radweg", "21", "1.250"]], hints,
                                     flexible=1, total=400)
    assert size == 8
    assert widths[2] >= pdf.longest_word("Gesamtbewertung", pdf.BOLD, 8) + 2 * pdf.CELL_PAD
    assert widths[1] < 300 and abs(sum(widths) - 400) < 0.01
    # an amount and its € are one word: the no-break space does not break
    assert pdf.longest_word("12.500,50\u00a0€", pdf.FONT, 8) > pdf.longest_word(
        "12.500,50", pdf.FONT, 8)


@pytest.mark.parametrize("language", ["de", "pl", "dsb"])
def test_the_pdf_text_has_every_overview_header_word_whole(client, published, language):  # noqa: F811
    process, _proposals, _project, _planner = published
    client.get(f"/language/{language}")
    reader = PdfReader(io.BytesIO(download(client, process.slug, "pdf").data))
    page = _overview_page(reader)
    with client.application.test_request_context("/", headers={"Accept-Language": language}):
        refresh()
        assert str(get_locale()) == language
        texts = downloads.export_texts()
        headers = [texts.header("id"), texts.header("title"), texts.word("status"),
                   texts.word("cost"), texts.word("total_short"),
                   texts.word("supporters_short")]
    lines = [line.strip() for line in page.splitlines()]
    words = {word for line in lines for word in line.split()}
    for header in headers:
        for word in header.split():
            assert word in words, (word, lines[:12])  # a split word is two pieces
    assert not any(re.fullmatch(r"[a-zäöüßąćęłńóśźżčěšž*]{1,4}", line) for line in lines[:12])
