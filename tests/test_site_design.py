"""The site's look and the way through it: brand tokens under the CSP, the header with its
menu button, the home page's process cards and next steps, the process page's header, the
idea list's folded filters, the minimal headers of projector and phone board, /styleguide."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from participation import branding
from participation.accounts.models import Role
from participation.config import Config, ConfigurationError
from participation.processes import services as process_services
from participation.processes.models import PHASE_ORDER, PhaseKind
from participation.workshops import services as workshop_services


def page(client, path: str, **headers) -> str:
    response = client.get(path, headers={"Accept-Language": "en", **headers})
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def dated(process, today: date | None = None, ideas_from: int = -10) -> None:
    """Dates for every phase: information before, ideas from `ideas_from` days ago for 40
    days, then 20 days each."""
    today = today or date.today()
    spans, start = {}, today + timedelta(days=ideas_from - 20)
    for kind in PHASE_ORDER:
        length = 40 if kind == PhaseKind.IDEAS else 20
        spans[kind] = (start, start + timedelta(days=length - 1))
        start += timedelta(days=length)
    process_services.set_phase_dates(process, spans)


# --- brand tokens ---------------------------------------------------------------------------

def test_brand_colour_too_light_for_white_text_is_darkened_to_aa():
    tokens = branding.tokens("#ffd500")  # a sunny yellow: white text on it would be unreadable
    main = branding.parse_hex(tokens["--brand"])
    assert branding.contrast(main, branding.WHITE) >= 4.5
    assert tokens["--brand"] != "#ffd500"
    assert branding.tokens("#0b5c4a")["--brand"] == "#0b5c4a"  # dark enough already


def test_a_brand_colour_that_is_not_a_colour_is_refused_at_start():
    with pytest.raises(ConfigurationError, match="BRAND_COLOR"):
        Config.from_env({"BRAND_COLOR": "green-ish"})
    assert Config.from_env({"BRAND_COLOR": "#a3321b"})["BRAND_COLOR"] == "#a3321b"


def test_the_only_inline_style_is_the_brand_tokens_allowed_by_their_hash(make_app):
    app = make_app(BRAND_COLOR="#1f4e9c")
    client = app.test_client()
    response = client.get("/")
    html = response.get_data(as_text=True)
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    assert styles == [branding.style_sheet("#1f4e9c")]
    assert "--brand:#1f4e9c" in styles[0]
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    policy = response.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"\sstyle=", html)


# --- header -------------------------------------------------------------------------------------

def test_header_has_a_menu_button_that_controls_the_menu(client):
    html = page(client, "/")
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert re.search(r'<button type="button" class="menu-toggle" aria-expanded="false"\s+'
                     r'aria-controls="site-menu">', header)
    assert 'id="site-menu"' in header
    assert '<script src="/static/js/site.js" defer></script>' in html
    assert 'href="/static/css/noscript.css"' in html  # without JavaScript the menu shows


def test_facilitators_find_their_workshops_and_citizens_the_join_page(
        client, make_user, login_as):
    assert 'href="/join"' in page(client, "/").split("</header>")[0]
    login_as(make_user(role=Role.FACILITATOR))
    header = page(client, "/").split("</header>")[0]
    assert ">My workshops</a>" in header
    assert 'href="/workshops"' in header


def test_projector_and_phone_board_have_a_header_without_account_links(
        client, make_process, make_user, login_as):
    facilitator = make_user(role=Role.FACILITATOR)
    workshop = workshop_services.create_workshop(facilitator, make_process(), "Werkstatt")
    code = workshop_services.open_workshop(facilitator, workshop)
    from participation.extensions import db
    db.session.commit()
    login_as(facilitator)
    for path in (f"/workshops/{workshop.id}/projector", f"/w/{code}"):
        html = page(client, path)
        header = html.split('<header class="site-header site-header-minimal">')[1].split(
            "</header>")[0]
        assert "Log out" not in header and "Moderation" not in header
        assert "menu-toggle" not in header
    assert '<footer class="site-footer">' not in page(
        client, f"/workshops/{workshop.id}/projector")


# --- home page ----------------------------------------------------------------------------------

def test_home_shows_each_running_process_with_its_figures_and_next_step(
        client, db, make_process, make_proposal, make_user):
    ideas = make_process(PhaseKind.IDEAS, slug="ideen")
    dated(ideas)
    make_process(PhaseKind.VOTING, slug="abstimmung")
    make_process(PhaseKind.RESULTS, slug="fertig")
    author = make_user()
    for i in range(3):
        make_proposal(process=ideas, author=author, title=f"Idee {i}")
    make_proposal(process=ideas, title="Noch eine Idee")
    db.session.commit()
    html = page(client, "/")
    running = html.split('id="processes"')[1].split("Results of finished processes")[0]
    assert 'href="/processes/ideen"' in running and 'href="/processes/abstimmung"' in running
    assert "/processes/fertig" not in running
    card = next(a for a in running.split('<article class="card process-card">')
                if 'href="/processes/ideen"' in a).split("</article>")[0]
    assert "Phase: Ideas" in card
    assert re.search(r"<strong>4</strong> <span>ideas</span>", card)
    assert re.search(r"<strong>2</strong> <span>participants</span>", card)
    assert re.search(r"<strong>29</strong> <span>days left in this phase</span>", card)
    assert '<progress max="100"' in card
    assert "Idee 2" in card  # its newest ideas, with their pictures
    assert 'class="thumb' in card
    # the next step of each phase (an anonymous visitor: logging in first)
    assert "/account/login?next=/processes/ideen/proposals/new" in card
    assert 'href="/processes/abstimmung/proposals?sort=rank"' in running
    assert "Vote now" in running
    results = html.split("Results of finished processes")[1]
    assert 'href="/processes/fertig/projects"' in results


def test_home_invites_to_the_live_workshop_with_its_code(client, db, make_process, make_user):
    facilitator = make_user(role=Role.FACILITATOR)
    process = make_process()
    workshop = workshop_services.create_workshop(facilitator, process, "Abendwerkstatt")
    code = workshop_services.open_workshop(facilitator, workshop)
    db.session.commit()
    html = page(client, "/")
    banner = html.split('class="live-banner"')[1].split("</div>")[0]
    assert "Abendwerkstatt" in banner and code in banner
    assert f'href="/join?code={code}"' in banner
    detail = page(client, f"/processes/{process.slug}")
    assert detail.split('class="live-banner"')[1].count(f'href="/join?code={code}"') == 1
    hero = detail.split('class="process-hero"')[1].split("</section>")[0]
    assert "Post an idea" in hero  # the phase's own action stays first on the process page
    # once it closes, the invitation goes
    workshop_services.run_command(workshop.id, workshop_services.Actor(
        user=facilitator), "session:end", {})
    db.session.commit()
    assert "live-banner" not in page(client, "/")


@pytest.mark.parametrize(("role", "expected"), [
    (Role.FACILITATOR, ["Run the live workshop “Werkstatt”", "Check reported content"]),
    (Role.PLANNER, ["Plan projects for “Innenstadt 2035”"]),
    (Role.ADMIN, ["Run the live workshop “Werkstatt”", "Plan projects for “Innenstadt 2035”",
                  "Set up processes, topics and roles"]),
    (Role.CITIZEN, []),
])
def test_every_role_start_page_shows_its_next_steps(client, db, make_process, make_user,
                                                      login_as, role, expected):
    facilitator = make_user(role=Role.FACILITATOR)
    process = make_process(PhaseKind.VOTING)
    workshop = workshop_services.create_workshop(facilitator, process, "Werkstatt")
    workshop_services.open_workshop(facilitator, workshop)
    db.session.commit()
    login_as(make_user(role=role))
    html = page(client, "/")
    panel = html.split('id="next-steps"')[1].split("</section>")[0] if expected else ""
    for text in expected:
        assert text in panel
    if not expected:
        assert 'id="next-steps"' not in html


def test_home_costs_the_same_queries_for_one_process_or_six(client, db, make_process,
                                                             make_proposal):
    def queries() -> int:
        statements = []
        listen = lambda *_args: statements.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            page(client, "/")
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    first = make_process()
    make_proposal(process=first)
    one = queries()
    for phase in (PhaseKind.IDEAS, PhaseKind.VOTING, PhaseKind.RESULTS, PhaseKind.SHORTLIST,
                  PhaseKind.WORKSHOPS):
        make_proposal(process=make_process(phase))
    six = queries()
    assert six == one <= 10


# --- process page ------------------------------------------------------------------------------

def test_process_page_marks_today_in_the_timeline_and_folds_the_long_description(
        client, db, make_process):
    process = make_process()
    dated(process, ideas_from=-10)  # 10 of its 40 days done: a quarter → "done-3"
    process_services.update_process(process, process.title, "Erster Absatz. " * 30
                                    + "\n\nZweiter Absatz mit Details.")
    db.session.commit()
    html = page(client, f"/processes/{process.slug}")
    current = re.search(r'<li class="timeline-step timeline-current([^"]*)"', html).group(1)
    assert current == " done-3"
    assert '<details class="about">' in html
    about = html.split('<details class="about">')[1].split("</details>")[0]
    assert "Zweiter Absatz mit Details." in about
    hero = html.split('class="process-hero"')[1].split("</section>")[0]
    assert "Zweiter Absatz" not in hero  # only the excerpt stands at the top
    assert "Log in" in hero or "Post an idea" in hero  # the phase's one action


# --- idea list ---------------------------------------------------------------------------------

def test_idea_list_folds_its_filters_until_one_is_used(client, make_process, make_proposal):
    process = make_process()
    proposal = make_proposal(process=process, topic_id=process.topics[0].id)
    slug = proposal.process.slug
    html = page(client, f"/processes/{slug}/proposals")
    assert '<details class="filter-box">' in html
    assert 'class="filter-count"' not in html
    topic = proposal.process.topics[0].id
    used = page(client, f"/processes/{slug}/proposals?topic={topic}&sort=comments")
    assert '<details class="filter-box" open>' in used
    assert re.search(r'class="filter-count">2<', used)
    card = used.split('class="card proposal-card"')[1].split("</article>")[0]
    assert 'class="thumb topic-' in card
    assert 'class="chip chip-topic topic-' in card


# --- styleguide --------------------------------------------------------------------------------

def test_styleguide_is_for_admins(client, make_user, login_as):
    assert client.get("/styleguide").status_code == 302
    login_as(make_user(role=Role.CITIZEN))
    assert client.get("/styleguide").status_code == 403


def test_styleguide_shows_every_piece_live(client, make_user, login_as):
    login_as(make_user(role=Role.ADMIN))
    html = page(client, "/styleguide")
    for anchor in ("colours", "type", "spacing", "buttons", "chips", "cards", "figures", "empty",
                   "forms", "icons"):
        assert f'id="{anchor}"' in html
    assert html.count('<use href="/static/vendor/icons.svg#i-') > 38
    assert "#0b5c4a" in html  # the brand token's value, from the configuration


# --- idea page ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "shown"), [("de", "52,4125, 13,0573"),
                                                 ("en", "52.4125, 13.0573")])
def test_an_ideas_place_reads_as_people_write_it_and_opens_in_a_map_app(
        client, make_proposal, language, shown):
    proposal = make_proposal(lat=52.4125, lon=13.0573)
    html = page(client, f"/proposals/{proposal.id}", **{"Accept-Language": language})
    place = html.split('class="panel place-panel"')[1].split("</div>")[0]
    assert shown in place
    assert "latitude" not in html.lower() and "breitengrad" not in html.lower()
    assert 'href="geo:52.41250,13.05730"' in place


def test_process_page_names_the_next_workshop(client, db, make_process, make_user):
    from datetime import UTC, datetime

    process = make_process()
    evening = datetime.now(UTC) + timedelta(days=5)
    workshop_services.create_workshop(make_user(role=Role.FACILITATOR), process,
                                      "Stadtteilwerkstatt Nord", starts_at=evening)
    db.session.commit()
    hero = page(client, f"/processes/{process.slug}").split('class="process-hero"')[1]
    assert "Next workshop: Stadtteilwerkstatt Nord" in hero.split("</section>")[0]
