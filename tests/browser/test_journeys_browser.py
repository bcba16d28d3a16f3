"""Whole journeys in a real browser, each one test, as a person would go through the app.

In every journey: no request to another origin, nothing in the browser console, and the
browser keeps exactly the cookies the journey needs (the session cookie; remember-me only
when the person ticked "Stay logged in").

- a citizen registers, confirms the mail from the outbox, posts an idea (seeing look-alike
  ideas first), comments, votes once the process is in its voting phase, compares pairs
  (offered by the admin through the process form), downloads their data, deletes the account;
- a facilitator prepares a workshop, opens and runs it while two phones join by code and add
  notes and dots, then turns the board into proposals on the results page.
"""

from __future__ import annotations

import json
import re

from tests.browser.helpers import DESKTOP, ROLE_EMAILS, expect, log_in

SLUG = "zukunft-2035"
SESSION = "session"
REMEMBER = "remember_token"


def cookie_names(page) -> set[str]:
    return {cookie["name"] for cookie in page.context.cookies()}


def clean(origin: str, *traffics) -> None:
    for traffic in traffics:
        assert traffic.requests, f"{traffic.name}: no request recorded at all"
        assert traffic.foreign(origin) == [], traffic.name
    problems = {t.name: t.problems(origin) for t in traffics if t.problems(origin)}
    assert not problems, problems


# --- a citizen, from registering to deleting the account ------------------------------------

EMAIL = "mila.sommer@example.org"
PASSWORD = "Sommerwiese-2035!"  # noqa: S105 - a test account's password
IDEA = "Mehr Bäume und Schatten auf dem Schulweg"
IDEA_BODY = ("Auf dem Weg zur Grundschule gibt es im Sommer keinen Schatten. Straßenbäume "
             "entlang der Lindenallee würden helfen.")
COMMENT = "Und ein Trinkbrunnen am Schulhof wäre schön."


def test_a_citizen_from_registering_to_deleting_the_account(live_app, open_page):
    page, traffic = open_page("citizen", **DESKTOP)
    url = live_app.url
    page.goto(url + "/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_role("textbox", name="Display name").fill("Mila")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("We have sent you an e-mail")).to_be_visible()
    assert cookie_names(page) == {SESSION}

    # the confirmation mail, from the outbox
    mails = [m for m in live_app.mails() if m["To"] == EMAIL]
    assert len(mails) == 1, [m["Subject"] for m in live_app.mails()]
    link = re.search(r"https?://\S+/account/confirm/\S+", mails[0].get_content())
    assert link, mails[0].get_content()
    assert link.group(0).startswith(url), f"the link leads elsewhere: {link.group(0)}"
    page.goto(link.group(0))
    expect(page.locator(".flash, [role=status], [role=alert]").first).to_be_visible()

    # a new idea: the form shows look-alike ideas of the demo city first
    page.goto(f"{url}/processes/{SLUG}")
    page.get_by_role("link", name="Post an idea").click()
    expect(page).to_have_url(re.compile(f"/processes/{SLUG}/proposals/new$"))
    page.get_by_label("Title").press_sequentially(IDEA, delay=10)
    similar = page.locator("#similar")
    expect(similar.get_by_role("heading", name="Similar ideas already exist")).to_be_visible()
    page.get_by_label("Your idea").fill(IDEA_BODY)
    page.get_by_role("button", name="Publish idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)
    idea_url = page.url

    # a comment on it
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_role("button", name="Publish comment").click()
    expect(page.get_by_text(COMMENT)).to_be_visible()

    # the city moves the process to voting; the citizen supports an idea
    live_app.flask("processes", "phase", SLUG, "voting")
    page.goto(idea_url)
    page.get_by_role("button", name=re.compile("^Support this idea")).click()
    expect(page.get_by_text("You support this idea.")).to_be_visible()

    # the admin offers pairwise comparison, through the process form, in another browser
    admin, admin_traffic = open_page("admin", **DESKTOP)
    log_in(admin, url, ROLE_EMAILS["admin"])
    admin.goto(f"{url}/admin/processes/{SLUG}/edit")
    admin.get_by_label("Also offer pairwise comparison").check()
    admin.get_by_role("button", name="Save process").click()
    expect(admin).to_have_url(re.compile(f"/processes/{SLUG}$"))
    assert cookie_names(admin) == {SESSION}

    # the citizen compares two ideas, then says they can't decide on the next pair
    page.goto(f"{url}/processes/{SLUG}/compare")
    page.get_by_role("button", name="This one is more important").first.click()
    expect(page.get_by_text("Thank you! Here is the next pair.")).to_be_visible()
    page.get_by_role("button", name="I can't decide").click()
    expect(page.get_by_text("Thank you! Here is the next pair.")).to_be_visible()

    # the citizen's data: a real download, JSON with their idea and comment in it
    page.goto(url + "/account")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json"), download.suggested_filename
    data = json.loads(download.path().read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    for expected in (EMAIL, IDEA, COMMENT):
        assert expected in text, f"{expected!r} is not in the data export"

    # and goes
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Yes, delete my account").check()
    page.get_by_role("button", name="Delete account for good").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    page.goto(idea_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)  # the idea stays
    expect(page.get_by_text("Mila", exact=True)).to_have_count(0)  # without the name

    assert cookie_names(page) <= {SESSION}
    clean(url, traffic, admin_traffic)
