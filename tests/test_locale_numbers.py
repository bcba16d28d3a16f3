"""Numbers typed and shown the way the reader's language writes them: in German 450.000,50
and 450000,50 are the same amount, in English 450,000.50; text that is no number in that
language is refused with a message, never misread. Through the real forms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.processes.models import PhaseKind, Process
from participation.projects.models import CandidateProject
from participation.votes.models import PaperVoteEntry
from participation.workshops.models import Workshop
from tests.projects_helpers import make_project, voted_process


def _count(db, model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _value_of(html: str, name: str) -> str:
    field = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert field, name
    return re.search(r'value="([^"]*)"', field.group(0)).group(1)


def _error_of(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)
    return found.group(1) if found else ""


@pytest.fixture
def planner_in_shortlist(client, make_process, make_proposal, make_user, login_as):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    planner = make_user(Role.PLANNER)
    login_as(planner)
    return process, proposals, planner


def _new_project(client, process, proposal, cost, **more):
    return client.post(f"/processes/{process.slug}/projects/new", data={
        "proposal": [proposal.id], "title": "Radweg Nordend", "cost": cost, "district": "",
        **more})


# --- the project's cost ---------------------------------------------------------------------

@pytest.mark.parametrize(("language", "typed", "cents"), [
    ("de", "450.000,50", 45_000_050), ("de", "450000,50", 45_000_050),
    ("de", "450 000,50", 45_000_050), ("de", "1.250", 125_000), ("de", "0,5", 50),
    ("de", "0", 0), ("en", "450,000.50", 45_000_050), ("en", "450000.50", 45_000_050),
    ("en", "1,250", 125_000), ("pl", "450 000,50", 45_000_050),
])
def test_a_cost_is_read_as_the_language_writes_it(client, db, planner_in_shortlist,
                                                   language, typed, cents):
    process, proposals, _planner = planner_in_shortlist
    client.get(f"/language/{language}")
    response = _new_project(client, process, proposals[0], typed)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.execute(select(CandidateProject.cost_cents)).scalar_one() == cents


@pytest.mark.parametrize(("language", "typed", "message"), [
    # the German grouping dot where a decimal point is meant: ambiguous, so refused
    ("de", "450.000.50", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "4.50", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "450,000.50", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "viel", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "1e5", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "NaN", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "12,5 €", "Bitte eine Zahl eingeben, zum Beispiel 12.500,50."),
    ("de", "1,999", "Bitte höchstens 2 Nachkommastellen."),
    ("de", "-5", "Bitte einen Wert zwischen 0 und 1.000.000.000.000."),
    ("en", "450.000,50", "Please enter a number, for example 12,500.50."),
    ("en", "12,5", "Please enter a number, for example 12,500.50."),
    ("en", "1.999", "At most 2 decimal places, please."),
])
def test_text_that_is_no_amount_in_the_language_is_refused_and_nothing_stored(
        client, db, planner_in_shortlist, language, typed, message):
    process, proposals, _planner = planner_in_shortlist
    client.get(f"/language/{language}")
    response = _new_project(client, process, proposals[0], typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _error_of(html, "cost") == message
    assert _value_of(html, "cost") == typed  # shown again as typed, beside its error
    assert _count(db, CandidateProject) == 0


def test_the_cost_field_opens_the_number_pad_and_gives_an_example_in_the_language(
        client, planner_in_shortlist):
    process, proposals, _planner = planner_in_shortlist
    url = f"/processes/{process.slug}/projects/new?proposal={proposals[0].id}"
    german = client.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*inputmode="decimal"[^>]*name="cost"', german)
    assert "Zum Beispiel 12.500,50." in german
    client.get("/language/en")
    assert "For example 12,500.50." in client.get(url).get_data(as_text=True)


def test_a_cost_is_shown_back_in_the_language_when_edited_and_after_an_error(
        client, db, planner_in_shortlist):
    process, proposals, planner = planner_in_shortlist
    project = make_project(planner, process, proposals[:1], cost_eur="450000.5")
    edit = f"/projects/{project.id}/edit"
    assert _value_of(client.get(edit).get_data(as_text=True), "cost") == "450.000,50"
    client.get("/language/en")
    assert _value_of(client.get(edit).get_data(as_text=True), "cost") == "450,000.50"

    client.get("/language/de")
    # another field is wrong: the cost typed without grouping comes back in the format
    failed = client.post(edit, data={"title": "", "cost": "1250000,5", "district": ""})
    assert failed.status_code == 400
    assert _value_of(failed.get_data(as_text=True), "cost") == "1.250.000,50"
    db.session.expire_all()
    assert db.session.get(CandidateProject, project.id).cost_cents == 45_000_050


def test_costs_and_counts_on_pages_are_written_in_the_language(
        client, db, planner_in_shortlist):
    process, proposals, planner = planner_in_shortlist
    project = make_project(planner, process, proposals[:1], cost_eur="1250000")
    proposals[0].paper_votes = 12_345
    db.session.commit()
    german = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "1.250.000,00\xa0€" in german
    idea = client.get(f"/proposals/{proposals[0].id}").get_data(as_text=True)
    assert "12.345 " in idea and "12345" not in idea
    client.get("/language/en")
    idea = client.get(f"/proposals/{proposals[0].id}").get_data(as_text=True)
    assert "12,345 " in idea


# --- the process's weights and dots (admin) -------------------------------------------------

def _process_form(**overrides):
    data = {
        "title": "Klimaquartier Nord", "slug": "klimaquartier-nord", "description": "",
        "current_phase": "ideas", "topics": "Klima", "districts": "Nordend",
        "vote_method": "dots", "dot_budget": "10", "dot_max_per_proposal": "3",
        "weight_online": "1", "weight_workshop": "1", "weight_paper": "1",
        "weight_pairwise": "1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin(client, make_user, login_as):
    user = make_user(role=Role.ADMIN)
    login_as(user)
    return user


def test_weights_and_dots_are_read_and_shown_per_language(client, db, admin):
    response = client.post("/admin/processes/new", data=_process_form(
        weight_online="0,25", weight_paper="2,5", dot_budget="1.000"))
    assert response.status_code == 302, response.get_data(as_text=True)
    process = db.session.execute(select(Process)).scalar_one()
    assert (process.weight_online, process.weight_paper, process.dot_budget) == (
        0.25, 2.5, 1000)
    form = client.get(f"/admin/processes/{process.slug}/edit").get_data(as_text=True)
    assert (_value_of(form, "weight_online"), _value_of(form, "dot_budget")) == (
        "0,25", "1.000")
    client.get("/language/en")
    form = client.get(f"/admin/processes/{process.slug}/edit").get_data(as_text=True)
    assert (_value_of(form, "weight_online"), _value_of(form, "dot_budget")) == (
        "0.25", "1,000")
    assert re.search(r'<input[^>]*inputmode="numeric"[^>]*name="dot_budget"', form)


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("weight_online", "0.5", "Bitte eine Zahl eingeben, zum Beispiel 12.500,5."),
    ("weight_online", "1.000,5", "Bitte einen Wert zwischen 0 und 100."),
    ("dot_budget", "2,5", "Bitte eine ganze Zahl eingeben, zum Beispiel 1.500."),
    ("dot_budget", "1.0", "Bitte eine ganze Zahl eingeben, zum Beispiel 1.500."),
    ("dot_budget", "2.000", "Bitte einen Wert zwischen 1 und 1.000."),
])
def test_bad_weights_and_dots_are_refused_with_a_message(client, db, admin, field, typed,
                                                        message):
    response = client.post("/admin/processes/new", data=_process_form(**{field: typed}))
    assert response.status_code == 400
    assert _error_of(response.get_data(as_text=True), field) == message
    assert _count(db, Process) == 0


# --- paper votes and workshop dots ----------------------------------------------------------

@pytest.fixture
def voting_idea(db, make_process, make_proposal, make_user, login_as):
    process = make_process()
    idea = make_proposal(process, title="Idee")
    process.current_phase = PhaseKind.VOTING.value
    db.session.commit()
    login_as(make_user(role="planner"))
    return process, idea


@pytest.mark.parametrize(("language", "typed", "stored"), [
    ("de", "1.250", 1250), ("de", "1250", 1250), ("en", "1,250", 1250), ("en", "1250", 1250),
])
def test_paper_vote_counts_are_read_per_language(client, db, voting_idea, language, typed,
                                                 stored):
    process, idea = voting_idea
    client.get(f"/language/{language}")
    response = client.post(f"/processes/{process.slug}/paper-votes", data={
        "proposal_id": str(idea.id), "count": typed, "channel": "paper"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.execute(select(PaperVoteEntry.count)).scalar_one() == stored


@pytest.mark.parametrize(("language", "typed", "message"), [
    ("de", "12,5", "Bitte eine ganze Zahl eingeben, zum Beispiel 1.500."),
    ("de", "1.25", "Bitte eine ganze Zahl eingeben, zum Beispiel 1.500."),
    ("en", "1.250", "Please enter a whole number, for example 1,500."),
    ("en", "zwölf", "Please enter a whole number, for example 1,500."),
])
def test_paper_vote_counts_that_are_no_whole_number_are_refused(
        client, db, voting_idea, language, typed, message):
    process, idea = voting_idea
    client.get(f"/language/{language}")
    response = client.post(f"/processes/{process.slug}/paper-votes", data={
        "proposal_id": str(idea.id), "count": typed, "channel": "paper"})
    assert response.status_code == 400
    assert _error_of(response.get_data(as_text=True), "count") == message
    assert _count(db, PaperVoteEntry) == 0


def test_workshop_dots_are_a_whole_number_in_the_language(client, db, make_user, login_as,
                                                          make_process):
    process = make_process()
    login_as(make_user(role=Role.FACILITATOR))
    url = f"/processes/{process.slug}/workshops/new"
    refused = client.post(url, data={"title": "Werkstatt", "dots_per_participant": "5,5"})
    assert refused.status_code == 400
    assert _error_of(refused.get_data(as_text=True), "dots_per_participant") == (
        "Bitte eine ganze Zahl eingeben, zum Beispiel 1.500.")
    assert _count(db, Workshop) == 0
    saved = client.post(url, data={"title": "Werkstatt", "dots_per_participant": " 7 "})
    assert saved.status_code == 302
    assert db.session.execute(select(Workshop.dots_per_participant)).scalar_one() == 7
