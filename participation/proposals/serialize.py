"""How ideas look in the JSON API: the short form of lists and the full form."""

from __future__ import annotations

import json
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
        "images": [image_json(image) for image in proposal.pictures],
        **parts,
    }


_encode = json.encoder.encode_basestring  # the C encoder of json.dumps(ensure_ascii=False)


def _named_fragment(cache: dict, key: int | None, name: str | None) -> str:
    if key is None:
        return "null"
    fragment = cache.get(key)
    if fragment is None:
        fragment = cache[key] = f'{{"id":{key},"name":{_encode(name)}}}'
    return fragment


def map_document(rows, visible: bool, names: tuple[dict, dict] = ({}, {}),
                 pictures: dict[int, tuple[str, str]] | None = None) -> str:
    """The GeoJSON FeatureCollection text of the rows of services.map_rows (see the
    ProposalMap schema in api.py). Written as JSON text row by row: 10,000 ideas in a few
    milliseconds, where building a dict per idea and json.dumps took ten times as long.
    Strings go through json's own encoder; names of districts, topics and statuses are
    encoded once; coordinates are written with 6 decimals (about 10 cm; formatting is three
    times as fast as round() and repr)."""
    marker = 999_999_937
    head, tail = url_for("proposals.detail", proposal_id=marker).split(str(marker), 1)
    head, tail = _encode(head)[:-1], _encode(tail)[1:]
    statuses = {s.value: (_encode(s.value), _encode(str(s.label))) for s in ProposalStatus}
    districts: dict = {}
    topics: dict = {}
    parts = []
    # file names are hex digits and a suffix: the address is a prefix and the name
    files = _encode(uploads.url("0"))[:-2]
    pictures = pictures or {}
    dnames, tnames = names
    for pid, title, status, lat, lon, place, votes, district_id, topic_id in rows:
        picture = pictures.get(pid)
        code, label = statuses[status]
        parts.append(
            f'{{"type":"Feature","id":{pid},"geometry":{{"type":"Point","coordinates":'
            f'[{lon:.6f},{lat:.6f}]}},"properties":{{"id":{pid},'
            f'"title":{_encode(title)},"status":{code},"status_label":{label},'
            f'"url":{head}{pid}{tail},'
            f'"district":{_named_fragment(districts, district_id, dnames.get(district_id))},'
            f'"place":{"null" if place is None else _encode(place)},'
            f'"supports":{votes if visible else "null"},'
            f'"topic":{_named_fragment(topics, topic_id, tnames.get(topic_id))}'
            + ("" if picture is None else
               f',"thumbnail_url":{files}{picture[0]}","thumbnail_alt":{_encode(picture[1])}')
            + "}}")
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def district_features(areas, counts: dict[int, int]) -> list[dict[str, Any]]:
    """GeoJSON Features of the districts with an area, with their visible ideas' count."""
    return [{"type": "Feature", "id": district.id, "geometry": geometry,
             "properties": {"id": district.id, "name": district.name,
                            "idea_count": counts.get(district.id, 0)}}
            for district, _bbox, geometry in areas]
