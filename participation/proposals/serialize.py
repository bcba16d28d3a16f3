"""How ideas look in the JSON API: the short form of lists and the full form."""

from __future__ import annotations

from typing import Any

from flask import url_for

from ..apikit.answers import iso, named
from ..processes.models import Process
from ..sanitize import plain_excerpt
from .models import Proposal, ProposalStatus

EXCERPT_LENGTH = 200


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
        "place": proposal.place,
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
        **parts,
    }


def _rounded(value: float) -> float:
    return round(value, 6)


def map_features(rows, visible: bool) -> list[dict[str, Any]]:
    """GeoJSON Features of the rows of services.map_rows: plain dicts, one URL template and
    one translated label per status, so 10,000 ideas cost no url_for or lookup each."""
    marker = 999_999_937
    url = url_for("proposals.detail", proposal_id=marker)
    head, tail = url.split(str(marker), 1)
    labels = {s.value: str(s.label) for s in ProposalStatus}
    features = []
    for (pid, title, status, lat, lon, place, votes, district_id, district_name,
         topic_id, topic_name) in rows:
        features.append({
            "type": "Feature", "id": pid,
            "geometry": {"type": "Point", "coordinates": [_rounded(lon), _rounded(lat)]},
            "properties": {
                "id": pid, "title": title, "status": status, "status_label": labels[status],
                "url": f"{head}{pid}{tail}",
                "district": ({"id": district_id, "name": district_name}
                             if district_id is not None else None),
                "place": place,
                "supports": votes if visible else None,
                "topic": {"id": topic_id, "name": topic_name} if topic_id is not None else None,
            },
        })
    return features


def district_features(areas, counts: dict[int, int]) -> list[dict[str, Any]]:
    """GeoJSON Features of the districts with an area, with their visible ideas' count."""
    return [{"type": "Feature", "id": district.id, "geometry": geometry,
             "properties": {"id": district.id, "name": district.name,
                            "idea_count": counts.get(district.id, 0)}}
            for district, _bbox, geometry in areas]
