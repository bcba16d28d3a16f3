"""The process zukunft-2035 ("Musterstadt 2035") in its ideas phase: 40 ideas with their
comments (city.json, ideas.json) and one workshop prepared for an evening five weeks ahead."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..processes.models import Process
from ..proposals.models import Proposal
from ..workshops import services as workshop_services
from .common import city_midnight, create_process, ensure_people, post_ideas, process_exists, read

SLUG = "zukunft-2035"


def load(accounts: dict[Role, User], today: date) -> bool:
    """Create the process unless it exists; True when it was created."""
    city = read("city.json")
    if process_exists(city["process"]["slug"]):
        return False
    process, topic_ids = create_process(city, today)
    authors = ensure_people(city["authors"], "author")
    citizen = accounts[Role.CITIZEN]
    # the demo citizen has a few ideas of their own
    post_ideas(process, topic_ids, read("ideas.json"), authors, [citizen, *authors.values()],
               random.Random(2035), own=(citizen, 4))
    _prepare_workshop(accounts[Role.FACILITATOR], process, today)
    return True


def _prepare_workshop(facilitator: User, process: Process, today: date) -> None:
    """One workshop ready to open, with the five most discussed ideas on the board."""
    top = db.session.execute(
        select(Proposal.id).where(Proposal.process_id == process.id)
        .order_by(Proposal.comment_count.desc(), Proposal.id).limit(5)).scalars()
    evening = city_midnight(today + timedelta(days=35)).replace(hour=18)
    workshop_services.create_workshop(
        facilitator, process, "Zukunftswerkstatt im Rathaussaal", starts_at=evening,
        dots_per_participant=5, proposal_ids=list(top))
