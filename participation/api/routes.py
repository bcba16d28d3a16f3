"""Routes of the JSON API (see openapi.py for the document that describes them).

Each route reads and type-checks its input (inputs.py), calls the same service functions
as the HTML pages, commits after a successful write and shapes the answer (schemas.py).
Domain errors become `{"error": {code, message}}` in web.py, which also rolls back.
"""

from __future__ import annotations

from flask import current_app, jsonify, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..errors import NotAllowed, NotFound
from ..extensions import db, limiter
from ..models_base import utcnow
from ..permissions import person_key, vote_address_limit
from ..processes import services as process_services
from ..processes.models import Process
from ..processes.services import get_process
from ..proposals import rules as proposal_rules
from ..proposals import services as proposal_services
from ..proposals.models import Proposal, ProposalStatus
from ..votes import rules as vote_rules
from ..votes import services as vote_services
from . import bp, inputs, schemas
from .openapi import build_document


class VotesHidden(NotAllowed):
    code = "votes_hidden"
    default_message = _l("The votes are hidden until the voting has ended.")


post_limit = limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"], key_func=person_key)
vote_limit = limiter.limit(lambda: current_app.config.get("VOTE_RATE_LIMIT", "30 per minute"),
                           key_func=person_key)
address_limit = vote_address_limit()
pair_limit = limiter.limit(lambda: current_app.config.get("PAIR_RATE_LIMIT", "60 per minute"),
                           key_func=person_key)

PROPOSAL_FIELDS = {
    "title": inputs.text, "body": inputs.text,
    "topic": inputs.optional_id, "district": inputs.optional_id,
    "lat": inputs.optional_number, "lon": inputs.optional_number,
}
VOTE_FIELDS = {"points": inputs.whole_number}
PAIR_FIELDS = {"token": inputs.text, "winner": inputs.optional_id}


def _visible_proposal(proposal_id: int) -> Proposal:
    proposal = proposal_services.get_proposal(proposal_id)
    if not proposal_rules.can_see_proposal(current_user, proposal):
        raise NotFound(_("This idea does not exist."))
    return proposal


def _my_vote(process: Process, proposal: Proposal) -> dict | None:
    if not current_user.is_authenticated:
        return None
    mine = vote_services.my_votes(current_user, process, [proposal.id])
    return schemas.my_vote_json(process, mine, proposal.id)


def _proposal_answer(proposal: Proposal) -> dict:
    process = proposal.process
    return schemas.proposal_json(proposal, process, vote_rules.votes_visible(process),
                                 _my_vote(process, proposal))


def _vote_answer(proposal: Proposal) -> dict:
    process = proposal.process
    visible = (vote_rules.votes_visible(process)
               and proposal_rules.can_see_proposal(current_user, proposal))
    return {"ok": True, "votes": schemas.vote_figures(proposal, visible),
            "my_vote": _my_vote(process, proposal)}


@bp.route("/openapi.json")
def openapi():
    return jsonify(build_document())


@bp.route("/processes")
def list_processes():
    page, per_page = inputs.pagination_args()
    pagination = process_services.list_processes(page, per_page)
    items = [schemas.process_json(p, vote_rules.votes_visible(p)) for p in pagination.items]
    return jsonify(schemas.page_json(pagination, items))


@bp.route("/processes/<slug>/proposals")
def list_proposals(slug: str):
    process = get_process(slug)
    page, per_page = inputs.pagination_args()
    status = inputs.choice_arg("status", [s.value for s in ProposalStatus])
    if status is not None and status not in proposal_rules.filterable_statuses(current_user):
        raise NotAllowed(_("Only moderators can list ideas with this status."))
    query = proposal_services.ProposalQuery(
        topic_id=inputs.int_arg("topic"), district_id=inputs.int_arg("district"),
        status=status,
        q=inputs.search_arg(),
        sort=inputs.choice_arg("sort", proposal_services.SORTS, "new"), page=page,
    )
    visible = vote_rules.votes_visible(process)
    if query.sort == "rank":
        if not visible:  # the order would give the hidden ranking away
            raise VotesHidden()
        if vote_services.refresh_stored_ranking(
                process, current_app.config.get("RANKING_MAX_AGE", 60)):
            db.session.commit()
    pagination = proposal_services.list_proposals(process, query, current_user,
                                                  per_page=per_page)
    items = [schemas.proposal_summary(p, visible) for p in pagination.items]
    return jsonify(schemas.page_json(pagination, items))


@bp.route("/processes/<slug>/proposals", methods=["POST"])
@login_required
@post_limit
def create_proposal(slug: str):
    process = get_process(slug)
    data = inputs.json_body(PROPOSAL_FIELDS, required=("title", "body"))
    given = proposal_services.ProposalInput(
        title=data["title"], body=data["body"], topic_id=data.get("topic"),
        district_id=data.get("district"), lat=data.get("lat"), lon=data.get("lon"),
    )
    proposal = proposal_services.submit_proposal(current_user, process, given)
    db.session.commit()
    response = jsonify(_proposal_answer(proposal))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_proposal", proposal_id=proposal.id,
                                           _external=True)
    return response


@bp.route("/proposals/<int:proposal_id>")
def get_proposal(proposal_id: int):
    return jsonify(_proposal_answer(_visible_proposal(proposal_id)))


@bp.route("/proposals/<int:proposal_id>/vote", methods=["POST"])
@login_required
@vote_limit
@address_limit
def vote(proposal_id: int):
    proposal = _visible_proposal(proposal_id)
    data = inputs.json_body(VOTE_FIELDS, allow_empty=True)
    vote_services.cast_vote(current_user, proposal, data.get("points"))
    db.session.commit()
    return jsonify(_vote_answer(proposal)), 201


@bp.route("/proposals/<int:proposal_id>/vote", methods=["DELETE"])
@login_required
@vote_limit
@address_limit
def unvote(proposal_id: int):
    # no visibility check: points given to an idea hidden since must still come back
    proposal = proposal_services.get_proposal(proposal_id)
    vote_services.take_back_vote(current_user, proposal, inputs.int_arg("points"))
    db.session.commit()
    return jsonify(_vote_answer(proposal))


@bp.route("/processes/<slug>/pairs/next")
@login_required
def next_pair(slug: str):
    process = get_process(slug)
    pair = vote_services.next_pair(current_user, process)
    left, right, token = pair if pair is not None else (None, None, None)
    return jsonify(schemas.pair_json(left, right, token, vote_rules.votes_visible(process)))


@bp.route("/processes/<slug>/pairs", methods=["POST"])
@login_required
@pair_limit
def answer_pair(slug: str):
    process = get_process(slug)
    data = inputs.json_body(PAIR_FIELDS, required=("token", "winner"))
    vote_services.answer_pair(current_user, process, data["token"], data["winner"])
    db.session.commit()
    return jsonify({"ok": True}), 201


@bp.route("/processes/<slug>/ranking")
def ranking(slug: str):
    process = get_process(slug)
    if not vote_rules.votes_visible(process):
        raise VotesHidden()
    now = utcnow()
    ranked = vote_services.ranking_for(process, now=now)
    # one query loads author, topic and district of every ranked idea (no query per idea)
    db.session.execute(
        select(Proposal).where(Proposal.process_id == process.id,
                               Proposal.status.in_(vote_services.RANKED_STATUSES))
        .options(joinedload(Proposal.author), joinedload(Proposal.topic),
                 joinedload(Proposal.district))
    ).unique().scalars().all()
    items = [schemas.ranked_json(r, p) for r, p in ranked]
    return jsonify({"items": items, "total": len(items), "computed_at": schemas.iso(now)})
