"""`make screenshots`: full-page PNGs of the main pages of a fresh demo city, for review.

Starts the demo app on its own (tools/demo_app.py: a fresh SQLite database, the demo
loaded, its workshop opened, `flask --app wsgi serve` on a free port), drives Debian's
Chromium with Playwright, and saves every page at 1280×900 (desktop) and 390×844 (phone) as
`<page>-<width>.png` in SCREENSHOT_DIR (default `screenshots/` in the repository, ignored
by git). The interface is German (the city's default), as a visitor from the city sees it.

Pages are reached by their paths and the forms' field names and element ids (which the
board's script uses too), not by visible texts or styling, so a restyle does not break it.
A page that answers 404 and is allowed to (`may_be_missing`) is skipped with a note; any
other failure is reported and makes the exit status 1, after the other
pages were still taken. 2: the machine lacks something (Chromium), with what to install.

    make screenshots
    SCREENSHOT_DIR=/tmp/shots make screenshots
    .venv/bin/python -m tools.screenshots --only board,projector
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.demo_app import (
    ACCOUNTS,
    CHROMIUM_ARGS,
    PASSWORD,
    ROOT,
    DemoApp,
    SetupError,
    browser_executable,
    main_guard,
    running_demo,
)

VIEWPORTS = {  # width -> context options
    1280: {"viewport": {"width": 1280, "height": 900}},
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
TIMEOUT_MS = 20_000  # one navigation or one wait; the machine may be busy
NICKNAMES = {1280: "Anna", 390: "Ben"}


@dataclass(frozen=True)
class Shot:
    name: str  # the file is <name>-<width>.png
    path: Callable[[DemoApp], str]
    role: str | None = None  # who is logged in (a key of ACCOUNTS), None: a visitor
    may_be_missing: bool = False  # a 404 is skipped with a note, not a failure
    prepare: Callable | None = None  # (page, app, width) after the page loaded


def _join_board(page, app: DemoApp, width: int) -> None:
    """Join the board with a nickname, as a phone does, and wait for the live board."""
    page.fill("#join-nickname", NICKNAMES[width])
    page.click("#join-submit")
    page.wait_for_selector("#join-section", state="hidden")
    _wait_for_live_board(page, app, width)


def _wait_for_live_board(page, app: DemoApp, width: int) -> None:
    page.wait_for_selector("#board-connection.is-online")
    # the snapshot drawn: notes on the board (loose or in clusters), or its "empty" line
    page.wait_for_selector(
        "#board-loose-list li, #board-clusters li, #board-empty:not([hidden])", state="attached")


def _wait_for_join_form(page, app: DemoApp, width: int) -> None:
    page.wait_for_selector("#join-nickname", state="visible")
    page.wait_for_selector("#board-connection.is-online")


SHOTS = [
    Shot("landing", lambda app: "/"),
    Shot("process", lambda app: f"/processes/{app.slug}"),
    Shot("ideas", lambda app: f"/processes/{app.slug}/proposals"),
    Shot("idea", lambda app: f"/proposals/{app.idea_id}"),
    Shot("join", lambda app: "/join"),
    # the code as a QR code's link or the typed code brings: the board asks for a nickname
    Shot("join-code", lambda app: f"/join?code={app.join_code}", prepare=_wait_for_join_form),
    Shot("board", lambda app: f"/w/{app.join_code}", prepare=_join_board),
    Shot("projector", lambda app: f"/workshops/{app.workshop_id}/projector",
         role="facilitator", prepare=_wait_for_live_board),
    Shot("workspace", lambda app: f"/processes/{app.slug}/projects/workspace", role="planner"),
    Shot("styleguide", lambda app: "/styleguide", role="admin"),
]


class PageFailed(Exception):
    pass


def output_folder() -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _settle(page) -> None:
    """Wait until web fonts and every image are there (a full page shows them all)."""
    page.wait_for_load_state("load")
    page.evaluate("""async () => {
        await document.fonts.ready;
        for (const img of document.images) {
            img.loading = 'eager';
            if (!img.complete) {
                await new Promise(done => {
                    img.addEventListener('load', done);
                    img.addEventListener('error', done);
                });
            }
        }
    }""")


class Photographer:
    def __init__(self, browser, app: DemoApp, folder: Path) -> None:
        self.browser = browser
        self.app = app
        self.folder = folder
        self.sessions: dict[str, dict] = {}  # role -> storage state (cookies) after login

    def _context(self, width: int, role: str | None):
        options = {**VIEWPORTS[width], "locale": "de-DE", "timezone_id": "Europe/Berlin"}
        if role:
            options["storage_state"] = self._session(role)
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        return context

    def _session(self, role: str) -> dict:
        """Log in once per role through the login form; later contexts reuse the cookies."""
        if role not in self.sessions:
            context = self._context(1280, None)
            try:
                page = context.new_page()
                page.goto(self.app.url + "/account/login")
                page.fill("form input[name=email]", ACCOUNTS[role])
                page.fill("form input[name=password]", PASSWORD)
                with page.expect_navigation():
                    page.press("form input[name=password]", "Enter")
                account = context.request.get(self.app.url + "/account", max_redirects=0)
                if account.status != 200:
                    raise PageFailed(f"could not log in as {ACCOUNTS[role]} "
                                     f"(/account answered {account.status})")
                self.sessions[role] = context.storage_state()
            finally:
                context.close()
        return self.sessions[role]

    def take(self, shot: Shot, width: int) -> Path | None:
        """Save one screenshot; None when a page that may be missing answered 404."""
        context = self._context(width, shot.role)
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            response = page.goto(self.app.url + shot.path(self.app))
            status = response.status if response else 0
            if status == 404 and shot.may_be_missing:
                return None
            if status != 200:
                raise PageFailed(f"{page.url} answered {status}")
            _settle(page)
            if shot.prepare:
                shot.prepare(page, self.app, width)
                _settle(page)
            if errors:
                raise PageFailed(f"script error on {page.url}: {errors[0]}")
            path = self.folder / f"{shot.name}-{width}.png"
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            return path
        finally:
            context.close()


def run(only: set[str] | None = None) -> int:
    executable = browser_executable()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise SetupError(f"playwright is not installed ({exc}): make install") from exc
    folder = output_folder()
    shots = [shot for shot in SHOTS if not only or shot.name in only]
    saved: list[Path] = []
    skipped: list[str] = []
    failed: list[str] = []
    with running_demo() as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS, timeout=60_000)
        photographer = Photographer(browser, app, folder)
        for shot in shots:
            for width in VIEWPORTS:
                label = f"{shot.name}-{width}"
                try:
                    path = photographer.take(shot, width)
                except (PageFailed, PlaywrightError) as exc:
                    failed.append(f"{label}: {str(exc).splitlines()[0]}")
                    print(f"  FAILED  {label}: {exc}")
                    continue
                if path is None:
                    skipped.append(f"{label}: {shot.path(app)} answers 404 (not built yet)")
                    print(f"  skipped {label}: {shot.path(app)} answers 404")
                else:
                    saved.append(path)
                    print(f"  saved   {path.name}")
        browser.close()
    print(f"\n{len(saved)} screenshots in {folder}:")
    for path in saved:
        print(f"  {path}")
    for note in skipped:
        print(f"Skipped {note}")
    for note in failed:
        print(f"FAILED {note}")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated page names: "
                        + ", ".join(shot.name for shot in SHOTS))
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    unknown = (only or set()) - {shot.name for shot in SHOTS}
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    main_guard(lambda: run(only))


if __name__ == "__main__":
    main()
