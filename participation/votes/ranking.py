"""How is the ranking made?

Ideas can be supported in four ways, which we call channels:

* **Online votes** - supports (or dot points) given on the website.
* **Workshop dots** - sticky dots given in live workshops.
* **Paper and event votes** - votes collected on paper or at a stand, counted and entered by
  the city's staff (every entry is recorded with who entered it and when).
* **Pairwise comparisons** - "which of these two ideas is better?" questions, where people
  may also answer "can't decide".

Each channel turns an idea's figures into a number between 0 and 1 (its "normalised" value):

1. **Online, fair to latecomers.** An idea posted late had less time to collect votes, so we
   count votes *per day of exposure*. The exposure of an idea runs from when it could first
   be voted on (its posting time, or the start of voting if that is later) to when voting
   stopped (the end of voting, or now if voting is still open). To avoid huge rates for ideas
   posted at the very last moment, the exposure is never counted as less than a minimum
   (one day by default). The idea with the most votes per day gets 1, every other idea gets
   its votes per day divided by that best value (so half as many votes per day gives 0.5).
2. **Workshop.** Workshops are events everyone attends at the same time, so no time
   correction is needed: the idea with the most dots gets 1, the others their dots divided
   by that maximum.
3. **Paper and event votes.** Collected at set occasions too, so the same as workshop dots:
   the idea with the most paper votes gets 1, the others their share of that maximum.
4. **Pairwise.** We use the idea's share of comparisons won, with a "can't decide" counting
   as half a win, and we add one imaginary win and one imaginary loss to every idea:
   (wins + half the ties + 1) / (comparisons + 2). An idea never compared therefore sits in
   the middle at 0.5, and an idea that won its single comparison gets 2/3 rather than a
   perfect 1 - a few lucky answers cannot put an idea on top.

A channel only counts when it has a weight above zero and at least one idea has received
something in it (a vote, a dot, or a comparison). The final score is the weighted average of
the normalised values over the channels that count:

    score = sum(weight x normalised) / sum(weights of the channels that count)

so it is again between 0 and 1. Each channel's share of that sum is shown as its
"contribution"; the contributions add up to the score. If no channel counts, every score is 0.

Ideas are listed by score, highest first. When two scores are equal, the idea with more
online votes comes first, then the one with more workshop dots, then the one with more paper
votes, then the one with the better pairwise value, then the one posted earlier, and finally
the one with the lower number. The result therefore never depends on the order in which
ideas happen to be stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

ONLINE = "online"
WORKSHOP = "workshop"
PAPER = "paper"
PAIRWISE = "pairwise"
CHANNELS = (ONLINE, WORKSHOP, PAPER, PAIRWISE)
_SECONDS_PER_DAY = 86_400.0
_COUNT_FIELDS = ("online_votes", "workshop_dots", "paper_votes", "pairwise_wins",
                 "pairwise_losses", "pairwise_ties")


@dataclass(frozen=True)
class IdeaInput:
    """The figures of one idea (proposal) in the four channels."""

    proposal_id: int
    posted_at: datetime  # timezone-aware
    online_votes: float = 0  # number of supports, or total dot points
    workshop_dots: float = 0  # dots from live workshops
    paper_votes: float = 0  # votes collected on paper or at events, entered by staff
    pairwise_wins: int = 0
    pairwise_losses: int = 0
    pairwise_ties: int = 0  # "can't decide" answers the idea took part in


@dataclass(frozen=True)
class RankingSettings:
    """Channel weights and the online voting period of the process."""

    online_weight: float = 1.0
    workshop_weight: float = 1.0
    paper_weight: float = 1.0
    pairwise_weight: float = 1.0
    voting_starts_at: datetime | None = None  # online votes possible from here (None: posting)
    voting_ends_at: datetime | None = None  # ... until here (None: until `now`)
    min_exposure_days: float = 1.0


@dataclass(frozen=True)
class ScorePart:
    """How one channel adds to an idea's score."""

    channel: str  # "online" | "workshop" | "paper" | "pairwise"
    raw: float  # the idea's own figure (votes, dots, or the smoothed win rate)
    normalised: float  # 0..1
    weight: float  # the weight actually applied (0 if the channel is inactive)
    contribution: float  # weight * normalised / sum of active weights
    detail: dict  # channel-specific numbers for the explanation


@dataclass(frozen=True)
class RankedIdea:
    """One idea's place in the ranking, with its score explained channel by channel."""

    proposal_id: int
    rank: int
    score: float  # 0..1, the sum of the contributions
    parts: tuple[ScorePart, ...]  # always online, workshop, paper, pairwise


def _check_aware(value: datetime | None, name: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value!r}")


def _check_settings(settings: RankingSettings, now: datetime) -> None:
    for name in ("online_weight", "workshop_weight", "paper_weight", "pairwise_weight"):
        value = getattr(settings, name)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if not math.isfinite(settings.min_exposure_days) or settings.min_exposure_days <= 0:
        raise ValueError(
            f"min_exposure_days must be a finite number > 0, got {settings.min_exposure_days!r}"
        )
    _check_aware(now, "now")
    _check_aware(settings.voting_starts_at, "voting_starts_at")
    _check_aware(settings.voting_ends_at, "voting_ends_at")


def _check_ideas(ideas: Sequence[IdeaInput]) -> None:
    seen: set[int] = set()
    for idea in ideas:
        for name in _COUNT_FIELDS:
            value = getattr(idea, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(
                    f"proposal {idea.proposal_id}: {name} must be a finite number >= 0, "
                    f"got {value!r}"
                )
        _check_aware(idea.posted_at, f"proposal {idea.proposal_id}: posted_at")
        if idea.proposal_id in seen:
            raise ValueError(f"duplicate proposal_id {idea.proposal_id}")
        seen.add(idea.proposal_id)


def exposure_days(idea: IdeaInput, settings: RankingSettings, now: datetime) -> float:
    """Return how many days the idea could collect online votes (at least min_exposure_days).

    The window runs from the later of posting time and voting start to the earlier of `now`
    and voting end; a window that ends before it starts counts as 0 days.
    """
    start = idea.posted_at
    if settings.voting_starts_at is not None and settings.voting_starts_at > start:
        start = settings.voting_starts_at
    end = now
    if settings.voting_ends_at is not None and settings.voting_ends_at < end:
        end = settings.voting_ends_at
    length = max(0.0, (end - start).total_seconds() / _SECONDS_PER_DAY)
    return max(settings.min_exposure_days, length)


def pairwise_rate(wins: float, losses: float, ties: float) -> float:
    """Return the smoothed pairwise win rate (wins + ties/2 + 1) / (comparisons + 2).

    An idea never compared gets 0.5; the result is always strictly between 0 and 1.
    """
    return (wins + 0.5 * ties + 1) / (wins + losses + ties + 2)


def _active_weights(
    settings: RankingSettings, ideas: Sequence[IdeaInput]
) -> tuple[float, float, float, float]:
    has_online = any(idea.online_votes > 0 for idea in ideas)
    has_dots = any(idea.workshop_dots > 0 for idea in ideas)
    has_paper = any(idea.paper_votes > 0 for idea in ideas)
    has_pairs = any(
        idea.pairwise_wins + idea.pairwise_losses + idea.pairwise_ties > 0 for idea in ideas
    )
    return (
        settings.online_weight if has_online else 0.0,
        settings.workshop_weight if has_dots else 0.0,
        settings.paper_weight if has_paper else 0.0,
        settings.pairwise_weight if has_pairs else 0.0,
    )


def _ratio(value: float, maximum: float) -> float:
    return value / maximum if maximum > 0 else 0.0


def _score_idea(
    idea: IdeaInput, days: float, rate: float, maxima: tuple[float, float, float],
    weights: tuple[float, float, float, float], total: float,
) -> tuple[tuple, float, tuple[ScorePart, ...]]:
    """Return (sort key, score, parts) of one idea; maxima = (best rate, most dots, most
    paper votes)."""
    wins, losses, ties = idea.pairwise_wins, idea.pairwise_losses, idea.pairwise_ties
    pair_raw = pairwise_rate(wins, losses, ties)
    online = _ratio(rate, maxima[0])
    workshop = _ratio(idea.workshop_dots, maxima[1])
    paper = _ratio(idea.paper_votes, maxima[2])
    w_online, w_workshop, w_paper, w_pairwise = weights
    parts = (
        ScorePart(ONLINE, idea.online_votes, online, w_online, _ratio(w_online * online, total),
                  {"votes": idea.online_votes, "exposure_days": days, "votes_per_day": rate,
                   "best_votes_per_day": maxima[0]}),
        ScorePart(WORKSHOP, idea.workshop_dots, workshop, w_workshop,
                  _ratio(w_workshop * workshop, total),
                  {"dots": idea.workshop_dots, "most_dots": maxima[1]}),
        ScorePart(PAPER, idea.paper_votes, paper, w_paper, _ratio(w_paper * paper, total),
                  {"votes": idea.paper_votes, "most_votes": maxima[2]}),
        ScorePart(PAIRWISE, pair_raw, pair_raw, w_pairwise, _ratio(w_pairwise * pair_raw, total),
                  {"wins": wins, "losses": losses, "ties": ties,
                   "comparisons": wins + losses + ties}),
    )
    # One division of the whole weighted sum keeps the score <= 1 and monotone in each input.
    score = _ratio(w_online * online + w_workshop * workshop + w_paper * paper
                   + w_pairwise * pair_raw, total)
    key = (-score, -idea.online_votes, -idea.workshop_dots, -idea.paper_votes, -pair_raw,
           idea.posted_at, idea.proposal_id)
    return key, score, parts


def rank(ideas: Sequence[IdeaInput], settings: RankingSettings, now: datetime) -> list[RankedIdea]:
    """Rank the ideas of one process, best first, with an explanation of every score.

    Returns one RankedIdea per input idea with ranks 1..n; the method is described in the
    module docstring. Raises ValueError for negative or non-finite figures or weights, a
    min_exposure_days <= 0, naive datetimes, or duplicate proposal ids.
    """
    _check_settings(settings, now)
    _check_ideas(ideas)
    if not ideas:
        return []
    exposures = [exposure_days(idea, settings, now) for idea in ideas]
    rates = [idea.online_votes / days for idea, days in zip(ideas, exposures, strict=True)]
    maxima = (max(rates), max(idea.workshop_dots for idea in ideas),
              max(idea.paper_votes for idea in ideas))
    weights = _active_weights(settings, ideas)
    total = sum(weights)
    rows = [
        (*_score_idea(idea, days, rate, maxima, weights, total), idea.proposal_id)
        for idea, days, rate in zip(ideas, exposures, rates, strict=True)
    ]
    rows.sort(key=lambda row: row[0])
    return [
        RankedIdea(proposal_id, position, score, parts)
        for position, (_key, score, parts, proposal_id) in enumerate(rows, start=1)
    ]


def channel_totals(ideas: Sequence[IdeaInput]) -> dict[str, float]:
    """Sum up the participation in each channel, for a summary line on the ranking page.

    Returns {"online": all online votes, "workshop": all workshop dots, "paper": all paper
    and event votes, "pairwise": number of comparisons}. Every comparison involves two ideas
    and is recorded on both (a win for one is a loss for the other; a "can't decide" is a
    tie for both), so the sum of wins, losses and ties over all ideas counts each comparison
    twice and is halved here. Raises
    ValueError on invalid ideas, like rank().
    """
    _check_ideas(ideas)
    online = math.fsum(idea.online_votes for idea in ideas)
    workshop = math.fsum(idea.workshop_dots for idea in ideas)
    paper = math.fsum(idea.paper_votes for idea in ideas)
    appearances = sum(
        idea.pairwise_wins + idea.pairwise_losses + idea.pairwise_ties for idea in ideas
    )
    return {ONLINE: online, WORKSHOP: workshop, PAPER: paper, PAIRWISE: appearances / 2}
