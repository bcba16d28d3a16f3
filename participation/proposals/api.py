"""JSON API of ideas: list, create, read (mounted under /api/v1 by the api package).

Each route reads and type-checks its input (apikit.inputs), calls the same service
functions as the HTML pages, commits after a successful write and shapes the answer.
Domain errors become `{"error": {code, message}}` in web.py, which also rolls back.
"""

from __future__ import annotations

import copy
import json

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import pictures
from ..apikit import inputs
from ..apikit.answers import page_json
from ..apikit.docs import (
    COUNT,
    DATE_TIME,
    ID,
    NEEDS_AUTH,
    NUMBER,
    OPTIONAL_AUTH,
    STR,
    URL,
    WRITE_PARAMS,
    ApiDoc,
    Schema,
    body,
    errors,
    nullable,
    obj,
    ok,
    page_of,
    param,
    param_ref,
    ref,
)
from ..apikit.inputs import MAX_INT, MAX_SEARCH_LENGTH
from ..errors import InvalidInput, NotAllowed, VotesHidden, require
from ..extensions import db, limiter
from ..pagecache import shared_body
from ..permissions import person_key
from ..processes.rules import votes_visible
from ..processes.services import city_bbox, district_areas, get_process
from . import rules, services
from .models import PUBLIC_STATUSES, Proposal, ProposalOrigin, ProposalStatus
from .serialize import (
    district_features,
    image_json,
    map_document,
    proposal_json,
    proposal_summary,
)

bp = Blueprint("proposals", __name__)

GEOJSON = "application/geo+json"
MAP_MAX_AGE = 30
post_limit = limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"], key_func=person_key)

PROPOSAL_FIELDS = {
    "title": inputs.text, "body": inputs.text,
    "topic": inputs.optional_id, "district": inputs.optional_id,
    "lat": inputs.optional_number, "lon": inputs.optional_number,
    "place": inputs.optional_text,
}


def _proposal_answer(proposal: Proposal) -> dict:
    process = proposal.process
    return proposal_json(proposal, process, votes_visible(process),
                         services.json_parts(proposal, current_user))


def _filters(statuses, **extra) -> services.ProposalQuery:
    """The list's filters from the query string (topic, district, status, q)."""
    return services.ProposalQuery(
        topic_id=inputs.int_arg("topic"), district_id=inputs.int_arg("district"),
        status=inputs.choice_arg("status", statuses), q=inputs.search_arg(), **extra)


@bp.route("/processes/<slug>/proposals")
def list_proposals(slug: str):
    process = get_process(slug)
    page, per_page = inputs.pagination_args()
    query = _filters([s.value for s in ProposalStatus],
                     sort=inputs.choice_arg("sort", services.SORTS, "new"), page=page)
    if query.status is not None and query.status not in rules.filterable_statuses(current_user):
        raise NotAllowed(_("Only moderators can list ideas with this status."))
    visible = votes_visible(process)
    if query.sort == "rank":
        if not visible:  # the order would give the hidden ranking away
            raise VotesHidden()
        if services.refresh_rank_order(process, current_app.config.get("RANKING_MAX_AGE", 60)):
            db.session.commit()
    pagination = services.list_proposals(process, query, current_user, per_page=per_page)
    items = [proposal_summary(p, visible) for p in pagination.items]
    return jsonify(page_json(pagination, items))


def _geojson(document: dict | str | bytes) -> Response:
    text = document if isinstance(document, str | bytes) else json.dumps(
        document, ensure_ascii=False, separators=(",", ":"))
    response = current_app.response_class(text, mimetype=GEOJSON)
    # The same for everyone (an anonymous visitor's view), in the caller's language.
    response.headers["Cache-Control"] = f"public, max-age={MAP_MAX_AGE}"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@bp.route("/processes/<slug>/proposals.geojson")
def map_proposals(slug: str):
    """The ideas of the list that have a point, as a GeoJSON FeatureCollection: the filters
    of the list, the visibility of an anonymous visitor (never hidden or withdrawn ideas)."""
    process = get_process(slug)
    query = _filters(list(PUBLIC_STATUSES))
    return _geojson(shared_body(lambda: map_document(
        services.map_rows(process, query, viewer=None), votes_visible(process),
        services.map_names(process), services.map_pictures(process))))


@bp.route("/processes/<slug>/districts.geojson")
def map_districts(slug: str):
    """The process's districts with an area, with the number of visible ideas in each."""
    process = get_process(slug)
    areas = district_areas(process)
    document: dict = {"type": "FeatureCollection",
                      "features": district_features(areas, services.district_idea_counts(
                          process) if areas else {})}
    box = city_bbox(process)
    if box is not None:
        document["bbox"] = [box[1], box[0], box[3], box[2]]
    return _geojson(document)


@bp.route("/processes/<slug>/proposals", methods=["POST"])
@login_required
@post_limit
def create_proposal(slug: str):
    process = get_process(slug)
    data = inputs.json_body(PROPOSAL_FIELDS, required=("title", "body"))
    given = services.ProposalInput(
        title=data["title"], body=data["body"], topic_id=data.get("topic"),
        district_id=data.get("district"), lat=data.get("lat"), lon=data.get("lon"),
        place=data.get("place"),
    )
    proposal = services.submit_proposal(current_user, process, given)
    db.session.commit()
    response = jsonify(_proposal_answer(proposal))
    response.status_code = 201
    response.headers["Location"] = url_for("api.proposals.get_proposal",
                                           proposal_id=proposal.id, _external=True)
    return response


@bp.route("/proposals/<int:proposal_id>")
def get_proposal(proposal_id: int):
    return jsonify(_proposal_answer(services.get_visible_proposal(current_user, proposal_id)))


def read_upload(field: str = "file") -> bytes:
    """The bytes of the uploaded file of a multipart form (pictures.accepts_picture on the
    route lets the request be as large as a picture). Raises InvalidInput without one."""
    upload = request.files.get(field)
    if upload is None:
        raise InvalidInput(_("Please choose a picture to upload (the field %(field)s).",
                             field=field))
    return upload.read(pictures.MAX_BYTES + 1)


@bp.route("/proposals/<int:proposal_id>/images", methods=["POST"])
@pictures.accepts_picture
@login_required
@post_limit
def add_image(proposal_id: int):
    proposal = services.get_visible_proposal(current_user, proposal_id)
    require(rules.check_add_image(current_user, proposal))  # before reading the file
    data = read_upload()
    image = services.add_image(current_user, proposal, data, request.form.get("alt"))
    db.session.commit()
    return jsonify(image_json(image)), 201


@bp.route("/images/<int:image_id>", methods=["DELETE"])
@login_required
@post_limit
def remove_image(image_id: int):
    image = services.get_image(image_id)
    services.get_visible_proposal(current_user, image.proposal_id)  # 404 if not seen
    services.remove_image(current_user, image, request.args.get("reason"))
    db.session.commit()
    return "", 204


def api_doc() -> ApiDoc:
    """This domain's operations; the input limits are the instance's (TITLE_MAX, BODY_MAX)."""
    doc = copy.deepcopy(DOC)
    limits = doc.schemas["ProposalInput"]["properties"]
    for field, key in (("title", "TITLE_MAX"), ("body", "BODY_MAX")):
        limits[field]["description"] += f" At most {current_app.config[key]} characters."
    return doc


STATUS: Schema = {"type": "string", "enum": [s.value for s in ProposalStatus]}
ORIGIN: Schema = {"type": "string", "enum": [o.value for o in ProposalOrigin]}
VOTES: Schema = {**nullable(ref("VoteFigures")),
                 "description": "null while the process hides the votes."}
RANK: Schema = {"type": ["integer", "null"], "minimum": 1,
                "description": "Place in the stored combined ranking; null when not ranked "
                               "(yet) or while votes are hidden."}
LIST_FILTERS = [
    param("topic", "query", {**ID, "maximum": MAX_INT}, "Only ideas of this topic id."),
    param("district", "query", {**ID, "maximum": MAX_INT}, "Only ideas of this district id."),
    param("status", "query", STATUS, "Only ideas with this status (hidden and withdrawn "
                                     "for moderators only)."),
    param("q", "query", {**STR, "maxLength": MAX_SEARCH_LENGTH},
          "Search words; all must occur in the title or body."),
    param("sort", "query", {"type": "string", "enum": ["new", "comments", "rank"],
                            "default": "new"},
          "rank: the combined ranking (403 votes_hidden while votes are hidden)."),
]

# OpenAPI links (by operationId): how an answer leads on to the next call, so that a client
# or a stateful fuzzer can walk create → read → vote → take back.
IDEA_LINKS: dict[str, Schema] = {
    "getProposal": {"operationId": "getProposal",
                    "parameters": {"proposal_id": "$response.body#/id"},
                    "description": "The idea just answered, read again."},
    "vote": {"operationId": "vote", "parameters": {"proposal_id": "$response.body#/id"},
             "description": "Vote for this idea (voting phase)."},
    "unvote": {"operationId": "unvote", "parameters": {"proposal_id": "$response.body#/id"},
               "description": "Take the vote for this idea back."},
}

PUBLIC_STATUS: Schema = {"type": "string", "enum": list(PUBLIC_STATUSES)}
MAP_FILTERS = [*LIST_FILTERS[:2],
               param("status", "query", PUBLIC_STATUS, "Only ideas with this status."),
               LIST_FILTERS[3]]
POSITION: Schema = {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2,
                    "description": "[longitude, latitude] (GeoJSON order), 6 decimals."}


def _geojson_answer(schema: str, description: str) -> dict[str, Schema]:
    return {"200": {"description": description,
                    "headers": {"Cache-Control": {
                        "description": f"public, max-age={MAP_MAX_AGE}",
                        "schema": STR}},
                    "content": {GEOJSON: {"schema": ref(schema)}}}}


MAP_SCHEMAS: dict[str, Schema] = {
    "ProposalFeature": obj({
        "type": {"const": "Feature"}, "id": ID,
        "geometry": obj({"type": {"const": "Point"}, "coordinates": POSITION}),
        "properties": obj({
            "id": ID, "title": STR, "status": PUBLIC_STATUS,
            "status_label": {**STR, "description": "The status in the caller's language."},
            "url": {**STR, "description": "The idea's page (root-relative)."},
            "district": nullable(ref("Named")),
            "place": {"type": ["string", "null"], "description": "Where, in words."},
            "supports": {"type": ["integer", "null"], "minimum": 0,
                         "description": "Supports or dot points, as the cards show them; "
                                        "null while the process hides the votes."},
            "topic": nullable(ref("Named")),
            "thumbnail_url": {**STR, "description": "The first picture's thumbnail "
                                                    "(root-relative); only with a picture."},
            "thumbnail_alt": {**STR, "description": "Its alt text; only with a picture."},
        }, required=["id", "title", "status", "status_label", "url", "district", "place",
                     "supports", "topic"]),
    }),
    "ProposalMap": obj({
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": ref("ProposalFeature")},
    }, description="The ideas with a point, as GeoJSON (RFC 7946)."),
    "DistrictFeature": obj({
        "type": {"const": "Feature"}, "id": ID,
        "geometry": obj({"type": {"enum": ["Polygon", "MultiPolygon"]},
                         "coordinates": {"type": "array"}}),
        "properties": obj({"id": ID, "name": STR, "idea_count": {
            **COUNT, "description": "Ideas an anonymous visitor sees in the district."}}),
    }),
    "DistrictMap": obj({
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": ref("DistrictFeature")},
        "bbox": {"type": "array", "items": NUMBER, "minItems": 4, "maxItems": 4,
                 "description": "[min lon, min lat, max lon, max lat] of all districts; "
                                "absent when no district has an area."},
    }, required=["type", "features"], description="The districts with an area, as GeoJSON."),
}

DOC = ApiDoc(
    schemas={
        **MAP_SCHEMAS,
        "VoteFigures": obj({
            "count": {**COUNT, "description": "Supports, or dot points in total."},
            "voters": {**COUNT, "description": "People who gave them."}}),
        "PairwiseFigures": obj({"wins": COUNT, "losses": COUNT, "ties": COUNT}),
        "ProposalSummary": obj({
            "id": ID, "url": URL, "title": STR,
            "excerpt": {**STR, "description": "The start of the body as one line of plain "
                                              "text."},
            "topic": nullable(ref("Named")), "district": nullable(ref("Named")),
            "status": STATUS, "origin": ORIGIN,
            "author": {**STR, "description": "The author's public name."},
            "created_at": DATE_TIME, "comment_count": COUNT, "votes": VOTES, "rank": RANK,
        }),
        "Proposal": obj({
            "id": ID, "url": URL,
            "process": {**STR, "description": "The slug of the process."},
            "title": STR, "body": STR,
            "topic": nullable(ref("Named")), "district": nullable(ref("Named")),
            "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
            "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
            "place": {"type": ["string", "null"],
                      "description": "Where, in words, beside or instead of the point."},
            "status": STATUS,
            "status_reason": {"type": ["string", "null"],
                              "description": "Why it was not selected; null for other "
                                             "statuses."},
            "origin": ORIGIN,
            "author": STR, "created_at": DATE_TIME,
            "updated_at": {"type": ["string", "null"], "format": "date-time"},
            "comment_count": COUNT, "votes": VOTES,
            "pairwise": {**nullable(ref("PairwiseFigures")),
                         "description": "null while the process hides the votes."},
            "rank": RANK,
            "images": {"type": "array", "items": ref("Image"), "maxItems": 3,
                       "description": "Up to three pictures, in their order."},
            "my_vote": {**nullable(ref("MyVote")), "description": "null for anonymous callers."},
        }),
        "ProposalList": page_of("ProposalSummary"),
        "Image": obj({
            "id": ID,
            "url": {**URL, "description": "The picture, at most 1600 pixels on its longest "
                                          "side (JPEG)."},
            "thumbnail_url": {**URL, "description": "At most 400 pixels on its longest side."},
            "width": COUNT, "height": COUNT, "thumbnail_width": COUNT,
            "thumbnail_height": COUNT,
            "alt": {**STR, "description": "What the picture shows, for those who cannot see "
                                          "it."},
        }),
        "ImageUpload": obj({
            "file": {"type": "string", "format": "binary",
                     "description": "JPEG, PNG or WebP (by content), at most 10 MB, 200 to "
                                    "40 million pixels; stored re-encoded, without metadata."},
            "alt": {**STR, "minLength": 1, "maxLength": 250,
                    "description": "Required: what the picture shows."},
        }, required=["file", "alt"]),
        "ProposalInput": obj({
            "title": {**STR, "minLength": 1, "description": "Required, not empty."},
            "body": {**STR, "minLength": 1, "description": "Required, not empty."},
            "topic": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT,
                      "description": "The id of one of the process's topics."},
            "district": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT},
            "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90,
                    "description": "Give lat and lon together, or neither. Where the "
                                   "process's districts have areas, the point must lie in "
                                   "one (else 422 point_outside_city) and sets the district."},
            "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
            "place": {"type": ["string", "null"], "maxLength": 200,
                      "description": "Where, in words (for example “Marktplatz, vor der "
                                     "Kirche”); spaces are trimmed, at most 200 characters."},
        }, required=["title", "body"]),
    },
    parameters={"proposal_id": param("proposal_id", "path", {**ID, "maximum": MAX_INT},
                                     "The id of the proposal."),
                "image_id": param("image_id", "path", {**ID, "maximum": MAX_INT},
                                  "The id of the picture.")},
    paths={
        "/processes/{slug}/proposals": {
            "get": {
                "operationId": "listProposals", "summary": "Ideas of a process, filtered.",
                "security": OPTIONAL_AUTH,
                "parameters": [param_ref("slug"), *LIST_FILTERS, param_ref("page"),
                               param_ref("per_page")],
                "responses": {**ok("ProposalList", "A page of ideas.", links={
                    "getFirstProposal": {
                        "operationId": "getProposal",
                        "parameters": {"proposal_id": "$response.body#/items/0/id"},
                        "description": "The first idea of the page."}}),
                              **errors(403, 404, 422)},
            },
            "post": {
                "operationId": "createProposal", "summary": "Post a new idea (ideas phase).",
                "security": NEEDS_AUTH, "parameters": [param_ref("slug"), *WRITE_PARAMS],
                "requestBody": body("ProposalInput"),
                "responses": {
                    **ok("Proposal", "The idea was published.", 201, headers={
                        "Location": {"description": "The API address of the new idea.",
                                     "schema": {"type": "string", "format": "uri"}}},
                         links=IDEA_LINKS),
                    **errors(400, 401, 403, 404, 422, 429, conflicts=("phase_closed",)),
                },
            },
        },
        "/processes/{slug}/proposals.geojson": {"get": {
            "operationId": "mapProposals",
            "summary": "Ideas with a point, as GeoJSON, with the list's filters.",
            "description": "Only ideas everyone sees (never hidden or withdrawn ones), "
                           "whoever calls; sorted by id, not paginated.",
            "security": OPTIONAL_AUTH, "parameters": [param_ref("slug"), *MAP_FILTERS],
            "responses": {**_geojson_answer("ProposalMap", "A FeatureCollection of Points."),
                          **errors(404, 422)},
        }},
        "/processes/{slug}/districts.geojson": {"get": {
            "operationId": "mapDistricts",
            "summary": "The process's districts with an area, as GeoJSON.",
            "security": OPTIONAL_AUTH, "parameters": [param_ref("slug")],
            "responses": {**_geojson_answer("DistrictMap", "A FeatureCollection of areas."),
                          **errors(404)},
        }},
        "/proposals/{proposal_id}": {"get": {
            "operationId": "getProposal", "summary": "One idea with its vote figures.",
            "security": OPTIONAL_AUTH, "parameters": [param_ref("proposal_id")],
            "responses": {**ok("Proposal", "The idea.", links={
                "vote": IDEA_LINKS["vote"], "unvote": IDEA_LINKS["unvote"]}), **errors(404)},
        }},
        "/proposals/{proposal_id}/images": {"post": {
            "operationId": "addProposalImage",
            "summary": "Add a picture to an idea (its author or a moderator; at most three).",
            "security": NEEDS_AUTH, "parameters": [param_ref("proposal_id"), *WRITE_PARAMS],
            "requestBody": {"required": True, "content": {
                "multipart/form-data": {"schema": ref("ImageUpload")}}},
            "responses": {**ok("Image", "The picture was added.", 201),
                          **errors(400, 401, 403, 404, 413, 415, 422, 429, conflicts=(
                              "phase_closed", "locked", "too_many_images"))},
        }},
        "/images/{image_id}": {"delete": {
            "operationId": "removeImage",
            "summary": "Remove a picture (its author; a moderator with a reason).",
            "security": NEEDS_AUTH,
            "parameters": [param_ref("image_id"), *WRITE_PARAMS, param(
                "reason", "query", {**STR, "maxLength": 1000},
                "A moderator removing someone else's picture: why (the author sees it).")],
            "responses": {"204": {"description": "The picture is removed."},
                          **errors(400, 401, 403, 404, 429)},
        }},
    },
)
