"""Every GET route is a page the browser checks, or is excluded with a reason.

The inventory is tests/browser/pages.py: tests/browser/test_every_page_browser.py opens each
page there for each role that sees it, in German and English, and runs axe-core. This test
needs no browser, so a new route without an entry fails fast, with its name and the line to
add.
"""

from __future__ import annotations

import pytest
from werkzeug.exceptions import HTTPException

from tests.browser.pages import EXCLUDED, PAGES, ROLES, expand

SAMPLE_VALUES = {"code": "ABC123", "workshop_id": 1, "published_workshop": 2, "paper_entry": 1,
                 "project": 1, "project_idea": 3, "unsubscribe": "a-signed-token"}


def get_rules(app) -> dict[str, str]:
    """GET rule → endpoint, for every rule a browser can open."""
    return {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ())}


def test_every_get_route_is_in_the_page_inventory_or_excluded(app):
    missing = sorted(set(get_rules(app)) - set(PAGES) - set(EXCLUDED))
    assert not missing, (
        "GET routes that the browser tests do not know (tests/browser/pages.py): add each to "
        "PAGES (a sample path on the demo data and the roles that see it) or to EXCLUDED "
        "(with the reason it is not an HTML page):\n"
        + "\n".join(f'    "{rule}": Page("<sample path>", <roles>),  # {get_rules(app)[rule]}'
                    for rule in missing))


def test_the_inventory_names_only_routes_that_exist(app):
    rules = get_rules(app)
    stale = sorted(rule for rule in [*PAGES, *EXCLUDED] if rule not in rules)
    assert not stale, f"tests/browser/pages.py names routes the app no longer has: {stale}"
    both = sorted(set(PAGES) & set(EXCLUDED))
    assert not both, f"both a page and excluded: {both}"


@pytest.mark.parametrize("rule", sorted(PAGES))
def test_each_sample_path_reaches_its_own_rule(app, rule):
    page = PAGES[rule]
    assert page.roles, f"{rule}: no role sees this page"
    assert page.roles <= set(ROLES), f"{rule}: unknown roles {page.roles - set(ROLES)}"
    path = expand(page.path, SAMPLE_VALUES).split("?", 1)[0]  # the query picks data, not route
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method="GET", return_rule=False)
        matched = adapter.match(path, method="GET", return_rule=True)[0].rule
    except HTTPException as exc:  # pragma: no cover - the assertion message is the point
        pytest.fail(f"{rule}: the sample path {path} matches no GET route ({exc})")
    assert matched == rule, f"{rule}: the sample path {path} opens {matched} ({endpoint})"
