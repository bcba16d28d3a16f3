"""Votes: supports, dots with a budget, pairwise comparison; the vote pages and the ranking."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from participation.errors import (
    AlreadyVoted,
    InvalidInput,
    NotVoted,
    PhaseClosed,
    TooManyPoints,
    VoteBudgetExceeded,
    WrongVoteMethod,
)
from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal
from participation.votes import rules, services
from participation.votes.models import DotAllocation, DotBudget, PairwiseAnswer, Support
from tests.conftest import run_in_threads


@pytest.fixture
def voting(db, make_process, make_proposal):
    """A process in its voting phase with three ideas; settings changed per test."""

    def build(method="supports", budget=5, per_idea=3, **settings):
        process = make_process()
        ideas = [make_proposal(process, title=f"Idee {i}") for i in range(3)]
        process.vote_method = method
        process.dot_budget = budget
        process.dot_max_per_proposal = per_idea
        for key, value in settings.items():
            setattr(process, key, value)
        process.current_phase = PhaseKind.VOTING.value
        db.session.commit()
        return process, ideas

    return build


def _counts(db, proposal):
    db.session.refresh(proposal)
    return proposal.vote_count, proposal.voter_count


def test_support_once_and_take_it_back(app, db, voting, make_user):
    _process, (idea, _b, _c) = voting()
    person = make_user()
    services.cast_support(person, idea)
    db.session.commit()
    assert _counts(db, idea) == (1, 1)
    with pytest.raises(AlreadyVoted):
        services.cast_support(person, idea)
    db.session.rollback()
    assert _counts(db, idea) == (1, 1)
    services.withdraw_support(person, idea)
    db.session.commit()
    assert _counts(db, idea) == (0, 0)
    with pytest.raises(NotVoted):
        services.withdraw_support(person, idea)


@pytest.mark.parametrize("phase", [p for p in PhaseKind if p != PhaseKind.VOTING])
def test_no_votes_outside_the_voting_phase(app, db, voting, make_user, phase):
    process, (idea, _b, _c) = voting()
    process.current_phase = phase.value
    db.session.commit()
    with pytest.raises(PhaseClosed):
        services.cast_support(make_user(), idea)


@pytest.mark.parametrize("role", ["anonymous", "unconfirmed", "citizen", "facilitator",
                                  "planner", "admin"])
@pytest.mark.parametrize("phase", list(PhaseKind))
def test_vote_matrix(app, db, voting, make_user, role, phase):
    process, (idea, _b, _c) = voting()
    process.current_phase = phase.value
    db.session.commit()
    person = None if role == "anonymous" else make_user(
        role="citizen" if role == "unconfirmed" else role, confirmed=role != "unconfirmed")
    expected = phase == PhaseKind.VOTING and role not in ("anonymous", "unconfirmed")
    assert rules.can_vote(person, idea) is expected


def test_hidden_withdrawn_and_merged_ideas_take_no_votes(app, db, voting, make_user):
    _process, (a, b, c) = voting()
    a.status, b.status, c.status = "hidden", "withdrawn", "merged"
    db.session.commit()
    for idea in (a, b, c):
        assert not rules.can_vote(make_user(), idea)


def test_dots_budget_and_per_idea_limit(app, db, voting, make_user):
    _process, (a, b, c) = voting(method="dots", budget=5, per_idea=3)
    person = make_user()
    services.add_points(person, a, 2)
    services.add_points(person, a, 1)
    db.session.commit()
    with pytest.raises(TooManyPoints):
        services.add_points(person, a, 1)
    db.session.rollback()
    services.add_points(person, b, 2)
    db.session.commit()
    with pytest.raises(VoteBudgetExceeded):
        services.add_points(person, c, 1)
    db.session.rollback()
    mine = services.my_votes(person, a.process)
    assert mine.points == {a.id: 3, b.id: 2}
    assert mine.points_left == 0
    assert _counts(db, a) == (3, 1)
    # taking points back frees the budget
    assert services.remove_points(person, a, 1) == 2
    services.add_points(person, c, 1)
    db.session.commit()
    assert services.my_votes(person, a.process).points == {a.id: 2, b.id: 2, c.id: 1}
    assert services.remove_points(person, b) == 0
    db.session.commit()
    assert _counts(db, b) == (0, 0)
    assert db.session.execute(select(DotBudget.points_used)).scalar_one() == 3


@pytest.mark.parametrize("points", [0, -1, True, "2", 1.5])
def test_points_must_be_a_positive_whole_number(app, db, voting, make_user, points):
    _process, (a, _b, _c) = voting(method="dots")
    with pytest.raises(InvalidInput):
        services.add_points(make_user(), a, points)


def test_method_decides_which_vote_is_possible(app, db, voting, make_user):
    _process, (a, _b, _c) = voting(method="dots")
    with pytest.raises(WrongVoteMethod):
        services.cast_support(make_user(), a)
    _process, (d, _e, _f) = voting(method="pairwise")
    with pytest.raises(WrongVoteMethod):
        services.cast_support(make_user(), d)


def test_pairs_prefer_ideas_with_few_comparisons(app, db, voting, make_user):
    _process, (a, b, c) = voting(method="pairwise")
    a.pair_wins, a.pair_losses = 60, 40  # a has been compared 100 times, b and c never
    db.session.commit()
    rng = random.Random(7)
    person = make_user()
    shown = {a.id: 0, b.id: 0, c.id: 0}
    for _ in range(300):
        left, right, _token = services.next_pair(person, a.process, rng)
        assert left.id != right.id
        shown[left.id] += 1
        shown[right.id] += 1
    assert shown[b.id] > 2 * shown[a.id]
    assert shown[c.id] > 2 * shown[a.id]


def test_pairwise_answers_are_counted_once_per_pair(app, db, voting, make_user):
    process, (a, b, c) = voting(method="pairwise")
    person = make_user()
    seen = set()
    while (pair := services.next_pair(person, process)) is not None:
        left, right, token = pair
        key = frozenset((left.id, right.id))
        assert key not in seen
        seen.add(key)
        services.answer_pair(person, process, token, left.id if left.id != c.id else None)
        db.session.commit()
    assert len(seen) == 3  # every pair of three ideas, then no more
    assert db.session.execute(select(func.count(PairwiseAnswer.id))).scalar_one() == 3
    for idea in (a, b, c):
        db.session.refresh(idea)
    assert sum(i.pair_wins for i in (a, b, c)) + sum(i.pair_ties for i in (a, b, c)) / 2 == 3


def test_a_pair_token_is_personal_and_cannot_be_replayed(app, db, voting, make_user):
    process, _ideas = voting(method="pairwise")
    person, other = make_user(), make_user()
    left, right, token = services.next_pair(person, process)
    with pytest.raises(InvalidInput):
        services.answer_pair(other, process, token, left.id)
    with pytest.raises(InvalidInput):
        services.answer_pair(person, process, token + "x", left.id)
    third = ({i.id for i in _ideas} - {left.id, right.id}).pop()
    with pytest.raises(InvalidInput):
        services.answer_pair(person, process, token, third)
    services.answer_pair(person, process, token, right.id)
    db.session.commit()
    with pytest.raises(AlreadyVoted):
        services.answer_pair(person, process, token, left.id)


def test_pairwise_in_the_ideas_phase_only_when_allowed(app, db, voting, make_user):
    process, _ideas = voting(method="supports", pairwise_enabled=True)
    process.current_phase = PhaseKind.IDEAS.value
    db.session.commit()
    assert not rules.can_compare(make_user(), process)
    process.pairwise_in_ideas = True
    db.session.commit()
    assert rules.can_compare(make_user(), process)
    process.pairwise_enabled = False
    db.session.commit()
    assert not rules.can_compare(make_user(), process)


# --- the pages -------------------------------------------------------------------------------

def test_support_from_the_list_page_and_back(client, db, voting, make_user, login_as):
    process, (a, _b, _c) = voting()
    login_as(make_user())
    listing = f"/processes/{process.slug}/proposals"
    response = client.post(f"/proposals/{a.id}/vote", data={"next": listing})
    assert response.status_code == 302
    assert response.headers["Location"] == listing
    assert _counts(db, a) == (1, 1)
    page = client.get(listing).get_data(as_text=True)
    assert "Unterstützung zurücknehmen" in page or "Take back my support" in page
    client.post(f"/proposals/{a.id}/vote")  # a second click: an error message, no vote
    assert _counts(db, a) == (1, 1)
    client.post(f"/proposals/{a.id}/vote/remove")
    assert _counts(db, a) == (0, 0)


def test_points_from_the_detail_page(client, db, voting, make_user, login_as):
    _process, (a, _b, _c) = voting(method="dots", budget=3, per_idea=2)
    login_as(make_user())
    for _ in range(3):
        client.post(f"/proposals/{a.id}/vote", data={"points": "1"})
    assert _counts(db, a) == (2, 1)
    assert client.post(f"/proposals/{a.id}/vote", data={"points": "x"}).status_code == 400


def test_votes_hidden_until_voting_ends(client, db, voting, make_user):
    process, (a, _b, _c) = voting(votes_hidden=True)
    services.cast_support(make_user(), a)
    db.session.commit()
    page = client.get(f"/proposals/{a.id}").get_data(as_text=True)
    assert "1 Unterstützung" not in page
    ranking = client.get(f"/processes/{process.slug}/ranking").get_data(as_text=True)
    assert a.title not in ranking
    process.current_phase = PhaseKind.SHORTLIST.value
    db.session.commit()
    assert "1 Unterstützung" in client.get(f"/proposals/{a.id}").get_data(as_text=True)


def test_ranking_page_explains_every_score(client, db, voting, make_user):
    process, (a, b, c) = voting()
    for _ in range(2):
        services.cast_support(make_user(), b)
    services.cast_support(make_user(), a)
    db.session.commit()
    client.get("/language/en")
    html = client.get(f"/processes/{process.slug}/ranking").get_data(as_text=True)
    assert html.index(b.title) < html.index(a.title) < html.index(c.title)
    assert html.count("How this score is made") == 3
    assert "Online votes" in html and "per day" in html
    assert client.get("/how-the-ranking-works").status_code == 200


def test_sort_by_rank_uses_the_ranking(client, db, voting, make_user):
    process, (a, b, c) = voting()
    services.cast_support(make_user(), c)
    db.session.commit()
    html = client.get(f"/processes/{process.slug}/proposals?sort=rank").get_data(as_text=True)
    assert html.index(c.title) < html.index(a.title)
    db.session.refresh(c)
    assert c.rank_position == 1


def test_compare_page_flow(client, db, voting, make_user, login_as):
    process, _ideas = voting(method="pairwise")
    login_as(make_user())
    page = client.get(f"/processes/{process.slug}/compare").get_data(as_text=True)
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(f"/processes/{process.slug}/compare",
                           data={"token": token, "winner": "none"})
    assert response.status_code == 302
    assert db.session.execute(select(PairwiseAnswer.winner_id)).scalar_one() is None


# --- one person, one say, under concurrency ---------------------------------------------------

def test_fifty_parallel_clicks_make_one_support(app, db, voting, make_user):
    _process, (idea, _b, _c) = voting()
    person = make_user()
    person_id, idea_id = person.id, idea.id
    db.session.commit()

    def work(_i):
        from participation.accounts.models import User

        services.cast_support(_db.session.get(User, person_id),
                              proposal_services.get_proposal(idea_id))

    outcomes = run_in_threads(app, 50, work)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "AlreadyVoted"}
    db.session.expire_all()
    assert db.session.execute(select(func.count(Support.id))).scalar_one() == 1
    assert _counts(db, db.session.get(Proposal, idea_id)) == (1, 1)


def test_fifty_people_at_once_make_fifty_supports(app, db, voting, make_user):
    _process, (idea, _b, _c) = voting()
    people = [make_user().id for _ in range(50)]
    idea_id = idea.id
    db.session.commit()

    def work(i):
        from participation.accounts.models import User

        services.cast_support(_db.session.get(User, people[i]),
                              proposal_services.get_proposal(idea_id))

    outcomes = run_in_threads(app, 50, work)
    assert outcomes == ["ok"] * 50
    db.session.expire_all()
    assert _counts(db, db.session.get(Proposal, idea_id)) == (50, 50)


def test_parallel_points_never_exceed_the_budget(app, db, voting, make_user):
    _process, ideas = voting(method="dots", budget=7, per_idea=3)
    person_id = make_user().id
    idea_ids = [i.id for i in ideas]
    db.session.commit()

    def work(i):
        from participation.accounts.models import User

        services.add_points(_db.session.get(User, person_id),
                            proposal_services.get_proposal(idea_ids[i % 3]), 1)

    outcomes = run_in_threads(app, 30, work)
    assert outcomes.count("ok") == 7, outcomes
    db.session.expire_all()
    spent = db.session.execute(select(func.sum(DotAllocation.points))).scalar_one()
    assert spent == 7
    assert db.session.execute(select(DotBudget.points_used)).scalar_one() == 7
    assert max(db.session.execute(select(DotAllocation.points)).scalars()) <= 3
    assert sum(db.session.get(Proposal, i).vote_count for i in idea_ids) == 7


def test_sort_by_rank_does_not_reveal_a_hidden_ranking(client, db, voting, make_user):
    process, (a, b, c) = voting(votes_hidden=True)
    services.cast_support(make_user(), a)  # a is the oldest idea
    db.session.commit()
    html = client.get(f"/processes/{process.slug}/proposals?sort=rank").get_data(as_text=True)
    # newest first, as without votes: the supported idea is not moved to the top
    assert html.index(c.title) < html.index(a.title)
    db.session.refresh(a)
    assert a.rank_position is None


def test_one_place_decides_which_vote_a_process_takes(app, db, voting, make_user):
    _process, (a, _b, _c) = voting()
    person = make_user()
    with pytest.raises(WrongVoteMethod):
        services.cast_vote(person, a, points=2)  # supports take no points
    db.session.rollback()
    services.cast_vote(person, a)
    db.session.commit()
    assert _counts(db, a) == (1, 1)
    _process, (d, _e, _f) = voting(method="dots")
    services.cast_vote(person, d, 2)
    services.take_back_vote(person, d, 1)
    db.session.commit()
    assert _counts(db, d) == (1, 1)
