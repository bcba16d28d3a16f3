"""Vote pages: support or give points from a form, compare pairs, the explained ranking."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError, require
from ..extensions import db, limiter
from ..forms import submit_form
from ..pagecache import page_cache
from ..permissions import person_key, role_required, vote_address_limit
from ..processes.models import VoteMethod
from ..processes.rules import votes_visible
from ..processes.services import get_process
from ..proposals.services import get_proposal
from ..urls import safe_next
from . import rules, services
from .forms import CHANNEL_LABELS, PaperCorrectionForm, PaperVoteForm
from .ranking import channel_totals

bp = Blueprint("votes", __name__)
staff_required = role_required(*rules.PAPER_STAFF)

vote_limit = limiter.limit(lambda: current_app.config["VOTE_RATE_LIMIT"], key_func=person_key,
                           methods=["POST"])
address_limit = vote_address_limit()
pair_limit = limiter.limit(lambda: current_app.config["PAIR_RATE_LIMIT"], key_func=person_key,
                           methods=["POST"])


def _back(proposal_id: int):
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for("proposals.detail", proposal_id=proposal_id,
                                      _anchor="vote"))


def _points_field() -> int | None:
    raw = (request.form.get("points") or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        abort(400)
    return int(raw)


def _change_vote(proposal_id: int, change, done_message):
    """Cast or take back a vote from the idea's box, and go back to where the box was."""
    proposal = get_proposal(proposal_id)
    try:
        change(current_user, proposal, _points_field())
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(done_message(proposal.process), "success")
    return _back(proposal.id)


@bp.route("/proposals/<int:proposal_id>/vote", methods=["POST"])
@login_required
@vote_limit
@address_limit
def vote(proposal_id: int):
    """Support the idea, or give it points (field `points`, default 1)."""
    return _change_vote(proposal_id, services.cast_vote, lambda process: (
        _("Your point is counted.") if process.method == VoteMethod.DOTS
        else _("Thank you, your support is counted.")))


@bp.route("/proposals/<int:proposal_id>/vote/remove", methods=["POST"])
@login_required
@vote_limit
@address_limit
def unvote(proposal_id: int):
    """Take back the support, or points (field `points`, default all)."""
    return _change_vote(proposal_id, services.take_back_vote,
                        lambda _process: _("Your vote is taken back."))


@bp.route("/processes/<slug>/compare", methods=["GET", "POST"])
@login_required
@pair_limit
def compare(slug: str):
    """Pairwise comparison: two ideas, pick one or say you can't decide."""
    process = get_process(slug)
    require(rules.check_pairwise(current_user, process))
    if request.method == "POST":
        choice = request.form.get("winner", "")
        winner = int(choice) if choice.isdigit() else None
        if choice not in ("", "none") and winner is None:
            abort(400)
        try:
            services.answer_pair(current_user, process, request.form.get("token", ""), winner)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Thank you! Here is the next pair."), "success")
        return redirect(url_for("votes.compare", slug=slug))
    pair = services.next_pair(current_user, process)
    return render_template("votes/compare.html", process=process, pair=pair,
                           answered=services.pairs_answered(current_user, process))


@bp.route("/processes/<slug>/ranking")
@page_cache
def ranking(slug: str):
    process = get_process(slug)
    can_enter_paper = rules.can_enter_paper_votes(current_user)
    if not votes_visible(process):
        return render_template("votes/ranking.html", process=process, ranked=None,
                               totals=None, can_enter_paper=can_enter_paper), 200
    ranked = services.ranking_for(process)
    return render_template(
        "votes/ranking.html", process=process, ranked=ranked,
        totals=channel_totals([services.idea_input(process, p) for _r, p in ranked]),
        can_enter_paper=can_enter_paper,
    )


@bp.route("/processes/<slug>/paper-votes", methods=["GET", "POST"])
@staff_required
def paper_votes(slug: str):
    """Staff enter votes counted on paper, at a stand or at an event; the whole history."""
    process = get_process(slug)
    form = PaperVoteForm()
    entry, status = submit_form(form, lambda: services.enter_paper_votes(
        current_user, services.paper_vote_target(process, form.proposal_id.data),
        form.count.data, form.channel.data, form.note.data or ""))
    if status is None:
        flash(_("Saved: %(num)d votes for “%(title)s”.", num=form.count.data,
                title=entry.proposal.title), "success")
        return redirect(url_for("votes.paper_votes", slug=slug))
    page = services.paper_vote_entries(process, request.args.get("page", 1, type=int))
    return render_template("votes/paper.html", process=process, form=form, page=page,
                           replaced=services.replaced_ids(page.items),
                           channels=CHANNEL_LABELS), status


@bp.route("/paper-votes/<int:entry_id>/correct", methods=["GET", "POST"])
@staff_required
def correct_paper_votes(entry_id: int):
    entry = services.get_paper_entry(entry_id)
    form = PaperCorrectionForm()
    if request.method == "GET":
        form.count.data = entry.count
    _done, status = submit_form(form, lambda: services.correct_paper_votes(
        current_user, entry, form.count.data, form.reason.data or ""))
    if status is None:
        flash(_("The entry is corrected; the old one stays in the history."), "success")
        return redirect(url_for("votes.paper_votes", slug=entry.proposal.process.slug))
    return render_template("votes/paper_correct.html", entry=entry, form=form,
                           channels=CHANNEL_LABELS,
                           replacement=services.replacement_of(entry)), status


@bp.route("/how-the-ranking-works")
def method():
    return render_template("votes/method.html")

