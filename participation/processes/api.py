"""JSON API of processes (mounted under /api/v1 by the api package)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, url_for

from ..apikit import inputs
from ..apikit.answers import iso, named, page_json
from ..apikit.docs import (
    BOOL,
    ID,
    OPTIONAL_AUTH,
    STR,
    URL,
    ApiDoc,
    Schema,
    errors,
    obj,
    ok,
    page_of,
    param,
    param_ref,
    ref,
)
from . import services
from .models import PHASE_ORDER, Process, VoteMethod
from .rules import votes_visible

bp = Blueprint("processes", __name__)


def process_json(process: Process) -> dict[str, Any]:
    dates = process.phase_dates()
    return {
        "id": process.id,
        "url": url_for("processes.detail", slug=process.slug, _external=True),
        "slug": process.slug,
        "title": process.title,
        "description": process.description,
        "phase": process.current_phase,
        "phases": [
            {"phase": kind.value,
             "starts_on": iso(dates[kind].starts_on) if kind in dates else None,
             "ends_on": iso(dates[kind].ends_on) if kind in dates else None}
            for kind in PHASE_ORDER
        ],
        "vote_method": process.vote_method,
        "pairwise": process.has_pairwise,
        "dot_budget": process.dot_budget,
        "dot_max_per_proposal": process.dot_max_per_proposal,
        "votes_visible": votes_visible(process),
        "topics": [named(t) for t in process.topics],
        "districts": [named(d) for d in process.districts],
    }


@bp.route("/processes")
def list_processes():
    page, per_page = inputs.pagination_args()
    pagination = services.list_processes(page, per_page)
    return jsonify(page_json(pagination, [process_json(p) for p in pagination.items]))


def api_doc() -> ApiDoc:
    return DOC


PHASE: Schema = {"type": "string", "enum": [p.value for p in PHASE_ORDER]}

DOC = ApiDoc(
    schemas={
        "Named": obj({"id": ID, "name": STR}, description="A topic or a district."),
        "PhaseDates": obj({
            "phase": PHASE,
            "starts_on": {"type": ["string", "null"], "format": "date"},
            "ends_on": {"type": ["string", "null"], "format": "date"},
        }),
        "Process": obj({
            "id": ID, "url": URL, "slug": STR, "title": STR, "description": STR,
            "phase": PHASE,
            "phases": {"type": "array", "items": ref("PhaseDates"),
                       "description": "All six phases in order, with dates where set."},
            "vote_method": {"type": "string", "enum": [m.value for m in VoteMethod]},
            "pairwise": {**BOOL, "description": "Pairwise comparison is used."},
            "dot_budget": ID, "dot_max_per_proposal": ID,
            "votes_visible": {**BOOL, "description": "false while vote figures are hidden."},
            "topics": {"type": "array", "items": ref("Named")},
            "districts": {"type": "array", "items": ref("Named")},
        }),
        "ProcessList": page_of("Process"),
    },
    parameters={"slug": param("slug", "path", STR, "The short name of the process.")},
    paths={
        "/processes": {"get": {
            "operationId": "listProcesses", "summary": "Processes with their phases and dates.",
            "security": OPTIONAL_AUTH, "parameters": [param_ref("page"), param_ref("per_page")],
            "responses": {**ok("ProcessList", "A page of processes, newest first."),
                          **errors(422)},
        }},
    },
)
