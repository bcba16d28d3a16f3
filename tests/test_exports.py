"""Exports, each opened with a real reader: CSV (German Excel dialect), XLSX (openpyxl),
JSON (validated against the schema file), PDF (pypdf); and what public exports leave out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from participation.accounts.models import Role
from participation.extensions import db as _db
from participation.projects import export, pdf, services
from participation.projects.feed import SCHEMA_PATH
from tests.projects_helpers import make_project, voted_process

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FORMULA = '=HYPERLINK("http://evil.example","klick")'


@pytest.fixture
def published(app, make_process, make_proposal, make_user):
    """A published list: one project merged from three ideas, with a formula-like comment,
    a cost with cents, a "why not" answer on the fourth idea."""
    planner = make_user(Role.PLANNER, name="Petra Planerin")
    process, proposals, voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(
        planner, process, proposals[:3], title="Grüner Marktplatz – Schatten für alle",
        summary="Bäume, Bänke und Trinkbrunnen", department="Grünflächenamt",
        cost_eur="12500,50", time_frame="2026 bis 2027", district_id=process.districts[0].id,
        scores={"innovation": 4, "integrated": 5, "participation": 3, "spatial": 4,
                "implementation": 5},
        comments={"innovation": FORMULA, "integrated": "-1 Baum pro Straße"})
    services.answer_why_not(planner, proposals[3], "Der Radweg ist schon im Verkehrsplan.")
    services.publish_projects(planner, process)
    _db.session.commit()
    return process, proposals, project, planner


def download(client, slug, fmt, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(f"/api/v1/processes/{slug}/export.{fmt}" + (f"?{query}" if query
                                                                       else ""))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return response


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the umlauts
    text = body.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_projects_csv_opens_in_a_german_excel(client, published):
    process, proposals, project, _planner = published
    response = download(client, process.slug, "csv")
    assert response.mimetype == "text/csv"
    rows = read_csv(response.data)
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:3] == ["Nr.", "Titel", "Status"]
    assert row["Titel"] == "Grüner Marktplatz – Schatten für alle"
    assert row["Geschätzte Kosten (EUR)"] == "12500,50"  # decimal comma, no grouping
    assert row["Gesamtbewertung (5–25)"] == "21"
    assert row["Unterstützer*innen (Personen)"] == "3"
    assert row["Kommentar: Innovationsgehalt"] == "'" + FORMULA  # neutralised
    assert row["Kommentar: Qualität des integrierten Ansatzes"] == "'-1 Baum pro Straße"
    assert row["Status"] == "Vorschlag"
    for p in proposals[:3]:
        assert f"#{p.id} {p.title}" in row["Entstanden aus den Ideen"]


def test_proposals_csv_has_vote_figures_and_why_not_and_no_names(client, published):
    process, proposals, project, _planner = published
    rows = read_csv(download(client, process.slug, "csv", table="proposals").data)
    by_id = {int(r[0]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_id) == {p.id for p in proposals}
    assert by_id[proposals[0].id]["Stimmen"] == "2"
    assert by_id[proposals[0].id]["Projekt-Nr."] == str(project.id)
    assert by_id[proposals[3].id]["Warum kein Projekt"] == "Der Radweg ist schon im Verkehrsplan."
    assert "," in by_id[proposals[0].id]["Punktzahl (0–1)"]  # decimal comma
    assert all(r["Autor*in"] == "" for r in by_id.values())
    assert b"@example.org" not in download(client, process.slug, "csv", table="proposals").data


def test_xlsx_has_a_projects_and_a_proposals_sheet(client, published):
    process, proposals, project, _planner = published
    book = load_workbook(io.BytesIO(download(client, process.slug, "xlsx").data))
    assert book.sheetnames == ["Projekte", "Ideen"]
    projects = list(book["Projekte"].iter_rows(values_only=True))
    header = projects[0]
    row = dict(zip(header, projects[1], strict=True))
    assert row["Titel"] == project.title
    assert row["Geschätzte Kosten (EUR)"] == pytest.approx(12500.50)
    assert row["Bewertung: Innovationsgehalt"] == 4
    formula_cell = book["Projekte"].cell(2, header.index("Kommentar: Innovationsgehalt") + 1)
    assert (formula_cell.value, formula_cell.data_type) == (FORMULA, "s")  # text, not formula
    ideas = list(book["Ideen"].iter_rows(values_only=True))
    votes = {r[0]: r[ideas[0].index("Stimmen")] for r in ideas[1:]}
    assert votes == {p.id: p.vote_count for p in proposals}


def test_json_export_follows_the_schema_file(client, published):
    process, proposals, project, _planner = published
    document = json.loads(download(client, process.slug, "json").data)
    Draft202012Validator.check_schema(SCHEMA)
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(document)) == []
    assert (document["format"], document["version"], document["city"]) == (
        "zukunftsstadt.projects", 1, "Musterstadt")
    item = document["projects"][0]
    assert item["estimated_cost"] == {"cents": 1250050, "currency": "EUR"}
    assert item["support"]["supporters"] == 3
    assert [o["proposal_id"] for o in item["origin"]] == [p.id for p in proposals[:3]]
    assert document["not_selected"][0]["reason"] == "Der Radweg ist schon im Verkehrsplan."
    assert len(document["proposals"]) == 4
    # and the feed has the same schema
    feed = client.get(f"/api/v1/processes/{process.slug}/projects").get_json()
    assert list(validator.iter_errors(feed)) == [] and "proposals" not in feed


def test_pdf_report_has_the_titles_criteria_and_euro_amounts(client, published):
    process, proposals, project, _planner = published
    response = download(client, process.slug, "pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) >= 3  # title page, overview, the project, the chart
    assert "Projektvorschläge: Bericht für die Stadtverordnetenversammlung" in text
    assert process.title in text
    assert "Grüner Marktplatz – Schatten für alle" in text
    assert "12.500,50 €" in text
    assert "Qualität des integrierten Ansatzes" in text and "Grünflächenamt" in text
    assert "Rangliste der Ideen" in text
    for p in proposals[:3]:
        assert p.title in text
    assert "Der Radweg ist schon im Verkehrsplan." in text


# The letters of the interface languages (de, pl, dsb) beyond ASCII, and the typography.
LETTERS = "äöüÄÖÜßąćęłńóśźżĄĆĘŁŃÓŚŹŻčěŕšžČĚŔŠŽ„“–€"


def test_the_pdf_font_has_every_letter_of_our_languages(client, published):
    """Names like Łęknica or Chóśebuz must not print as boxes in the council report."""
    for path in pdf.font_files():
        face = TTFont("probe", path).face
        assert [c for c in LETTERS if ord(c) not in face.charToGlyph] == [], path
    process = published[0]
    reader = PdfReader(io.BytesIO(download(client, process.slug, "pdf").data))
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    embedded = {TTFont("probe", path).face.name.decode() for path in pdf.font_files()}
    # both are embedded (a chart drawing also names Helvetica for its empty start state)
    assert embedded <= {name.split("+")[-1] for name in fonts}


def test_public_exports_wait_for_publication_and_leave_drafts_out(
        client, app, make_process, make_proposal, make_user, login_as):
    planner = make_user(Role.PLANNER)
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    make_project(planner, process, proposals[:1], title="Noch geheim")
    for fmt in ("csv", "xlsx", "json", "pdf"):
        response = client.get(f"/api/v1/processes/{process.slug}/export.{fmt}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/processes/{process.slug}/export.docx").status_code == 404

    login_as(planner)  # planners download drafts, with the author names shown on the site
    internal = download(client, process.slug, "json")
    assert "-internal" in internal.headers["Content-Disposition"]
    document = json.loads(internal.data)
    assert document["projects"][0]["title"] == "Noch geheim"
    assert {r["author"] for r in document["proposals"]} == {p.author.display_name
                                                            for p in proposals}
    assert b"@example.org" not in internal.data
    public = client.get(f"/api/v1/processes/{process.slug}/export.json?public=1")
    assert public.status_code == 404


def test_neutralise_covers_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert export.neutralise(start + "1+1") == "'" + start + "1+1"
    assert export.neutralise("Bäume") == "Bäume"
    assert export.neutralise(None) == ""
    assert export.money(1250050, "de") == "12.500,50\xa0€"
    assert export.money(1250050, "en") == "€12,500.50"


def test_the_schema_file_is_served_and_in_the_openapi_document(client):
    served = client.get("/schemas/projects-v1.schema.json")
    assert served.status_code == 200 and served.get_json() == SCHEMA
    document = client.get("/api/v1/openapi.json").get_json()
    feed = document["components"]["schemas"]["ProjectFeed"]
    assert feed["properties"]["projects"]["items"]["$ref"] == (
        "#/components/schemas/ProjectFeed/$defs/Project")
    assert "/processes/{slug}/projects" in document["paths"]


def test_feed_and_json_export_carry_the_ideas_point_place_and_district(client, published):
    process, proposals, _project, _planner = published
    first = proposals[0]
    first.lat, first.lon, first.place = 52.41234567, 13.06123456, "Marktplatz, vor der Kirche"
    first.district_id = process.districts[1].id
    _db.session.commit()
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    feed = client.get(f"/api/v1/processes/{process.slug}/projects").get_json()
    assert list(validator.iter_errors(feed)) == []
    origin = {o["proposal_id"]: o for o in feed["projects"][0]["origin"]}
    assert origin[first.id]["point"] == {"lat": 52.412346, "lon": 13.061235}
    assert origin[first.id]["place"] == "Marktplatz, vor der Kirche"
    assert origin[first.id]["district"] == process.districts[1].name
    assert origin[proposals[1].id]["point"] is None and origin[proposals[1].id]["place"] is None
    document = json.loads(download(client, process.slug, "json").data)
    assert list(validator.iter_errors(document)) == []
    row = next(r for r in document["proposals"] if r["id"] == first.id)
    assert row["point"] == {"lat": 52.412346, "lon": 13.061235}
    assert row["place"] == "Marktplatz, vor der Kirche"
    # a feed of another city written before points existed still follows the schema
    for item in feed["projects"][0]["origin"]:
        for key in ("point", "place", "district"):
            del item[key]
    assert list(validator.iter_errors(feed)) == []
    broken = json.loads(json.dumps(document))
    broken["proposals"][0]["point"] = {"lat": 95, "lon": 13}
    assert list(validator.iter_errors(broken))
