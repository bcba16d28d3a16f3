"""Paper and event votes: staff enter them, corrections keep the history, the ranking shows
them as a channel of their own."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.errors import Conflict, InvalidInput, NotAllowed, PhaseClosed
from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.votes import services
from participation.votes.models import PaperVoteEntry
from tests.conftest import run_in_threads


@pytest.fixture
def voting(db, make_process, make_proposal):
    process = make_process()
    ideas = [make_proposal(process, title=f"Idee {i}") for i in range(3)]
    process.current_phase = PhaseKind.VOTING.value
    db.session.commit()
    return process, ideas


def _paper(db, proposal) -> int:
    db.session.refresh(proposal)
    value = proposal.paper_votes
    db.session.commit()
    return value


def _entries(db) -> int:
    value = db.session.execute(select(func.count(PaperVoteEntry.id))).scalar_one()
    db.session.commit()
    return value


def test_staff_enter_votes_that_count_in_the_ranking(db, voting, make_user):
    process, (first, second, _third) = voting
    planner = make_user(role="planner")
    services.enter_paper_votes(planner, first, 40, "paper", "Urne im Rathaus")
    services.enter_paper_votes(make_user(role="facilitator"), second, 10, "stand")
    services.enter_paper_votes(planner, first, 5, "event")
    db.session.commit()
    assert (_paper(db, first), _paper(db, second)) == (45, 10)
    ranked = services.ranking_for(process)
    assert ranked[0][1].id == first.id
    paper = ranked[0][0].parts[2]
    assert (paper.channel, paper.raw, paper.normalised) == ("paper", 45, 1.0)
    assert paper.weight == process.weight_paper == 1.0


@pytest.mark.parametrize(("count", "channel", "note"), [
    (-1, "paper", ""), (1_000_001, "paper", ""), (True, "paper", ""), ("5", "paper", ""),
    (3, "letter", ""), (3, "paper", "x" * 501)])
def test_bad_figures_are_refused_and_nothing_is_stored(db, voting, make_user, count, channel,
                                                       note):
    _process, (idea, _b, _c) = voting
    with pytest.raises(InvalidInput):
        services.enter_paper_votes(make_user(role="planner"), idea, count, channel, note)
    db.session.rollback()
    assert _entries(db) == 0 and _paper(db, idea) == 0


def test_only_staff_and_only_until_the_shortlist(db, voting, make_user):
    process, (idea, _b, _c) = voting
    with pytest.raises(NotAllowed):
        services.enter_paper_votes(make_user(), idea, 3, "paper")
    for phase in (PhaseKind.INFORMATION, PhaseKind.RESULTS):
        process.current_phase = phase.value
        with pytest.raises(PhaseClosed):
            services.enter_paper_votes(make_user(role="admin"), idea, 3, "paper")
    db.session.rollback()
    assert _entries(db) == 0


def test_a_correction_replaces_an_entry_and_both_stay(db, voting, make_user):
    _process, (idea, _b, _c) = voting
    planner = make_user(role="planner")
    entry = services.enter_paper_votes(planner, idea, 40, "paper", "Stapel A")
    db.session.commit()
    with pytest.raises(InvalidInput):
        services.correct_paper_votes(planner, entry, 30, "   ")
    db.session.rollback()
    correction = services.correct_paper_votes(make_user(role="admin"), entry, 34,
                                              "Doppelt gezählt")
    db.session.commit()
    assert _paper(db, idea) == 34
    assert (correction.replaces_id, correction.note, correction.reason) == (
        entry.id, "Stapel A", "Doppelt gezählt")
    assert services.replaced_ids([entry, correction]) == {entry.id}
    with pytest.raises(Conflict):
        services.correct_paper_votes(planner, entry, 0, "Nochmal")
    db.session.rollback()
    assert _entries(db) == 2 and _paper(db, idea) == 34


def test_two_corrections_at_once_make_one(app, db, voting, make_user):
    _process, (idea, _b, _c) = voting
    planner = make_user(role="planner")
    entry = services.enter_paper_votes(planner, idea, 40, "paper")
    db.session.commit()
    entry_id, planner_id, idea_id = entry.id, planner.id, idea.id
    db.session.commit()

    def correct(number):
        from participation.accounts.models import User

        services.correct_paper_votes(_db.session.get(User, planner_id),
                                     services.get_paper_entry(entry_id), 10 + number,
                                     f"Korrektur {number}")

    outcomes = run_in_threads(app, 4, correct)
    assert sorted(outcomes) == ["Conflict"] * 3 + ["ok"]
    stored = db.session.execute(select(PaperVoteEntry).where(
        PaperVoteEntry.replaces_id == entry_id)).scalar_one()
    assert _paper(db, db.session.get(type(idea), idea_id)) == stored.count


# --- pages -------------------------------------------------------------------------------------

def test_staff_page_enters_corrects_and_shows_the_history(client, db, voting, make_user,
                                                        login_as):
    process, (idea, _b, _c) = voting
    login_as(make_user(role="planner"))
    page = client.get(f"/processes/{process.slug}/paper-votes")
    assert page.status_code == 200
    response = client.post(f"/processes/{process.slug}/paper-votes", data={
        "proposal_id": str(idea.id), "count": "25", "channel": "stand", "note": "Markttag"})
    assert response.status_code == 302
    entry = db.session.execute(select(PaperVoteEntry)).scalar_one()
    db.session.commit()
    corrected = client.post(f"/paper-votes/{entry.id}/correct",
                            data={"count": "20", "reason": "Tippfehler"})
    assert corrected.status_code == 302
    html = client.get(f"/processes/{process.slug}/paper-votes").get_data(as_text=True)
    assert "Markttag" in html and "Tippfehler" in html
    assert "durch eine Korrektur ersetzt" in html
    assert _paper(db, idea) == 20
    ranking = client.get(f"/processes/{process.slug}/ranking").get_data(as_text=True)
    assert "Papier- und Veranstaltungsstimmen" in ranking
    assert f'href="/processes/{process.slug}/paper-votes"' in ranking


def test_the_page_refuses_citizens_and_bad_numbers(client, db, voting, make_user, login_as,
                                                   make_process, make_proposal):
    process, (idea, _b, _c) = voting
    foreign = make_proposal(make_process())
    login_as(make_user())
    assert client.get(f"/processes/{process.slug}/paper-votes").status_code == 403
    assert client.post(f"/processes/{process.slug}/paper-votes", data={
        "proposal_id": str(idea.id), "count": "5", "channel": "paper"}).status_code == 403
    client.post("/account/logout")
    login_as(make_user(role="planner"))
    for data in ({"proposal_id": str(idea.id), "count": "-3", "channel": "paper"},
                 {"proposal_id": "abc", "count": "3", "channel": "paper"},
                 {"proposal_id": str(idea.id), "count": "3", "channel": "fax"}):
        assert client.post(f"/processes/{process.slug}/paper-votes",
                           data=data).status_code == 400
    other = client.post(f"/processes/{process.slug}/paper-votes", data={
        "proposal_id": str(foreign.id), "count": "3", "channel": "paper"})
    assert other.status_code == 404
    assert "Dieses Verfahren hat keine Idee mit dieser Nummer." in other.get_data(as_text=True)
    assert _entries(db) == 0
    ranking = client.get(f"/processes/{process.slug}/ranking").get_data(as_text=True)
    assert "Papier- und Veranstaltungsstimmen" in ranking
