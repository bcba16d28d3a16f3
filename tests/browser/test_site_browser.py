"""The site's header and first screens in a real browser: the menu button on a phone, a header
that never wraps on a desktop, and what a citizen sees on a phone's first screen (390×844)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import ROLE_EMAILS, axe_violations, expect, log_in

PHONE_390 = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
             "is_mobile": True, "has_touch": True}
DESKTOP_1280 = {"viewport": {"width": 1280, "height": 900}}
SLUG = "zukunft-2035"


def inside_first_screen(locator, height: int = 844) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_phone_first_screen_shows_the_city_a_running_process_and_ideas_with_pictures(
        live_app, open_page):
    page, traffic = open_page("citizen phone", **PHONE_390)
    page.goto(live_app.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Musterstadt")
    assert inside_first_screen(page.locator(".hero-picture img"))
    first_card = page.locator(".process-card").first
    assert inside_first_screen(first_card.locator(".card-title"))
    ideas = first_card.locator(".idea-strip li:visible")
    assert ideas.count() >= 2
    for i in range(2):
        assert inside_first_screen(ideas.nth(i)), f"idea {i} is below the first screen"
        assert inside_first_screen(ideas.nth(i).locator(".thumb"))
    assert traffic.foreign(live_app.url) == []
    assert traffic.problems(live_app.url) == []


def test_phone_idea_list_shows_two_ideas_on_the_first_screen(live_app, open_page):
    page, _traffic = open_page("citizen phone", **PHONE_390)
    page.goto(f"{live_app.url}/processes/{SLUG}/proposals")
    cards = page.locator(".proposal-card")
    expect(cards.first).to_be_visible()
    assert inside_first_screen(cards.nth(0))
    assert inside_first_screen(cards.nth(1)), "the second idea card is below the first screen"
    filters = page.locator("details.filter-box")
    assert filters.get_attribute("open") is None  # folded until used
    page.get_by_text("Filter and sort").click()
    expect(page.get_by_label("Topic")).to_be_visible()


def test_phone_menu_button_opens_and_closes_the_menu(live_app, open_page):
    page, traffic = open_page("citizen phone", bypass_csp=True, **PHONE_390)  # for axe
    page.goto(live_app.url + "/")
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Join a workshop")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert axe_violations(page) == []  # with the menu open too
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    assert traffic.problems(live_app.url) == []


@pytest.mark.parametrize("role", [None, "admin", "facilitator", "planner"])
def test_desktop_header_is_one_row(live_app, open_page, role):
    page, _traffic = open_page(f"{role or 'visitor'} desktop", **DESKTOP_1280)
    if role:
        log_in(page, live_app.url, ROLE_EMAILS[role])
    # German first: its words are the longest of the site's languages
    page.goto(live_app.url + "/language/de")
    items = page.locator(".header-bar .brand, .main-nav li, .language-menu, .account-nav > *")
    boxes = [items.nth(i).bounding_box() for i in range(items.count())]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] <= right["x"] + 1, "two header items overlap"
    assert max(b["y"] + b["height"] for b in boxes) - min(b["y"] for b in boxes) < 60
    page.goto(live_app.url + "/language/en")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    bar = page.locator(".header-bar").bounding_box()
    assert bar["height"] < 80, f"the header wraps: {bar['height']} px high"
    if role:
        menu = page.locator(".account-menu summary")
        expect(menu).to_be_visible()
        menu.click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("button", name="Log out")).to_be_hidden()
    if role == "facilitator":
        expect(page.get_by_role("navigation", name="Main navigation").get_by_role(
            "link", name="My workshops")).to_be_visible()
