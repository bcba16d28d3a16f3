"""Idea pages: list, detail, new, edit, withdraw, comments, reports and moderation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import pictures
from ..errors import DomainError, InvalidImage, InvalidInput
from ..extensions import db, limiter
from ..forms import EmptyForm, commit_form
from ..pagecache import page_cache
from ..permissions import person_key
from ..processes.rules import votes_visible
from ..processes.services import get_process
from . import rules, services
from .forms import (
    CommentForm,
    HideForm,
    ProposalForm,
    RemovePictureForm,
    ReportForm,
    parse_coordinate,
)
from .models import MAX_PICTURES, Comment, ProposalStatus

bp = Blueprint("proposals", __name__)


post_limit = limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"],
                           key_func=person_key, methods=["POST"])


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/processes/<slug>/proposals")
@page_cache
def index(slug: str):
    process = get_process(slug)
    sort = request.args.get("sort", "new")
    query = services.ProposalQuery(
        topic_id=_int_arg("topic"), district_id=_int_arg("district"),
        status=request.args.get("status") or None, q=(request.args.get("q") or "")[:200],
        sort=sort if sort in services.SORTS else "new", page=_int_arg("page") or 1,
    )
    if query.sort == "rank" and not votes_visible(process):
        query.sort = "new"  # the order would reveal the hidden ranking
    if query.sort == "rank" and services.refresh_rank_order(
            process, current_app.config["RANKING_MAX_AGE"]):
        db.session.commit()
    page = services.list_proposals(process, query, current_user,
                                   per_page=current_app.config["PROPOSALS_PER_PAGE"])
    statuses = rules.filterable_statuses(current_user)
    map_view = request.args.get("view") == "map"
    geojson_url = url_for("api.proposals.map_proposals", slug=process.slug, q=query.q or None,
                          topic=query.topic_id, district=query.district_id,
                          status=query.status) if map_view else None
    return render_template(
        "proposals/index.html", process=process, page=page, query=query,
        map_view=map_view, geojson_url=geojson_url,
        statuses=[ProposalStatus(s) for s in statuses],
        can_post=rules.can_create_proposal(current_user, process),
        **services.page_parts(process, page.items, current_user, "list"),
    )


def _input_from(form: ProposalForm) -> services.ProposalInput:
    return services.ProposalInput(
        title=form.title.data or "", body=form.body.data or "",
        topic_id=form.topic.data, district_id=form.district.data,
        lat=parse_coordinate(form.lat.data), lon=parse_coordinate(form.lon.data),
        place=form.place.data,
    )


def _picture_of(form: ProposalForm) -> bytes | None:
    upload = form.picture.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return upload.read(pictures.MAX_BYTES + 1)


def _commit_idea(form: ProposalForm, save) -> tuple[object, int | None]:
    """Run `save` (posting or changing the idea; it returns the idea) and add the form's
    picture in the same transaction, then commit: a refused picture leaves nothing of the
    idea stored, and its error shows under its field. Returns (idea, None) or (None, the
    error's status)."""
    data = _picture_of(form)
    stage = "idea"
    try:
        proposal = save()
        if data is not None:
            stage = "picture"
            services.add_image(current_user, proposal, data, form.picture_alt.data)
        elif (form.picture_alt.data or "").strip():
            stage = "picture"
            raise InvalidInput(_("Please choose the picture this description belongs to."))
    except DomainError as exc:
        db.session.rollback()
        if stage == "idea":  # shown above the form, as commit_form does, with a 400
            form.form_errors.append(exc.message)
            return None, 400
        elif isinstance(exc, InvalidInput) and not isinstance(exc, InvalidImage):
            form.picture_alt.errors.append(exc.message)
        else:
            form.picture.errors.append(exc.message)
        return None, exc.status
    db.session.commit()
    return proposal, None


@bp.route("/processes/<slug>/proposals/new", methods=["GET", "POST"])
@pictures.accepts_picture
@login_required
@post_limit
def new(slug: str):
    process = get_process(slug)
    problem = rules.check_create_proposal(current_user, process)
    form = ProposalForm()
    form.set_choices(process)
    similar, failed = [], None
    with_picture = bool(getattr(form.picture.data, "filename", ""))
    if (problem is None and form.validate_on_submit() and form.similar_seen.data != "1"
            and not with_picture):
        # Without the page's script the writer has not seen the look-alikes yet: show them
        # first, with the form kept; publishing is one more click. Not with a picture
        # attached: no browser keeps a chosen file on a page shown again, so the writer
        # would have to choose it once more (the script shows the look-alikes while typing).
        similar = services.similar_proposals(process, form.title.data, form.body.data)
        form.similar_seen.data = "1"
    if problem is None and not similar and form.validate_on_submit():
        proposal, failed = _commit_idea(
            form, lambda: services.submit_proposal(current_user, process, _input_from(form)))
        if failed is None:
            flash(_("Thank you! Your idea is published."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    status = failed or (400 if form.errors or form.form_errors
                        else (problem.status if problem else 200))
    return render_template("proposals/form.html", form=form, process=process, problem=problem,
                           proposal=None, similar=similar), status


@bp.route("/processes/<slug>/proposals/similar")
@limiter.limit("120/minute")
def similar(slug: str):
    """The look-alikes of a text being written, as a piece of HTML for the form's script."""
    process = get_process(slug)
    title = request.args.get("title", "")[:current_app.config["TITLE_MAX"]]
    body = request.args.get("body", "")[:current_app.config["BODY_MAX"]]
    found = services.similar_proposals(process, title, body)
    response = current_app.make_response(render_template(
        "proposals/_similar.html", similar=found, process=process))
    response.headers["Cache-Control"] = "no-store"
    return response


def _render_detail(proposal, comment_form: CommentForm | None = None, status: int = 200):
    return render_template(
        "proposals/detail.html", proposal=proposal,
        comments=services.comment_thread(proposal),
        comment_form=comment_form or CommentForm(), button_form=EmptyForm(),
        hide_form=HideForm(), remove_form=RemovePictureForm(),
        removed_pictures=(services.removed_images(proposal)
                          if current_user.is_authenticated
                          and current_user.id == proposal.author_id else []),
        comment_problem=rules.check_comment(current_user, proposal),
        can_edit=rules.can_edit_proposal(current_user, proposal),
        can_moderate=rules.can_moderate(current_user),
        can_report=rules.can_report(current_user),
        **services.page_parts(proposal.process, [proposal], current_user, "detail"),
    ), status


@bp.route("/proposals/<int:proposal_id>")
def detail(proposal_id: int):
    proposal = services.get_proposal(proposal_id)
    if not rules.can_see_proposal(current_user, proposal):
        abort(404)
    return _render_detail(proposal)


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@pictures.accepts_picture
@login_required
def edit(proposal_id: int):
    proposal = services.get_proposal(proposal_id)
    problem = rules.check_edit_proposal(current_user, proposal)
    if problem is not None:
        raise problem
    form = ProposalForm(obj=None if request.method == "POST" else proposal)
    form.set_choices(proposal.process)
    if request.method == "GET":
        form.topic.data = proposal.topic_id
        form.district.data = proposal.district_id
        form.lat.data = "" if proposal.lat is None else str(proposal.lat)
        form.lon.data = "" if proposal.lon is None else str(proposal.lon)
        form.place.data = proposal.place or ""
    failed = None
    if form.validate_on_submit():
        _done, failed = _commit_idea(form, lambda: (
            services.edit_proposal(current_user, proposal, _input_from(form)) or proposal))
        if failed is None:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, process=proposal.process,
                           problem=None, proposal=proposal, remove_form=RemovePictureForm(),
                           can_add_picture=len(proposal.pictures) < MAX_PICTURES,
                           ), failed or (400 if form.errors else 200)


@bp.route("/images/<int:image_id>/remove", methods=["POST"])
@login_required
@post_limit
def remove_image(image_id: int):
    image = services.get_image(image_id)
    proposal = services.get_visible_proposal(current_user, image.proposal_id)
    form = RemovePictureForm()
    if not form.validate_on_submit():
        abort(400)
    services.remove_image(current_user, image, form.reason.data)
    db.session.commit()
    flash(_("The picture is removed."), "success")
    if request.form.get("back") == "edit" and rules.can_edit_proposal(current_user, proposal):
        return redirect(url_for("proposals.edit", proposal_id=proposal.id))
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/withdraw", methods=["POST"])
@login_required
def withdraw(proposal_id: int):
    proposal = services.get_proposal(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.withdraw_proposal(current_user, proposal)
    db.session.commit()
    flash(_("Your idea is withdrawn."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/comments", methods=["POST"])
@login_required
@post_limit
def comment(proposal_id: int):
    proposal = services.get_proposal(proposal_id)
    if not rules.can_see_proposal(current_user, proposal):
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        parent_id = int(form.parent_id.data) if (form.parent_id.data or "").isdigit() else None
        created, failed = commit_form(form, lambda: services.add_comment(
            current_user, proposal, form.body.data, parent_id), field=form.body)
        if failed is None:
            flash(_("Your comment is published."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id,
                                    _anchor=f"comment-{created.id}"))
    return _render_detail(proposal, form, 400)


def _get_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    return comment


@bp.route("/proposals/<int:proposal_id>/report", methods=["GET", "POST"])
@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@login_required
@post_limit
def report(proposal_id: int | None = None, comment_id: int | None = None):
    comment = _get_comment(comment_id) if comment_id else None
    proposal = comment.proposal if comment else services.get_proposal(proposal_id)
    if not rules.can_see_proposal(current_user, proposal):
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        _done, failed = commit_form(form, lambda: services.report(
            current_user, form.reason.data, proposal=None if comment else proposal,
            comment=comment), field=form.reason)
        if failed is None:
            flash(_("Thank you for your report. The moderators will look at it."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/report.html", form=form, proposal=proposal,
                           comment=comment), 400 if form.errors else 200


@bp.route("/proposals/<int:proposal_id>/hide", methods=["POST"])
@bp.route("/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide(proposal_id: int | None = None, comment_id: int | None = None):
    comment = _get_comment(comment_id) if comment_id else None
    proposal = comment.proposal if comment else services.get_proposal(proposal_id)
    form = HideForm()
    if not form.validate_on_submit():
        flash(_("Please give a reason; the author will see it."), "error")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    if comment:
        services.hide_comment(current_user, comment, form.reason.data)
    else:
        services.hide_proposal(current_user, proposal, form.reason.data)
    db.session.commit()
    flash(_("Hidden. The author sees the reason."), "success")
    return redirect(request.form.get("back") == "moderation" and url_for("proposals.moderation")
                    or url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/unhide", methods=["POST"])
@bp.route("/comments/<int:comment_id>/unhide", methods=["POST"])
@login_required
def unhide(proposal_id: int | None = None, comment_id: int | None = None):
    comment = _get_comment(comment_id) if comment_id else None
    proposal = comment.proposal if comment else services.get_proposal(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if comment:
        services.unhide_comment(current_user, comment)
    else:
        services.unhide_proposal(current_user, proposal)
    db.session.commit()
    flash(_("Visible again."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/moderation")
@login_required
def moderation():
    problem = rules.check_moderate(current_user)
    if problem:
        raise problem
    return render_template("proposals/moderation.html", reports=services.open_reports(),
                           hide_form=HideForm(), button_form=EmptyForm())


@bp.route("/moderation/reports/<int:report_id>/dismiss", methods=["POST"])
@login_required
def dismiss(report_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.dismiss_report(current_user, report_id)
    db.session.commit()
    flash(_("The report is closed; nothing was hidden."), "success")
    return redirect(url_for("proposals.moderation"))
