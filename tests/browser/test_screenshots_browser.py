"""Screenshots of the main pages at phone (360×740) and desktop (1280×800) width, for a
reviewer to look at: saved as PNG files under SCREENSHOT_DIR (default test-artifacts/
screenshots in the repository, ignored by git; .ci/run keeps the folder and prints it).

Each file is named <width>-<page>.png; the whole page is captured, not just the window.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP, PHONE, ROLE_EMAILS, expect, log_in
from tests.workshop_server import ROOT

SLUG = "zukunft-2035"
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
PUBLIC = {"home": "/", "process": f"/processes/{SLUG}", "ideas": f"/processes/{SLUG}/proposals",
          "idea": "/proposals/1", "ranking": f"/processes/{SLUG}/ranking"}
CITIZEN = {"new-idea": f"/processes/{SLUG}/proposals/new", "account": "/account"}


def screenshot_dir() -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "test-artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_screenshots_of_the_main_pages(live_app, open_page, size):
    folder = screenshot_dir()
    width = VIEWPORTS[size]["viewport"]["width"]
    saved: list[Path] = []

    def shoot(page, name: str) -> None:
        expect(page.locator("h1").first).to_be_visible()
        path = folder / f"{width}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)

    visitor, visitor_traffic = open_page(f"visitor {size}", **VIEWPORTS[size])
    for name, path in PUBLIC.items():
        visitor.goto(live_app.url + path)
        shoot(visitor, name)
    visitor.goto(live_app.board_url)
    visitor.get_by_label("Your nickname").fill("Anna")
    visitor.get_by_role("button", name="Join", exact=True).click()
    expect(visitor.locator("#board-connection")).to_have_text("Connected.")
    shoot(visitor, "workshop-board")

    citizen, citizen_traffic = open_page(f"citizen {size}", **VIEWPORTS[size])
    log_in(citizen, live_app.url, ROLE_EMAILS["citizen"])
    for name, path in CITIZEN.items():
        citizen.goto(live_app.url + path)
        shoot(citizen, name)

    facilitator, facilitator_traffic = open_page(f"facilitator {size}", **VIEWPORTS[size])
    log_in(facilitator, live_app.url, ROLE_EMAILS["facilitator"])
    facilitator.goto(f"{live_app.url}/workshops/{live_app.workshop_id}/projector")
    expect(facilitator.locator("#board-connection")).to_have_class("is-online")
    shoot(facilitator, "projector")

    for path in saved:
        assert path.stat().st_size > 5_000, f"{path} looks empty"
    assert len(saved) == len(PUBLIC) + len(CITIZEN) + 2
    for traffic in (visitor_traffic, citizen_traffic, facilitator_traffic):
        assert traffic.problems(live_app.url) == []
    print(f"\nscreenshots ({size}): {folder}")
