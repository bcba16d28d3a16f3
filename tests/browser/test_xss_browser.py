"""Every payload of the XSS corpus, in every user text field, rendered in a real browser.

The corpus (tests/data/xss-payloads.txt, over 300 payloads) is written into the demo city
through the services, as people would enter it: display names, a process title,
description and topics (by the admin), idea titles and texts, comments, report and hide
reasons, a workshop title, nicknames, notes and group titles, paper-vote notes, candidate
projects (title, summary, department, time frame, the criteria comments) and "why not"
answers. Then Chromium opens every page that shows them — lists, idea pages, ranking,
moderation, admin, account, paper votes, the planners' workspace, projects and the public
results, the facilitator's control page, the projector, the participant's board, the
results page — and more notes and
groups arrive live over the socket while the boards are open, so the board's JavaScript
renders them too.

The browser contexts bypass the CSP (`bypass_csp=True`): the CSP would stop an injected
inline script anyway, and this test checks the escaping itself. On every page:

- `window.__xss` (what the payloads set) stays undefined and no dialog opens;
- no element the app does not render itself appears (the app's templates and board script
  use only the tags in APP_TAGS), no inline event handler, no javascript:/data: link,
  no inline script, no foreign image;
- the payloads of the idea texts appear as text.

Many payloads share a page, so the whole corpus runs in well under a minute.
"""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import TIMEOUT_MS
from tests.workshop_server import BoardClient, WorkshopServer, login_cookie
from tests.xss_corpus import fitting, packed, payloads

sync_api = pytest.importorskip(
    "playwright.sync_api", exc_type=ImportError,
    reason="playwright is not installed: browser tests skipped (pip install -e '.[dev]')")
expect = sync_api.expect

ADMIN = ("admin@demo.local", "demo-password")
PASSWORD = "correct-horse-battery"  # noqa: S105
SLUG = "xss-probe"
LIVE_NOTES = 40  # notes sent over the socket while the boards are open

# Every element the app renders (templates and the board's JavaScript); anything else in a
# page came from user text.
APP_TAGS = {
    "a", "article", "blockquote", "body", "br", "button", "caption", "code", "dd", "details",
    "div", "dl", "dt", "fieldset", "footer", "form", "h1", "h2", "h3", "h4", "head", "header",
    "html", "img", "input", "label", "legend", "li", "link", "main", "meta", "nav",
    "noscript", "ol", "option", "p", "script", "section", "select", "span", "strong",
    "summary", "table", "tbody", "td", "textarea", "th", "thead", "time", "title", "tr", "ul",
    # the ranking chart of the results page (projects/chart.py), drawn on the server
    "desc", "figure", "g", "rect", "svg", "text", "tfoot",
    # the design system: icons from the sprite, progress bars, the idea page's aside, and
    # the one style element of the brand tokens (checked below)
    "aside", "progress", "style", "use",
}

INSPECT = """(appTags) => {
  const found = [];
  if (window.__xss !== undefined) found.push('window.__xss is set');
  if (window.parent.__xss !== undefined) found.push('parent.__xss is set');
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc',
                    'background', 'poster'];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    if (!appTags.includes(tag)) found.push('element <' + tag + '>');
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push('handler ' + tag + '[' + attr.name + ']');
      if (urlAttrs.includes(attr.name) && /^\\s*(javascript|vbscript|data:text)/i.test(
          attr.value)) found.push('script URL ' + tag + '[' + attr.name + ']');
      if (attr.name === 'style') found.push('style attribute on <' + tag + '>');
    }
    if (tag === 'script' && el.type !== 'application/json' && !el.src)
      found.push('inline script');
    if (tag === 'img' && !(el.getAttribute('src') || '').startsWith('/'))
      found.push('foreign image ' + el.getAttribute('src'));
    if (tag === 'meta' && el.httpEquiv) found.push('meta http-equiv');
    if (tag === 'style' && !/^:root\\{--brand:#[0-9a-f]{6};[^<>{}]*\\}$/.test(el.textContent))
      found.push('style element that is not the brand tokens');
    if (tag === 'use' && !(el.getAttribute('href') || '').startsWith('/static/vendor/icons.svg#'))
      found.push('use of a foreign drawing ' + el.getAttribute('href'));
    if (tag === 'link' && !(el.getAttribute('href') || '').startsWith('/'))
      found.push('foreign link ' + el.getAttribute('href'));
    if ((tag === 'input' && el.name === 'phish')
        || (tag === 'form' && /attacker/i.test(el.getAttribute('action') || '')))
      found.push('injected form field');
  }
  return found;
}"""


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def xss_city(demo_database, tmp_path):
    """The demo database with the corpus in every text field; the server on it."""
    from participation import create_app
    from participation.config import TestConfig
    from participation.extensions import db

    template, _code = demo_database
    database = tmp_path / "xss.db"
    shutil.copyfile(template, database)
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        seeded = _seed(payloads())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    server = WorkshopServer(f"sqlite:///{database}", tmp_path / "server.log")
    try:
        server.start()
        yield server.url, seeded
    finally:
        server.stop()


def _seed(corpus: list[str]) -> dict:
    """Write the corpus into every kind of user text; what the pages need to find it."""
    from participation.accounts import services as accounts
    from participation.accounts.models import Role
    from participation.processes import services as processes
    from participation.processes.models import PhaseKind
    from participation.projects import services as projects
    from participation.projects.models import CRITERIA
    from participation.proposals import services as proposals
    from participation.votes import services as votes
    from participation.workshops import services as workshops
    from participation.workshops.commands import Actor

    admin = accounts.find_user_by_email(ADMIN[0])
    names = fitting(corpus, 60)
    people = [accounts.create_user(f"xss{n}@example.org", name, PASSWORD, role=Role.CITIZEN,
                                   confirmed=True) for n, name in enumerate(names)]
    process = processes.create_process(SLUG, packed(corpus, 120)[0],
                                       "\n\n".join(corpus)[:20000], phase=PhaseKind.IDEAS)
    processes.set_topics(process, packed(corpus, 60)[:6])
    processes.set_districts(process, packed(corpus, 60)[6:12])
    titles = packed(corpus, 120)
    bodies = packed(corpus, 5000, "\n\n")
    comments = packed(corpus, 2000, "\n\n")
    ideas = []
    for n, title in enumerate(titles):
        body = bodies[n] if n < len(bodies) else title
        ideas.append(proposals.submit_proposal(people[n % len(people)], process,
                                               proposals.ProposalInput(title=title, body=body)))
    for n, text in enumerate(comments):
        proposals.add_comment(people[(n + 1) % len(people)], ideas[n % len(ideas)], text)
    for n, reason in enumerate(fitting(corpus, 500)[:40]):
        proposals.report(people[n % len(people)], reason, proposal=ideas[n % len(ideas)])
    proposals.hide_proposal(admin, ideas[-1], fitting(corpus, 500)[0])
    workshop = workshops.create_workshop(admin, process, packed(corpus, 120)[1],
                                         proposal_ids=[i.id for i in ideas[:5]])
    code = workshops.open_workshop(admin, workshop)
    notes = fitting(corpus, 280)
    for n, nickname in enumerate(fitting(corpus, 40)[:30]):
        participant, _token = workshops.join_workshop(code, nickname)
        for text in notes[n::30][:9]:  # within the note rate per participant and minute
            workshops.run_command(workshop.id, Actor(participant_id=participant.id),
                                  "card:add", {"text": text})
    facilitator = Actor(user=admin)
    for title in fitting(corpus, 120)[:20]:
        workshops.run_command(workshop.id, facilitator, "cluster:add", {"title": title})
    # the shortlist: paper-vote notes, candidate projects in every text field, "why not"
    # answers, published
    process.current_phase = PhaseKind.SHORTLIST.value
    for n, note in enumerate(fitting(corpus, 500)[:30]):
        votes.enter_paper_votes(admin, ideas[n % len(ideas)], n, "paper", note)
    short = fitting(corpus, 120)
    long = packed(corpus, 2000, "\n\n")
    made = []
    for n, title in enumerate(short[:12]):
        texts = {c: long[(n + k) % len(long)] for k, c in enumerate(CRITERIA)}
        made.append(projects.create_project(admin, process, [ideas[5 + n].id],
                                            projects.ProjectInput(
            title=title, summary=long[n % len(long)], department=short[-1 - n],
            time_frame=short[n + 12], cost_eur="12500,50",
            scores=dict.fromkeys(CRITERIA, 3), comments=texts)))
    for n, reason in enumerate(fitting(corpus, 1000)[:10]):
        projects.answer_why_not(admin, ideas[20 + n], reason)
    projects.publish_projects(admin, process)
    return {"ideas": [i.id for i in ideas], "bodies": bodies[:len(titles)],
            "workshop_id": workshop.id, "code": code, "person": ideas[-1].author.email,
            "hidden_reason_idea": ideas[-1].id, "projects": [p.id for p in made]}


class Inspector:
    """Opens pages in one browser context and collects every sign of an injection."""

    def __init__(self, browser, name: str) -> None:
        self.name = name
        self.context = browser.new_context(locale="en-GB", bypass_csp=True)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.pages = 0

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visit(self, url: str, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == status, (url, response and
                                                                     response.status)
        self.check(url)

    def check(self, where: str) -> None:
        self.pages += 1
        found = self.page.evaluate(INSPECT, sorted(APP_TAGS))
        assert not found, f"{self.name} on {where}: {sorted(set(found))[:20]}"
        assert not self.dialogs, f"{self.name} on {where}: dialogs {self.dialogs}"
        assert not self.errors, f"{self.name} on {where}: script errors {self.errors}"

    def text(self) -> str:
        return _normal(self.page.inner_text("body"))

    def close(self) -> None:
        self.context.close()


def _log_in(inspector: Inspector, url: str, email: str, password: str) -> None:
    page = inspector.page
    page.goto(url + "/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account-menu")).to_have_count(1)  # logged in: the account menu


def test_every_payload_is_inert_on_every_page(browser, xss_city):
    url, seeded = xss_city
    corpus = payloads()
    assert len(corpus) >= 200
    admin = Inspector(browser, "admin")
    phone = Inspector(browser, "participant")
    citizen = Inspector(browser, "author")
    try:
        _log_in(admin, url, *ADMIN)
        ideas = seeded["ideas"]
        # public pages, as the admin sees them (hidden ideas and reasons included)
        admin.visit(url + "/")
        admin.visit(f"{url}/processes/{SLUG}")
        for number in range(1, len(ideas) // 20 + 2):
            admin.visit(f"{url}/processes/{SLUG}/proposals?page={number}")
        admin.visit(f"{url}/processes/{SLUG}/ranking")
        for idea_id, body in zip(ideas, seeded["bodies"], strict=False):
            admin.visit(f"{url}/proposals/{idea_id}")
            shown = admin.text()
            missing = [p for p in body.split("\n\n") if _normal(p) not in shown]
            assert not missing, f"idea {idea_id}: not shown as text: {missing[:5]}"
        for path in ("/moderation", "/admin/", "/admin/users", "/workshops",
                     f"/admin/processes/{SLUG}/edit", f"/proposals/{ideas[0]}/report",
                     f"/processes/{SLUG}/workshops/new"):
            admin.visit(url + path)
        workshop = seeded["workshop_id"]
        admin.visit(f"{url}/workshops/{workshop}/results")
        # the shortlist: the planners' pages and the public results
        for path in (f"/processes/{SLUG}/paper-votes", f"/processes/{SLUG}/projects",
                     f"/processes/{SLUG}/projects/workspace",
                     *(f"/projects/{p}" for p in seeded["projects"]),
                     f"/projects/{seeded['projects'][0]}/edit"):
            admin.visit(url + path)
        for idea_id in ideas[20:30]:  # the "why not" answers on the ideas
            citizen.visit(f"{url}/proposals/{idea_id}")

        # the author of the last idea sees it hidden, with the moderator's reason
        _log_in(citizen, url, seeded["person"], PASSWORD)
        citizen.visit(f"{url}/account")
        citizen.visit(f"{url}/proposals/{seeded['hidden_reason_idea']}")

        # the boards: control, projector and a phone, then notes and groups arrive live
        admin.visit(f"{url}/workshops/{workshop}/control")
        expect(admin.page.locator("#board-connection")).to_have_text("Connected.")
        projector = Inspector(browser, "projector")
        _log_in(projector, url, *ADMIN)
        projector.visit(f"{url}/workshops/{workshop}/projector")
        phone.visit(f"{url}/w/{seeded['code']}")
        phone.page.get_by_label("Your nickname").fill(fitting(corpus, 40)[-1])
        phone.page.get_by_role("button", name="Join", exact=True).click()
        expect(phone.page.locator("#board-connection")).to_have_text("Connected.")
        phone.check("the board after joining")
        notes_on = ".board-notes li.note"
        before = phone.page.locator(notes_on).count()

        facilitator = BoardClient(url, login_cookie(url, *ADMIN)).connect()
        writers = []
        try:
            facilitator.facilitate(workshop)
            notes = fitting(corpus, 280)[-LIVE_NOTES:]
            for n in range(0, len(notes), 8):
                writer = BoardClient(url).connect()
                writers.append(writer)
                writer.join(seeded["code"], fitting(corpus, 40)[n // 8])
                for text in notes[n:n + 8]:
                    assert writer.call("card:add", {"text": text})["ok"]
            for title in fitting(corpus, 120)[-10:]:
                assert facilitator.call("cluster:add", {"title": title})["ok"]
            assert facilitator.call("results:reveal", {"revealed": True})["ok"]
            for inspector, where in ((phone, "board"), (admin, "control"),
                                     (projector, "projector")):
                # every live note has arrived and been drawn by the board's script
                expect(inspector.page.locator(notes_on)).to_have_count(before + len(notes))
                inspector.check(f"the {where} after live notes")
        finally:
            for client in [facilitator, *writers]:
                client.disconnect()
        projector.close()
    finally:
        for inspector in (admin, phone, citizen):
            inspector.close()
