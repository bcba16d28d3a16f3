"""How ideas look in the JSON API: the short form of lists and the full form."""

from __future__ import annotations

from typing import Any

from flask import url_for

from .. import uploads
from ..apikit.answers import iso, named
from ..processes.models import Process
from ..sanitize import plain_excerpt
from .models import Proposal, ProposalImage, ProposalStatus

EXCERPT_LENGTH = 200


def vote_figures(proposal: Proposal, visible: bool) -> dict[str, int] | None:
    if not visible:
        return None
    return {"count": proposal.vote_count, "voters": proposal.voter_count}


def image_json(image: ProposalImage) -> dict[str, Any]:
    """One picture: the full file and its thumbnail (absolute addresses), size and alt."""
    return {
        "id": image.id,
        "url": uploads.url(image.file_name, external=True),
        "thumbnail_url": uploads.url(image.thumb_name, external=True),
        "width": image.width, "height": image.height,
        "thumbnail_width": image.thumb_width, "thumbnail_height": image.thumb_height,
        "alt": image.alt,
    }


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


def proposal_json(proposal: Proposal, process: Process, visible: bool,
                  parts: dict[str, Any]) -> dict[str, Any]:
    """One idea in full, with the `parts` the domains above add (services.json_parts:
    votes adds "my_vote")."""
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
        "images": [image_json(image) for image in proposal.pictures],
        **parts,
    }
