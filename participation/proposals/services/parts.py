"""What the domains above proposals add to the idea pages and the idea's JSON, asked for
by signal (proposals/signals.py), so that proposals imports none of them."""

from __future__ import annotations

from ...processes.models import Process
from ...signals import answers, merged_answers
from .. import signals
from ..models import Proposal


def page_parts(process: Process, proposals, viewer, page: str) -> dict:
    """The template values other domains contribute to an idea page (`page` "list" or
    "detail"), merged: the vote box, the workshop an idea came from …

    Raises ValueError when two receivers answer the same key, and whatever a receiver raises.
    """
    return merged_answers(signals.page_parts, process, proposals=list(proposals),
                          viewer=viewer, page=page)


def refresh_rank_order(process: Process, max_age_seconds: float) -> bool:
    """Before listing by rank: let the votes domain bring the stored ranking up to date.
    True when it was rewritten (the caller commits). Raises what a receiver raises."""
    return any(answers(signals.ranking_needed, process, max_age_seconds=max_age_seconds))


def json_parts(proposal: Proposal, viewer) -> dict:
    """The keys other domains add to one idea's JSON (votes: "my_vote"), merged.

    Raises ValueError when two receivers answer the same key, and whatever a receiver raises.
    """
    return merged_answers(signals.json_parts, proposal, viewer=viewer)
