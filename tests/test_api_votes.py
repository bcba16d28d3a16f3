"""The JSON API for votes: supports, dot points, pairwise comparison, the ranking, hidden votes.

Every answer is checked against the OpenAPI document by `Api` (see test_api.py).
"""

from __future__ import annotations

import math

import pytest
from sqlalchemy import func, select

from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.votes.models import DotAllocation, DotBudget, PairwiseAnswer, Support
from tests.test_api import Api, QueryCounter, api_as, error_code


def _count(model) -> int:
    return _db.session.execute(select(func.count(model.id))).scalar_one()


@pytest.fixture
def api(client):
    """An anonymous caller."""
    return Api(client)


@pytest.fixture
def voting(db, make_process):
    """A process in the voting phase, with the given vote settings."""

    def factory(method: str = "supports", **settings):
        process = make_process(phase=PhaseKind.VOTING)
        process.vote_method = method
        for name, value in settings.items():
            setattr(process, name, value)
        db.session.commit()
        return process

    return factory


@pytest.fixture
def citizen(app, make_user):
    """A logged-in caller (by token) with a new confirmed account."""
    return lambda: api_as(app, make_user())


# --- supports ---------------------------------------------------------------------------------

def test_support_counts_once_and_can_be_taken_back(api, voting, make_proposal, citizen):
    proposal = make_proposal(voting())
    caller = citizen()
    path = f"/proposals/{proposal.id}/vote"

    body = caller.post(path)

    assert body == {"ok": True, "votes": {"count": 1, "voters": 1},
                    "my_vote": {"supported": True, "points": 0, "points_left": None}}
    assert api.get(f"/proposals/{proposal.id}")["votes"] == {"count": 1, "voters": 1}
    assert caller.get(f"/proposals/{proposal.id}")["my_vote"]["supported"] is True
    assert error_code(caller.post(path, 409)) == "already_voted"
    assert api.get(f"/proposals/{proposal.id}")["votes"]["count"] == 1

    taken_back = caller.delete(path)

    assert taken_back["votes"] == {"count": 0, "voters": 0}
    assert taken_back["my_vote"]["supported"] is False
    assert _count(Support) == 0
    assert error_code(caller.delete(path, 404)) == "not_voted"


def test_support_with_an_empty_json_object(voting, make_proposal, citizen):
    proposal = make_proposal(voting())
    body = citizen().post(f"/proposals/{proposal.id}/vote", json={})
    assert body["votes"]["count"] == 1


def test_votes_need_login(api, voting, make_proposal):
    proposal = make_proposal(voting())
    path = f"/proposals/{proposal.id}/vote"
    assert error_code(api.post(path, 401)) == "unauthorized"
    assert error_code(api.delete(path, 401)) == "unauthorized"
    assert error_code(Api(api.client, "zk_forged").post(path, 401)) == "invalid_token"
    assert _count(Support) == 0


@pytest.mark.parametrize("phase", [p for p in PhaseKind if p != PhaseKind.VOTING])
def test_no_vote_outside_the_voting_phase(db, voting, make_proposal, citizen, phase):
    process = voting()
    proposal = make_proposal(process)
    process.current_phase = phase.value
    db.session.commit()
    caller = citizen()
    assert error_code(caller.post(f"/proposals/{proposal.id}/vote", 409)) == "phase_closed"
    assert error_code(caller.delete(f"/proposals/{proposal.id}/vote", 409)) == "phase_closed"
    assert _count(Support) == 0


def test_unconfirmed_account_cannot_vote(app, voting, make_proposal, make_user):
    proposal = make_proposal(voting())
    caller = api_as(app, make_user(confirmed=False))
    assert error_code(caller.post(f"/proposals/{proposal.id}/vote", 403)) \
        == "email_not_confirmed"


def test_vote_on_unknown_idea_is_404(citizen):
    assert error_code(citizen().post("/proposals/4711/vote", 404)) == "not_found"


def test_points_are_refused_where_the_process_votes_with_supports(voting, make_proposal,
                                                                  citizen):
    proposal = make_proposal(voting())
    caller = citizen()
    path = f"/proposals/{proposal.id}/vote"
    assert error_code(caller.post(path, 409, json={"points": 2})) == "wrong_vote_method"
    assert error_code(caller.delete(f"{path}?points=1", 409)) == "wrong_vote_method"
    assert _count(Support) == 0


@pytest.mark.parametrize("kwargs", [
    {"json": {"support": True}},
    {"json": [1]},
    {"data": "{", "content_type": "application/json"},
    {"data": "points=2"},
], ids=["unknown-field", "array", "broken", "form"])
def test_bad_vote_bodies_are_refused(voting, make_proposal, citizen, kwargs):
    proposal = make_proposal(voting())
    body = citizen().call("POST", f"/proposals/{proposal.id}/vote", 422 if "json" in kwargs
                          else 400, **kwargs)
    assert error_code(body) in {"invalid_input", "bad_json"}
    assert _count(Support) == 0


def test_one_persons_token_cannot_take_back_anothers_vote(app, api, voting, make_proposal,
                                                         make_user):
    proposal = make_proposal(voting())
    owner = make_user()
    owner_api = api_as(app, owner)
    owner_api.post(f"/proposals/{proposal.id}/vote")

    body = api_as(app, make_user()).delete(f"/proposals/{proposal.id}/vote", 404)

    assert error_code(body) == "not_voted"
    assert api.get(f"/proposals/{proposal.id}")["votes"] == {"count": 1, "voters": 1}
    assert owner_api.get(f"/proposals/{proposal.id}")["my_vote"]["supported"] is True
    assert _db.session.execute(select(Support.user_id)).scalar_one() == owner.id


# --- dots -------------------------------------------------------------------------------------

def test_dots_keep_the_budget_and_the_limit_per_idea(voting, make_proposal, citizen):
    process = voting("dots", dot_budget=5, dot_max_per_proposal=3)
    first, second, third = (make_proposal(process, title=t) for t in ("A", "B", "C"))
    caller = citizen()

    def vote(proposal, status=201, **kwargs):
        return caller.post(f"/proposals/{proposal.id}/vote", status, **kwargs)

    body = vote(first, json={"points": 3})
    assert body["votes"] == {"count": 3, "voters": 1}
    assert body["my_vote"] == {"supported": True, "points": 3, "points_left": 2}
    assert error_code(vote(first, 409, json={"points": 1})) == "too_many_points"
    assert error_code(vote(second, 409, json={"points": 4})) == "too_many_points"
    assert vote(second)["my_vote"] == {"supported": True, "points": 1, "points_left": 1}
    assert vote(second, json={"points": 1})["my_vote"]["points_left"] == 0
    assert error_code(vote(third, 409, json={"points": 1})) == "budget_exceeded"
    assert caller.get(f"/proposals/{third.id}")["votes"] == {"count": 0, "voters": 0}

    one_back = caller.delete(f"/proposals/{first.id}/vote?points=1")
    assert one_back["votes"] == {"count": 2, "voters": 1}
    assert one_back["my_vote"] == {"supported": True, "points": 2, "points_left": 1}
    all_back = caller.delete(f"/proposals/{second.id}/vote")
    assert all_back["votes"] == {"count": 0, "voters": 0}
    assert all_back["my_vote"] == {"supported": False, "points": 0, "points_left": 3}
    assert _db.session.execute(select(DotBudget.points_used)).scalar_one() == 2
    assert error_code(caller.delete(f"/proposals/{third.id}/vote", 404)) == "not_voted"


@pytest.mark.parametrize("points", ["2", 1.5, True, None, 0, -1, 10**40, [1]],
                         ids=lambda value: repr(value)[:12])
def test_points_must_be_a_positive_whole_number(voting, make_proposal, citizen, points):
    proposal = make_proposal(voting("dots"))
    body = citizen().post(f"/proposals/{proposal.id}/vote", 422, json={"points": points})
    assert error_code(body) == "invalid_input"
    assert _count(DotAllocation) == 0


@pytest.mark.parametrize("points", ["abc", "0", "-1", "1.5"])
def test_points_to_take_back_must_be_a_positive_whole_number(voting, make_proposal, citizen,
                                                             points):
    proposal = make_proposal(voting("dots"))
    caller = citizen()
    caller.post(f"/proposals/{proposal.id}/vote", json={"points": 2})
    body = caller.delete(f"/proposals/{proposal.id}/vote?points={points}", 422)
    assert "points" in body["error"]["message"]
    assert _db.session.execute(select(DotAllocation.points)).scalar_one() == 2


# --- pairwise comparison ----------------------------------------------------------------------

def test_pairwise_next_and_answer_until_done(api, voting, make_proposal, citizen):
    process = voting("pairwise")
    ideas = [make_proposal(process, title=t) for t in ("A", "B", "C")]
    caller = citizen()
    base = f"/processes/{process.slug}/pairs"
    seen = set()

    for _ in range(3):
        pair = caller.get(f"{base}/next")
        assert pair["done"] is False
        ids = (pair["left"]["id"], pair["right"]["id"])
        seen.add(frozenset(ids))
        assert caller.post(base, json={"token": pair["token"], "winner": ids[0]}) == {"ok": True}

    assert len(seen) == 3
    assert caller.get(f"{base}/next") == {"left": None, "right": None, "token": None,
                                          "done": True}
    figures = [api.get(f"/proposals/{p.id}")["pairwise"] for p in ideas]
    assert sum(f["wins"] for f in figures) == 3 and sum(f["losses"] for f in figures) == 3
    assert _count(PairwiseAnswer) == 3


def test_pairwise_cannot_decide_counts_a_tie_for_both(api, voting, make_proposal, citizen):
    process = voting("supports", pairwise_enabled=True)
    first, second = make_proposal(process), make_proposal(process)
    caller = citizen()
    pair = caller.get(f"/processes/{process.slug}/pairs/next")
    caller.post(f"/processes/{process.slug}/pairs", json={"token": pair["token"],
                                                          "winner": None})
    for proposal in (first, second):
        assert api.get(f"/proposals/{proposal.id}")["pairwise"] == {"wins": 0, "losses": 0,
                                                                    "ties": 1}


def test_pair_answers_are_checked(app, voting, make_proposal, make_user, citizen):
    process = voting("pairwise")
    ideas = [make_proposal(process, title=t) for t in ("A", "B", "C")]
    caller = citizen()
    base = f"/processes/{process.slug}/pairs"
    pair = caller.get(f"{base}/next")
    token = pair["token"]
    left = pair["left"]["id"]
    outsider = ({p.id for p in ideas} - {left, pair["right"]["id"]}).pop()

    def refused(status, **kwargs):
        return error_code(caller.post(base, status, **kwargs))

    assert refused(422, json={"token": token[:-3] + "abc", "winner": left}) == "invalid_input"
    assert refused(422, json={"token": "forged", "winner": left}) == "invalid_input"
    assert refused(422, json={"token": token, "winner": outsider}) == "invalid_input"
    assert refused(422, json={"token": token, "winner": "left"}) == "invalid_input"
    assert refused(422, json={"token": 5, "winner": left}) == "invalid_input"
    assert refused(422, json={"token": token}) == "invalid_input"
    assert refused(422, json={"token": token, "winner": left, "why": "x"}) == "invalid_input"
    assert refused(400, data="{", content_type="application/json") == "bad_json"
    other = api_as(app, make_user())
    assert error_code(other.post(base, 422, json={"token": token, "winner": left})) \
        == "invalid_input"
    assert _count(PairwiseAnswer) == 0

    caller.post(base, json={"token": token, "winner": left})
    assert refused(409, json={"token": token, "winner": None}) == "already_voted"
    assert _count(PairwiseAnswer) == 1


def test_pairs_need_login_and_a_process_that_compares(api, voting, make_proposal, citizen):
    compares = voting("pairwise")
    supports = voting("supports")
    for process in (compares, supports):
        make_proposal(process)
        make_proposal(process)
    base = f"/processes/{compares.slug}/pairs"
    assert error_code(api.get(f"{base}/next", 401)) == "unauthorized"
    assert error_code(api.post(base, 401, json={"token": "x", "winner": None})) \
        == "unauthorized"
    caller = citizen()
    assert error_code(caller.get(f"/processes/{supports.slug}/pairs/next", 409)) \
        == "wrong_vote_method"
    assert error_code(caller.get("/processes/nowhere/pairs/next", 404)) == "not_found"


def test_pairs_are_closed_outside_their_phase(db, voting, make_proposal, citizen):
    process = voting("pairwise")
    make_proposal(process)
    make_proposal(process)
    process.current_phase = PhaseKind.RESULTS.value
    db.session.commit()
    body = citizen().get(f"/processes/{process.slug}/pairs/next", 409)
    assert error_code(body) == "phase_closed"


# --- ranking and hidden votes -----------------------------------------------------------------

def _support(app, make_user, proposal, people: int) -> None:
    for _ in range(people):
        api_as(app, make_user()).post(f"/proposals/{proposal.id}/vote")


def test_ranking_lists_every_idea_with_its_score_explained(app, api, voting, make_proposal,
                                                           make_user):
    process = voting()
    low, high, none = (make_proposal(process, title=t) for t in ("Wenig", "Viel", "Nichts"))
    _support(app, make_user, high, 2)
    _support(app, make_user, low, 1)

    body = api.get(f"/processes/{process.slug}/ranking")

    assert body["total"] == 3
    assert [item["proposal"]["id"] for item in body["items"]] == [high.id, low.id, none.id]
    assert [item["rank"] for item in body["items"]] == [1, 2, 3]
    best = body["items"][0]
    assert best["score"] == pytest.approx(1.0)
    assert best["proposal"]["votes"] == {"count": 2, "voters": 2}
    assert [part["channel"] for part in best["parts"]] == ["online", "workshop", "paper",
                                                        "pairwise"]
    for item in body["items"]:
        assert math.isclose(sum(p["contribution"] for p in item["parts"]), item["score"],
                            abs_tol=1e-9)
    assert body["items"][1]["score"] == pytest.approx(0.5)
    assert best["parts"][0]["detail"]["votes"] == 2
    assert body["computed_at"].endswith("+00:00")


def test_sort_by_rank_puts_the_most_supported_idea_first(app, api, voting, make_proposal,
                                                         make_user):
    process = voting()
    ideas = [make_proposal(process, title=t) for t in ("A", "B", "C")]
    _support(app, make_user, ideas[1], 2)
    _support(app, make_user, ideas[2], 1)

    items = api.get(f"/processes/{process.slug}/proposals?sort=rank")["items"]

    assert [item["id"] for item in items] == [ideas[1].id, ideas[2].id, ideas[0].id]
    assert [item["rank"] for item in items] == [1, 2, 3]
    assert api.get(f"/proposals/{ideas[1].id}")["rank"] == 1


def test_ranking_costs_a_bounded_number_of_queries(app, api, voting, make_proposal, make_user):
    process = voting()
    for n in range(25):
        make_proposal(process, make_user(), title=f"Idee {n}", topic_id=process.topics[0].id,
                      district_id=process.districts[1].id)
    api.document  # noqa: B018  (fetched before counting)
    path = f"/processes/{process.slug}/ranking"

    with QueryCounter(_db.engine) as counter:
        body = api.get(path)

    assert body["total"] == 25
    assert counter.count <= 10, counter.statements


def test_hidden_votes_show_no_figures_and_no_ranking(app, api, voting, make_proposal, citizen):
    process = voting(votes_hidden=True)
    proposal = make_proposal(process)
    caller = citizen()

    voted = caller.post(f"/proposals/{proposal.id}/vote")

    assert voted["votes"] is None and voted["my_vote"]["supported"] is True
    detail = caller.get(f"/proposals/{proposal.id}")
    assert (detail["votes"], detail["pairwise"], detail["rank"]) == (None, None, None)
    listed = api.get(f"/processes/{process.slug}/proposals")["items"][0]
    assert listed["votes"] is None
    assert api.get("/processes")["items"][0]["votes_visible"] is False
    assert error_code(api.get(f"/processes/{process.slug}/ranking", 403)) == "votes_hidden"
    assert error_code(api.get(f"/processes/{process.slug}/proposals?sort=rank", 403)) \
        == "votes_hidden"
    assert caller.delete(f"/proposals/{proposal.id}/vote")["votes"] is None


def test_hidden_votes_are_shown_once_the_results_are_out(api, db, voting, make_proposal,
                                                         citizen):
    process = voting(votes_hidden=True)
    proposal = make_proposal(process)
    citizen().post(f"/proposals/{proposal.id}/vote")
    process.current_phase = PhaseKind.RESULTS.value
    db.session.commit()

    assert api.get(f"/proposals/{proposal.id}")["votes"] == {"count": 1, "voters": 1}
    assert api.get(f"/processes/{process.slug}/ranking")["total"] == 1


# --- rate limits ------------------------------------------------------------------------------

def test_votes_are_rate_limited_per_person(make_app, voting, make_proposal, make_user):
    process = voting()
    ideas = [make_proposal(process, title=t) for t in ("A", "B", "C")]
    app = make_app(RATELIMIT_ENABLED=True, VOTE_RATE_LIMIT="2 per minute")
    caller = api_as(app, make_user())
    caller.post(f"/proposals/{ideas[0].id}/vote")
    caller.post(f"/proposals/{ideas[1].id}/vote")

    body = caller.post(f"/proposals/{ideas[2].id}/vote", 429)

    assert error_code(body) == "rate_limited"
    assert _count(Support) == 2
    api_as(app, make_user()).post(f"/proposals/{ideas[2].id}/vote")


def test_pair_answers_are_rate_limited_per_person(make_app, voting, make_proposal, make_user):
    process = voting("pairwise")
    for title in ("A", "B", "C"):
        make_proposal(process, title=title)
    app = make_app(RATELIMIT_ENABLED=True, PAIR_RATE_LIMIT="1 per minute")
    caller = api_as(app, make_user())
    base = f"/processes/{process.slug}/pairs"
    first = caller.get(f"{base}/next")
    caller.post(base, json={"token": first["token"], "winner": None})
    second = caller.get(f"{base}/next")

    body = caller.post(base, 429, json={"token": second["token"], "winner": None})

    assert error_code(body) == "rate_limited"
    assert _count(PairwiseAnswer) == 1
