"""Ideas: posting, changing and withdrawing one, and the ideas a workshop board gives."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from ...errors import InvalidInput, Locked, NotFound, require
from ...extensions import db
from ...models_base import utcnow
from ...processes.models import District, Process, Topic
from ...processes.services import district_for_point
from .. import rules
from ..models import Proposal, ProposalOrigin, ProposalStatus
from .listing import fold_for_search
from .look_alikes import index_terms

log = logging.getLogger(__name__)


@dataclass
class ProposalInput:
    title: str
    body: str
    topic_id: int | None = None
    district_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    place: str | None = None


PLACE_MAX = 200


def _clean_place(place: str | None) -> str | None:
    place = " ".join((place or "").split())
    if len(place) > PLACE_MAX:
        raise InvalidInput(_("The place description may have at most %(max)d characters.",
                             max=PLACE_MAX))
    return place or None


def _clean_input(process: Process, data: ProposalInput) -> ProposalInput:
    config = current_app.config
    title = " ".join((data.title or "").split())
    body = (data.body or "").strip().replace("\r\n", "\n")
    if not title:
        raise InvalidInput(_("Please give your idea a title."))
    if len(title) > config["TITLE_MAX"]:
        raise InvalidInput(_("The title may have at most %(max)d characters.",
                             max=config["TITLE_MAX"]))
    if not body:
        raise InvalidInput(_("Please describe your idea."))
    if len(body) > config["BODY_MAX"]:
        raise InvalidInput(_("The description may have at most %(max)d characters.",
                             max=config["BODY_MAX"]))
    if data.topic_id is not None:
        topic = db.session.get(Topic, data.topic_id)
        if topic is None or topic.process_id != process.id:
            raise InvalidInput(_("Please choose one of the topics of this process."))
    if data.district_id is not None:
        district = db.session.get(District, data.district_id)
        if district is None or district.process_id != process.id:
            raise InvalidInput(_("Please choose one of the districts of this process."))
    if (data.lat is None) != (data.lon is None):
        raise InvalidInput(_("Please give both latitude and longitude, or neither."))
    if data.lat is not None:
        if not (math.isfinite(data.lat) and math.isfinite(data.lon)):
            raise InvalidInput(_("Latitude and longitude must be numbers."))
        if not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180):
            raise InvalidInput(_("Latitude must be between -90 and 90, longitude between -180 "
                                 "and 180."))
    place = _clean_place(data.place)
    district_id = data.district_id
    if data.lat is not None:
        # The point decides the district where the districts have areas (a chosen one yields).
        district = district_for_point(process, data.lat, data.lon)
        if district is not None:
            district_id = district.id
    return ProposalInput(title, body, data.topic_id, district_id, data.lat, data.lon, place)


def submit_proposal(user, process: Process, data: ProposalInput,
                    origin: ProposalOrigin = ProposalOrigin.ONLINE) -> Proposal:
    """Post a new idea in the process.

    Raises PhaseClosed outside the ideas phase, NotAllowed/EmailNotConfirmed for the person,
    InvalidInput for empty, too long or inconsistent input, PointOutsideCity for a point
    outside the process's district areas. A point inside them sets the district.
    """
    require(rules.check_create_proposal(user, process))
    clean = _clean_input(process, data)
    proposal = Proposal(
        process=process, author_id=user.id, title=clean.title, body=clean.body,
        topic_id=clean.topic_id, district_id=clean.district_id, lat=clean.lat, lon=clean.lon,
        place=clean.place, origin=origin.value,
        search_text=fold_for_search(f"{clean.title} {clean.body}"),
    )
    db.session.add(proposal)
    db.session.flush()
    index_terms(proposal)
    log.info("proposal %s submitted in %s by user %s", proposal.id, process.slug, user.id)
    return proposal


def edit_proposal(user, proposal: Proposal, data: ProposalInput) -> None:
    """Change an idea; only its author, in the ideas phase, while it has no comments.

    Raises NotAllowed, PhaseClosed, Locked, InvalidInput or PointOutsideCity.
    """
    require(rules.check_edit_proposal(user, proposal))
    clean = _clean_input(proposal.process, data)
    # The comment count is checked again in the UPDATE itself: a comment arriving meanwhile wins.
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.comment_count == 0,
               Proposal.status == ProposalStatus.PUBLISHED.value)
        .values(title=clean.title, body=clean.body, topic_id=clean.topic_id,
                district_id=clean.district_id, lat=clean.lat, lon=clean.lon,
                place=clean.place, search_text=fold_for_search(f"{clean.title} {clean.body}"),
                updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Locked(_("This idea has comments, so it can no longer be changed or withdrawn."))
    db.session.refresh(proposal)
    index_terms(proposal)


def withdraw_proposal(user, proposal: Proposal) -> None:
    """The author takes an idea back. Raises NotAllowed, PhaseClosed or Locked."""
    require(rules.check_withdraw_proposal(user, proposal))
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.comment_count == 0,
               Proposal.status == ProposalStatus.PUBLISHED.value)
        .values(status=ProposalStatus.WITHDRAWN.value, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Locked(_("This idea has comments, so it can no longer be changed or withdrawn."))
    db.session.refresh(proposal)
    log.info("proposal %s withdrawn by its author", proposal.id)


def get_proposal(proposal_id: int) -> Proposal:
    """The proposal with this id. Raises NotFound."""
    proposal = db.session.get(
        Proposal, proposal_id,
        options=[joinedload(Proposal.author), joinedload(Proposal.topic),
                 joinedload(Proposal.district), joinedload(Proposal.process)],
    )
    if proposal is None:
        raise NotFound(_("This idea does not exist."))
    return proposal


def get_visible_proposal(viewer, proposal_id: int) -> Proposal:
    """The proposal with this id, if the viewer may see it (hidden and withdrawn ideas only
    to their author and moderators). Raises NotFound otherwise, as if it did not exist."""
    proposal = get_proposal(proposal_id)
    if not rules.can_see_proposal(viewer, proposal):
        raise NotFound(_("This idea does not exist."))
    return proposal



def create_from_workshop(workshop, title: str, body: str, workshop_dots: int = 0) -> Proposal:
    """A proposal born on a workshop board (origin "workshop", linked to the workshop).

    Raises InvalidInput for an empty title or body.
    """
    title = " ".join((title or "").split())[: current_app.config["TITLE_MAX"]]
    body = (body or "").strip()[: current_app.config["BODY_MAX"]]
    if not title or not body:
        raise InvalidInput(_("A note without text cannot become an idea."))
    proposal = Proposal(
        process_id=workshop.process_id, author_id=None, title=title, body=body,
        origin=ProposalOrigin.WORKSHOP.value, workshop_id=workshop.id,
        workshop_dots=workshop_dots, search_text=fold_for_search(f"{title} {body}"),
    )
    db.session.add(proposal)
    db.session.flush()
    index_terms(proposal)
    return proposal

