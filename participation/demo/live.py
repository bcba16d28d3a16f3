"""A workshop running now in zukunft-2035: open, with a join code, three ideas imported and
a few notes from the first participants, so a visitor can join from a phone and write
along; `flask demo` prints its join code."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..models_base import utcnow
from ..processes.models import Process
from ..proposals.models import Proposal
from ..workshops.models import Workshop, WorkshopStatus
from .board import open_board, write_notes
from .common import read

SPEC_FILE = "live-workshop.json"


def _spec() -> dict:
    return read(SPEC_FILE)


def _the_workshop(spec: dict) -> Workshop | None:
    return db.session.execute(
        select(Workshop).join(Process, Process.id == Workshop.process_id)
        .where(Process.slug == spec["process"], Workshop.title == spec["title"])
        .order_by(Workshop.id).limit(1)).scalar_one_or_none()


def load(facilitator: User) -> bool:
    """Open the live workshop unless it exists (open or ended since); True when opened now."""
    spec = _spec()
    if _the_workshop(spec) is not None:
        return False
    process = db.session.execute(
        select(Process).where(Process.slug == spec["process"])).scalar_one()
    ideas = list(db.session.execute(select(Proposal).where(Proposal.process_id == process.id)
                                    .order_by(Proposal.id)).scalars())
    workshop, code = open_board(facilitator, process, spec["title"],
                                utcnow() - timedelta(minutes=15), spec["dots_per_participant"],
                                [ideas[i] for i in spec["imported"]])
    write_notes(workshop, code, spec["participants"], spec["notes"])
    return True


def live_workshop() -> tuple[Workshop, str] | None:
    """The demo's live workshop and its join code, while it is open."""
    workshop = _the_workshop(_spec())
    if workshop is None or workshop.status != WorkshopStatus.OPEN.value:
        return None
    return workshop, workshop.join_code
