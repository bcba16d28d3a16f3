"""New notes: `card:add`, the board's busiest command after the dots, on a short path.

While the hall collects, every phone's note is fanned out to everyone, and the time the
server takes before that broadcast is latency for the whole room. So, like the dots
(dots.py), a new note does not load the ORM workshop object: it runs prepared SQL
statements on the session's connection, in the caller's transaction:

1. the workshop row, locked exclusively (PostgreSQL `FOR UPDATE`; SQLite serialises writers
   with BEGIN IMMEDIATE), as every versioned command locks it: versions stay gap-free;
2. after the lock, in one read: the participant's board and nickname, the notes they wrote
   in the last minute (the rate limit), the next position on the board;
3. the note, the next version on the workshop row, the event in the log.

services.run_command checks the idempotency key between 1 and 2 and records the receipt
after 3, as for every command. The rules are those of the other commands (rules.py);
`make bench` measures the note fan-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, insert, select, update

from ..errors import NotAllowed, NotFound, RateLimited, WorkshopClosed
from ..extensions import db
from ..models_base import utcnow
from . import rules
from .commands import Actor, Outcome, _text
from .models import BoardEvent, BoardPhase, Card, CardStatus, Participant, Workshop, WorkshopStatus

_WORKSHOPS = Workshop.__table__
_CARDS = Card.__table__
_PARTICIPANTS = Participant.__table__
_EVENTS = BoardEvent.__table__

_LOCK_BOARD = (select(_WORKSHOPS.c.id, _WORKSHOPS.c.status, _WORKSHOPS.c.locked,
                      _WORKSHOPS.c.board_phase, _WORKSHOPS.c.approval_required,
                      _WORKSHOPS.c.version)
               .where(_WORKSHOPS.c.id == bindparam("b_workshop")).with_for_update())


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
_SET_VERSION = (update(_WORKSHOPS).where(_WORKSHOPS.c.id == bindparam("b_workshop"))
                .values(version=bindparam("b_version")))
_INSERT_EVENT = insert(_EVENTS)


@dataclass
class Board:
    """The locked workshop row: what the rules of a new note read, and its version."""

    id: int
    status: str
    locked: bool
    board_phase: str
    approval_required: bool
    version: int


def lock_board(workshop_id: int) -> Board:
    """The workshop row, locked until the transaction ends; NotFound if there is none."""
    row = db.session.connection().execute(_LOCK_BOARD, {"b_workshop": workshop_id}).first()
    if row is None:
        raise NotFound(_("This workshop does not exist."))
    return Board(*row)


def add_card(board: Board, actor: Actor, payload: dict) -> Outcome:
    """card:add {text} — a new note; waits for approval when the workshop asks for it."""
    facilitator = actor.is_facilitator
    if not facilitator:
        problem = rules.check_board_state(board.status, board.locked, board.board_phase,
                                          BoardPhase.COLLECT)
        if problem is not None:
            raise problem
    elif board.status not in (WorkshopStatus.OPEN.value, WorkshopStatus.DRAFT.value):
        raise WorkshopClosed()
    text = _text(payload, "text", current_app.config["WORKSHOP_NOTE_MAX"])
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
        "position": read.position, "status": status, "dot_count": 0,
        "created_at": utcnow()}).scalar_one()
    data = {"id": card_id, "status": status, "cluster_id": None, "position": read.position,
            "participant_id": actor.participant_id, "proposal_id": None, "text": text,
            "author": read.nickname}  # as serialize.card_data writes a note
    board.version += 1
    event = BoardEvent(workshop_id=board.id, version=board.version, type="card:added",
                       data=data, created_at=utcnow())
    if pending:  # everyone else sees that a note waits, not what it says
        event.data = {k: v for k, v in data.items() if k not in ("text", "author")}
        event.private_data, event.private_to = data, actor.participant_id
    connection.execute(_SET_VERSION, {"b_workshop": board.id, "b_version": board.version})
    connection.execute(_INSERT_EVENT, {
        "workshop_id": event.workshop_id, "version": event.version, "type": event.type,
        "data": event.data, "private_data": event.private_data,
        "private_to": event.private_to, "created_at": event.created_at})
    return Outcome(ack={"card_id": card_id, "pending": pending}, events=[event],
                   version=board.version)


NOTE_COMMANDS = {"card:add": add_card}
