"""Processes: the public page with its timeline; the admin creates and edits them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from participation.errors import Conflict, InvalidInput
from participation.processes import services
from participation.processes.models import PhaseKind, Process


def _process_form(**overrides):
    data = {
        "title": "Klimaquartier Nord", "slug": "klimaquartier-nord",
        "description": "Wie wird der Norden klimafest?", "current_phase": "ideas",
        "topics": "Klima\nMobilität\n\nKlima", "districts": "Nordend\nSeeufer",
        "information-starts_on": "2026-01-01", "information-ends_on": "2026-01-31",
        "ideas-starts_on": "2026-02-01", "ideas-ends_on": "2026-03-31",
        "vote_method": "supports", "dot_budget": "10", "dot_max_per_proposal": "3",
        "weight_online": "1", "weight_workshop": "1", "weight_paper": "2",
        "weight_pairwise": "0,5",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_process_in_the_browser(client, db, make_user, login_as):
    login_as(make_user(role="admin"))
    assert client.get("/admin/processes/new").status_code == 200
    response = client.post("/admin/processes/new", data=_process_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    process = db.session.execute(select(Process)).scalar_one()
    assert response.headers["Location"].endswith("/processes/klimaquartier-nord")
    assert process.phase == PhaseKind.IDEAS
    assert [t.name for t in process.topics] == ["Klima", "Mobilität"]
    assert [d.name for d in process.districts] == ["Nordend", "Seeufer"]
    dates = process.phase_dates()
    assert dates[PhaseKind.IDEAS].starts_on == date(2026, 2, 1)
    assert PhaseKind.VOTING not in dates


def test_admin_edits_phases_topics_and_districts(client, db, make_user, login_as,
                                                 make_process, make_proposal):
    process = make_process(topics=("Klima", "Kultur"), districts=("Altstadt",))
    make_proposal(process, topic_id=process.topics[0].id)
    login_as(make_user(role="admin"))
    page = client.get(f"/admin/processes/{process.slug}/edit").get_data(as_text=True)
    assert "Kultur" in page
    response = client.post(f"/admin/processes/{process.slug}/edit", data=_process_form(
        slug=process.slug, current_phase="voting", topics="Klima\nWohnen",
        districts="Altstadt\nBahnhofsviertel", **{"voting-starts_on": "2026-05-01",
                                                  "voting-ends_on": "2026-05-21"}))
    assert response.status_code == 302
    db.session.refresh(process)
    assert process.phase == PhaseKind.VOTING
    assert [t.name for t in process.topics] == ["Klima", "Wohnen"]
    assert PhaseKind.VOTING in process.phase_dates()


def test_a_topic_in_use_cannot_be_removed(client, db, make_user, login_as, make_process,
                                          make_proposal):
    process = make_process(topics=("Klima", "Kultur"))
    make_proposal(process, topic_id=process.topics[1].id)
    login_as(make_user(role="admin"))
    response = client.post(f"/admin/processes/{process.slug}/edit",
                           data=_process_form(slug=process.slug, topics="Klima"))
    assert response.status_code == 400
    assert 'class="form-errors"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert [t.name for t in db.session.get(Process, process.id).topics] == ["Klima", "Kultur"]


@pytest.mark.parametrize("overrides", [
    {"slug": "Kein Slug!"},
    {"title": ""},
    {"ideas-ends_on": "2026-01-15"},                 # ends before it starts
    {"ideas-starts_on": "2025-12-01"},               # starts before the phase before it
    {"ideas-ends_on": ""},                           # only one date
    {"current_phase": "party"},
])
def test_bad_process_input_is_refused_with_an_error(client, db, make_user, login_as, overrides):
    login_as(make_user(role="admin"))
    response = client.post("/admin/processes/new", data=_process_form(**overrides))
    assert response.status_code == 400
    assert db.session.execute(select(Process)).first() is None


def test_slug_must_be_unique(app, make_process):
    make_process(slug="innenstadt")
    with pytest.raises(Conflict):
        services.create_process("innenstadt", "Doppelt")


@pytest.mark.parametrize("role", [None, "citizen", "facilitator", "planner"])
def test_only_admins_reach_the_admin_pages(client, make_user, login_as, make_process, role):
    process = make_process()
    if role:
        login_as(make_user(role=role))
    for url in ("/admin/", "/admin/processes/new", f"/admin/processes/{process.slug}/edit",
                "/admin/users"):
        response = client.get(url)
        assert response.status_code == (302 if role is None else 403), url


def test_admin_gives_a_role(client, db, make_user, login_as):
    person = make_user()
    login_as(make_user(role="admin"))
    assert client.post(f"/admin/users/{person.id}/role", data={"role": "planner"}).status_code \
        == 302
    db.session.refresh(person)
    assert person.role == "planner"
    client.post(f"/admin/users/{person.id}/role", data={"role": "emperor"})
    db.session.refresh(person)
    assert person.role == "planner"


def test_public_page_shows_the_timeline_with_the_current_phase(client, db, make_process):
    process = make_process(phase=PhaseKind.WORKSHOPS)
    services.set_phase_dates(process, {PhaseKind.IDEAS: (date(2026, 3, 1), date(2026, 4, 30))})
    db.session.commit()
    client.get("/language/en")
    html = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    timeline = html[html.index('class="timeline"'):]
    assert timeline.index("Information") < timeline.index("Ideas") < timeline.index("Results")
    current = html[html.index('aria-current="step"') - 80:html.index('aria-current="step"') + 200]
    assert "Workshops" in current
    assert "Mar 1, 2026" in html and "Apr 30, 2026" in html


def test_phase_dates_rules(app, make_process):
    process = make_process()
    with pytest.raises(InvalidInput):
        services.set_phase_dates(process, {PhaseKind.IDEAS: (date(2026, 3, 2), date(2026, 3, 1))})


def test_unknown_process_is_404(client):
    assert client.get("/processes/gibt-es-nicht").status_code == 404
    assert client.get("/processes/gibt-es-nicht/proposals").status_code == 404
