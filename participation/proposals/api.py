"""JSON API of ideas: list, create, read (mounted under /api/v1 by the api package).

Each route reads and type-checks its input (apikit.inputs), calls the same service
functions as the HTML pages, commits after a successful write and shapes the answer.
Domain errors become `{"error": {code, message}}` in web.py, which also rolls back.
"""

from __future__ import annotations

import copy

from flask import Blueprint, current_app, jsonify, request, url_for
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
from ..permissions import person_key
from ..processes.rules import votes_visible
from ..processes.services import get_process
from . import rules, services
from .models import Proposal, ProposalOrigin, ProposalStatus
from .serialize import image_json, proposal_json, proposal_summary

bp = Blueprint("proposals", __name__)

post_limit = limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"], key_func=person_key)

PROPOSAL_FIELDS = {
    "title": inputs.text, "body": inputs.text,
    "topic": inputs.optional_id, "district": inputs.optional_id,
    "lat": inputs.optional_number, "lon": inputs.optional_number,
}


def _proposal_answer(proposal: Proposal) -> dict:
    process = proposal.process
    return proposal_json(proposal, process, votes_visible(process),
                         services.json_parts(proposal, current_user))


@bp.route("/processes/<slug>/proposals")
def list_proposals(slug: str):
    process = get_process(slug)
    page, per_page = inputs.pagination_args()
    status = inputs.choice_arg("status", [s.value for s in ProposalStatus])
    if status is not None and status not in rules.filterable_statuses(current_user):
        raise NotAllowed(_("Only moderators can list ideas with this status."))
    query = services.ProposalQuery(
        topic_id=inputs.int_arg("topic"), district_id=inputs.int_arg("district"),
        status=status,
        q=inputs.search_arg(),
        sort=inputs.choice_arg("sort", services.SORTS, "new"), page=page,
    )
    visible = votes_visible(process)
    if query.sort == "rank":
        if not visible:  # the order would give the hidden ranking away
            raise VotesHidden()
        if services.refresh_rank_order(process, current_app.config.get("RANKING_MAX_AGE", 60)):
            db.session.commit()
    pagination = services.list_proposals(process, query, current_user, per_page=per_page)
    items = [proposal_summary(p, visible) for p in pagination.items]
    return jsonify(page_json(pagination, items))


@bp.route("/processes/<slug>/proposals", methods=["POST"])
@login_required
@post_limit
def create_proposal(slug: str):
    process = get_process(slug)
    data = inputs.json_body(PROPOSAL_FIELDS, required=("title", "body"))
    given = services.ProposalInput(
        title=data["title"], body=data["body"], topic_id=data.get("topic"),
        district_id=data.get("district"), lat=data.get("lat"), lon=data.get("lon"),
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

DOC = ApiDoc(
    schemas={
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
                    "description": "Give lat and lon together, or neither."},
            "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
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
                "responses": {**ok("ProposalList", "A page of ideas."),
                              **errors(403, 404, 422)},
            },
            "post": {
                "operationId": "createProposal", "summary": "Post a new idea (ideas phase).",
                "security": NEEDS_AUTH, "parameters": [param_ref("slug"), *WRITE_PARAMS],
                "requestBody": body("ProposalInput"),
                "responses": {
                    **ok("Proposal", "The idea was published.", 201, headers={
                        "Location": {"description": "The API address of the new idea.",
                                     "schema": {"type": "string", "format": "uri"}}}),
                    **errors(400, 401, 403, 404, 409, 422, 429),
                },
            },
        },
        "/proposals/{proposal_id}": {"get": {
            "operationId": "getProposal", "summary": "One idea with its vote figures.",
            "security": OPTIONAL_AUTH, "parameters": [param_ref("proposal_id")],
            "responses": {**ok("Proposal", "The idea."), **errors(404)},
        }},
        "/proposals/{proposal_id}/images": {"post": {
            "operationId": "addProposalImage",
            "summary": "Add a picture to an idea (its author or a moderator; at most three).",
            "security": NEEDS_AUTH, "parameters": [param_ref("proposal_id"), *WRITE_PARAMS],
            "requestBody": {"required": True, "content": {
                "multipart/form-data": {"schema": ref("ImageUpload")}}},
            "responses": {**ok("Image", "The picture was added.", 201),
                          **errors(400, 401, 403, 404, 409, 413, 415, 422, 429)},
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
