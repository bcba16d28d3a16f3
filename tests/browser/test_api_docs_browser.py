"""The API documentation page /api/v1/docs in a real browser: Swagger UI (static/vendor/)
draws our OpenAPI document under the site's strict CSP, asks no other origin for anything,
and has no axe-core WCAG 2.1 A/AA violations, also with an operation and the Error schema
opened; our own texts follow the site's language.

The first test runs with the CSP in force (no `bypass_csp`): a blocked script, style or
request would show as a console error. The axe runs need `bypass_csp=True` (helpers.py).
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, expect, install_axe

DOCS = "/api/v1/docs"
TITLES = {"de": "API-Dokumentation", "en": "API documentation"}


def open_docs(open_page, live_app, language: str, **options):
    page, traffic = open_page(f"api-docs-{language}", **options)
    if options.get("bypass_csp"):
        install_axe(page.context)
    page.goto(f"{live_app.url}/language/{language}?next={DOCS}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1").first).to_have_text(TITLES[language])
    expect(page.locator("#api-reference .opblock").first).to_be_visible()
    return page, traffic


def open_operation(page, path: str) -> None:
    """Unfold the GET operation of this path (its summary button) and wait for its body."""
    block = page.locator(".opblock-get").filter(
        has=page.locator(".opblock-summary-path", has_text=path)).first
    block.locator("button.opblock-summary-control").click()
    expect(block.locator(".opblock-body")).to_be_visible()


def test_the_reference_draws_and_calls_the_api_under_the_csp(live_app, open_page):
    page, traffic = open_docs(open_page, live_app, "de")
    response = page.request.get(f"{live_app.url}{DOCS}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    expect(page.locator("#api-reference .info .title")).to_contain_text("Zukunftsstadt API")
    expect(page.get_by_role("link", name="Zurück zu den Beteiligungsverfahren")).to_have_attribute(
        "href", "/")
    # "Try it out" sends the request from the page (connect-src 'self') and shows the answer
    open_operation(page, "/processes")
    block = page.locator(".opblock.is-open")
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    expect(block.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200")
    expect(block.locator(".live-responses-table tbody .highlight-code").first).to_contain_text(
        "zukunft-2035")
    assert traffic.problems(live_app.url) == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_docs_page_has_no_axe_violations(live_app, open_page, language):
    page, traffic = open_docs(open_page, live_app, language, bypass_csp=True)
    found = axe_violations(page)
    open_operation(page, "/processes/{slug}/proposals")
    found += axe_violations(page)
    # the Error schema, unfolded: the vocabulary of error codes
    page.locator("section.models button.models-control").click()
    error_schema = page.locator("section.models article.json-schema-2020-12").filter(
        has=page.locator(".json-schema-2020-12__title", has_text="Error")).first
    error_schema.locator(".json-schema-2020-12-expand-deep-button").click()
    expect(error_schema.get_by_text("method_not_allowed").first).to_be_visible()
    found += axe_violations(page)
    assert found == []
    assert traffic.problems(live_app.url) == []
