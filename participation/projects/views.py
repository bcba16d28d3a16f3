"""Pages of candidate projects: the public results, the planner's workspace, a project,
the "why not" answers, and what other cities did (with the admin's feed import)."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_currency
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import pictures
from ..accounts.models import Role
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, commit_form
from ..permissions import role_required
from ..processes.services import get_process
from ..proposals import services as proposal_services
from ..proposals.services import get_proposal
from . import chart, downloads, feed, rules, services
from .forms import ImportForm, ProjectForm, ProjectPictureForm, StatusForm, WhyNotForm
from .models import CRITERIA, CRITERION_LABELS, MAX_PROJECT_PICTURES, SUMMARY_MAX

bp = Blueprint("projects", __name__)
planner_required = role_required(Role.PLANNER)
WORKSPACE_PAGE = 50  # ideas per workspace page; each carries its score's explanation
DUPLICATES_PAGE = 20  # pairs of look-alike ideas per page


@bp.app_template_filter("money")
def money_filter(cents: int | None) -> str:
    """Euro cents as an amount in the reader's language: 12.500,00 € or €12,500.00."""
    return "" if cents is None else format_currency(Decimal(cents) / 100, "EUR")


@bp.app_template_global("project_of_proposal")
def project_of_proposal(proposal):
    """The candidate project an idea became part of, if the viewer may see it."""
    project = services.project_for_proposal(proposal)
    return project if project is not None and rules.can_see_project(current_user,
                                                                    project) else None


@bp.context_processor
def project_helpers():
    return {"empty_figures": services.Figures(),
            "criterion_label": lambda c: str(CRITERION_LABELS[c])}


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _ids(values: list[str]) -> list[int]:
    """The idea numbers of a form or address, each once, in the order given."""
    return list(dict.fromkeys(int(v) for v in values if v.isdigit() and len(v) < 10))


def _visible_project(project_id: int):
    project = services.get_project(project_id)
    if not rules.can_see_project(current_user, project):
        abort(404)
    return project


def _chart_svg(items) -> Markup | None:
    if not items:
        return None
    return Markup(chart.svg(  # noqa: S704 - chart.svg escapes every text it writes
        items, _("Ranking of the best ideas"),
        _("Bar chart of the %(num)d best-ranked ideas by their combined score from 0 to 100; "
          "ideas that became part of a project are drawn dark. The table below gives the "
          "same figures.", num=len(items)), downloads.value_format))


@bp.route("/processes/<slug>/projects")
def results(slug: str):
    """The published project list with origin, status history and the ranking chart."""
    process = get_process(slug)
    projects = services.projects_of(process, include_drafts=False)
    items = downloads.chart_items(process, {p.id for p in projects})
    sources = [link.proposal for p in projects for link in p.links]
    return render_template(
        "projects/results.html", process=process, projects=projects,
        figures=services.project_figures(process), workshops=services.workshop_titles(sources),
        chart_items=items, chart_svg=_chart_svg(items), can_plan=rules.can_plan(current_user),
        criteria=CRITERIA)


@bp.route("/processes/<slug>/projects/workspace")
@planner_required
def workspace(slug: str):
    """The planner's shortlist: the combined ranking, filtered, with each score explained."""
    process = get_process(slug)
    topic_id, district_id = _int_arg("topic"), _int_arg("district")
    # planners see the ranking even while a process hides it from citizens
    ranked = services.workspace_ranking(process, topic_id, district_id,
                                        page=_int_arg("page") or 1, per_page=WORKSPACE_PAGE)
    projects = services.projects_of(process, include_drafts=True)
    return render_template(
        "projects/workspace.html", process=process, ranked=ranked, projects=projects,
        figures=services.project_figures(process), in_project=services.projects_by_proposal(
            process), topic_id=topic_id, district_id=district_id,
        problem=rules.check_edit_projects(current_user, process), form=EmptyForm(),
        why_not_form=WhyNotForm(), has_drafts=any(not p.is_published for p in projects),
        has_published=any(p.is_published for p in projects))


@bp.route("/processes/<slug>/projects/duplicates")
@planner_required
def duplicates(slug: str):
    """Pairs of ideas that look alike, most alike first, each with a one-click merge."""
    process = get_process(slug)
    page = _int_arg("page") or 1
    rows, total = proposal_services.possible_duplicates(process, page, DUPLICATES_PAGE)
    return render_template(
        "projects/duplicates.html", process=process, rows=rows, total=total, page=page,
        pages=max(1, -(-total // DUPLICATES_PAGE)),
        in_project=services.projects_by_proposal(process),
        problem=rules.check_edit_projects(current_user, process))


@bp.route("/processes/<slug>/projects/choose", methods=["POST"])
@planner_required
def choose(slug: str):
    """The workspace's one form: the chosen ideas become a new project, or join one."""
    process = get_process(slug)
    chosen = _ids(request.form.getlist("proposal"))
    target = request.form.get("target", "new")
    if not chosen:
        flash(_("Choose at least one idea for the project."), "error")
        return redirect(url_for("projects.workspace", slug=slug))
    if target == "new":
        return redirect(url_for("projects.new", slug=slug, proposal=chosen))
    project = services.get_project(int(target)) if target.isdigit() else None
    if project is None or project.process_id != process.id:
        abort(400)
    return _post_action(lambda: services.add_proposals(current_user, project, chosen),
                        _("The ideas are merged into the project."),
                        url_for("projects.detail", project_id=project.id))


def _input_from(form: ProjectForm) -> services.ProjectInput:
    return services.ProjectInput(
        title=form.title.data or "", summary=form.summary.data or "",
        department=form.department.data or "", cost_eur=form.cost.data,
        time_frame=form.time_frame.data or "", district_id=form.district.data,
        scores={c: form[c].score.data for c in CRITERIA},
        comments={c: form[c].comment.data or "" for c in CRITERIA})


def _save(form: ProjectForm, action, success: str):
    """A posted project form: validate it and commit the service call that returns the
    project. Returns (the redirect to the project, 302) when saved, else (None, the status
    to show the form again with)."""
    if not form.validate_on_submit():
        return None, 400
    project, failed = commit_form(form, action)
    if failed is not None:
        return None, failed
    flash(success, "success")
    return redirect(url_for("projects.detail", project_id=project.id)), 302


@bp.route("/processes/<slug>/projects/new", methods=["GET", "POST"])
@planner_required
def new(slug: str):
    """Make a project from the ideas chosen in the workspace (several: they are merged)."""
    process = get_process(slug)
    # the workspace sends the ideas in the address (GET); the form posts them back to that
    # same address as hidden fields, so a POST reads only its body
    chosen = _ids((request.form if request.method == "POST" else request.args)
                  .getlist("proposal"))
    proposals = [get_proposal(i) for i in chosen[:50]]
    form = ProjectForm()
    form.set_choices(process)
    if request.method == "GET" and proposals:
        form.title.data = proposals[0].title
        form.district.data = proposals[0].district_id
        form.summary.data = "\n\n".join(p.body for p in proposals)[:SUMMARY_MAX]
    status = 200
    if request.method == "POST" and "title" in request.form:
        saved, status = _save(form, lambda: services.create_project(
            current_user, process, chosen, _input_from(form)),
            _("The candidate project is saved as a draft."))
        if saved:
            return saved
    return render_template("projects/form.html", process=process, form=form, project=None,
                           proposals=proposals,
                           problem=rules.check_edit_projects(current_user, process)), status


@bp.route("/projects/<int:project_id>")
def detail(project_id: int):
    project = _visible_project(project_id)
    sources = [link.proposal for link in project.links]
    status_form = StatusForm()
    status_form.status.data = project.status
    return render_template(
        "projects/detail.html", project=project, process=project.process,
        figures=services.project_figures(project.process).get(project.id, services.Figures()),
        workshops=services.workshop_titles(sources), criteria=CRITERIA,
        can_edit=rules.can_edit_projects(current_user, project.process),
        status_form=status_form, form=EmptyForm())


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@planner_required
def edit(project_id: int):
    project = services.get_project(project_id)
    form = ProjectForm(obj=None if request.method == "POST" else project)
    form.set_choices(project.process)
    if request.method == "GET":
        form.cost.data = (None if project.cost_cents is None
                          else Decimal(project.cost_cents) / 100)
        for c in CRITERIA:
            form[c].score.data = project.score(c)
            form[c].comment.data = project.comment(c)
    status = 200
    if request.method == "POST":

        def update():
            services.update_project(current_user, project, _input_from(form))
            return project

        saved, status = _save(form, update, _("Your changes are saved."))
        if saved:
            return saved
    return _edit_page(project, form, ProjectPictureForm(), status)


def _edit_page(project, form: ProjectForm, picture_form: ProjectPictureForm, status: int):
    return render_template("projects/form.html", process=project.process, form=form,
                           project=project, proposals=[x.proposal for x in project.links],
                           problem=rules.check_edit_projects(current_user, project.process),
                           picture_form=picture_form, button_form=EmptyForm(),
                           can_add_picture=len(project.pictures) < MAX_PROJECT_PICTURES,
                           ), status


@bp.route("/projects/<int:project_id>/images", methods=["POST"])
@pictures.accepts_picture
@planner_required
def add_image(project_id: int):
    project = services.get_project(project_id)
    form = ProjectPictureForm()
    if form.validate_on_submit():
        upload = form.picture.data
        data = upload.read(pictures.MAX_BYTES + 1) if getattr(upload, "filename", "") else b""
        _done, failed = commit_form(form, lambda: services.add_project_image(
            current_user, project, data, form.alt.data), field=form.picture)
        if failed is None:
            flash(_("The picture is added."), "success")
            return redirect(url_for("projects.edit", project_id=project.id))
        status = failed
    else:
        status = 400
    project_form = ProjectForm(obj=project)
    project_form.set_choices(project.process)
    return _edit_page(project, project_form, form, status)


@bp.route("/project-images/<int:image_id>/remove", methods=["POST"])
@planner_required
def remove_image(image_id: int):
    image = services.get_project_image(image_id)
    project_id = image.project_id
    return _post_action(lambda: services.remove_project_image(current_user, image),
                        _("The picture is removed."),
                        url_for("projects.edit", project_id=project_id))


def _post_action(action, success: str, target: str):
    """Run a planner's button action: CSRF-checked form, service call, commit or flash."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(target)


@bp.route("/projects/<int:project_id>/status", methods=["POST"])
@planner_required
def change_status(project_id: int):
    project = services.get_project(project_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Please choose a status."), "error")
        return redirect(url_for("projects.detail", project_id=project.id))
    return _post_action(lambda: services.set_status(current_user, project, form.status.data,
                                                    form.note.data or ""),
                        _("The status is changed."),
                        url_for("projects.detail", project_id=project.id))


@bp.route("/projects/<int:project_id>/proposals/<int:proposal_id>/remove", methods=["POST"])
@planner_required
def remove_proposal(project_id: int, proposal_id: int):
    project = services.get_project(project_id)
    return _post_action(lambda: services.remove_proposal(current_user, project, proposal_id),
                        _("The idea is no longer part of the project."),
                        url_for("projects.detail", project_id=project.id))


@bp.route("/projects/<int:project_id>/delete", methods=["POST"])
@planner_required
def delete(project_id: int):
    project = services.get_project(project_id)
    slug = project.process.slug
    return _post_action(lambda: services.delete_project(current_user, project),
                        _("The draft project is deleted."),
                        url_for("projects.workspace", slug=slug))


def _list_action(slug: str, action, success: str):
    """A button on the whole project list of a process: back to the workspace after it."""
    process = get_process(slug)
    return _post_action(lambda: action(current_user, process), success,
                        url_for("projects.workspace", slug=slug))


@bp.route("/processes/<slug>/projects/publish", methods=["POST"])
@planner_required
def publish(slug: str):
    return _list_action(slug, services.publish_projects, _("The project list is published."))


@bp.route("/processes/<slug>/projects/unpublish", methods=["POST"])
@planner_required
def unpublish(slug: str):
    return _list_action(slug, services.unpublish_projects,
                        _("The project list is no longer public."))


@bp.route("/proposals/<int:proposal_id>/why-not", methods=["POST"])
@planner_required
def why_not(proposal_id: int):
    proposal = get_proposal(proposal_id)
    form = WhyNotForm()
    target = request.form.get("back") == "workspace" and url_for(
        "projects.workspace", slug=proposal.process.slug, _anchor=f"idea-{proposal.id}")
    target = target or url_for("proposals.detail", proposal_id=proposal.id)
    if not form.validate_on_submit():
        flash(_("Please say why the idea did not become a project."), "error")
        return redirect(target)
    return _post_action(lambda: services.answer_why_not(current_user, proposal,
                                                        form.reason.data),
                        _("The answer is published on the idea."), target)


@bp.route("/proposals/<int:proposal_id>/why-not/clear", methods=["POST"])
@planner_required
def clear_why_not(proposal_id: int):
    proposal = get_proposal(proposal_id)
    return _post_action(lambda: services.clear_why_not(current_user, proposal),
                        _("The answer is taken back."),
                        url_for("projects.workspace", slug=proposal.process.slug,
                                _anchor=f"idea-{proposal.id}"))


@bp.route("/schemas/projects-v1.schema.json")
def feed_schema():
    response = Response(feed.SCHEMA_PATH.read_bytes(), mimetype="application/schema+json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/other-cities")
def other_cities():
    """Projects imported from other cities' feeds, each marked with its city."""
    return render_template("projects/other_cities.html", feeds=feed.imported_feeds(),
                           can_import=rules.can_import(current_user), form=EmptyForm())


@bp.route("/admin/feeds", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def import_feed():
    """An admin imports another city's project feed, from an address or a file."""
    form = ImportForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            imported, failed = commit_form(form, lambda: feed.import_from(
                current_user, form.upload.data, form.url.data))
            status = failed or status
            if failed is None:
                flash(_("Imported %(num)d projects of %(city)s.", num=len(imported.projects),
                        city=imported.city), "success")
                return redirect(url_for("projects.other_cities"))
        else:
            status = 400
    return render_template("projects/import.html", form=form), status


@bp.route("/admin/feeds/<int:feed_id>/delete", methods=["POST"])
@role_required(Role.ADMIN)
def delete_feed(feed_id: int):
    return _post_action(lambda: feed.delete_imported_feed(current_user, feed_id),
                        _("The imported projects are removed."),
                        url_for("projects.other_cities"))
