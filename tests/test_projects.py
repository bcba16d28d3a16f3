"""Candidate projects: merging ideas, the support figure, scores, status history, the
"why not" answers, publishing, and who may do what."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import Role
from participation.errors import Conflict, InvalidInput, NotAllowed, PhaseClosed
from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.projects import services
from participation.projects.models import CandidateProject, ProjectProposal
from participation.proposals.models import Proposal
from participation.votes import services as vote_services
from participation.votes.models import Support
from tests.projects_helpers import make_project, voted_process


@pytest.fixture
def planner(make_user):
    return make_user(Role.PLANNER)


# --- merging and the support figure -------------------------------------------------------

def test_merged_ideas_keep_their_votes_and_a_person_counts_once(
        app, make_process, make_proposal, make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    supports_before = _db.session.execute(select(func.count(Support.id))).scalar_one()

    project = make_project(planner, process, proposals[:3])

    figures = services.project_figures(process)[project.id]
    # voter 0 supported all three, voter 1 one, voter 2 two: three people, six supports
    assert (figures.ideas, figures.supporters, figures.online_votes) == (3, 3, 6)
    assert _db.session.execute(select(func.count(Support.id))).scalar_one() == supports_before
    statuses = {p.id: _db.session.get(Proposal, p.id).status for p in proposals}
    assert [statuses[p.id] for p in proposals] == [
        "shortlisted", "merged", "merged", "published"]
    assert [p.vote_count for p in proposals[:3]] == [2, 2, 2]
    ranked_ids = {p.id for _r, p in vote_services.ranking_for(process)}
    # the lead idea stands for the project in the ranking; the merged ones keep their votes
    assert ranked_ids == {proposals[0].id, proposals[3].id}


def test_dot_points_and_supports_count_each_person_once(app, make_process, make_proposal,
                                                         make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user,
                                                method="dots")
    project = make_project(planner, process, proposals[:3])
    figures = services.project_figures(process)[project.id]
    assert (figures.supporters, figures.online_votes) == (3, 12)  # 6 allocations of 2 points


def test_an_idea_belongs_to_at_most_one_project(app, make_process, make_proposal, make_user,
                                                planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    first = make_project(planner, process, proposals[:2])

    with pytest.raises(Conflict):
        services.create_project(planner, process, [proposals[1].id, proposals[2].id],
                                services.ProjectInput(title="Zweites Projekt"))
    _db.session.rollback()
    assert _db.session.execute(select(func.count(CandidateProject.id))).scalar_one() == 1
    assert _db.session.get(Proposal, proposals[2].id).status == "published"
    # and the database itself refuses it, whatever a service might do
    second = make_project(planner, process, [proposals[3]], title="Radweg")
    _db.session.add(ProjectProposal(project_id=second.id, proposal_id=proposals[0].id))
    with pytest.raises(IntegrityError):
        _db.session.flush()
    _db.session.rollback()
    assert [x.proposal_id for x in _db.session.get(CandidateProject, first.id).links] == [
        proposals[0].id, proposals[1].id]


def test_more_ideas_can_be_merged_in_and_taken_out(app, make_process, make_proposal,
                                                   make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:1])
    services.add_proposals(planner, project, [proposals[3].id])
    _db.session.commit()
    assert services.project_figures(process)[project.id].supporters == 3

    services.remove_proposal(planner, project, proposals[0].id)
    _db.session.commit()
    assert _db.session.get(Proposal, proposals[0].id).status == "published"
    with pytest.raises(InvalidInput):
        services.remove_proposal(planner, project, proposals[3].id)  # the last one stays


@pytest.mark.parametrize("ids", [[], "foreign", "hidden"])
def test_only_visible_ideas_of_the_process_can_become_projects(app, make_process,
                                                               make_proposal, make_user,
                                                               planner, ids):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    if ids == "foreign":
        ids = [make_proposal(title="Anderswo").id]
    elif ids == "hidden":
        proposals[0].status = "hidden"
        _db.session.commit()
        ids = [proposals[0].id]
    with pytest.raises(InvalidInput):
        services.create_project(planner, process, ids, services.ProjectInput(title="X"))
    _db.session.rollback()
    assert _db.session.execute(select(func.count(CandidateProject.id))).scalar_one() == 0


# --- fields, scores, cost -----------------------------------------------------------------

def test_fields_scores_and_cost_are_checked_and_stored(app, make_process, make_proposal,
                                                       make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(
        planner, process, proposals[:1], summary="Bäume und Bänke", department="Grünflächenamt",
        cost_eur="12500,50", time_frame="2026 bis 2027", district_id=process.districts[0].id,
        scores={"innovation": 4, "integrated": 5, "participation": 3, "spatial": 4,
                "implementation": 5},
        comments={"innovation": "Neu für die Stadt"})
    assert (project.cost_cents, project.score_total, project.district.name) == (
        1250050, 21, "Altstadt")
    for bad in ({"scores": {"innovation": 6}}, {"scores": {"spatial": 0}},
                {"cost_eur": "-5"}, {"cost_eur": "zehn"}, {"cost_eur": "1,999"},
                {"title": "  "}, {"title": "x" * 121}):
        data = services.ProjectInput(**{"title": "Gültig", **bad})
        with pytest.raises(InvalidInput):
            services.update_project(planner, project, data)
        _db.session.rollback()
    assert _db.session.get(CandidateProject, project.id).title == "Grüner Marktplatz"


def test_the_database_refuses_scores_outside_one_to_five(app, make_process, make_proposal,
                                                         make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:1])
    project.score_innovation = 7
    with pytest.raises(IntegrityError):
        _db.session.flush()
    _db.session.rollback()


def test_cost_is_formatted_per_language(client, make_process, make_proposal, make_user,
                                        planner, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:1], cost_eur="12500.5")
    login_as(planner)
    german = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "12.500,50\xa0€" in german
    client.get("/language/en")
    english = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "€12,500.50" in english


# --- status history -----------------------------------------------------------------------

def test_status_changes_are_dated_and_shown(client, make_process, make_proposal, make_user,
                                            planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:1])
    services.set_status(planner, project, "selected", "Beschluss des Rates")
    services.set_status(planner, project, "in_implementation")
    services.publish_projects(planner, process)
    _db.session.commit()
    with pytest.raises(Conflict):
        services.set_status(planner, project, "in_implementation")
    with pytest.raises(InvalidInput):
        services.set_status(planner, project, "finished")
    _db.session.rollback()

    assert [h.status for h in project.history] == ["candidate", "selected", "in_implementation"]
    html = client.get(f"/processes/{process.slug}/projects").get_data(as_text=True)
    assert "ausgewählt – Beschluss des Rates" in html
    assert "in Umsetzung" in html
    assert len(re.findall(r'<time datetime="\d{4}-\d\d-\d\dT', html)) == 3


# --- "why not" ----------------------------------------------------------------------------

def test_why_not_answer_is_shown_on_the_idea(client, make_process, make_proposal, make_user,
                                             planner, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    make_project(planner, process, proposals[:1])
    login_as(planner)

    response = client.post(f"/proposals/{proposals[3].id}/why-not",
                           data={"reason": "Der Radweg ist schon im Verkehrsplan 2027."})
    assert response.status_code == 302
    page = client.get(f"/proposals/{proposals[3].id}").get_data(as_text=True)
    assert "Der Radweg ist schon im Verkehrsplan 2027." in page
    assert _db.session.get(Proposal, proposals[3].id).status == "not_selected"
    # still ranked, with its votes
    assert proposals[3].id in {p.id for _r, p in vote_services.ranking_for(process)}

    client.post(f"/proposals/{proposals[3].id}/why-not/clear")
    assert _db.session.get(Proposal, proposals[3].id).status == "published"


def test_why_not_needs_a_reason_and_an_idea_outside_projects(app, make_process,
                                                             make_proposal, make_user,
                                                             planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    make_project(planner, process, proposals[:1])
    with pytest.raises(Conflict):
        services.answer_why_not(planner, proposals[0], "Ist schon ein Projekt")
    with pytest.raises(InvalidInput):
        services.answer_why_not(planner, proposals[1], "   ")
    _db.session.rollback()
    assert _db.session.get(Proposal, proposals[1].id).status == "published"


# --- phases and permissions ---------------------------------------------------------------

@pytest.mark.parametrize("phase", [PhaseKind.IDEAS, PhaseKind.VOTING])
def test_projects_are_made_only_in_shortlist_and_results(app, make_process, make_proposal,
                                                         make_user, planner, phase):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    process.current_phase = phase.value
    _db.session.commit()
    with pytest.raises(PhaseClosed):
        services.create_project(planner, process, [proposals[0].id],
                                services.ProjectInput(title="Zu früh"))


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.FACILITATOR])
def test_services_refuse_people_who_are_not_planners(app, make_process, make_proposal,
                                                     make_user, planner, role):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:1])
    someone = make_user(role)
    for action in (
        lambda: services.create_project(someone, process, [proposals[1].id],
                                        services.ProjectInput(title="X")),
        lambda: services.update_project(someone, project, services.ProjectInput(title="X")),
        lambda: services.set_status(someone, project, "done"),
        lambda: services.publish_projects(someone, process),
        lambda: services.answer_why_not(someone, proposals[2], "Nein"),
    ):
        with pytest.raises(NotAllowed):
            action()


ROLES = ["anonymous", Role.CITIZEN, Role.FACILITATOR, Role.PLANNER, Role.ADMIN]


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_permission_matrix_over_the_pages(client, make_process, make_proposal, make_user,
                                          planner, login_as, role):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    draft = make_project(planner, process, proposals[:1])
    published = make_project(planner, process, proposals[1:2], title="Sitzplätze")
    published.published_at = draft.created_at
    _db.session.commit()
    if role != "anonymous":
        login_as(make_user(role))
    editor = role in (Role.PLANNER, Role.ADMIN)
    denied = 302 if role == "anonymous" else 403  # anonymous: to the login page

    def status(method, path, **data):
        return client.open(path, method=method, data=data).status_code

    assert status("GET", f"/processes/{process.slug}/projects") == 200
    assert status("GET", f"/projects/{published.id}") == 200
    assert status("GET", f"/projects/{draft.id}") == (200 if editor else 404)
    assert status("GET", f"/processes/{process.slug}/projects/workspace") == (
        200 if editor else denied)
    assert status("GET", f"/projects/{draft.id}/edit") == (200 if editor else denied)
    assert status("POST", f"/projects/{draft.id}/status", status="selected") == (
        302 if editor else denied)
    assert status("POST", f"/proposals/{proposals[3].id}/why-not", reason="Zu teuer") == (
        302 if editor else denied)
    assert status("POST", f"/processes/{process.slug}/projects/publish") == (
        302 if editor else denied)
    assert status("GET", "/admin/feeds") == (200 if role == Role.ADMIN else denied)
    _db.session.expire_all()
    changed = _db.session.get(CandidateProject, draft.id)
    assert (changed.status == "selected") is editor
    assert (changed.published_at is not None) is editor
    assert (_db.session.get(Proposal, proposals[3].id).status == "not_selected") is editor


# --- the planner's pages ------------------------------------------------------------------

def test_planner_builds_a_project_from_the_workspace(client, make_process, make_proposal,
                                                     make_user, planner, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    login_as(planner)
    workspace = client.get(f"/processes/{process.slug}/projects/workspace")
    html = workspace.get_data(as_text=True)
    assert workspace.status_code == 200
    assert "So entsteht diese Punktzahl" in html  # every score explained beside it
    for p in proposals:
        assert f'value="{p.id}" id="choose-{p.id}" form="choose-form"' in html

    chosen = client.post(f"/processes/{process.slug}/projects/choose",
                         data={"proposal": [proposals[0].id, proposals[2].id],
                               "target": "new"})
    assert chosen.status_code == 302
    form = client.get(chosen.headers["Location"]).get_data(as_text=True)
    assert "Mehr Bäume am Markt" in form and "Trinkbrunnen in der Altstadt" in form

    saved = client.post(f"/processes/{process.slug}/projects/new", data={
        "proposal": [proposals[0].id, proposals[2].id], "title": "Kühle Altstadt",
        "summary": "Bäume und Trinkbrunnen", "department": "Grünflächenamt",
        "cost": "80000", "time_frame": "2027", "district": "",
        "innovation-score": "4", "innovation-comment": "neu", "integrated-score": "5",
        "participation-score": "", "spatial-score": "3", "implementation-score": "4"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    project = _db.session.execute(select(CandidateProject)).scalar_one()
    assert (project.title, project.cost_cents, project.score_innovation,
            project.score_participation) == ("Kühle Altstadt", 8_000_000, 4, None)
    assert [x.proposal_id for x in project.links] == [proposals[0].id, proposals[2].id]

    filtered = client.get(f"/processes/{process.slug}/projects/workspace?topic=99999")
    assert "Mehr Bäume am Markt" not in filtered.get_data(as_text=True)


def test_bad_form_input_is_refused_with_a_message_and_stores_nothing(
        client, make_process, make_proposal, make_user, planner, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    login_as(planner)
    response = client.post(f"/processes/{process.slug}/projects/new", data={
        "proposal": [proposals[0].id], "title": "Teuer", "cost": "viel"})
    assert response.status_code == 400
    assert "Bitte eine Zahl eingeben, zum Beispiel 12.500,50." in response.get_data(
        as_text=True)
    assert _db.session.execute(select(func.count(CandidateProject.id))).scalar_one() == 0


# --- publishing ---------------------------------------------------------------------------

def test_publishing_makes_the_list_public(client, make_process, make_proposal, make_user,
                                          planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:3], title="Grüner Marktplatz")
    page = client.get(f"/processes/{process.slug}/projects").get_data(as_text=True)
    assert "Grüner Marktplatz" not in page
    assert client.get(f"/projects/{project.id}").status_code == 404
    assert client.get(f"/api/v1/processes/{process.slug}/projects").get_json()["projects"] == []

    assert services.publish_projects(planner, process) == 1
    _db.session.commit()
    with pytest.raises(InvalidInput):
        services.publish_projects(planner, process)  # nothing left to publish
    _db.session.rollback()

    page = client.get(f"/processes/{process.slug}/projects").get_data(as_text=True)
    assert "Grüner Marktplatz" in page
    for p in proposals[:3]:  # the origin, with links and vote figures
        assert f'href="/proposals/{p.id}"' in page
    assert "2 Stimmen" in page
    detail = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "3 Personen haben sie unterstützt" in detail
    idea = client.get(f"/proposals/{proposals[0].id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}">Grüner Marktplatz</a>' in idea

    services.unpublish_projects(planner, process)
    _db.session.commit()
    assert client.get(f"/projects/{project.id}").status_code == 404


def test_results_page_has_an_accessible_chart_and_the_same_data_as_a_table(
        app, client, make_process, make_proposal, make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    make_project(planner, process, proposals[:1])
    services.publish_projects(planner, process)
    _db.session.commit()

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        html = client.get(f"/processes/{process.slug}/projects").get_data(as_text=True)
    finally:
        event.remove(_db.engine, "before_cursor_execute", listener)

    chart = html[html.index('<figure class="chart"'):]  # the chart, not an icon
    svg = chart[chart.index("<svg"):chart.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg  # the CSP forbids inline styles
    table = html[html.index('<table class="chart-table">'):]
    for p in proposals:
        assert p.title in svg and p.title in table
    assert len([s for s in statements if not s.startswith("BEGIN")]) <= 12


def test_a_project_page_costs_the_same_with_many_merged_ideas(
        app, client, make_process, make_proposal, make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    few = make_project(planner, process, proposals[:1], title="Eins")
    extra = [make_proposal(process=process, title=f"Idee {n}") for n in range(8)]
    many = make_project(planner, process, proposals[1:] + extra, title="Viele")
    services.publish_projects(planner, process)
    _db.session.commit()

    def queries(path):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)
        return len([s for s in statements if not s.startswith("BEGIN")])

    assert queries(f"/projects/{many.id}") == queries(f"/projects/{few.id}") <= 10


def test_a_project_shows_the_workshop_notes_it_came_from(app, client, make_process,
                                                         make_proposal, make_user, planner):
    from participation.proposals.services import create_from_workshop
    from participation.workshops.services import create_workshop

    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    workshop = create_workshop(make_user(Role.FACILITATOR), process, "Zukunftswerkstatt Altstadt")
    note = create_from_workshop(workshop, "Wasserspiele am Markt", "Für heiße Tage",
                                workshop_dots=7)
    _db.session.commit()
    project = make_project(planner, process, [proposals[0], note])
    services.publish_projects(planner, process)
    _db.session.commit()

    page = client.get(f"/processes/{process.slug}/projects").get_data(as_text=True)
    assert "eine Notiz aus dem Workshop „Zukunftswerkstatt Altstadt“" in page
    assert "7 Workshop-Punkte" in page
    feed = client.get(f"/api/v1/processes/{process.slug}/projects").get_json()
    origin = {o["proposal_id"]: o for o in feed["projects"][0]["origin"]}
    assert (origin[note.id]["origin"], origin[note.id]["workshop"]) == (
        "workshop", "Zukunftswerkstatt Altstadt")
    assert origin[proposals[0].id]["workshop"] is None
    assert feed["projects"][0]["support"]["workshop_dots"] == 7
    assert project.id == feed["projects"][0]["id"]


def test_the_workspace_is_paginated_and_keeps_the_whole_ranking_places(
        client, make_process, make_proposal, make_user, planner, login_as):
    from participation.projects import views

    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    for n in range(3):
        make_proposal(process=process, title=f"Spätere Idee {n}")
    login_as(planner)
    views.WORKSPACE_PAGE, saved = 4, views.WORKSPACE_PAGE
    try:
        first = client.get(f"/processes/{process.slug}/projects/workspace").get_data(
            as_text=True)
        second = client.get(f"/processes/{process.slug}/projects/workspace?page=2").get_data(
            as_text=True)
    finally:
        views.WORKSPACE_PAGE = saved
    assert first.count('class="ranking-item"') == 4
    assert second.count('class="ranking-item"') == 3
    assert "Rang 5" in second and "Rang 1" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_planner_edits_scores_changes_status_takes_an_idea_out_and_deletes_a_draft(
        client, make_process, make_proposal, make_user, planner, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:2], cost_eur="1000")
    login_as(planner)

    form = client.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert 'value="1.000"' in form
    saved = client.post(f"/projects/{project.id}/edit", data={
        "title": "Grüner Marktplatz", "cost": "2500,75", "district": "",
        "innovation-score": "5", "innovation-comment": "ganz neu",
        "spatial-score": "9"})  # not a choice: refused, nothing changes
    assert saved.status_code == 400
    assert _db.session.get(CandidateProject, project.id).cost_cents == 100000
    saved = client.post(f"/projects/{project.id}/edit", data={
        "title": "Grüner Marktplatz", "cost": "2500,75", "district": "",
        "innovation-score": "5", "innovation-comment": "ganz neu"})
    assert saved.status_code == 302
    _db.session.expire_all()
    changed = _db.session.get(CandidateProject, project.id)
    assert (changed.cost_cents, changed.score_innovation, changed.comment_innovation) == (
        250075, 5, "ganz neu")

    client.post(f"/projects/{project.id}/status", data={"status": "selected",
                                                        "note": "Ratsbeschluss"})
    client.post(f"/projects/{project.id}/proposals/{proposals[1].id}/remove")
    _db.session.expire_all()
    assert [h.status for h in changed.history] == ["candidate", "selected"]
    assert [x.proposal_id for x in changed.links] == [proposals[0].id]

    project_id = project.id
    assert client.post(f"/projects/{project_id}/delete").status_code == 302
    assert _db.session.get(CandidateProject, project_id) is None
    assert _db.session.get(Proposal, proposals[0].id).status == "published"


def test_a_published_project_is_dropped_not_deleted(app, make_process, make_proposal,
                                                    make_user, planner):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    project = make_project(planner, process, proposals[:1])
    services.publish_projects(planner, process)
    _db.session.commit()
    with pytest.raises(Conflict):
        services.delete_project(planner, project)


def test_a_failed_submit_lists_each_chosen_idea_once_and_keeps_them_chosen(
        client, make_process, make_proposal, make_user, planner, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    login_as(planner)
    chosen = client.post(f"/processes/{process.slug}/projects/choose",
                         data={"proposal": [proposals[0].id, proposals[2].id],
                               "target": "new"})
    url = chosen.headers["Location"]  # the ideas travel in the address …
    form = client.get(url).get_data(as_text=True)
    # … and the form posts them back to that address as hidden fields
    failed = client.post(url, data={"proposal": [proposals[0].id, proposals[2].id],
                                    "title": "", "cost": "viel"})
    assert failed.status_code == 400
    html = failed.get_data(as_text=True)
    listed = html.split("<h2>", 2)[1]  # the "made from these ideas" list
    for idea in (proposals[0], proposals[2]):
        link = f'href="/proposals/{idea.id}"'
        assert listed.count(link) == form.count(link) == 1
        assert html.count(f'name="proposal" value="{idea.id}"') == 1
    assert f'href="/proposals/{proposals[1].id}"' not in listed

    saved = client.post(url, data={"proposal": [proposals[0].id, proposals[2].id],
                                   "title": "Kühle Altstadt", "cost": ""})
    assert saved.status_code == 302
    project = _db.session.execute(select(CandidateProject)).scalar_one()
    assert [x.proposal_id for x in project.links] == [proposals[0].id, proposals[2].id]
