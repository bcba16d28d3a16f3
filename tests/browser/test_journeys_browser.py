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

from tests.browser.helpers import DESKTOP, PHONE, ROLE_EMAILS, expect, log_in

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
    expect(page.locator(".account-menu")).to_have_count(0)
    page.goto(idea_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)  # the idea stays
    expect(page.get_by_text("Mila", exact=True)).to_have_count(0)  # without the name

    assert cookie_names(page) <= {SESSION}
    clean(url, traffic, admin_traffic)


# --- a facilitator runs a workshop with two phones, then turns the board into ideas ---------

WORKSHOP = "Stadtteilwerkstatt Nord"
NOTES = {"Anna": "Ein Bücherschrank an der Haltestelle", "Ben": "Nachtbus bis Mitternacht"}
GROUP = "Mobilität und Kultur"


def phone_joins(page, url: str, typed_code: str, nickname: str) -> None:
    """By the code on the screen, typed on /join (in lower case, with a space)."""
    page.goto(url + "/join")
    page.get_by_label("Workshop code").fill(typed_code)
    page.get_by_role("button", name="Go to the workshop").click()
    page.get_by_label("Your nickname").fill(nickname)
    expect(page.locator("#board-connection")).to_have_text("Connected.")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_label("Your note", exact=True)).to_be_visible()


def note_on(page, text: str):
    return page.locator(".board-notes li.note").filter(has=page.get_by_text(text, exact=True))


def test_a_facilitator_runs_a_workshop_with_two_phones(live_app, open_page):
    url = live_app.url
    facilitator, facilitator_traffic = open_page("facilitator", **DESKTOP)
    facilitator.on("dialog", lambda dialog: dialog.accept())  # "End the session now?"
    facilitator.goto(url + "/account/login")
    facilitator.get_by_label("E-mail address").fill(ROLE_EMAILS["facilitator"])
    facilitator.get_by_label("Password", exact=True).fill("demo-password")
    facilitator.get_by_label("Stay logged in on this device").check()
    facilitator.get_by_role("button", name="Log in").click()
    expect(facilitator.locator(".account-menu")).to_have_count(1)
    assert cookie_names(facilitator) == {SESSION, REMEMBER}

    # prepare and open
    facilitator.goto(url + "/workshops")
    facilitator.get_by_role("link", name=re.compile("^New workshop in")).first.click()
    facilitator.get_by_label("Title").fill(WORKSHOP)
    facilitator.get_by_label("Dots per participant").fill("3")
    facilitator.get_by_role("button", name="Prepare workshop").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(WORKSHOP)
    facilitator.get_by_role("button", name="Open the workshop").click()
    code = facilitator.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code), code
    expect(facilitator.locator("#board-connection")).to_have_text("Connected.")

    # two phones join by the code and write a note each
    phones = {}
    for nickname in NOTES:
        phone, traffic = open_page(f"phone {nickname}", **PHONE)
        phone_joins(phone, url, f"{code[:3].lower()} {code[3:].lower()}", nickname)
        phones[nickname] = (phone, traffic)
    expect(facilitator.locator("#board-presence")).to_have_text("2")
    for nickname, text in NOTES.items():
        phone = phones[nickname][0]
        phone.get_by_label("Your note", exact=True).fill(text)
        phone.get_by_role("button", name="Add note").click()
        expect(phone.locator("#board-status")).to_have_text("Your note has been sent.")
    for page in [facilitator] + [p for p, _t in phones.values()]:
        for text in NOTES.values():
            expect(note_on(page, text)).to_be_visible()

    # group: both notes into one group
    facilitator.get_by_role("button", name="Group notes").click()
    facilitator.get_by_label("New group").fill(GROUP)
    facilitator.get_by_role("button", name="Add group").click()
    for text in NOTES.values():
        note = note_on(facilitator, text)
        note.get_by_label("Group").select_option(label=GROUP)
        note.get_by_role("button", name=re.compile("^Move")).click()
    anna = phones["Anna"][0]
    group_on_phone = anna.locator("section.cluster").filter(
        has=anna.get_by_role("heading", name=GROUP))
    for text in NOTES.values():
        expect(group_on_phone.locator("li.note", has=anna.get_by_text(text, exact=True))
               ).to_be_visible()

    # timer, dot voting
    facilitator.get_by_label("Minutes").fill("2")
    facilitator.get_by_role("button", name="Start timer").click()
    for phone, _traffic in phones.values():
        expect(phone.locator("#board-timer")).to_be_visible()
        expect(phone.locator("#board-timer-value")).to_have_text(re.compile(r"^[12]:\d\d$"))
    facilitator.get_by_role("button", name="Dot voting").click()
    for nickname, (phone, _traffic) in phones.items():
        other = next(text for who, text in NOTES.items() if who != nickname)
        phone.get_by_role("button", name=f"+1 dot for “{other}”").click()
        expect(phone.locator("#board-dots")).to_have_text("Dots left: 2")

    # reveal, end
    facilitator.get_by_role("button", name="Show results").click()
    for phone, _traffic in phones.values():
        expect(phone.locator("#board-results")).to_be_visible()
        for text in NOTES.values():
            expect(phone.locator("#board-results-list")).to_contain_text(text)
    facilitator.get_by_role("button", name="End session").click()
    for phone, _traffic in phones.values():
        expect(phone.locator("#board-ended")).to_be_visible()

    # turn the board into proposals: one idea for the group
    facilitator.get_by_role("link", name="To the results").first.click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(f"Results: {WORKSHOP}")
    facilitator.get_by_label("one idea per group").check()
    facilitator.get_by_role("button", name="Publish the results").click()
    expect(facilitator.get_by_text("Published: 1 ideas from this workshop.")).to_be_visible()
    facilitator.get_by_role("link", name=GROUP).click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(GROUP)
    for text in NOTES.values():
        expect(facilitator.locator("main")).to_contain_text(text)

    assert cookie_names(facilitator) == {SESSION, REMEMBER}
    for nickname, (phone, _traffic) in phones.items():
        assert cookie_names(phone) == {SESSION}, nickname
    clean(url, facilitator_traffic, *(traffic for _page, traffic in phones.values()))


# --- a planner builds projects from the ranking ---------------------------------------------
# The planner's journey lives with the projects: tests/browser/test_projects_browser.py (from
# the workspace's ranking to a published project merging three ideas, every export downloaded
# and opened with a real reader, no third-party request, the session cookie only).
