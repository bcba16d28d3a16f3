"""The board's commands: one function per command of the workshop protocol.

Each takes the workshop (locked, its next version claimed: board_log.claim), the actor and
the payload, checks its rules, changes the board and returns an Outcome with its one change
for the log (board_log.event). services.run_command claims, runs, appends the change under
the claimed version (board_log.append) and records idempotency keys; no command touches the
version itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import (
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    WorkshopClosed,
    require,
)
from ..extensions import db
from ..models_base import MAX_INT, utcnow
from . import board_log, rules
from .models import (
    BoardEvent,
    BoardPhase,
    Card,
    CardStatus,
    Cluster,
    Workshop,
    WorkshopStatus,
)
from .serialize import card_data, cluster_data


@dataclass(frozen=True)
class Actor:
    """Who sends a command: a participant (by id) or a facilitator (a logged-in user)."""

    participant_id: int | None = None
    user: object | None = None

    @property
    def is_facilitator(self) -> bool:
        return self.user is not None and rules.can_facilitate(self.user)

    @property
    def key(self) -> str:
        return f"p:{self.participant_id}" if self.participant_id else f"f:{self.user.id}"


@dataclass
class Outcome:
    """What a command did: extra ack fields, events to broadcast (from a command: its change,
    not yet logged; from run_command: logged, with their versions), whether tallies changed,
    and the board version after it (for a replayed command: the version it made then)."""

    ack: dict = field(default_factory=dict)
    events: list[BoardEvent] = field(default_factory=list)
    tally_changed: bool = False
    version: int | None = None


def _int(payload: dict, name: str, optional: bool = False) -> int | None:
    value = payload.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(_("The field “%(field)s” must be a whole number.", field=name))
    if not -MAX_INT <= value <= MAX_INT:  # the database's integer columns end here
        raise InvalidInput(_("The field “%(field)s” is out of range.", field=name))
    return value


def _text(payload: dict, name: str, limit: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str):
        raise InvalidInput(_("The field “%(field)s” must be a text.", field=name))
    value = value.strip()
    if not value:
        raise InvalidInput(_("Please write something."))
    if len(value) > limit:
        raise InvalidInput(_("At most %(max)d characters, please.", max=limit))
    return value


def _card(workshop: Workshop, payload: dict) -> Card:
    card = db.session.get(Card, _int(payload, "card_id"))
    if card is None or card.workshop_id != workshop.id:
        raise NotFound(_("This note does not exist."))
    return card


def _cluster(workshop: Workshop, cluster_id: int | None) -> Cluster | None:
    if cluster_id is None:
        return None
    cluster = db.session.get(Cluster, cluster_id)
    if cluster is None or cluster.workshop_id != workshop.id:
        raise NotFound(_("This group does not exist."))
    return cluster


def _own_card(workshop: Workshop, actor: Actor, payload: dict) -> Card:
    card = _card(workshop, payload)
    if not actor.is_facilitator and card.participant_id != actor.participant_id:
        raise NotAllowed(_("You can only change your own notes."))
    if card.status == CardStatus.HIDDEN.value and not actor.is_facilitator:
        raise NotAllowed(_("This note is hidden."))
    return card


def _card_event(type_: str, card: Card) -> BoardEvent:
    if card.status == CardStatus.PENDING.value:  # everyone else sees that it waits, not what
        return board_log.event(type_, card_data(card, public=True), private=card_data(card),
                               private_to=card.participant_id)
    return board_log.event(type_, card_data(card))


# --- participants' commands ----------------------------------------------------------------

def edit_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:edit {card_id, text} — change the text of an own note."""
    require(rules.check_board_open(workshop, BoardPhase.COLLECT, BoardPhase.CLUSTER)
             if not actor.is_facilitator else None)
    card = _own_card(workshop, actor, payload)
    if card.proposal_id is not None:
        raise NotAllowed(_("An imported idea cannot be changed on the board."))
    card.text = _text(payload, "text", current_app.config["WORKSHOP_NOTE_MAX"])
    card.updated_at = utcnow()
    return Outcome(ack={"card_id": card.id}, events=[_card_event("card:edited", card)])


def move_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:move {card_id, position?, cluster_id?} — move an own note (facilitators: any)."""
    require(rules.check_board_open(workshop, BoardPhase.COLLECT, BoardPhase.CLUSTER)
             if not actor.is_facilitator else None)
    card = _own_card(workshop, actor, payload)
    if "cluster_id" in payload:
        cluster = _cluster(workshop, _int(payload, "cluster_id", optional=True))
        card.cluster_id = cluster.id if cluster else None
    if "position" in payload:
        position = _int(payload, "position")
        if not 0 <= position <= 100_000:
            raise InvalidInput(_("The position is not valid."))
        card.position = position
    card.updated_at = utcnow()
    event = _card_event("card:moved", card)
    return Outcome(ack={"card_id": card.id}, events=[event])


# vote:add and vote:remove live in dots.py: the hall's busiest commands take a short path.


# --- facilitators' commands ------------------------------------------------------------------

def set_phase(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """phase:set {phase} — collect → cluster → vote → results (any order the room needs)."""
    try:
        phase = BoardPhase(payload.get("phase"))
    except ValueError as exc:
        raise InvalidInput(_("Unknown step of the workshop.")) from exc
    workshop.board_phase = phase.value
    return Outcome(events=[board_log.event("phase:changed", {"phase": phase.value})])


def start_timer(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """timer:start {seconds} — the timer is sent as its end time, so it survives reconnects."""
    seconds = _int(payload, "seconds")
    if not 5 <= seconds <= 3 * 3600:
        raise InvalidInput(_("The timer must run between 5 seconds and 3 hours."))
    workshop.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    data = {"ends_at": workshop.timer_ends_at.isoformat()}
    return Outcome(ack=data, events=[board_log.event("timer:started", data)])


def stop_timer(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """timer:stop — clear the timer."""
    workshop.timer_ends_at = None
    return Outcome(events=[board_log.event("timer:stopped", {})])


def lock_board(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """board:lock {locked} — stop (or allow again) participants' changes."""
    locked = payload.get("locked", True)
    if not isinstance(locked, bool):
        raise InvalidInput(_("The field “%(field)s” must be true or false.", field="locked"))
    workshop.locked = locked
    return Outcome(events=[board_log.event("board:locked", {"locked": locked})])


def hide_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:hide {card_id, hidden?} — hide a note from the board (or show it again)."""
    card = _card(workshop, payload)
    hidden = payload.get("hidden", True)
    if not isinstance(hidden, bool):
        raise InvalidInput(_("The field “%(field)s” must be true or false.", field="hidden"))
    card.status = CardStatus.HIDDEN.value if hidden else CardStatus.VISIBLE.value
    card.updated_at = utcnow()
    if hidden:  # participants learn only that it went, never its text again
        event = board_log.event("card:hidden", {"id": card.id, "status": card.status},
                                private=card_data(card))
    else:
        event = _card_event("card:shown", card)
    return Outcome(ack={"card_id": card.id}, events=[event], tally_changed=True)


def approve_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:approve {card_id} — show a note that waited for approval."""
    card = _card(workshop, payload)
    if card.status != CardStatus.PENDING.value:
        raise Conflict(_("This note does not wait for approval."))
    card.status = CardStatus.VISIBLE.value
    return Outcome(ack={"card_id": card.id},
                   events=[_card_event("card:approved", card)])


def add_cluster(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """cluster:add {title} — a new group for notes."""
    title = _text(payload, "title", 120)
    position = db.session.execute(select(func.count(Cluster.id)).where(
        Cluster.workshop_id == workshop.id)).scalar_one()
    cluster = Cluster(workshop_id=workshop.id, title=title, position=position)
    db.session.add(cluster)
    db.session.flush()
    event = board_log.event("cluster:added", cluster_data(cluster))
    return Outcome(ack={"cluster_id": cluster.id}, events=[event])


def rename_cluster(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """cluster:rename {cluster_id, title}."""
    cluster = _cluster(workshop, _int(payload, "cluster_id"))
    cluster.title = _text(payload, "title", 120)
    return Outcome(ack={"cluster_id": cluster.id},
                   events=[board_log.event("cluster:renamed", cluster_data(cluster))])


def cluster_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:cluster {card_id, cluster_id|null} — put a note into a group (or take it out)."""
    card = _card(workshop, payload)
    cluster = _cluster(workshop, _int(payload, "cluster_id", optional=True))
    card.cluster_id = cluster.id if cluster else None
    card.updated_at = utcnow()
    return Outcome(ack={"card_id": card.id},
                   events=[_card_event("card:moved", card)])


def reveal_results(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """results:reveal {revealed?} — show the dot tallies to everyone (or hide them again)."""
    revealed = payload.get("revealed", True)
    if not isinstance(revealed, bool):
        raise InvalidInput(_("The field “%(field)s” must be true or false.", field="revealed"))
    workshop.results_revealed = revealed
    from .serialize import tallies

    data = {"revealed": revealed, "tallies": tallies(workshop) if revealed else {}}
    return Outcome(events=[board_log.event("results:revealed", data)])


def end_session(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """session:end — close the board; the join code stops working."""
    if not workshop.is_open:
        raise WorkshopClosed()
    workshop.status = WorkshopStatus.CLOSED.value
    workshop.join_code = None
    workshop.locked = True
    workshop.timer_ends_at = None
    workshop.closed_at = utcnow()
    return Outcome(events=[board_log.event("session:ended", {})])


PARTICIPANT_COMMANDS = frozenset({"card:add", "card:edit", "card:move", "vote:add",
                                  "vote:remove"})
# The commands that take the ORM workshop, locked (services.run_command); with dots.DOT_COMMANDS
# and notes.NOTE_COMMANDS (the short paths) they make services.COMMANDS.
BOARD_COMMANDS = {
    "card:edit": edit_card, "card:move": move_card,
    "phase:set": set_phase, "timer:start": start_timer, "timer:stop": stop_timer,
    "board:lock": lock_board, "card:hide": hide_card, "card:approve": approve_card,
    "cluster:add": add_cluster, "cluster:rename": rename_cluster, "card:cluster": cluster_card,
    "results:reveal": reveal_results, "session:end": end_session,
}
