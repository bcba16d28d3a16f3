"""A planner's journey in a real browser: from the ranking to a published project, and every
download (PDF, XLSX, CSV, JSON) with its progress status (static/js/downloads.js under the
app's CSP), each opened with a real reader; no third-party request, no cookie but the
session."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import openpyxl
import pytest

from tests.workshop_server import ROOT, flask_command, server_env

sync_api = pytest.importorskip(
    "playwright.sync_api", exc_type=ImportError,
    reason="playwright is not installed: browser tests skipped (pip install -e '.[dev]')")
expect = sync_api.expect

PLANNER = ("planner@demo.local", "demo-password")
SLUG = "zukunft-2035"


def log_in(page, url: str, email: str, password: str) -> None:
    page.goto(url + "/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account-menu")).to_have_count(1)  # logged in: the account menu


def test_planner_merges_ideas_publishes_and_downloads(live_app, open_page):
    moved = subprocess.run(flask_command("processes", "phase", SLUG, "shortlist"), cwd=ROOT,
                           env=server_env(live_app.server.database_url), capture_output=True,
                           text=True, timeout=60, check=False)
    assert moved.returncode == 0, moved.stderr[-2000:]
    page, traffic = open_page("planner", viewport={"width": 1280, "height": 900})
    log_in(page, live_app.url, *PLANNER)

    page.goto(f"{live_app.url}/processes/{SLUG}/projects/workspace")
    boxes = page.locator("input[name=proposal]")
    for index in range(3):
        boxes.nth(index).check()
    page.get_by_role("button", name="Go on with the chosen ideas").click()
    page.get_by_label("Title").fill("Grüner Marktplatz")
    page.get_by_label("Estimated cost in euros").fill("12,500.50")  # as written in English
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_role("heading", name="Grüner Marktplatz", level=1)).to_be_visible()
    expect(page.locator(".origin-list li")).to_have_count(3)

    page.goto(f"{live_app.url}/processes/{SLUG}/projects/workspace")
    page.get_by_role("button", name="Publish the project list").click()
    expect(page.get_by_text("The project list is published.")).to_be_visible()

    status = page.locator(".download-status")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Report for the council (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}-projects-internal.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    expect(status).to_have_text("Done, the download starts: Report for the council (PDF)")
    expect(status).to_have_attribute("role", "status")

    # every other export, as the planner downloads it, opened with a real reader
    opened = {}
    for name in ("Spreadsheet (Excel, XLSX)", "Projects (CSV for Excel)", "Open data (JSON)",
                 "All ideas with their votes (CSV for Excel)"):
        with page.expect_download() as download_info:
            page.get_by_role("link", name=name).click()
        opened[name] = download_info.value.path()
        expect(status).to_have_text(f"Done, the download starts: {name}")
    with open(opened["Spreadsheet (Excel, XLSX)"], "rb") as handle:  # no .xlsx in the name
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert len(workbook.sheetnames) == 2
    titles = [row[1] for row in workbook[workbook.sheetnames[0]].iter_rows(values_only=True)]
    assert "Grüner Marktplatz" in titles
    with open(opened["Projects (CSV for Excel)"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert any("Grüner Marktplatz" in row for row in rows)
    with open(opened["All ideas with their votes (CSV for Excel)"], encoding="utf-8-sig",
              newline="") as handle:
        assert len(list(csv.reader(handle, delimiter=";"))) > 40  # every demo idea and a header
    with open(opened["Open data (JSON)"], encoding="utf-8") as handle:
        document = json.load(handle)
    assert [p["title"] for p in document["projects"]] == ["Grüner Marktplatz"]

    page.goto(f"{live_app.url}/processes/{SLUG}/projects")
    expect(page.locator("figure.chart svg[role=img]")).to_be_visible()
    expect(page.get_by_role("heading", name="Grüner Marktplatz")).to_be_visible()
    problems = traffic.problems(live_app.url)
    assert not problems, problems
    # privacy: the session cookie only (CSRF lives in the session)
    assert sorted(c["name"] for c in page.context.cookies()) == ["session"]
