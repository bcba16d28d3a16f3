"""axe-core on every page of tests/browser/pages.py: for the anonymous visitor and each role,
in German and in English, with zero WCAG 2.1 A/AA violations; the 403 and 404 pages once;
every form once more with its errors shown. No page asks another origin for anything.

One browser context per role and language, reused across that role's pages (one log-in).
The demo city is prepared first (tests/browser/state.py) so that every page has content:
pairwise comparison on, a paper vote entry, a workshop with published results.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import ROLE_EMAILS, axe_violations, expect, install_axe, log_in
from tests.browser.pages import ANONYMOUS, ERROR_PAGES, ROLES, SLUG, expand, pages_for
from tests.browser.state import prepare


class Visitor:
    """One person in one language: a browser context, its page, what it found."""

    def __init__(self, live_app, open_page, role: str, language: str):
        self.app, self.role, self.language = live_app, role, language
        self.page, self.traffic = open_page(f"{role}-{language}", bypass_csp=True)
        install_axe(self.page.context)
        self.violations: list[str] = []
        self.problems: list[str] = []
        if role != ANONYMOUS:
            log_in(self.page, live_app.url, ROLE_EMAILS[role])
        self.page.goto(f"{live_app.url}/language/{language}?next=/")
        expect(self.page.locator("html")).to_have_attribute("lang", language)

    def open(self, path: str, status: int = 200):
        """Open the page, check its status and language, and note what the browser logged."""
        before = len(self.traffic.console_errors)
        response = self.page.goto(self.app.url + path)
        assert response is not None, path
        assert response.status == status, \
            f"{self.role} ({self.language}) {path}: {response.status}, not {status}"
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        expect(self.page.locator("h1").first).to_be_visible()
        self.expect_errors_logged(before, status)
        return response

    def expect_errors_logged(self, before: int, status: int) -> None:
        """The browser logs a 4xx answer as a console error: only that one is expected."""
        for text in self.traffic.console_errors[before:]:
            if status >= 400 and f"status of {status}" in text:
                continue
            self.problems.append(f"{self.role} ({self.language}) {self.page.url}: {text}")
        del self.traffic.console_errors[before:]

    def axe(self) -> None:
        self.violations += [f"{self.role} ({self.language}) {v}"
                            for v in axe_violations(self.page)]

    def submit(self, button: str) -> None:
        """Send the form whose submit button has this id or name, and wait for its answer."""
        before = len(self.traffic.console_errors)
        with self.page.expect_navigation():
            self.page.locator(button).click()
        self.expect_errors_logged(before, 400)

    def finish(self) -> list[str]:
        return (self.violations + self.problems
                + [f"{self.role}: request to another origin: {url}"
                   for url in self.traffic.foreign(self.app.url)]
                + [f"{self.role}: script error: {text}" for text in self.traffic.page_errors])


def join_board(visitor: Visitor) -> None:
    """Join the live board with a nickname, as a participant does, and wait for the board."""
    page = visitor.page
    page.locator("#join-nickname").fill(f"{visitor.role[:10]} {visitor.language}")
    page.locator("#join-submit").click()
    expect(page.locator("#note-text")).to_be_visible()
    expect(page.locator("#board-connection")).to_have_class("is-online")


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_for_every_role_has_no_axe_violations(live_app, open_page, language):
    values = {"code": live_app.code, "workshop_id": live_app.workshop_id,
              **prepare(live_app.server.database_url)}
    found: list[str] = []
    opened = 0
    for role in ROLES:
        visitor = Visitor(live_app, open_page, role, language)
        for _rule, page in pages_for(role):
            visitor.open(expand(page.path, values), page.status)
            if page.board:
                join_board(visitor)
            elif "/control" in page.path or "/projector" in page.path:
                expect(visitor.page.locator("#board-connection")).to_have_class("is-online")
            if page.ready:
                expect(visitor.page.locator(page.ready).first).to_be_visible()
            visitor.axe()
            opened += 1
        for status, (path, who) in ERROR_PAGES.items():
            if who == role:
                visitor.open(path, status)
                visitor.axe()
                opened += 1
        found += visitor.finish()
        visitor.page.context.close()
    assert opened > 5 * 15, f"only {opened} pages opened"
    assert found == []


# --- every form with its errors shown -------------------------------------------------------

SEND = "main form[novalidate] button[type=submit] >> nth=0"


def shows_errors(v: Visitor) -> None:
    expect(v.page.locator("#form-errors")).to_be_visible()
    v.axe()


def anonymous_forms(v: Visitor) -> None:
    v.open("/account/register")
    v.page.locator("#email").fill("not-an-address")
    v.submit(SEND)
    shows_errors(v)
    v.open("/account/login")
    v.page.locator("#email").fill("nobody@example.org")
    v.page.locator("#password").fill("wrong-password")
    v.submit(SEND)
    shows_errors(v)
    v.open("/account/password/forgot")
    v.submit(SEND)  # empty (any address is accepted: the answer never tells who has one)
    shows_errors(v)
    v.open("/account/password/reset/not-a-token")
    v.submit(SEND)
    shows_errors(v)
    v.open("/join")
    v.page.locator("#code").fill("!!")
    v.submit(SEND)
    shows_errors(v)
    # a code that looks right but opens no workshop: the "unknown workshop" page (404)
    v.open("/join")
    v.page.locator("#code").fill("ZZZZZZ")
    before = len(v.traffic.console_errors)
    with v.page.expect_navigation(url=re.compile("/w/ZZZZZZ$")):
        v.page.locator(SEND).click()
    v.expect_errors_logged(before, 404)
    expect(v.page.locator("h1")).to_be_visible()
    v.axe()


def citizen_forms(v: Visitor) -> None:
    v.open(f"/processes/{SLUG}/proposals/new")
    v.submit(SEND)
    shows_errors(v)
    v.open("/proposals/1")
    v.submit("form[action$='/comments'][novalidate] button[type=submit]")
    shows_errors(v)
    v.open("/account")
    v.page.locator("#display_name").fill("")
    v.submit("form[action$='/account/profile'] button[type=submit]")
    shows_errors(v)
    v.open("/account")
    v.submit("form[action$='/account/tokens'] button[type=submit]")
    shows_errors(v)
    v.open("/account/delete")
    v.submit(SEND)
    shows_errors(v)
    v.open("/proposals/1/report")
    v.submit(SEND)
    shows_errors(v)


def admin_forms(v: Visitor) -> None:
    v.open("/admin/processes/new")
    v.submit(SEND)
    shows_errors(v)
    v.open(f"/processes/{SLUG}/workshops/new")
    v.page.locator("#title").fill("")
    v.submit(SEND)
    shows_errors(v)
    v.open(f"/processes/{SLUG}/paper-votes")
    v.page.locator("#proposal_id").fill("1")
    v.page.locator("#count").fill("-4")
    v.submit(SEND)
    shows_errors(v)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_form_with_its_errors_has_no_axe_violations(live_app, open_page, language):
    found: list[str] = []
    for role, forms in ((ANONYMOUS, anonymous_forms), ("citizen", citizen_forms),
                        ("admin", admin_forms)):
        visitor = Visitor(live_app, open_page, role, language)
        forms(visitor)
        found += visitor.finish()
        visitor.page.context.close()
    assert found == []
