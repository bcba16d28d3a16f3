"""How API objects look: models in, plain dicts out (described in openapi.py).

Every object carries `id` and `url` (its HTML page). Vote figures, pairwise figures and
the stored rank are left out (null) while the process hides votes (votes.rules.votes_visible).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for

from ..processes.models import PHASE_ORDER, Process, VoteMethod
from ..proposals.models import Proposal, ProposalStatus
from ..sanitize import plain_excerpt
from ..votes.ranking import RankedIdea, ScorePart
from ..votes.services import MyVotes

EXCERPT_LENGTH = 200


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def named(item) -> dict[str, Any] | None:
    """A topic or district as {id, name}."""
    return {"id": item.id, "name": item.name} if item is not None else None


def page_json(pagination, items: list[dict]) -> dict[str, Any]:
    return {"items": items, "page": pagination.page, "pages": pagination.pages,
            "total": pagination.total}


def process_json(process: Process, votes_visible: bool) -> dict[str, Any]:
    dates = process.phase_dates()
    return {
        "id": process.id,
        "url": url_for("processes.detail", slug=process.slug, _external=True),
        "slug": process.slug,
        "title": process.title,
        "description": process.description,
        "phase": process.current_phase,
        "phases": [
            {"phase": kind.value,
             "starts_on": iso(dates[kind].starts_on) if kind in dates else None,
             "ends_on": iso(dates[kind].ends_on) if kind in dates else None}
            for kind in PHASE_ORDER
        ],
        "vote_method": process.vote_method,
        "pairwise": process.has_pairwise,
        "dot_budget": process.dot_budget,
        "dot_max_per_proposal": process.dot_max_per_proposal,
        "votes_visible": votes_visible,
        "topics": [named(t) for t in process.topics],
        "districts": [named(d) for d in process.districts],
    }


def vote_figures(proposal: Proposal, visible: bool) -> dict[str, int] | None:
    if not visible:
        return None
    return {"count": proposal.vote_count, "voters": proposal.voter_count}


def proposal_summary(proposal: Proposal, visible: bool) -> dict[str, Any]:
    """The short form used in lists, pairs and the ranking."""
    return {
        "id": proposal.id,
        "url": url_for("proposals.detail", proposal_id=proposal.id, _external=True),
        "title": proposal.title,
        "excerpt": plain_excerpt(proposal.body, EXCERPT_LENGTH),
        "topic": named(proposal.topic),
        "district": named(proposal.district),
        "status": proposal.status,
        "origin": proposal.origin,
        "author": proposal.author_name,
        "created_at": iso(proposal.created_at),
        "comment_count": proposal.comment_count,
        "votes": vote_figures(proposal, visible),
        "rank": proposal.rank_position if visible else None,
    }


def my_vote_json(process: Process, mine: MyVotes, proposal_id: int) -> dict[str, Any]:
    """What the caller gave this idea; points_left only where votes are dot points."""
    dots = process.method == VoteMethod.DOTS
    return {
        "supported": proposal_id in mine.supports or mine.points.get(proposal_id, 0) > 0,
        "points": mine.points.get(proposal_id, 0),
        "points_left": mine.points_left if dots else None,
    }


def proposal_json(proposal: Proposal, process: Process, visible: bool,
                  my_vote: dict[str, Any] | None) -> dict[str, Any]:
    """One idea in full."""
    not_selected = proposal.status == ProposalStatus.NOT_SELECTED.value
    return {
        "id": proposal.id,
        "url": url_for("proposals.detail", proposal_id=proposal.id, _external=True),
        "process": process.slug,
        "title": proposal.title,
        "body": proposal.body,
        "topic": named(proposal.topic),
        "district": named(proposal.district),
        "lat": proposal.lat,
        "lon": proposal.lon,
        "status": proposal.status,
        "status_reason": proposal.status_reason if not_selected else None,
        "origin": proposal.origin,
        "author": proposal.author_name,
        "created_at": iso(proposal.created_at),
        "updated_at": iso(proposal.updated_at),
        "comment_count": proposal.comment_count,
        "votes": vote_figures(proposal, visible),
        "pairwise": ({"wins": proposal.pair_wins, "losses": proposal.pair_losses,
                      "ties": proposal.pair_ties} if visible else None),
        "rank": proposal.rank_position if visible else None,
        "my_vote": my_vote,
    }


def pair_json(left: Proposal | None, right: Proposal | None, token: str | None,
              visible: bool) -> dict[str, Any]:
    done = token is None
    return {
        "left": None if done else proposal_summary(left, visible),
        "right": None if done else proposal_summary(right, visible),
        "token": token,
        "done": done,
    }


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


def ranked_json(ranked: RankedIdea, proposal: Proposal) -> dict[str, Any]:
    summary = proposal_summary(proposal, True)
    summary["rank"] = ranked.rank  # the live place, not the stored one
    return {
        "rank": ranked.rank,
        "score": float(ranked.score),
        "proposal": summary,
        "parts": [part_json(part) for part in ranked.parts],
    }
