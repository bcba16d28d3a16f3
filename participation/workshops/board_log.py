"""The board's log: the one way a change of the board gets its version and its event.

Every versioned change of a board (each command of services.run_command, and the notes a
prepared workshop imports) goes through two steps here, in the caller's transaction:

1. `claim(workshop_id)`: `UPDATE workshops SET version = version + 1 … RETURNING version`
   and the state the rules read: the lock and the number at once. PostgreSQL row-locks the
   workshop until commit, so a second change of the same board waits here and then gets the
   next number (its WHERE is re-evaluated on the committed row); SQLite has one writer at
   a time (every transaction begins IMMEDIATE, dbsetup.py). The state returned was read
   under the lock, so the rules checked on it hold until commit.
2. `append(board, event)`: the event, under the claimed number, into the log; returned
   complete, for the broadcast.

A change the rules refuse raises between the two, and the caller rolls back: the number
goes back with everything else, so versions stay gap-free and strictly increasing. A
resent command (its idempotency key was seen) takes no version: `give_back`.

Dot votes change no version and append no event (tallies are not versioned): they read the
board under a share lock (dots.py), which the claim's row lock excludes.

Core statements, built once at import: the busiest commands (card:add, notes.py) pay for no
unit of work and no SQL construction here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, update

from ..errors import NotFound
from ..extensions import db
from ..models_base import utcnow
from .models import BoardEvent, Workshop

_WORKSHOPS = Workshop.__table__
_EVENTS = BoardEvent.__table__


def _next_version(step: int):
    return (update(_WORKSHOPS).where(_WORKSHOPS.c.id == bindparam("b_workshop"))
            .values(version=_WORKSHOPS.c.version + step))


_CLAIM = _next_version(1).returning(
    _WORKSHOPS.c.id, _WORKSHOPS.c.version, _WORKSHOPS.c.status, _WORKSHOPS.c.locked,
    _WORKSHOPS.c.board_phase, _WORKSHOPS.c.approval_required)
_GIVE_BACK = _next_version(-1)
_APPEND = insert(_EVENTS)


@dataclass
class Board:
    """A board locked for one change: the version the change will carry, and the state its
    rules read (as it is under the lock)."""

    id: int
    version: int
    status: str
    locked: bool
    board_phase: str
    approval_required: bool


def claim(workshop_id: int) -> Board:
    """Lock the board until the transaction ends and take its next version.

    Raises NotFound when there is no such workshop.
    """
    row = db.session.connection().execute(_CLAIM, {"b_workshop": workshop_id}).first()
    if row is None:
        raise NotFound(_("This workshop does not exist."))
    return Board(*row)


def give_back(board: Board) -> None:
    """Return the claimed version unused (nobody else saw it: the board is locked)."""
    db.session.connection().execute(_GIVE_BACK, {"b_workshop": board.id})
    board.version -= 1


def event(type_: str, data: dict, private: dict | None = None,
          private_to: int | None = None) -> BoardEvent:
    """A change of the board, not yet logged: what everyone sees (`data`) and, when set,
    what the facilitators and the participant `private_to` see instead."""
    return BoardEvent(type=type_, data=data, private_data=private, private_to=private_to)


def append(board: Board, change: BoardEvent) -> BoardEvent:
    """Log a change under the board's claimed version; returns it, complete, to broadcast."""
    change.workshop_id, change.version, change.created_at = board.id, board.version, utcnow()
    db.session.connection().execute(_APPEND, {
        "workshop_id": change.workshop_id, "version": change.version, "type": change.type,
        "data": change.data, "private_data": change.private_data,
        "private_to": change.private_to, "created_at": change.created_at})
    return change
