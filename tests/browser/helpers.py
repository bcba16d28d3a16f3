"""Shared pieces of the browser tests: axe-core, logging in, the demo accounts.

axe-core comes with the axe-playwright-python package (its axe.min.js). `install_axe` adds it
to every page a context opens (an init script, so the 570 kB are not sent again for each
check); `axe_violations` runs it with the WCAG 2.1 A/AA rules. Both need a context opened
with `bypass_csp=True`: the app's CSP forbids the inline script axe is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", exc_type=ImportError,
    reason="playwright is not installed: browser tests skipped (pip install -e '.[dev]')")
axe_package = pytest.importorskip(
    "axe_playwright_python", exc_type=ImportError,
    reason="axe-playwright-python is not installed: axe checks skipped (pip install -e '.[dev]')")
expect = sync_api.expect

AXE_SCRIPT = Path(axe_package.__file__).with_name("axe.min.js")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
PASSWORD = "demo-password"  # noqa: S105 - the published demo credential
ROLE_EMAILS = {role: f"{role}@demo.local" for role in ("citizen", "facilitator", "planner",
                                                        "admin")}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}

_RUN = """options => axe.run(document, options).then(result => ({
    passes: result.passes.length,
    violations: result.violations.map(v => ({
        id: v.id, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length})),
}))"""


def install_axe(context) -> None:
    """Every page of this context gets axe-core before its own scripts run."""
    context.add_init_script(path=str(AXE_SCRIPT))


def axe_violations(page) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page, one line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(_RUN, WCAG_AA)
    assert result["passes"], f"axe checked nothing on {page.url}"
    return [f"{page.url}: {v['id']} ({v['count']}x: {', '.join(v['targets'])}): {v['help']}"
            for v in result["violations"]]


def log_in(page, url: str, email: str, password: str = PASSWORD) -> None:
    """Through the login form of the English interface, as a person does."""
    page.goto(url + "/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    # logged in: the account menu is there (on a phone folded behind the menu button)
    expect(page.locator(".account-menu")).to_have_count(1)
