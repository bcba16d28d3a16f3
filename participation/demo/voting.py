"""Klimaquartier Nord, in its voting phase: ideas with comments, a workshop evening in the
first week of voting whose notes became new ideas, dot votes online from many citizens on
the days they voted, pairwise comparisons, and votes from a market stand, an afternoon for
older people and paper ballots that the facilitator entered. The ranking therefore has real
figures in every channel; ideas born at the workshop had fewer days to collect online votes,
which the ranking's exposure correction makes up for."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ..accounts.models import Role, User
from ..models_base import utcnow
from ..processes import services as process_services
from ..processes.models import PhaseKind, Process
from ..proposals.models import Proposal
from ..votes import services as vote_services
from .board import play_evening
from .common import (
    city_midnight,
    create_process,
    post_ideas,
    process_exists,
    read,
    weighted_sample,
)

SLUG = "klimaquartier-nord"


def load(accounts: dict[Role, User], people: dict[str, User], today: date) -> bool:
    """Create the process unless it exists; True when it was created."""
    data = read("klimaquartier-nord.json")
    if process_exists(data["process"]["slug"]):
        return False
    rng = random.Random(2026)
    everyone = list(people.values())
    process, topic_ids = create_process(data, today)
    ideas = post_ideas(process, topic_ids, data["ideas"], people, everyone, rng)
    about = data["process"]
    process_services.set_phase(process, PhaseKind.VOTING)
    process_services.set_vote_settings(
        process, method=about["vote_method"], pairwise_enabled=about["pairwise"],
        pairwise_in_ideas=False, dot_budget=about["dot_budget"],
        dot_max_per_proposal=about["dot_max_per_proposal"], votes_hidden=False,
        weights=(1.0, 1.0, 1.0, 1.0))
    voting_starts = city_midnight(today + timedelta(days=data["phases"]["voting"][0]))
    evening = city_midnight(today - timedelta(days=data["workshop"]["days_ago"])).replace(hour=18)
    born = play_evening(accounts[Role.FACILITATOR], process, data["workshop"], ideas, evening,
                        rng)
    appeal = [(p, float(item["appeal"])) for p, item in zip(ideas, data["ideas"], strict=True)]
    appeal += born
    online = data["online"]
    voters = rng.sample(everyone, online["voters"])
    _cast_dots(process, voters, appeal, voting_starts, rng)
    _compare_pairs(process, rng.sample(everyone, online["pairwise_voters"]), appeal,
                   online["pairs_each"], voting_starts, rng)
    _enter_paper_votes(accounts[Role.FACILITATOR], ideas, data["paper_votes"])
    vote_services.refresh_stored_ranking(process, max_age_seconds=0)
    return True


def _vote_time(rng: random.Random, starts: datetime) -> datetime:
    """A moment between the start of voting and an hour ago; more people vote early on."""
    span = (utcnow() - timedelta(hours=1) - starts).total_seconds()
    return starts + timedelta(seconds=span * rng.random() ** 1.6)


def _cast_dots(process: Process, voters: list[User], appeal: list[tuple[Proposal, float]],
               starts: datetime, rng: random.Random) -> None:
    """Each voter spreads some of their points over the ideas there were on their day."""
    limit = process.dot_max_per_proposal
    for voter in voters:
        when = _vote_time(rng, starts)
        there = [(p, a) for p, a in appeal if p.created_at <= when]
        budget = rng.choice([4, 6, 8, 10, 10, 10])
        chosen = weighted_sample(rng, [p for p, _a in there], [a ** 1.5 for _p, a in there],
                                 rng.randint(2, 5))
        for proposal in chosen:
            points = min(budget, rng.randint(1, limit))
            if points < 1:
                break
            allocation = vote_services.add_points(voter, proposal, points)
            allocation.updated_at = when
            budget -= points


def _compare_pairs(process: Process, voters: list[User], appeal: list[tuple[Proposal, float]],
                   pairs_each: list[int], starts: datetime, rng: random.Random) -> None:
    """Each voter answers a few of the pairs the server offers; the idea they like more wins
    more often, and now and then they cannot decide."""
    liking = {p.id: a for p, a in appeal}
    for voter in voters:
        when = _vote_time(rng, starts)
        for _n in range(rng.randint(*pairs_each)):
            pair = vote_services.next_pair(voter, process, rng=rng)
            if pair is None:
                break
            left, right, token = pair
            a, b = liking[left.id] ** 1.5, liking[right.id] ** 1.5
            if rng.random() < 0.1:
                winner = None
            else:
                winner = left.id if rng.random() < a / (a + b) else right.id
            answer = vote_services.answer_pair(voter, process, token, winner)
            answer.created_at = when
            when += timedelta(seconds=rng.randint(8, 40))


def _enter_paper_votes(staff: User, ideas: list[Proposal], entries: list[dict]) -> None:
    now = utcnow()
    for item in entries:
        entry = vote_services.enter_paper_votes(staff, ideas[item["idea"]], item["count"],
                                                item["channel"], item["note"])
        entry.entered_at = now - timedelta(days=item["days_ago"])
