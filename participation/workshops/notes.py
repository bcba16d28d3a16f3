"""New notes: `card:add`, the board's busiest command after the dots, on a short path.

While the hall collects, every phone's note is fanned out to everyone, and the time the
server takes before that broadcast is latency for the whole room. So, like the dots
(dots.py), a new note does not load the ORM workshop object: it runs prepared SQL
statements on the session's connection, in the caller's transaction:

1. (services.run_command) the board claimed as for every versioned command: locked, its
   next version taken, its state read, in one statement (board_log.claim);
2. in one read: the participant's board and nickname, the notes they wrote in the last
   minute (the rate limit), the next position on the board;
3. the note; then (run_command) the event in the log under the claimed version
   (board_log.append).

services.run_command checks the idempotency key between 1 and 2 and records the receipt
after 3, as for every command. The rules are those of the other commands (rules.py);
`make bench` measures the note fan-out.
"""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, insert, select

from ..errors import InvalidInput, NotAllowed, RateLimited, WorkshopClosed
from ..extensions import db
from ..models_base import utcnow
from ..processes.models import Process
from ..processes.services import district_for_point
from . import board_log, rules
from .commands import Actor, Outcome, _text
from .models import BoardPhase, Card, CardStatus, Participant, Workshop, WorkshopStatus

_CARDS = Card.__table__
_PARTICIPANTS = Participant.__table__


def _participant(column):
    return (select(column).where(_PARTICIPANTS.c.id == bindparam("b_participant"))
            .scalar_subquery())


_NOTE_READ = select(
    _participant(_PARTICIPANTS.c.workshop_id).label("board"),
    _participant(_PARTICIPANTS.c.nickname).label("nickname"),
    select(func.count()).where(_CARDS.c.participant_id == bindparam("b_participant"),
                               _CARDS.c.created_at > bindparam("b_since"))
    .scalar_subquery().label("recent"),
    select(func.coalesce(func.max(_CARDS.c.position), -1) + 1)
    .where(_CARDS.c.workshop_id == bindparam("b_workshop")).scalar_subquery().label("position"))

_INSERT_CARD = insert(_CARDS).returning(_CARDS.c.id)


_PROCESS_OF_BOARD = select(Workshop.process_id).where(Workshop.id == bindparam("b_workshop"))


def note_point(board: board_log.Board, payload: dict) -> tuple[float, float] | None:
    """The optional `point` {lat, lon} of a new note, inside the process's district areas
    (any valid point while they have none). Raises InvalidInput, PointOutsideCity."""
    point = payload.get("point")
    if point is None:
        return None
    if not isinstance(point, dict) or set(point) != {"lat", "lon"} or not all(
            isinstance(point[k], int | float) and not isinstance(point[k], bool)
            and math.isfinite(point[k]) for k in ("lat", "lon")):
        raise InvalidInput(_("The point must be {lat, lon} with two numbers."))
    lat, lon = float(point["lat"]), float(point["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(_("Latitude must be between -90 and 90, longitude between -180 "
                             "and 180."))
    # Only a note with a point pays for reading the process's districts.
    process_id = db.session.connection().execute(
        _PROCESS_OF_BOARD, {"b_workshop": board.id}).scalar_one()
    district_for_point(db.session.get(Process, process_id), lat, lon)
    return lat, lon


def add_card(board: board_log.Board, actor: Actor, payload: dict) -> Outcome:
    """card:add {text, point?} — a new note; waits for approval when the workshop asks for
    it. Raises PointOutsideCity for a point outside the process's districts."""
    facilitator = actor.is_facilitator
    if not facilitator:
        problem = rules.check_board_state(board.status, board.locked, board.board_phase,
                                          BoardPhase.COLLECT)
        if problem is not None:
            raise problem
    elif board.status not in (WorkshopStatus.OPEN.value, WorkshopStatus.DRAFT.value):
        raise WorkshopClosed()
    text = _text(payload, "text", current_app.config["WORKSHOP_NOTE_MAX"])
    point = note_point(board, payload)
    connection = db.session.connection()
    read = connection.execute(_NOTE_READ, {
        "b_participant": actor.participant_id, "b_workshop": board.id,
        "b_since": utcnow() - timedelta(minutes=1)}).one()
    if actor.participant_id is not None and read.board != board.id:
        raise NotAllowed(_("You are not a participant of this workshop."))
    limit = current_app.config["WORKSHOP_NOTES_PER_MINUTE"]
    if not facilitator and read.recent >= limit:
        raise RateLimited(_("At most %(num)d notes per minute, please.", num=limit))
    pending = board.approval_required and not facilitator
    status = CardStatus.PENDING.value if pending else CardStatus.VISIBLE.value
    card_id = connection.execute(_INSERT_CARD, {
        "workshop_id": board.id, "participant_id": actor.participant_id, "text": text,
        "lat": point[0] if point else None, "lon": point[1] if point else None,
        "position": read.position, "status": status, "dot_count": 0,
        "created_at": utcnow()}).scalar_one()
    data = {"id": card_id, "status": status, "cluster_id": None, "position": read.position,
            "participant_id": actor.participant_id, "proposal_id": None,
            "point": {"lat": point[0], "lon": point[1]} if point else None, "text": text,
            "author": read.nickname}  # as serialize.card_data writes a note
    if pending:  # everyone else sees that a note waits, not what it says
        public = {k: v for k, v in data.items() if k not in ("text", "author")}
        change = board_log.event("card:added", public, private=data,
                                 private_to=actor.participant_id)
    else:
        change = board_log.event("card:added", data)
    return Outcome(ack={"card_id": card_id, "pending": pending}, events=[change])


NOTE_COMMANDS = {"card:add": add_card}
