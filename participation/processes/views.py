"""Public process pages: the process with its phase timeline."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..pagecache import page_cache
from ..proposals import rules as proposal_rules
from ..proposals.services import latest_proposals
from .services import get_process

bp = Blueprint("processes", __name__, url_prefix="/processes")


@bp.route("/<slug>")
@page_cache
def detail(slug: str):
    process = get_process(slug)
    return render_template(
        "processes/detail.html",
        process=process,
        timeline=process.timeline(),
        latest=latest_proposals(process, limit=5),
        can_post=proposal_rules.can_create_proposal,
    )
