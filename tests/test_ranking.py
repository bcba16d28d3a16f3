"""Tests for the combined idea ranking (participation.votes.ranking)."""

from __future__ import annotations

import dataclasses
import math
import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.votes.ranking import (
    IdeaInput,
    RankedIdea,
    RankingSettings,
    channel_totals,
    exposure_days,
    pairwise_rate,
    rank,
)

NOW = datetime(2026, 6, 30, tzinfo=UTC)
DEFAULT = RankingSettings()
NO_WEIGHTS = RankingSettings(online_weight=0, workshop_weight=0, pairwise_weight=0)
PROPERTY = settings(max_examples=200, deadline=None, database=None)


def idea(pid: int, days_ago: float = 10, **figures) -> IdeaInput:
    return IdeaInput(proposal_id=pid, posted_at=NOW - timedelta(days=days_ago), **figures)


def order(result: list[RankedIdea]) -> list[int]:
    return [r.proposal_id for r in result]


def by_id(result: list[RankedIdea]) -> dict[int, RankedIdea]:
    return {r.proposal_id: r for r in result}


# --- small hand-checked cases -------------------------------------------------------------


def test_online_only_equal_exposure():
    # All posted 10 days ago -> exposure 10 days; rates 1.0, 0.5, 0.0 per day; best is 1.0.
    # Only the online channel has data, so score = normalised = 1.0, 0.5, 0.0.
    result = rank([idea(3, online_votes=0), idea(1, online_votes=10), idea(2, online_votes=5)],
                  DEFAULT, NOW)
    assert order(result) == [1, 2, 3]
    assert [r.rank for r in result] == [1, 2, 3]
    assert [r.score for r in result] == pytest.approx([1.0, 0.5, 0.0])
    online = result[1].parts[0]
    assert online.channel == "online"
    assert online.raw == 5
    assert online.detail["exposure_days"] == pytest.approx(10)
    assert online.detail["votes_per_day"] == pytest.approx(0.5)


def test_two_channels_weighted_two_to_one():
    # Online weight 2, workshop weight 1, no comparisons -> active weights sum to 3.
    # Online normalised (10/5/0 votes, same exposure): A 1, B 0.5, C 0.
    # Workshop normalised (2/8/4 dots, max 8):          A 0.25, B 1, C 0.5.
    # A: 2*1/3 + 1*0.25/3 = 0.6667 + 0.0833 = 0.75
    # B: 2*0.5/3 + 1*1/3  = 0.3333 + 0.3333 = 0.6667
    # C: 0 + 1*0.5/3      = 0.1667
    ideas = [idea(1, online_votes=10, workshop_dots=2), idea(2, online_votes=5, workshop_dots=8),
             idea(3, online_votes=0, workshop_dots=4)]
    result = rank(ideas, RankingSettings(online_weight=2, workshop_weight=1), NOW)
    assert order(result) == [1, 2, 3]
    a, b, c = result
    assert [p.contribution for p in a.parts] == pytest.approx([2 / 3, 0.25 / 3, 0, 0])
    assert [p.contribution for p in b.parts] == pytest.approx([1 / 3, 1 / 3, 0, 0])
    assert [p.contribution for p in c.parts] == pytest.approx([0, 0.5 / 3, 0, 0])
    assert [r.score for r in result] == pytest.approx([0.75, 2 / 3, 1 / 6])
    assert [p.weight for p in a.parts] == [2, 1, 0, 0]
    assert b.parts[1].normalised == pytest.approx(1.0)
    assert b.parts[1].detail == {"dots": 8, "most_dots": 8}


def test_three_channels():
    # Weights 1/1/2 (sum 4). A: 4 votes, 0 dots, 3 wins 1 loss -> pairwise 4/6.
    # B: 2 votes, 6 dots, 1 win 3 losses -> pairwise 2/6.
    # A: (1*1 + 1*0 + 2*4/6) / 4 = (1 + 4/3) / 4 = 7/12
    # B: (1*0.5 + 1*1 + 2*2/6) / 4 = (1.5 + 2/3) / 4 = 13/24
    ideas = [idea(1, online_votes=4, pairwise_wins=3, pairwise_losses=1),
             idea(2, online_votes=2, workshop_dots=6, pairwise_wins=1, pairwise_losses=3)]
    result = rank(ideas, RankingSettings(pairwise_weight=2), NOW)
    assert order(result) == [1, 2]
    assert [r.score for r in result] == pytest.approx([7 / 12, 13 / 24])
    assert result[0].parts[3].contribution == pytest.approx(2 * (4 / 6) / 4)


def test_paper_votes_are_a_channel_of_their_own():
    # Weights online 1, paper 3 (sum 4). Online: A 10, B 5 votes -> 1, 0.5.
    # Paper: A 2, B 8 -> 0.25, 1.  A: (1 + 3*0.25)/4 = 0.4375; B: (0.5 + 3)/4 = 0.875
    ideas = [idea(1, online_votes=10, paper_votes=2), idea(2, online_votes=5, paper_votes=8)]
    result = rank(ideas, RankingSettings(paper_weight=3), NOW)
    assert order(result) == [2, 1]
    assert [r.score for r in result] == pytest.approx([0.875, 0.4375])
    paper = result[0].parts[2]
    assert (paper.channel, paper.raw, paper.weight) == ("paper", 8, 3)
    assert paper.detail == {"votes": 8, "most_votes": 8}
    assert paper.contribution == pytest.approx(3 / 4)
    # without a weight, paper votes only break ties after online votes and workshop dots
    tied = rank([idea(1, online_votes=1, paper_votes=1), idea(2, online_votes=1, paper_votes=5)],
                RankingSettings(paper_weight=0), NOW)
    assert order(tied) == [2, 1] and tied[0].parts[2].weight == 0


# --- exposure correction ------------------------------------------------------------------


def test_late_idea_with_fewer_votes_beats_old_idea():
    # Late: 3 votes in 1 day = 3/day. Old: 30 votes in 30 days = 1/day -> scores 1 and 1/3.
    result = rank([idea(1, days_ago=30, online_votes=30), idea(2, days_ago=1, online_votes=3)],
                  DEFAULT, NOW)
    assert order(result) == [2, 1]
    assert [r.score for r in result] == pytest.approx([1.0, 1 / 3])


def test_min_exposure_limits_last_hour_idea():
    # Posted one hour before the end: the window is 1/24 day, but counts as min 1 day,
    # so 1 vote gives 1/day (not 24/day) - the same as an idea with 1 vote in 1 day.
    last_hour = IdeaInput(1, NOW - timedelta(hours=1), online_votes=1)
    one_day = idea(2, days_ago=1, online_votes=1)
    parts = by_id(rank([last_hour, one_day], DEFAULT, NOW))
    assert parts[1].parts[0].detail["exposure_days"] == pytest.approx(1.0)
    assert parts[1].parts[0].detail["votes_per_day"] == pytest.approx(1.0)
    assert parts[1].score == pytest.approx(parts[2].score) == pytest.approx(1.0)
    # With a tiny minimum the last-hour idea does get 24 votes per day.
    tiny = by_id(rank([last_hour, one_day], RankingSettings(min_exposure_days=0.01), NOW))
    assert tiny[1].parts[0].detail["votes_per_day"] == pytest.approx(24)
    assert tiny[2].score == pytest.approx(1 / 24)


def test_exposure_respects_voting_window():
    window = RankingSettings(voting_starts_at=NOW - timedelta(days=20),
                             voting_ends_at=NOW - timedelta(days=5))
    # posted before the start -> from start to end = 15 days
    assert exposure_days(idea(1, days_ago=30), window, NOW) == pytest.approx(15)
    # posted during the window -> 10 - 5 = 5 days
    assert exposure_days(idea(2, days_ago=10), window, NOW) == pytest.approx(5)
    # posted after the end -> negative window counts as 0 -> minimum of 1 day
    assert exposure_days(idea(3, days_ago=2), window, NOW) == pytest.approx(1)
    # no window -> posting time until now, fractional days kept
    assert exposure_days(idea(4, days_ago=2.5), DEFAULT, NOW) == pytest.approx(2.5)
    # voting has not ended yet -> until now
    open_end = RankingSettings(voting_ends_at=NOW + timedelta(days=3))
    assert exposure_days(idea(5, days_ago=4), open_end, NOW) == pytest.approx(4)


def test_other_timezones_are_compared_correctly():
    plus_two = timezone(timedelta(hours=2))
    local = IdeaInput(1, (NOW - timedelta(days=3)).astimezone(plus_two), online_votes=3)
    assert exposure_days(local, DEFAULT, NOW) == pytest.approx(3)


# --- ties ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("winner", "loser"),
    [
        # more online votes wins, although every later tie-breaker favours the loser
        (idea(2, days_ago=1, online_votes=5),
         idea(1, days_ago=20, online_votes=4, workshop_dots=9, pairwise_wins=5)),
        # equal votes: more workshop dots wins
        (idea(2, days_ago=1, online_votes=3, workshop_dots=5, pairwise_losses=3),
         idea(1, days_ago=20, online_votes=3, workshop_dots=4, pairwise_wins=3)),
        # equal votes and dots: higher pairwise rate wins
        (idea(2, days_ago=1, workshop_dots=1, pairwise_wins=3),
         idea(1, days_ago=20, workshop_dots=1, pairwise_losses=3)),
        # all figures equal: earlier posting wins
        (idea(2, days_ago=20, online_votes=1), idea(1, days_ago=1, online_votes=1)),
        # everything equal: lower proposal id wins
        (idea(1, days_ago=5, pairwise_ties=2), idea(2, days_ago=5, pairwise_ties=2)),
    ],
    ids=["online-votes", "workshop-dots", "pairwise-rate", "posted-at", "proposal-id"],
)
def test_tie_breakers_each_level(winner, loser):
    # All weights 0 -> every score is 0 and only the tie-breakers decide.
    for ideas in ([winner, loser], [loser, winner]):
        result = rank(ideas, NO_WEIGHTS, NOW)
        assert [r.score for r in result] == [0.0, 0.0]
        assert order(result) == [winner.proposal_id, loser.proposal_id]


def test_equal_scores_with_active_channel_use_tie_breakers():
    # 10 votes in 10 days and 5 votes in 5 days are both 1/day -> both score 1.0;
    # idea 2 has more votes and comes first despite its higher id.
    result = rank([idea(1, days_ago=5, online_votes=5), idea(2, days_ago=10, online_votes=10)],
                  DEFAULT, NOW)
    assert [r.score for r in result] == [1.0, 1.0]
    assert order(result) == [2, 1]


def test_pairwise_breaks_ties_even_with_zero_weight():
    ideas = [idea(1, online_votes=2, pairwise_losses=1), idea(2, online_votes=2, pairwise_wins=1)]
    result = rank(ideas, RankingSettings(pairwise_weight=0), NOW)
    assert order(result) == [2, 1]
    assert [p.weight for p in result[0].parts] == [1.0, 0, 0, 0]


def test_shuffled_input_gives_identical_output():
    base = [idea(pid, days_ago=1 + pid % 4, online_votes=pid % 3, workshop_dots=pid % 2,
                 pairwise_wins=pid % 5 // 3, pairwise_ties=pid % 2)
            for pid in range(1, 41)]
    expected = rank(base, RankingSettings(online_weight=2), NOW)
    for seed in range(10):
        shuffled = base[:]
        random.Random(seed).shuffle(shuffled)  # noqa: S311 - not security relevant
        assert rank(shuffled, RankingSettings(online_weight=2), NOW) == expected


# --- inactive channels --------------------------------------------------------------------


def test_channel_without_data_is_inactive():
    # No workshop dots anywhere -> workshop inactive although its weight is 5.
    # Active: online (1) + pairwise (1) = 2.
    # A: (1*1 + 1*4/6) / 2 = 5/6; B: (1*0.5 + 1*0.5) / 2 = 0.5 (B never compared -> 0.5)
    ideas = [idea(1, online_votes=10, pairwise_wins=3, pairwise_losses=1),
             idea(2, online_votes=5)]
    result = rank(ideas, RankingSettings(workshop_weight=5), NOW)
    assert [r.score for r in result] == pytest.approx([5 / 6, 0.5])
    for r in result:
        assert r.parts[1].weight == 0
        assert r.parts[1].contribution == 0
        assert r.parts[1].normalised == 0


def test_no_comparisons_makes_pairwise_inactive():
    result = rank([idea(1, online_votes=4), idea(2, online_votes=2)], DEFAULT, NOW)
    assert [r.score for r in result] == pytest.approx([1.0, 0.5])
    assert all(r.parts[3].weight == 0 and r.parts[3].raw == 0.5 for r in result)


def test_all_weights_zero_gives_zero_scores_ordered_by_tie_breakers():
    ideas = [idea(1, online_votes=1), idea(2, online_votes=7), idea(3, workshop_dots=4),
             idea(4, online_votes=1, workshop_dots=2)]
    result = rank(ideas, NO_WEIGHTS, NOW)
    assert [r.score for r in result] == [0.0] * 4
    assert all(p.weight == 0 and p.contribution == 0 for r in result for p in r.parts)
    assert order(result) == [2, 4, 1, 3]


def test_no_data_at_all_gives_zero_scores():
    result = rank([idea(2, days_ago=3), idea(1, days_ago=3)], DEFAULT, NOW)
    assert [r.score for r in result] == [0.0, 0.0]
    assert order(result) == [1, 2]


# --- pairwise smoothing -------------------------------------------------------------------


def test_pairwise_smoothing():
    assert pairwise_rate(0, 0, 0) == 0.5
    assert pairwise_rate(3, 1, 0) == pytest.approx(4 / 6)
    assert pairwise_rate(1, 0, 0) == pytest.approx(2 / 3)
    assert pairwise_rate(2, 0, 2) == pytest.approx((2 + 1 + 1) / (4 + 2))


def test_pairwise_part_in_ranking():
    result = by_id(rank([idea(1, pairwise_wins=3, pairwise_losses=1), idea(2)], DEFAULT, NOW))
    part = result[1].parts[3]
    assert part.raw == pytest.approx(4 / 6)
    assert part.normalised == pytest.approx(4 / 6)
    assert part.detail == {"wins": 3, "losses": 1, "ties": 0, "comparisons": 4}
    assert result[2].parts[3].raw == 0.5
    # Only pairwise is active, so the score is the smoothed rate itself.
    assert result[1].score == pytest.approx(4 / 6)
    assert result[2].score == pytest.approx(0.5)


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["online_votes", "workshop_dots", "pairwise_wins", "pairwise_losses", "pairwise_ties"]
)
def test_negative_figures_are_rejected(field):
    with pytest.raises(ValueError, match=field):
        rank([idea(1), idea(2, **{field: -1})], DEFAULT, NOW)
    with pytest.raises(ValueError, match=field):
        channel_totals([idea(2, **{field: -1})])


def test_nan_figure_is_rejected():
    with pytest.raises(ValueError, match="online_votes"):
        rank([idea(1, online_votes=math.nan)], DEFAULT, NOW)


@pytest.mark.parametrize("field", ["online_weight", "workshop_weight", "pairwise_weight"])
def test_negative_weight_is_rejected(field):
    with pytest.raises(ValueError, match=field):
        rank([idea(1)], RankingSettings(**{field: -0.5}), NOW)


def test_non_positive_min_exposure_is_rejected():
    with pytest.raises(ValueError, match="min_exposure_days"):
        rank([idea(1)], RankingSettings(min_exposure_days=0), NOW)


NAIVE = datetime(2026, 6, 1)  # deliberately naive


@pytest.mark.parametrize(
    ("ideas", "ranking_settings", "now", "name"),
    [
        ([IdeaInput(1, NAIVE)], DEFAULT, NOW, "posted_at"),
        ([idea(1)], DEFAULT, NAIVE, "now"),
        ([idea(1)], RankingSettings(voting_starts_at=NAIVE), NOW, "voting_starts_at"),
        ([idea(1)], RankingSettings(voting_ends_at=NAIVE), NOW, "voting_ends_at"),
    ],
    ids=["posted_at", "now", "voting_starts_at", "voting_ends_at"],
)
def test_naive_datetimes_are_rejected(ideas, ranking_settings, now, name):
    with pytest.raises(ValueError, match=f"{name} must be a timezone-aware"):
        rank(ideas, ranking_settings, now)


def test_duplicate_proposal_id_is_rejected():
    with pytest.raises(ValueError, match="duplicate proposal_id 7"):
        rank([idea(7, online_votes=1), idea(8), idea(7)], DEFAULT, NOW)


def test_empty_input():
    assert rank([], DEFAULT, NOW) == []
    assert channel_totals([]) == {"online": 0, "workshop": 0, "paper": 0, "pairwise": 0}


# --- channel totals -----------------------------------------------------------------------


def test_channel_totals_count_each_comparison_once():
    # Idea 1 beat idea 2 twice and they tied once: 3 comparisons, recorded on both ideas.
    ideas = [idea(1, online_votes=3, workshop_dots=2, pairwise_wins=2, pairwise_ties=1),
             idea(2, online_votes=1.5, paper_votes=7, pairwise_losses=2, pairwise_ties=1)]
    assert channel_totals(ideas) == {"online": 4.5, "workshop": 2, "paper": 7, "pairwise": 3}


# --- structure ----------------------------------------------------------------------------


def check_structure(result: list[RankedIdea], n: int) -> None:
    assert [r.rank for r in result] == list(range(1, n + 1))
    assert len({r.proposal_id for r in result}) == n
    for before, after in zip(result, result[1:], strict=False):
        assert before.score >= after.score
    for r in result:
        assert [p.channel for p in r.parts] == ["online", "workshop", "paper", "pairwise"]
        assert 0.0 <= r.score <= 1.0
        assert math.fsum(p.contribution for p in r.parts) == pytest.approx(r.score, abs=1e-12)
        assert all(0.0 <= p.normalised <= 1.0 and p.weight >= 0 for p in r.parts)


def test_structure_of_a_mixed_ranking():
    ideas = [idea(1, online_votes=3, workshop_dots=1), idea(2, days_ago=2, online_votes=1),
             idea(3, workshop_dots=5, pairwise_wins=2), idea(4, pairwise_losses=2)]
    result = rank(ideas, RankingSettings(online_weight=3, workshop_weight=0.5), NOW)
    check_structure(result, 4)
    assert result[0].score == pytest.approx(sum(p.contribution for p in result[0].parts))


# --- properties ---------------------------------------------------------------------------

figures = st.tuples(
    st.integers(-48, 24 * 40),  # hours before NOW (negative: posted "after" now)
    st.one_of(st.integers(0, 3), st.floats(0, 50, allow_nan=False)),  # online votes
    st.integers(0, 3),  # workshop dots (small ranges make ties likely)
    st.integers(0, 3),  # paper votes
    st.integers(0, 4), st.integers(0, 4), st.integers(0, 3),  # wins, losses, ties
)


@st.composite
def idea_lists(draw, min_size: int = 0) -> list[IdeaInput]:
    rows = draw(st.lists(figures, min_size=min_size, max_size=12))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=len(rows), max_size=len(rows),
                        unique=True))
    return [
        IdeaInput(pid, NOW - timedelta(hours=hours), online_votes=votes, workshop_dots=dots,
                  paper_votes=paper, pairwise_wins=wins, pairwise_losses=losses,
                  pairwise_ties=ties)
        for pid, (hours, votes, dots, paper, wins, losses, ties) in zip(ids, rows, strict=True)
    ]


weights = st.sampled_from([0, 0, 0.5, 1, 3.5])  # 0 often: equal scores test the tie-breakers
days = st.one_of(st.none(), st.integers(-5, 45).map(lambda d: NOW - timedelta(days=d)))
ranking_settings = st.builds(
    RankingSettings, online_weight=weights, workshop_weight=weights, paper_weight=weights,
    pairwise_weight=weights,
    voting_starts_at=days, voting_ends_at=days,
    min_exposure_days=st.sampled_from([0.25, 1.0, 2.0]),
)
BUMPS = {"online": "online_votes", "workshop": "workshop_dots", "paper": "paper_votes",
         "pairwise": "pairwise_wins"}


@PROPERTY
@given(ideas=idea_lists(min_size=1), ranking=ranking_settings, data=st.data(),
       channel=st.sampled_from(sorted(BUMPS)))
def test_property_more_support_never_lowers_rank(ideas, ranking, data, channel):
    target = data.draw(st.sampled_from(ideas))
    field = BUMPS[channel]
    bumped = dataclasses.replace(target, **{field: getattr(target, field) + 1})
    new_ideas = [bumped if i is target else i for i in ideas]
    before = by_id(rank(ideas, ranking, NOW))[target.proposal_id].rank
    after = by_id(rank(new_ideas, ranking, NOW))[target.proposal_id].rank
    assert after <= before


@PROPERTY
@given(ideas=idea_lists(), ranking=ranking_settings)
def test_property_ranks_and_scores_are_consistent(ideas, ranking):
    check_structure(rank(ideas, ranking, NOW), len(ideas))


@PROPERTY
@given(ideas=idea_lists(), ranking=ranking_settings, data=st.data())
def test_property_output_does_not_depend_on_input_order(ideas, ranking, data):
    shuffled = data.draw(st.permutations(ideas))
    assert rank(shuffled, ranking, NOW) == rank(ideas, ranking, NOW)
