"""Workshop pages: preparing and running a board (facilitators), the projector, joining by
code and the participants' board. The live part runs over Socket.IO (events.py, PROTOCOL.md);
these pages render the board's current state so they make sense before the socket connects.
"""

from __future__ import annotations

import io
import json

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Role
from ..errors import NotFound
from ..extensions import db, limiter
from ..forms import EmptyForm, choices, commit_form
from ..models_base import utcnow
from ..permissions import role_required
from ..processes.services import all_processes, get_process
from . import results, services
from .forms import JoinForm, PublishForm, WorkshopForm
from .models import BOARD_PHASE_LABELS, BoardPhase, Workshop, WorkshopStatus
from .serialize import Viewer, snapshot

bp = Blueprint("workshops", __name__)
facilitator_required = role_required(Role.FACILITATOR)

IMPORT_LIMIT = 100  # ideas offered for import on the create form, best ranked first
RESULTS_ON_PROJECTOR = 10
# Failed code look-ups per address; a venue shares one address, so only misses count.
join_limit = limiter.limit(lambda: current_app.config["WORKSHOP_JOIN_ATTEMPTS"],
                           deduct_when=lambda response: response.status_code == 404)


# --- helpers ---------------------------------------------------------------------------------

def _workshop(workshop_id: int) -> Workshop:
    try:
        return services.get_workshop(workshop_id)
    except NotFound:
        abort(404)


def _board(workshop: Workshop, viewer: Viewer, only_visible: bool) -> dict:
    """The board as the page shows it first: the snapshot, its notes grouped, its results."""
    snap = snapshot(workshop, viewer)
    shown = [c for c in snap["cards"] if not only_visible or c["status"] == "visible"]
    by_cluster: dict[int, list] = {c["id"]: [] for c in snap["clusters"]}
    loose: list[dict] = []
    for card in shown:
        by_cluster.get(card["cluster_id"], loose).append(card)
    tallies = snap["tallies"] or {}
    ranked = sorted((c for c in shown if c["status"] == "visible" and snap["tallies"] is not None),
                    key=lambda c: (-tallies.get(str(c["id"]), 0), c["id"]))
    top = max([tallies.get(str(c["id"]), 0) for c in ranked] + [1])
    return {
        "snapshot": snap, "workshop": snap["workshop"], "tallies": tallies,
        "clusters": [(c, by_cluster[c["id"]]) for c in snap["clusters"]], "loose": loose,
        "results": [(c, tallies.get(str(c["id"]), 0),
                     round(20 * tallies.get(str(c["id"]), 0) / top)) for c in ranked],
        "phase_label": BoardPhase(snap["workshop"]["phase"]).label,
    }


def _join_url(workshop: Workshop) -> str | None:
    if not workshop.is_open:
        return None
    return url_for("workshops.board", code=workshop.join_code, _external=True)


def board_strings() -> dict:
    """The board script's texts, translated here (the script has no catalogue of its own)."""
    return {
        "phases": {phase.value: str(label) for phase, label in BOARD_PHASE_LABELS.items()},
        "connected": _("Connected."),
        "offline": _("Waiting for connection …"),
        "lost": _("Connection lost. Your changes will be sent when it is back."),
        "back": _("Connected again."),
        "waiting": _("Changes waiting to be sent: {n}"),
        "sent": _("Your note has been sent."),
        "pending_sent": _("Your note has been sent. It will show once the facilitator "
                          "approves it."),
        "saved": _("Saved."),
        "moved": _("Moved to the group “{group}”."),
        "moved_out": _("Moved out of its group."),
        "dot_given": _("You gave a dot to “{text}”. Dots left: {n}"),
        "dot_taken": _("You took a dot back from “{text}”. Dots left: {n}"),
        "new_note": _("New note: {text}"),
        "new_notes": _("New notes: {n}"),
        "phase_now": _("Phase is now: {phase}"),
        "locked": _("The board is locked."),
        "unlocked": _("The board is open again."),
        "revealed": _("The results are shown."),
        "state_unlocked": _("Participants can change the board."),
        "results_hidden": _("The results are hidden from participants."),
        "nickname_needed": _("Please choose a nickname."),
        "empty": _("Please write something."),
        "ended": _("The session has ended. Thank you for taking part!"),
        "timer_started": _("Timer started: {time} left."),
        "timer_minute": _("Timer: one minute left."),
        "timer_up": _("Time is up."),
        "chars": _("{n} of {max} characters"),
        "chars_near": _("{n} characters left."),
        "dots_left": _("Dots left: {n}"),
        "dots": _("Dots: {n}"),
        "my_dots": _("Your dots: {n}"),
        "presence": _("Connected participants: {n}"),
        "own": _("Your note"),
        "pending": _("Waiting for approval"),
        "hidden": _("Hidden"),
        "from_idea": _("From an online idea"),
        "edit": _("Edit"), "edit_title": _("Edit your note"),
        "add_title": _("Add a note"), "add": _("Add note"), "save": _("Save note"),
        "vote_add": _("+1 dot"), "vote_remove": _("−1 dot"),
        "for_note": _("for “{text}”"), "from_note": _("from “{text}”"),
        "of_note": _("“{text}”"),
        "group": _("Group"), "no_group": _("No group"), "move": _("Move"),
        "notes": _("Notes"), "loose": _("Notes without a group"),
        "hide": _("Hide"), "show": _("Show again"), "approve": _("Approve"),
        "rename": _("Rename"), "group_name": _("Name of group {n}"),
        "confirm_end": _("End the session now? Participants can no longer change the board."),
        "rejoin": _("Please choose your nickname again."),
        "error": _("That did not work: {message}"),
    }


def _render_board(template: str, workshop: Workshop, mode: str, viewer: Viewer, **extra):
    board = _board(workshop, viewer, only_visible=mode == "projector")
    return render_template(
        template, w=workshop, mode=mode, board=board,
        join_url=_join_url(workshop), i18n=board_strings(),
        server_time=utcnow().isoformat(), note_max=current_app.config["WORKSHOP_NOTE_MAX"],
        **extra)


# --- facilitators ------------------------------------------------------------------------------

@bp.route("/workshops")
@facilitator_required
def index():
    page_number = request.args.get("page", "1")
    page = services.list_workshops(int(page_number) if page_number.isdigit() else 1)
    return render_template("workshops/index.html", page=page,
                           processes=all_processes())


def _importable(process) -> tuple[list[tuple[int, str]], int]:
    rows, total = services.importable_proposals(process, IMPORT_LIMIT)
    return choices((str(row.id), row.title) for row in rows), total


@bp.route("/processes/<slug>/workshops/new", methods=["GET", "POST"])
@facilitator_required
def new(slug: str):
    process = get_process(slug)
    form = WorkshopForm()
    form.proposals.choices, total = _importable(process)
    if form.validate_on_submit():
        workshop, failed = commit_form(form, lambda: services.create_workshop(
            current_user, process, form.title.data, starts_at=form.starts_at_utc(),
            dots_per_participant=form.dots_per_participant.data,
            approval_required=form.approval_required.data,
            proposal_ids=form.proposals.data or []))
        if failed is None:
            flash(_("The workshop is prepared. Open it when the session starts."), "success")
            return redirect(url_for("workshops.control", workshop_id=workshop.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("workshops/new.html", form=form, process=process, total=total,
                           limit=IMPORT_LIMIT), status


@bp.route("/workshops/<int:workshop_id>/control")
@facilitator_required
def control(workshop_id: int):
    workshop = _workshop(workshop_id)
    return _render_board("workshops/control.html", workshop, "facilitator",
                         Viewer(facilitator=True), open_form=EmptyForm(),
                         phases=[(phase.value, phase.label) for phase in BoardPhase])


@bp.route("/workshops/<int:workshop_id>/open", methods=["POST"])
@facilitator_required
def open_board(workshop_id: int):
    workshop = _workshop(workshop_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    code = services.open_workshop(current_user, workshop)
    db.session.commit()
    flash(_("The workshop is open. Join code: %(code)s", code=code), "success")
    return redirect(url_for("workshops.control", workshop_id=workshop.id))


@bp.route("/workshops/<int:workshop_id>/projector")
@facilitator_required
def projector(workshop_id: int):
    workshop = _workshop(workshop_id)
    return _render_board("workshops/projector.html", workshop, "projector",
                         Viewer(facilitator=True), top=RESULTS_ON_PROJECTOR)


@bp.route("/workshops/<int:workshop_id>/qr.svg")
@facilitator_required
def qr_code(workshop_id: int):
    workshop = _workshop(workshop_id)
    url = _join_url(workshop)
    if url is None:
        abort(404)
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, light="#fff",
                                     xmldecl=False, title=_("QR code: %(url)s", url=url))
    response = Response(out.getvalue(), content_type="image/svg+xml; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/workshops/<int:workshop_id>")
def record(workshop_id: int):
    """The public record of a workshop whose results are published: where its ideas came from."""
    workshop = _workshop(workshop_id)
    if workshop.results_published_at is None:
        abort(404)
    return render_template("workshops/record.html", w=workshop,
                           record=results.public_record(workshop))


@bp.route("/workshops/<int:workshop_id>/results", methods=["GET", "POST"])
@facilitator_required
def results_page(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = PublishForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            created, failed = commit_form(
                form, lambda: results.publish_results(current_user, workshop, form.mode.data))
            status = failed or status
            if failed is None:
                flash(_("Published: %(num)d ideas from this workshop.", num=len(created)),
                      "success")
                return redirect(url_for("workshops.results_page", workshop_id=workshop.id))
        else:
            status = 400
    published = results.published_proposals(workshop)
    return render_template("workshops/results.html", w=workshop, form=form,
                           rows=results.board_rows(workshop), published=published,
                           closed=workshop.status == WorkshopStatus.CLOSED.value), status


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _attachment(body: str, content_type: str, workshop: Workshop, ext: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="workshop-{workshop.id}.{ext}"'
    return response


@bp.route("/workshops/<int:workshop_id>/export.csv")
@facilitator_required
def export_csv(workshop_id: int):
    workshop = _workshop(workshop_id)
    return _attachment(results.board_csv(results.board_rows(workshop)),
                       "text/csv; charset=utf-8", workshop, "csv")


@bp.route("/workshops/<int:workshop_id>/export.json")
@facilitator_required
def export_json(workshop_id: int):
    workshop = _workshop(workshop_id)
    data = {
        "workshop": {
            "id": workshop.id, "title": workshop.title, "process": workshop.process.slug,
            "status": workshop.status, "starts_at": _iso(workshop.starts_at),
            "opened_at": _iso(workshop.opened_at), "closed_at": _iso(workshop.closed_at),
            "dots_per_participant": workshop.dots_per_participant,
            "url": url_for("workshops.results_page", workshop_id=workshop.id, _external=True),
        },
        "rows": results.board_rows(workshop),
    }
    return _attachment(json.dumps(data, ensure_ascii=False, indent=2),
                       "application/json; charset=utf-8", workshop, "json")


# --- participants ------------------------------------------------------------------------------

@bp.route("/join", methods=["GET", "POST"])
def join():
    form = JoinForm()
    typed = request.args.get("code")
    if typed is not None or form.validate_on_submit():
        code = services.normalise_code(typed if typed is not None else form.code.data)
        if code:
            return redirect(url_for("workshops.board", code=code))
        form.code.errors = [*form.code.errors, _("Please type the code you see on the screen.")]
    status = 400 if form.errors else 200
    return render_template("workshops/join.html", form=form), status


@bp.route("/w/<code>")
@join_limit
def board(code: str):
    normalised = services.normalise_code(code)
    if normalised != code and normalised:
        return redirect(url_for("workshops.board", code=normalised))
    try:
        workshop = services.workshop_by_code(code)
    except NotFound:
        return render_template("workshops/unknown.html", code=code), 404
    return _render_board("workshops/board.html", workshop, "participant", Viewer())
