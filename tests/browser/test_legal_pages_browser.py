"""The legal pages in a real browser: no WCAG 2.1 A/AA violation found by axe-core, in German
and English, with the feedback form also in its error state; no third-party request.

axe is injected with page.evaluate, which the app's strict CSP would block, so these pages
are opened in a context with `bypass_csp=True` (see SPEC.md, "Running it").
"""

from __future__ import annotations

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", exc_type=ImportError,
    reason="playwright is not installed: browser tests skipped (pip install -e '.[dev]')")
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", exc_type=ImportError,
    reason="axe-playwright-python is not installed: axe checks skipped (pip install -e '.[dev]')")
expect = sync_api.expect

PAGES = ["/imprint", "/privacy", "/accessibility", "/easy-language", "/easy-language/about",
         "/easy-language/take-part", "/easy-language/navigate", "/easy-language/accessibility"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def axe_violations(page) -> list[str]:
    results = axe_module.Axe().run(page, options=WCAG_AA)
    assert results.response["passes"], f"axe checked nothing on {page.url}"
    return [f"{page.url}: {v['id']} ({len(v['nodes'])}x): {v['help']}"
            for v in results.response["violations"]]


@pytest.mark.parametrize("language", ["de", "en"])
def test_legal_pages_have_no_axe_violations(live_app, open_page, language):
    page, traffic = open_page(f"legal-{language}", bypass_csp=True)
    page.goto(f"{live_app.url}/language/{language}?next=/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    violations = []
    for path in PAGES:
        page.goto(live_app.url + path)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("html")).to_have_attribute("lang", language)
        if path.startswith("/easy-language"):
            expect(page.locator("main [lang=de]")).to_have_count(1)
        violations += axe_violations(page)
    # the feedback form with its error messages (sent empty)
    page.goto(live_app.url + "/accessibility")
    send = "Feedback senden" if language == "de" else "Send feedback"
    page.get_by_role("button", name=send).click()
    expect(page.locator("#form-errors")).to_be_visible()
    violations += axe_violations(page)
    assert violations == []
    # the form answers 400 on purpose (its errors are shown); the browser logs that status
    expected = f"status of 400 (BAD REQUEST) ({{'url': '{live_app.url}/accessibility"
    assert [p for p in traffic.problems(live_app.url) if expected not in p] == []


def test_footer_leads_to_every_legal_page_by_keyboard_reachable_links(live_app, open_page):
    page, traffic = open_page("footer")
    page.goto(live_app.url + "/")
    footer = page.locator("footer")
    for name, heading in (("Accessibility", "Accessibility statement"),
                          ("Privacy", "Privacy notice"), ("Imprint", "Imprint"),
                          ("Leichte Sprache", "Leichte Sprache")):
        footer.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        footer = page.locator("footer")
    assert traffic.problems(live_app.url) == []
