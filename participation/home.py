"""The home page: the city's welcome, each running process as a card with its next step, the
live workshops, the results of finished processes, and for a logged-in person what their
role has to do next.

At the top of the house, beside web.py: it reads every domain and no domain uses it.
"""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .accounts.models import Role
from .extensions import db
from .processes.cards import Card, Step, cards, next_step
from .processes.models import PhaseKind, Process


def _processes() -> list[Process]:
    return list(db.session.execute(
        select(Process).options(selectinload(Process.phases))
        .order_by(Process.created_at.desc(), Process.id.desc())).scalars())


def role_steps(user, all_cards: list[Card]) -> list[Step]:
    """What a facilitator, planner or admin has to do next (a citizen's steps are on the
    process cards)."""
    if not user.is_authenticated:
        return []
    steps: list[Step] = []
    running = [c for c in all_cards if c.running]
    if user.has_role(Role.FACILITATOR, Role.ADMIN):
        live = [w for c in running for w in c.facts.get("live_workshops", [])]
        coming = [c.facts["next_workshop"] for c in running if c.facts.get("next_workshop")]
        for w in live:
            steps.append(Step("projector", _("Run the live workshop “%(title)s”", title=w.title),
                              url_for("workshops.control", workshop_id=w.id),
                              _("Code %(code)s", code=w.join_code)))
        for w in coming[:1]:
            steps.append(Step("workshop", _("Prepare the workshop “%(title)s”", title=w.title),
                              url_for("workshops.control", workshop_id=w.id)))
        steps.append(Step("moderation", _("Check reported content"),
                          url_for("proposals.moderation")))
    if user.has_role(Role.PLANNER, Role.ADMIN):
        for card in all_cards:
            if card.process.phase in (PhaseKind.VOTING, PhaseKind.SHORTLIST):
                steps.append(Step("workspace", _("Plan projects for “%(title)s”",
                                                 title=card.process.title),
                                  url_for("projects.workspace", slug=card.process.slug),
                                  ngettext("%(num)d idea to weigh", "%(num)d ideas to weigh",
                                           card.facts.get("ideas", 0))))
    if user.has_role(Role.ADMIN):
        steps.append(Step("admin", _("Set up processes, topics and roles"),
                          url_for("admin.index")))
    return steps


def index():
    all_cards = cards(_processes(), viewer=current_user)
    running = [c for c in all_cards if c.running]
    finished = [c for c in all_cards if not c.running]
    live = [(c.process, w) for c in running for w in c.facts.get("live_workshops", [])]
    return render_template(
        "index.html", running=running, finished=finished, live=live,
        steps={c.process.id: next_step(c) for c in all_cards},
        role_steps=role_steps(current_user, all_cards))
