"""Dot votes: `vote:add` and `vote:remove`, the hall's busiest commands, on a short path.

When voting opens, hundreds of phones send dots at once. A dot changes no board version and
no event log (the tallies go out coalesced, see live.py), so these two commands do not claim
the board (board_log.claim: the exclusive row lock and the next version) like the other
commands: each runs four to five prepared SQL statements on the session's connection, in
the caller's transaction.

The rules are the same as everywhere, and the database keeps them under concurrency:
* the board must be open, unlocked and in the vote step: read with the workshop row under a
  share lock (PostgreSQL `FOR SHARE`; SQLite serialises writers anyway), so a dot cannot
  slip in while a facilitator's command (its claim holds the row exclusively) changes the step;
* the budget: one conditional UPDATE on the participant's row (`dots_used < budget`), which
  also proves the participant belongs to this workshop;
* one row per participant and note: an upsert on the unique (participant, note) pair.

Statements are built once at import (bind parameters only), so a dot costs no SQL
construction; `make bench` measures the accepted dots per second.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import NotAllowed, NotFound, VoteBudgetExceeded
from ..extensions import db
from . import rules
from .commands import Actor, Outcome, _int
from .models import BoardPhase, Card, CardStatus, DotVote, Participant, Workshop

_WORKSHOPS = Workshop.__table__
_CARDS = Card.__table__
_PARTICIPANTS = Participant.__table__
_DOTS = DotVote.__table__

# The board's state and the note, in one read; the workshop row shared-locked (see above).
_BOARD_AND_CARD = (
    select(_WORKSHOPS.c.status, _WORKSHOPS.c.locked, _WORKSHOPS.c.board_phase,
           _WORKSHOPS.c.dots_per_participant, _WORKSHOPS.c.version,
           _CARDS.c.id.label("card_id"), _CARDS.c.status.label("card_status"))
    .select_from(_WORKSHOPS.outerjoin(_CARDS, and_(_CARDS.c.id == bindparam("b_card"),
                                                   _CARDS.c.workshop_id == _WORKSHOPS.c.id)))
    .where(_WORKSHOPS.c.id == bindparam("b_workshop"))
    .with_for_update(read=True, of=_WORKSHOPS))

_SPEND = (update(_PARTICIPANTS)
          .where(_PARTICIPANTS.c.id == bindparam("b_participant"),
                 _PARTICIPANTS.c.workshop_id == bindparam("b_workshop"),
                 _PARTICIPANTS.c.dots_used < bindparam("b_budget"))
          .values(dots_used=_PARTICIPANTS.c.dots_used + 1)
          .returning(_PARTICIPANTS.c.dots_used))

_GIVE_BACK = (update(_PARTICIPANTS)
              .where(_PARTICIPANTS.c.id == bindparam("b_participant"),
                     _PARTICIPANTS.c.workshop_id == bindparam("b_workshop"),
                     _PARTICIPANTS.c.dots_used > 0)
              .values(dots_used=_PARTICIPANTS.c.dots_used - 1)
              .returning(_PARTICIPANTS.c.dots_used))

_IS_MEMBER = select(_PARTICIPANTS.c.id).where(
    _PARTICIPANTS.c.id == bindparam("b_participant"),
    _PARTICIPANTS.c.workshop_id == bindparam("b_workshop"))


def _upsert(dialect):
    return (dialect.insert(_DOTS)
            .values(workshop_id=bindparam("b_workshop"), card_id=bindparam("b_card"),
                    participant_id=bindparam("b_participant"), dots=1)
            .on_conflict_do_update(index_elements=[_DOTS.c.participant_id, _DOTS.c.card_id],
                                   set_={"dots": _DOTS.c.dots + 1})
            .returning(_DOTS.c.dots))


_ADD_DOT = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}

_MINE = and_(_DOTS.c.participant_id == bindparam("b_participant"),
             _DOTS.c.card_id == bindparam("b_card"))
_DROP_LAST_DOT = delete(_DOTS).where(_MINE, _DOTS.c.dots == 1).returning(_DOTS.c.id)
_DROP_ONE_DOT = (update(_DOTS).where(_MINE, _DOTS.c.dots > 1)
                 .values(dots=_DOTS.c.dots - 1).returning(_DOTS.c.dots))

_CARD_PLUS = (update(_CARDS).where(_CARDS.c.id == bindparam("b_card"))
              .values(dot_count=_CARDS.c.dot_count + 1))
_CARD_MINUS = (update(_CARDS).where(_CARDS.c.id == bindparam("b_card"))
               .values(dot_count=_CARDS.c.dot_count - 1))


def _board(connection, workshop_id: int, actor: Actor, payload: dict):
    """The checks every dot command makes first; the board row and the note, or an error."""
    if actor.participant_id is None:
        raise NotAllowed(_("Only participants vote."))
    card_id = _int(payload, "card_id")
    row = connection.execute(_BOARD_AND_CARD, {"b_workshop": workshop_id,
                                               "b_card": card_id}).one_or_none()
    if row is None:
        raise NotFound(_("This workshop does not exist."))
    problem = rules.check_board_state(row.status, row.locked, row.board_phase, BoardPhase.VOTE)
    if problem is not None:
        raise problem
    if row.card_id is None:
        raise NotFound(_("This note does not exist."))
    return row


def _not_member_or(connection, params: dict, error: Exception) -> Exception:
    if connection.execute(_IS_MEMBER, params).first() is None:
        return NotAllowed(_("You are not a participant of this workshop."))
    return error


def add_vote(workshop_id: int, actor: Actor, payload: dict) -> Outcome:
    """vote:add {card_id} — put one dot on a visible note, within the dot budget."""
    connection = db.session.connection()
    row = _board(connection, workshop_id, actor, payload)
    if row.card_status != CardStatus.VISIBLE.value:
        raise NotAllowed(_("This note cannot receive dots."))
    params = {"b_workshop": workshop_id, "b_participant": actor.participant_id,
              "b_card": row.card_id, "b_budget": row.dots_per_participant}
    used = connection.execute(_SPEND, params).scalar_one_or_none()
    if used is None:
        raise _not_member_or(connection, params, VoteBudgetExceeded(
            _("You have used all your dots.")))
    mine = connection.execute(_ADD_DOT[connection.dialect.name], params).scalar_one()
    connection.execute(_CARD_PLUS, params)
    return Outcome(ack={"card_id": row.card_id, "my_dots": mine,
                        "dots_left": row.dots_per_participant - used},
                   tally_changed=True, version=row.version)


def remove_vote(workshop_id: int, actor: Actor, payload: dict) -> Outcome:
    """vote:remove {card_id} — take one dot back from a note."""
    connection = db.session.connection()
    row = _board(connection, workshop_id, actor, payload)
    params = {"b_workshop": workshop_id, "b_participant": actor.participant_id,
              "b_card": row.card_id}
    used = connection.execute(_GIVE_BACK, params).scalar_one_or_none()
    if used is None:  # no dot anywhere, or not this board's participant
        raise _not_member_or(connection, params, NotFound(_("You have no dot on this note.")))
    if connection.execute(_DROP_LAST_DOT, params).first() is not None:
        mine = 0
    else:
        mine = connection.execute(_DROP_ONE_DOT, params).scalar_one_or_none()
        if mine is None:  # dots elsewhere, none on this note: the rollback gives it back
            raise NotFound(_("You have no dot on this note."))
    connection.execute(_CARD_MINUS, params)
    return Outcome(ack={"card_id": row.card_id, "my_dots": mine,
                        "dots_left": row.dots_per_participant - used},
                   tally_changed=True, version=row.version)


DOT_COMMANDS = {"vote:add": add_vote, "vote:remove": remove_vote}
