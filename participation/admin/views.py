"""Admin pages: processes with their phases, topics and districts; user roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts import services as account_services
from ..accounts.models import Role, User
from ..errors import DomainError
from ..extensions import db
from ..forms import commit_form
from ..permissions import role_required
from ..processes import geo, services
from ..processes.models import PHASE_ORDER, Process
from ..proposals import services as proposal_services
from .forms import DistrictFileForm, DistrictSaveForm, RoleForm, build_process_form

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    processes = db.session.execute(select(Process).order_by(Process.created_at.desc())).scalars()
    return render_template("admin/index.html", processes=list(processes))


def _phase_fields(form):
    return [(kind, form[kind.value]) for kind in PHASE_ORDER]


def _apply(form, process: Process | None) -> Process:
    if process is None:
        process = services.create_process(form.slug.data, form.title.data,
                                          form.description.data or "")
    else:
        services.update_process(process, form.title.data, form.description.data or "",
                                slug=form.slug.data or "")
    services.set_phase(process, form.current_phase.data)
    dates = {}
    for kind, field in _phase_fields(form):
        if field.starts_on.data and field.ends_on.data:
            dates[kind] = (field.starts_on.data, field.ends_on.data)
    services.set_phase_dates(process, dates)
    services.set_vote_settings(
        process, method=form.vote_method.data, pairwise_enabled=form.pairwise_enabled.data,
        pairwise_in_ideas=form.pairwise_in_ideas.data, dot_budget=form.dot_budget.data,
        dot_max_per_proposal=form.dot_max_per_proposal.data, votes_hidden=form.votes_hidden.data,
        weights=(float(form.weight_online.data), float(form.weight_workshop.data),
                 float(form.weight_paper.data), float(form.weight_pairwise.data)))
    services.set_topics(process, (form.topics.data or "").splitlines())
    services.set_districts(process, (form.districts.data or "").splitlines())
    db.session.flush()
    return process


def _edit(process: Process | None):
    form = build_process_form()
    if request.method == "GET" and process is not None:
        form.slug.data = process.slug
        form.title.data = process.title
        form.description.data = process.description
        form.current_phase.data = process.current_phase
        form.topics.data = "\n".join(t.name for t in process.topics)
        form.districts.data = "\n".join(d.name for d in process.districts)
        for name in ("vote_method", "pairwise_enabled", "pairwise_in_ideas", "dot_budget",
                     "dot_max_per_proposal", "votes_hidden", "weight_online", "weight_workshop",
                     "weight_paper", "weight_pairwise"):
            form[name].data = getattr(process, name)
        for kind, phase in process.phase_dates().items():
            form[kind.value].starts_on.data = phase.starts_on
            form[kind.value].ends_on.data = phase.ends_on
    if form.validate_on_submit():
        saved, failed = commit_form(form, lambda: _apply(form, process))
        if failed is None:
            flash(_("The process is saved."), "success")
            return redirect(url_for("processes.detail", slug=saved.slug))
    return render_template("admin/process_form.html", form=form, process=process,
                           phase_fields=_phase_fields(form)), \
        400 if (form.errors or form.form_errors) else 200


@bp.route("/processes/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_process():
    return _edit(None)


@bp.route("/processes/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_process(slug: str):
    return _edit(services.get_process(slug))


def _preview(process: Process, shapes) -> dict:
    """The SVG and the table of districts (name, ideas inside) of the file's shapes."""
    view_box, areas = geo.svg_areas([(s.name, s.geometry) for s in shapes])
    inside = geo.count_points([(s.name, s.bbox, s.geometry) for s in shapes],
                              proposal_services.idea_points(process))
    known = {d.name.casefold() for d in process.districts}
    return {"view_box": view_box, "areas": areas,
            "rows": [(s.name, inside[s.name], s.name.casefold() in known) for s in shapes]}


def _current(process: Process) -> dict:
    areas = services.district_areas(process)
    view_box, svg = geo.svg_areas([(d.name, geometry) for d, _bbox, geometry in areas])
    return {"view_box": view_box, "areas": svg}


def _districts_page(process: Process, upload_form, save_form=None, preview=None,
                    status: int = 200):
    return render_template(
        "admin/districts.html", process=process, upload_form=upload_form,
        save_form=save_form, preview=preview, current=_current(process),
        counts=proposal_services.district_idea_counts(process)), status


@bp.route("/processes/<slug>/districts", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def districts(slug: str):
    """Upload a district file and preview it (nothing is saved yet)."""
    process = services.get_process(slug)
    form = DistrictFileForm()
    if not form.validate_on_submit():
        return _districts_page(process, form, status=400 if form.errors else 200)
    data = form.upload.data.read(services.MAX_DISTRICT_FILE_BYTES + 1)
    try:
        shapes = services.read_district_file(data)
    except DomainError as exc:
        form.upload.errors = [exc.message]
        return _districts_page(process, form, status=exc.status)
    save_form = DistrictSaveForm(formdata=None)
    save_form.geojson.data = data.decode("utf-8-sig")
    return _districts_page(process, DistrictFileForm(formdata=None), save_form,
                           _preview(process, shapes))


@bp.route("/processes/<slug>/districts/save", methods=["POST"])
@role_required(Role.ADMIN)
def save_districts(slug: str):
    """Save the previewed district file."""
    process = services.get_process(slug)
    form = DistrictSaveForm()
    if form.validate_on_submit():
        report, failed = commit_form(
            form, lambda: services.import_districts(process, form.geojson.data))
        if failed is None:
            flash(_("The districts are saved: %(added)d new, %(updated)d updated, "
                    "%(removed)d removed, %(kept)d kept without area.",
                    **{k: len(v) for k, v in report.items()}), "success")
            return redirect(url_for("admin.districts", slug=process.slug))
    flash(_("The district file could not be saved: %(reason)s",
            reason="; ".join(str(e) for e in [*form.form_errors, *form.geojson.errors])),
          "error")
    return redirect(url_for("admin.districts", slug=process.slug))


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    page = db.paginate(
        select(User).where(User.deleted_at.is_(None)).order_by(User.id),
        page=request.args.get("page", 1, type=int), per_page=50, error_out=False,
    )
    return render_template("admin/users.html", page=page, role_form=RoleForm)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required(Role.ADMIN)
def set_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        account_services.set_role(user, form.role.data)
        db.session.commit()
        flash(_("The role of %(name)s is now “%(role)s”.", name=user.public_name,
                role=user.role_enum.label), "success")
    else:
        flash(_("Unknown role."), "error")
    return redirect(url_for("admin.users"))
