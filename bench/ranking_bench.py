"""The pure ranking: rank() on 10,000 ideas, 1,000,000 votes, 100,000 pairwise answers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from participation.votes.ranking import IdeaInput, RankingSettings, rank

from .data import zipf_weights
from .timing import summarise, time_calls

IDEAS = 10_000
ONLINE_VOTES = 1_000_000
PAIRWISE_ANSWERS = 100_000
WORKSHOP_IDEAS = 500  # ideas that were on the boards of live workshops
WORKSHOP_DOTS = 6_000
TIE_SHARE = 0.1  # answers "can't decide"
TARGET_S = 1.0


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` into whole numbers proportional to the weights (largest remainder)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def build_inputs(now: datetime, seed: int = 1) -> tuple[list[IdeaInput], RankingSettings]:
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    weights = zipf_weights(rng, IDEAS, 1.0)
    votes = _apportion(ONLINE_VOTES, weights)
    wins, losses, ties = [0] * IDEAS, [0] * IDEAS, [0] * IDEAS
    for _ in range(PAIRWISE_ANSWERS):
        a, b = rng.sample(range(IDEAS), 2)
        if rng.random() < TIE_SHARE:
            ties[a] += 1
            ties[b] += 1
            continue
        # the more popular idea wins more often
        winner, loser = (a, b) if rng.random() < weights[a] / (weights[a] + weights[b]) \
            else (b, a)
        wins[winner] += 1
        losses[loser] += 1
    dots = [0] * IDEAS
    on_boards = rng.sample(range(IDEAS), WORKSHOP_IDEAS)
    for index, count in zip(on_boards, _apportion(WORKSHOP_DOTS, zipf_weights(
            rng, WORKSHOP_IDEAS, 0.8)), strict=True):
        dots[index] = count
    ideas = [
        IdeaInput(proposal_id=i + 1, posted_at=now - timedelta(days=rng.uniform(0, 60)),
                  online_votes=votes[i], workshop_dots=dots[i], pairwise_wins=wins[i],
                  pairwise_losses=losses[i], pairwise_ties=ties[i])
        for i in range(IDEAS)
    ]
    settings = RankingSettings(voting_starts_at=now - timedelta(days=30),
                               voting_ends_at=now + timedelta(days=14))
    return ideas, settings


def run(runs: int = 5) -> dict:
    now = datetime(2040, 6, 1, 12, tzinfo=UTC)
    ideas, settings = build_inputs(now)
    result = rank(ideas, settings, now)
    if len(result) != IDEAS:
        raise RuntimeError(f"rank() returned {len(result)} ideas, expected {IDEAS}")
    stats = summarise(time_calls(lambda: rank(ideas, settings, now), runs, warmup=1))
    stats["met"] = stats["p50_ms"] < TARGET_S * 1000
    return {
        "ideas": IDEAS, "online_votes": sum(i.online_votes for i in ideas),
        "pairwise_answers": PAIRWISE_ANSWERS, "workshop_dots": sum(i.workshop_dots for i in ideas),
        "target": f"< {TARGET_S:g} s", "stats": stats,
    }
