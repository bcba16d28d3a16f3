"""The workshops domain's answers to the signals of the domains below it (connected once
by create_app through `connect`)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models_base import utcnow
from ..processes import signals as process_signals
from ..proposals import signals as proposal_signals
from .models import Participant, Workshop, WorkshopStatus
from .services import origin_of


def origin_workshop(process, proposals, page: str, **_kwargs) -> dict | None:
    """The workshop an idea was born in, for the idea's own page."""
    # Only the detail page names the workshop: on the list it would cost a query an idea.
    if page != "detail":
        return None
    return {"origin_workshop": origin_of(proposals[0])}


def workshop_cards(processes, **_kwargs) -> dict:
    """For each process's card: the workshops running now (`live_workshop` the one opened
    last), the next prepared one with a date, and how many people joined its workshops
    (nicknames only)."""
    ids = [p.id for p in processes]
    facts: dict[int, dict] = {pid: {"live_workshop": None, "live_workshops": [],
                                    "next_workshop": None, "workshop_people": 0} for pid in ids}
    now = utcnow()
    workshops = db.session.execute(
        select(Workshop).where(
            Workshop.process_id.in_(ids),
            (Workshop.status == WorkshopStatus.OPEN.value)
            | ((Workshop.status == WorkshopStatus.DRAFT.value) & (Workshop.starts_at >= now)))
        .order_by(Workshop.opened_at.desc(), Workshop.starts_at, Workshop.id)).scalars()
    for w in workshops:
        if w.is_open:
            facts[w.process_id]["live_workshops"].append(w)
        key = "live_workshop" if w.is_open else "next_workshop"
        if facts[w.process_id][key] is None:
            facts[w.process_id][key] = w
    people = db.session.execute(
        select(Workshop.process_id, func.count(Participant.id))
        .join(Participant, Participant.workshop_id == Workshop.id)
        .where(Workshop.process_id.in_(ids)).group_by(Workshop.process_id))
    for pid, count in people:
        facts[pid]["workshop_people"] = count
    return facts


def connect() -> None:
    process_signals.process_cards.connect(workshop_cards)
    proposal_signals.page_parts.connect(origin_workshop)
