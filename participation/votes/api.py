"""JSON API of votes: vote and take back, pairwise comparison, the combined ranking
(mounted under /api/v1 by the api package)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_login import current_user, login_required

from ..apikit import inputs
from ..apikit.docs import (
    BOOL,
    COUNT,
    DATE_TIME,
    NEEDS_AUTH,
    NUMBER,
    OPTIONAL_AUTH,
    STR,
    WRITE_PARAMS,
    ApiDoc,
    body,
    errors,
    nullable,
    obj,
    ok,
    param,
    param_ref,
    ref,
)
from ..apikit.inputs import MAX_INT
from ..errors import VotesHidden
from ..extensions import db, limiter
from ..models_base import utcnow
from ..permissions import person_key, vote_address_limit
from ..processes.rules import votes_visible
from ..processes.services import get_process
from ..proposals import services as proposal_services
from . import services
from .ranking import CHANNELS
from .serialize import pair_json, ranking_json, vote_answer

bp = Blueprint("votes", __name__)

vote_limit = limiter.limit(lambda: current_app.config.get("VOTE_RATE_LIMIT", "30 per minute"),
                           key_func=person_key)
address_limit = vote_address_limit()
pair_limit = limiter.limit(lambda: current_app.config.get("PAIR_RATE_LIMIT", "60 per minute"),
                           key_func=person_key)

VOTE_FIELDS = {"points": inputs.whole_number}
PAIR_FIELDS = {"token": inputs.text, "winner": inputs.optional_id}


@bp.route("/proposals/<int:proposal_id>/vote", methods=["POST"])
@login_required
@vote_limit
@address_limit
def vote(proposal_id: int):
    proposal = proposal_services.get_visible_proposal(current_user, proposal_id)
    data = inputs.json_body(VOTE_FIELDS, allow_empty=True)
    services.cast_vote(current_user, proposal, data.get("points"))
    db.session.commit()
    return jsonify(vote_answer(current_user, proposal)), 201


@bp.route("/proposals/<int:proposal_id>/vote", methods=["DELETE"])
@login_required
@vote_limit
@address_limit
def unvote(proposal_id: int):
    # no visibility check: points given to an idea hidden since must still come back
    proposal = proposal_services.get_proposal(proposal_id)
    services.take_back_vote(current_user, proposal, inputs.int_arg("points"))
    db.session.commit()
    return jsonify(vote_answer(current_user, proposal))


@bp.route("/processes/<slug>/pairs/next")
@login_required
def next_pair(slug: str):
    process = get_process(slug)
    return jsonify(pair_json(process, services.next_pair(current_user, process)))


@bp.route("/processes/<slug>/pairs", methods=["POST"])
@login_required
@pair_limit
def answer_pair(slug: str):
    process = get_process(slug)
    data = inputs.json_body(PAIR_FIELDS, required=("token", "winner"))
    services.answer_pair(current_user, process, data["token"], data["winner"])
    db.session.commit()
    return jsonify({"ok": True}), 201


@bp.route("/processes/<slug>/ranking")
def ranking(slug: str):
    process = get_process(slug)
    if not votes_visible(process):
        raise VotesHidden()
    now = utcnow()
    # ranking_for loads author, topic and district with the ideas (no query per idea)
    return jsonify(ranking_json(services.ranking_for(process, now=now), now))


def api_doc() -> ApiDoc:
    return DOC


VOTES = {**nullable(ref("VoteFigures")), "description": "null while the process hides the votes."}
PROPOSAL = [param_ref("proposal_id")]
# OpenAPI links (by operationId): where a counted vote leads on
VOTE_LINKS = {
    "unvote": {"operationId": "unvote",
               "parameters": {"proposal_id": "$request.path.proposal_id"},
               "description": "Take this vote back."},
    "getProposal": {"operationId": "getProposal",
                    "parameters": {"proposal_id": "$request.path.proposal_id"},
                    "description": "The idea with its new figures."},
}
SLUG = [param_ref("slug")]

DOC = ApiDoc(
    schemas={
        "MyVote": obj({
            "supported": {**BOOL, "description": "The caller supports it or gave it points."},
            "points": COUNT,
            "points_left": {"type": ["integer", "null"], "minimum": 0,
                            "description": "The caller's unspent dots; null unless the "
                                           "process votes with dots."},
        }),
        "VoteInput": obj({"points": {
            "type": "integer", "minimum": 1, "maximum": MAX_INT, "default": 1,
            "description": "Dot voting only (the process's vote_method is dots): how many "
                           "points to give. Where the process votes with supports, leave it "
                           "out; sent there it is answered 409 wrong_vote_method."}},
            required=[]),
        "VoteResult": obj({"ok": {"const": True}, "votes": VOTES, "my_vote": ref("MyVote")}),
        "Pair": obj({
            "left": nullable(ref("ProposalSummary")),
            "right": nullable(ref("ProposalSummary")),
            "token": {"type": ["string", "null"],
                      "description": "Send it back with the answer; null when done."},
            "done": {**BOOL, "description": "true when the caller has compared every pair."},
        }),
        "PairAnswer": obj({
            "token": STR,
            "winner": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT,
                       "description": "The id of the preferred idea of the pair, or null for "
                                      "“can't decide”."},
        }),
        "ScorePart": obj({
            "channel": {"type": "string", "enum": list(CHANNELS)},
            "raw": NUMBER,
            "normalised": {"type": "number", "minimum": 0, "maximum": 1},
            "weight": {"type": "number", "minimum": 0},
            "contribution": {"type": "number", "minimum": 0, "maximum": 1},
            "detail": {"type": "object", "additionalProperties": NUMBER,
                       "description": "Channel figures (votes, exposure_days, votes_per_day, "
                                      "best_votes_per_day; dots, most_dots; wins, losses, "
                                      "ties, comparisons)."},
        }),
        "RankedIdea": obj({
            "rank": {"type": "integer", "minimum": 1},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "proposal": ref("ProposalSummary"),
            "parts": {"type": "array", "items": ref("ScorePart")},
        }),
        "Ranking": obj({
            "items": {"type": "array", "items": ref("RankedIdea")},
            "total": COUNT, "computed_at": DATE_TIME,
        }),
    },
    paths={
        "/proposals/{proposal_id}/vote": {
            "post": {
                "operationId": "vote",
                "summary": "Support the idea, or give it dot points (voting phase).",
                "security": NEEDS_AUTH, "parameters": PROPOSAL + WRITE_PARAMS,
                "requestBody": body("VoteInput", required=False),
                "responses": {**ok("VoteResult", "The vote is counted.", 201,
                                   links=VOTE_LINKS),
                              **errors(400, 401, 403, 404, 422, 429, conflicts=(
                                  "phase_closed", "wrong_vote_method", "locked",
                                  "already_voted", "budget_exceeded", "too_many_points"))},
            },
            "delete": {
                "operationId": "unvote",
                "summary": "Take the support back, or some or all dot points.",
                "security": NEEDS_AUTH,
                "parameters": PROPOSAL + WRITE_PARAMS + [param(
                    "points", "query", {"type": "integer", "minimum": 1, "maximum": MAX_INT},
                    "Dot voting only: how many points to take back (default all); where "
                    "the process votes with supports, 409 wrong_vote_method.")],
                "responses": {**ok("VoteResult", "The vote is taken back."),
                              **errors(400, 401, 403, 404, 422, 429, conflicts=(
                                  "phase_closed", "wrong_vote_method"))},
            },
        },
        "/processes/{slug}/pairs/next": {"get": {
            "operationId": "nextPair", "summary": "Two ideas to compare, and a token.",
            "security": NEEDS_AUTH, "parameters": SLUG,
            "responses": {**ok("Pair", "A pair, or done: true when all are answered.", links={
                "answerPair": {"operationId": "answerPair",
                               "parameters": {"slug": "$request.path.slug"},
                               "requestBody": {"token": "$response.body#/token",
                                               "winner": "$response.body#/left/id"},
                               "description": "Answer this pair (here: the left idea "
                                              "wins)."}}),
                          **errors(401, 403, 404, conflicts=("phase_closed",
                                                             "wrong_vote_method"))},
        }},
        "/processes/{slug}/pairs": {"post": {
            "operationId": "answerPair", "summary": "Answer the pair given with the token.",
            "security": NEEDS_AUTH, "parameters": SLUG + WRITE_PARAMS,
            "requestBody": body("PairAnswer"),
            "responses": {**ok("Ok", "The answer is counted.", 201),
                          **errors(400, 401, 403, 404, 422, 429, conflicts=(
                              "phase_closed", "wrong_vote_method", "already_voted"))},
        }},
        "/processes/{slug}/ranking": {"get": {
            "operationId": "ranking",
            "summary": "The combined ranking, each score explained by its parts.",
            "security": OPTIONAL_AUTH, "parameters": SLUG,
            "responses": {**ok("Ranking", "Every ranked idea, best first."),
                          **errors(403, 404)},
        }},
    },
)
