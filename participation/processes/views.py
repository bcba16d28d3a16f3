"""Public process pages: the process with its phase timeline."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..pagecache import page_cache
from ..signals import merged_answers
from . import rules, signals
from .cards import cards, next_step, timeline_with_today
from .services import get_process

bp = Blueprint("processes", __name__, url_prefix="/processes")


@bp.route("/<slug>")
@page_cache
def detail(slug: str):
    process = get_process(slug)
    card = cards([process], viewer=current_user)[0]
    return render_template(
        "processes/detail.html",
        process=process,
        card=card,
        step=next_step(card, live_first=False),
        timeline=timeline_with_today(process),
        can_edit=rules.can_edit_process(current_user),
        **merged_answers(signals.process_page, process, viewer=current_user),
    )
