"""How votes look in the JSON API: the caller's own vote, a vote's answer, a pair, the
ranking."""

from __future__ import annotations

from typing import Any

from ..models_base import iso
from ..processes.models import Process, VoteMethod
from ..processes.rules import votes_visible
from ..proposals.rules import can_see_proposal
from ..proposals.serialize import proposal_summary, vote_figures
from .ranking import RankedIdea, ScorePart
from .services import MyVotes, my_votes


def my_vote_json(process: Process, mine: MyVotes, proposal_id: int) -> dict[str, Any]:
    """What the caller gave this idea; points_left only where votes are dot points."""
    dots = process.method == VoteMethod.DOTS
    return {
        "supported": proposal_id in mine.supports or mine.points.get(proposal_id, 0) > 0,
        "points": mine.points.get(proposal_id, 0),
        "points_left": mine.points_left if dots else None,
    }


def my_vote(user, process: Process, proposal) -> dict[str, Any] | None:
    """The caller's vote on one idea; None for anonymous callers."""
    if not user.is_authenticated:
        return None
    return my_vote_json(process, my_votes(user, process, [proposal.id]), proposal.id)


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else value


def part_json(part: ScorePart) -> dict[str, Any]:
    return {
        "channel": part.channel,
        "raw": float(part.raw),
        "normalised": float(part.normalised),
        "weight": float(part.weight),
        "contribution": float(part.contribution),
        "detail": {key: _number(value) for key, value in part.detail.items()},
    }


def ranked_json(ranked: RankedIdea, summary: dict[str, Any]) -> dict[str, Any]:
    """A ranked idea: its live place, score and parts, with the idea's summary."""
    summary["rank"] = ranked.rank  # the live place, not the stored one
    return {
        "rank": ranked.rank,
        "score": float(ranked.score),
        "proposal": summary,
        "parts": [part_json(part) for part in ranked.parts],
    }


def vote_answer(user, proposal) -> dict[str, Any]:
    """The answer to a vote or its taking back: the idea's figures (while they may be shown
    to the caller) and the caller's own vote."""
    visible = votes_visible(proposal.process) and can_see_proposal(user, proposal)
    return {"ok": True, "votes": vote_figures(proposal, visible),
            "my_vote": my_vote(user, proposal.process, proposal)}


def pair_json(process: Process, pair) -> dict[str, Any]:
    """The next pair to compare with its token, or done when the caller answered them all."""
    if pair is None:
        return {"left": None, "right": None, "token": None, "done": True}
    left, right, token = pair
    visible = votes_visible(process)
    return {"left": proposal_summary(left, visible), "right": proposal_summary(right, visible),
            "token": token, "done": False}


def ranking_json(ranked, computed_at) -> dict[str, Any]:
    """The whole ranking (votes.services.ranking_for, with details), best first."""
    items = [ranked_json(r, proposal_summary(p, True)) for r, p in ranked]
    return {"items": items, "total": len(items), "computed_at": iso(computed_at)}
