"""The live workshop board in a real browser: a facilitator and two phones on one board.

The app runs the real dev server on the demo database (see conftest.py); the pages run the
board's own JavaScript (board.js, board-view.js, the vendored Socket.IO client) under the
app's CSP. Every wait is Playwright's auto-waiting `expect`, bounded by conftest.TIMEOUT_MS;
there are no fixed sleeps.
"""

from __future__ import annotations

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", exc_type=ImportError,
    reason="playwright is not installed: browser tests skipped (pip install -e '.[dev]')")
expect = sync_api.expect

FACILITATOR = ("facilitator@demo.local", "demo-password")
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
NOTE = "Schattige Sitzbänke am Marktplatz, mit Trinkbrunnen"
DOTS = 5  # dots per participant in the demo workshop


def log_in(page, url: str, email: str, password: str) -> None:
    """Through the login form, as a person does."""
    page.goto(url + "/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account-menu")).to_have_count(1)  # logged in: the account menu


def join(page, board_url: str, nickname: str) -> None:
    page.goto(board_url)
    page.get_by_label("Your nickname").fill(nickname)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_label("Your note", exact=True)).to_be_visible()
    expect(page.locator("#board-connection")).to_have_text("Connected.")


def on_board(page, text: str):
    """The note with this text among the page's board notes (not the results list)."""
    return page.locator(".board-notes li.note").filter(
        has=page.get_by_text(text, exact=True))


def check_clean(origin: str, *traffics) -> None:
    for traffic in traffics:
        assert traffic.requests, f"{traffic.name}: no request recorded at all"
    problems = {t.name: t.problems(origin) for t in traffics if t.problems(origin)}
    assert not problems, problems


def test_a_note_and_a_dot_reach_every_screen(live_app, open_page):
    facilitator, facilitator_traffic = open_page("facilitator", **DESKTOP)
    log_in(facilitator, live_app.url, *FACILITATOR)
    facilitator.goto(live_app.control_url)
    expect(facilitator.locator(".join-code")).to_have_text(live_app.code)
    expect(facilitator.locator("#board-connection")).to_have_text("Connected.")

    anna, anna_traffic = open_page("phone A", **PHONE)
    ben, ben_traffic = open_page("phone B", **PHONE)
    join(anna, live_app.board_url, "Anna")
    join(ben, live_app.board_url, "Ben")
    expect(facilitator.locator("#board-presence")).to_have_text("2")

    # Anna writes a note: it shows on Ben's phone and on the facilitator's screen.
    anna.get_by_label("Your note", exact=True).fill(NOTE)
    anna.get_by_role("button", name="Add note").click()
    expect(anna.locator("#board-status")).to_have_text("Your note has been sent.")
    expect(anna.get_by_label("Your note", exact=True)).to_have_value("")
    for page in (anna, ben, facilitator):
        expect(on_board(page, NOTE)).to_be_visible()
    expect(on_board(facilitator, NOTE).locator(".note-author")).to_have_text("Anna")

    # Dot voting: both phones get "+1 dot" buttons, named after the note they are for.
    facilitator.get_by_role("button", name="Dot voting").click()
    expect(facilitator.get_by_role("button", name="Dot voting")).to_have_attribute(
        "aria-pressed", "true")
    plus = f"+1 dot for “{NOTE}”"
    for page in (anna, ben):
        expect(page.locator("#board-phase")).to_have_text("Dot voting")
        expect(page.get_by_role("button", name=plus)).to_be_visible()
        expect(page.get_by_label("Your note", exact=True)).to_be_hidden()
    expect(ben.locator("#board-dots")).to_have_text(f"Dots left: {DOTS}")

    ben.get_by_role("button", name=plus).click()
    expect(ben.locator("#board-dots")).to_have_text(f"Dots left: {DOTS - 1}")
    expect(on_board(ben, NOTE).locator(".note-mine")).to_have_text("Your dots: 1")
    expect(on_board(facilitator, NOTE).locator(".note-dots")).to_have_text("Dots: 1")
    expect(anna.locator("#board-dots")).to_have_text(f"Dots left: {DOTS}")

    check_clean(live_app.url, facilitator_traffic, anna_traffic, ben_traffic)
    for traffic in (facilitator_traffic, anna_traffic, ben_traffic):
        assert any("/socket.io/" in url for url in traffic.requests + traffic.websockets), \
            f"{traffic.name}: the board never talked to the Socket.IO server"


def test_the_participant_page_fits_a_phone(live_app, open_page):
    page, traffic = open_page("phone", **PHONE)
    page.goto(live_app.board_url)
    width = PHONE["viewport"]["width"]

    def assert_no_horizontal_scrolling(when: str) -> None:
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        scroll_width, inner_width = sizes
        assert scroll_width <= inner_width, f"{when}: page is {scroll_width} px wide, " \
            f"the window {inner_width} px"
        # a mobile browser zooms out to fit wide content, which makes innerWidth wider too
        assert inner_width == width, f"{when}: window is {inner_width} px, not {width}"

    expect(page.get_by_label("Your nickname")).to_be_visible()
    assert_no_horizontal_scrolling("before joining")

    page.get_by_label("Your nickname").fill("Chris")
    page.get_by_role("button", name="Join", exact=True).click()
    note = page.get_by_label("Your note", exact=True)
    expect(note).to_be_visible()
    expect(note).to_have_attribute("id", "note-text")
    expect(page.locator("#board-loose-list li.note").first).to_be_visible()
    assert_no_horizontal_scrolling("after joining")

    check_clean(live_app.url, traffic)
