"""In a real browser: look-alike ideas appear while a citizen types a new idea (announced in a
polite live region, reachable by keyboard), and staff enter paper votes that show up in the
ranking. axe-core finds no WCAG 2.1 A/AA violation on these pages; no third-party request.
"""

from __future__ import annotations

import pytest

from tests.browser.test_legal_pages_browser import axe_violations
from tests.browser.test_workshop_board_browser import log_in

sync_api = pytest.importorskip(
    "playwright.sync_api", exc_type=ImportError,
    reason="playwright is not installed: browser tests skipped (pip install -e '.[dev]')")
expect = sync_api.expect

CITIZEN = ("citizen@demo.local", "demo-password")
PLANNER = ("planner@demo.local", "demo-password")


def test_look_alike_ideas_appear_while_typing(live_app, open_page):
    page, traffic = open_page("similar", bypass_csp=True)
    log_in(page, live_app.url, *CITIZEN)
    page.goto(live_app.url + "/processes/zukunft-2035/proposals/new")
    region = page.locator("#similar")
    expect(region).to_have_attribute("aria-live", "polite")
    page.get_by_label("Title").press_sequentially("Mehr Bäume und Schatten", delay=20)
    expect(region.get_by_role("heading", name="Similar ideas already exist")).to_be_visible()
    first = region.get_by_role("link").first
    expect(first).to_be_visible()
    assert page.locator("input[name=similar_seen]").input_value() == "1"
    violations = axe_violations(page)
    # by keyboard: from the text field, Tab leads into the suggestions
    page.get_by_label("Your idea").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#similar') !== null")
    assert focused, "the first look-alike link follows the text field in the tab order"
    assert violations == []
    assert traffic.foreign(live_app.url) == []
    assert traffic.problems(live_app.url) == []


def test_staff_enter_paper_votes_and_the_ranking_shows_them(live_app, open_page):
    page, traffic = open_page("paper", bypass_csp=True)
    log_in(page, live_app.url, *PLANNER)
    page.goto(live_app.url + "/processes/zukunft-2035/paper-votes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Paper and event votes")
    violations = axe_violations(page)
    page.get_by_label("Number of the idea").fill("1")
    page.get_by_label("Votes").fill("-4")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator("#form-errors")).to_be_visible()
    violations += axe_violations(page)
    page.get_by_label("Votes").fill("37")
    page.get_by_label("Collected on").select_option("stand")
    page.get_by_label("Note (optional)").fill("Stand on the market square")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("cell", name="Stand on the market square")).to_be_visible()
    violations += axe_violations(page)
    page.goto(live_app.url + "/processes/zukunft-2035/ranking")
    expect(page.get_by_text("37 paper and event votes", exact=False)).to_be_visible()
    violations += axe_violations(page)
    page.goto(live_app.url + "/how-the-ranking-works")
    violations += axe_violations(page)
    assert violations == []
    assert traffic.foreign(live_app.url) == []
    expected = "status of 400 (BAD REQUEST)"  # the refused entry, shown with its error
    assert [p for p in traffic.problems(live_app.url) if expected not in p] == []
