"""The live board by keyboard alone: a participant joins, adds a note, moves it into a group
and gives a dot with Tab, typing, Enter, Space and the arrow keys only (no click, no fill);
each change is announced in a polite live region, as a screen reader would read it.

The facilitator logs in as usual, then makes the group and starts dot voting by keyboard too.
The board's controls are native buttons and selects; `tab_to` walks the tab order to them.
"""

from __future__ import annotations

from tests.browser.helpers import DESKTOP, ROLE_EMAILS, expect, log_in

MAX_TABS = 80  # a bound for walking the tab order to one control
NOTE = "Trinkbrunnen am Spielplatz"
GROUP = "Wasser"


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus (at most MAX_TABS)."""
    target = page.locator(selector)
    expect(target).to_be_visible()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab within {MAX_TABS} presses")


def announced(page, selector: str, text: str) -> None:
    """The live region has this text now (it is polite: read when the reader is idle)."""
    region = page.locator(selector)
    live = region.evaluate("e => e.getAttribute('aria-live') || e.getAttribute('role')")
    assert live in ("polite", "status"), f"{selector} is no polite live region ({live})"
    expect(region).to_have_text(text)


def test_a_participant_adds_moves_and_dots_a_note_by_keyboard_alone(live_app, open_page):
    facilitator, facilitator_traffic = open_page("facilitator", **DESKTOP)
    log_in(facilitator, live_app.url, ROLE_EMAILS["facilitator"])
    facilitator.goto(live_app.control_url)
    expect(facilitator.locator("#board-connection")).to_have_class("is-online")

    page, traffic = open_page("keyboard", **DESKTOP)
    page.goto(live_app.board_url)
    # join: Tab to the nickname, type it, Enter sends the form
    tab_to(page, "#join-nickname")
    page.keyboard.type("Tastatur")
    page.keyboard.press("Enter")
    expect(page.locator("#note-text")).to_be_visible()
    expect(page.locator("#board-connection")).to_have_class("is-online")

    # add a note: Tab to the text, type, Tab to "Add note", Enter
    tab_to(page, "#note-text")
    page.keyboard.type(NOTE)
    tab_to(page, "#note-submit")
    page.keyboard.press("Enter")
    announced(page, "#board-status", "Your note has been sent.")
    note = page.locator(".board-notes li.note").filter(
        has=page.get_by_text(NOTE, exact=True))
    expect(note).to_be_visible()

    # the facilitator makes a group, by keyboard too
    tab_to(facilitator, "#cluster-title")
    facilitator.keyboard.type(GROUP)
    facilitator.keyboard.press("Enter")
    expect(note.get_by_label("Group")).to_contain_text(GROUP)

    # move the note into the group: Tab to its group list, arrow down, Tab to "Move", Space
    card_id = note.get_attribute("data-card-id")
    tab_to(page, f"#move-{card_id}")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#move-{card_id} option:checked")).to_have_text(GROUP)
    tab_to(page, f"#note-{card_id} button[data-action=move]")
    page.keyboard.press("Space")
    group = page.locator("section.cluster").filter(
        has=page.get_by_role("heading", name=GROUP))
    expect(group.locator(f"#note-{card_id}")).to_be_visible()
    announced(page, "#board-status", f"Moved to the group “{GROUP}”.")
    focused = page.evaluate("document.activeElement.closest('li.note')?.id")
    assert focused == f"note-{card_id}", "the focus stays on the moved note"

    # the facilitator starts dot voting (keyboard): the phone's live region says so
    tab_to(facilitator, "button[data-command='phase:set'][data-payload*='vote']")
    facilitator.keyboard.press("Enter")
    announced(page, "#board-announce", "Phase is now: Dot voting")

    # give a dot: Tab to "+1 dot" of the note, Enter
    tab_to(page, f"#note-{card_id} button[data-action='vote:add']")
    page.keyboard.press("Enter")
    expect(page.locator("#board-dots")).to_have_text("Dots left: 4")
    announced(page, "#board-status", f"You gave a dot to “{NOTE}”. Dots left: 4")
    expect(note.locator(".note-mine")).to_have_text("Your dots: 1")

    for one in (traffic, facilitator_traffic):
        assert one.problems(live_app.url) == []
