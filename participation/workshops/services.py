"""Every workshop write: preparing, opening, joining, and one function per board command.

THE WIRE PROTOCOL (rooms, join/sync payloads, acks, events, tally, presence) is fixed in
PROTOCOL.md in this folder: read it before writing events.py or the board's JavaScript.

A board command runs in the caller's transaction: it locks the workshop row, applies the
change, takes the next `version` and appends a BoardEvent. The transport commits, then
broadcasts the returned events; on a domain error it rolls back, so nothing is half-stored.
Commands with an idempotency key are applied once; a resend gets the first ack again.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotAllowed,
    NotFound,
    RateLimited,
    VoteBudgetExceeded,
    WorkshopClosed,
)
from ..extensions import db
from ..models_base import utcnow
from ..processes.models import Process
from ..proposals.models import PUBLIC_STATUSES, Proposal
from . import rules
from .models import (
    BoardEvent,
    BoardPhase,
    Card,
    CardStatus,
    Cluster,
    CommandReceipt,
    DotVote,
    Participant,
    Workshop,
    WorkshopStatus,
)
from .serialize import card_data, cluster_data

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a hall
CODE_LENGTH = 6
TOKEN_PREFIX = "wp_"  # noqa: S105 - a public marker, not a secret


def _require(problem: DomainError | None) -> None:
    if problem is not None:
        raise problem


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
    """What a command did: extra ack fields, events to broadcast, whether tallies changed,
    and the board version after it (for a replayed command: the version it made then)."""

    ack: dict = field(default_factory=dict)
    events: list[BoardEvent] = field(default_factory=list)
    tally_changed: bool = False
    version: int | None = None


# --- preparing and opening ---------------------------------------------------------------

def get_workshop(workshop_id: int) -> Workshop:
    """The workshop with this id. Raises NotFound."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(_("This workshop does not exist."))
    return workshop


def create_workshop(user, process: Process, title: str, starts_at: datetime | None = None,
                    dots_per_participant: int = 5, approval_required: bool = False,
                    proposal_ids: list[int] | tuple = ()) -> Workshop:
    """Prepare a workshop in a process, with proposals imported as cards.

    Raises NotAllowed for non-facilitators, InvalidInput for a bad title, dot number or a
    proposal that is not a public idea of this process.
    """
    _require(rules.check_facilitate(user))
    title = " ".join((title or "").split())
    if not title or len(title) > 120:
        raise InvalidInput(_("Give the workshop a title of at most 120 characters."))
    if not isinstance(dots_per_participant, int) or not 1 <= dots_per_participant <= 50:
        raise InvalidInput(_("Dots per participant must be between 1 and 50."))
    workshop = Workshop(process_id=process.id, title=title, starts_at=starts_at,
                        dots_per_participant=dots_per_participant,
                        approval_required=approval_required, created_by_id=user.id)
    db.session.add(workshop)
    db.session.flush()
    proposals = list(db.session.execute(select(Proposal).where(
        Proposal.id.in_(list(proposal_ids) or [-1]))).scalars())
    if len(proposals) != len(set(proposal_ids)) or any(
            p.process_id != process.id or p.status not in PUBLIC_STATUSES for p in proposals):
        raise InvalidInput(_("Only public ideas of this process can be imported."))
    for position, proposal in enumerate(sorted(proposals, key=lambda p: p.id)):
        card = Card(workshop_id=workshop.id, proposal_id=proposal.id, text=proposal.title,
                    position=position)
        db.session.add(card)
        db.session.flush()
        _emit(workshop, "card:added", card_data(card))
    log.info("workshop %s prepared in %s with %d cards", workshop.id, process.slug,
             len(proposals))
    return workshop


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def open_workshop(user, workshop: Workshop) -> str:
    """Open the board for participants; returns the join code. Raises NotAllowed, Conflict."""
    _require(rules.check_facilitate(user))
    if workshop.status == WorkshopStatus.CLOSED.value:
        raise Conflict(_("This workshop has ended and cannot be opened again."))
    if workshop.is_open:
        return workshop.join_code
    for _attempt in range(20):
        code = _new_code()
        taken = db.session.execute(select(Workshop.id).where(Workshop.join_code == code)).first()
        if not taken:
            break
    try:
        with db.session.begin_nested():
            workshop.join_code = code
            workshop.status = WorkshopStatus.OPEN.value
            workshop.opened_at = utcnow()
            db.session.flush()
    except IntegrityError as exc:  # the same code drawn at the same moment elsewhere
        raise Conflict(_("Please try again.")) from exc
    log.info("workshop %s opened", workshop.id)
    return code


def normalise_code(code) -> str:
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:12]


def workshop_by_code(code: str) -> Workshop:
    """The open workshop with this join code. Raises NotFound."""
    workshop = db.session.execute(select(Workshop).where(
        Workshop.join_code == normalise_code(code),
        Workshop.status == WorkshopStatus.OPEN.value)).scalar_one_or_none()
    if workshop is None:
        raise NotFound(_("There is no open workshop with this code."))
    return workshop


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join_workshop(code: str, nickname: str) -> tuple[Participant, str]:
    """Join an open workshop with a nickname; returns the participant and its token (shown
    once). Raises NotFound for a wrong code, InvalidInput for a bad nickname."""
    workshop = workshop_by_code(code)
    nickname = " ".join((nickname or "").split())
    if not nickname or len(nickname) > 40:
        raise InvalidInput(_("Choose a nickname of at most 40 characters."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(24)
    participant = Participant(workshop_id=workshop.id, nickname=nickname,
                              token_hash=_hash_token(token))
    db.session.add(participant)
    db.session.flush()
    log.info("participant %s joined workshop %s", participant.id, workshop.id)
    return participant, token


def participant_for_token(token: str) -> Participant | None:
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 80:
        return None
    return db.session.execute(select(Participant).where(
        Participant.token_hash == _hash_token(token))).scalar_one_or_none()


# --- the command machinery ---------------------------------------------------------------

def _lock(workshop_id: int) -> Workshop:
    """The workshop row, locked until commit: commands on one board run one at a time, so
    versions are gap-free and ordered, also across server processes."""
    workshop = db.session.execute(
        select(Workshop).where(Workshop.id == workshop_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if workshop is None:
        raise NotFound(_("This workshop does not exist."))
    return workshop


def _emit(workshop: Workshop, type_: str, data: dict, private: dict | None = None,
          private_to: int | None = None) -> BoardEvent:
    workshop.version += 1
    event = BoardEvent(workshop_id=workshop.id, version=workshop.version, type=type_,
                       data=data, private_data=private, private_to=private_to)
    db.session.add(event)
    return event


def run_command(workshop_id: int, actor: Actor, name: str, payload: dict | None,
                key: str | None = None) -> Outcome:
    """Apply one board command. Raises InvalidInput for an unknown command or payload, and
    the domain error of the rule the command breaks."""
    handler = COMMANDS.get(name)
    if handler is None:
        raise InvalidInput(_("Unknown command."))
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise InvalidInput(_("The command data must be an object."))
    if key is not None and (not isinstance(key, str) or not 1 <= len(key) <= 64):
        raise InvalidInput(_("The idempotency key must be a text of 1 to 64 characters."))
    facilitator_only = name not in PARTICIPANT_COMMANDS
    if facilitator_only and not actor.is_facilitator:
        raise NotAllowed(_("Only facilitators can do this."))
    workshop = _lock(workshop_id)
    if actor.participant_id is not None:
        participant = db.session.get(Participant, actor.participant_id)
        if participant is None or participant.workshop_id != workshop.id:
            raise NotAllowed(_("You are not a participant of this workshop."))
    if key is not None:
        receipt = db.session.execute(select(CommandReceipt).where(
            CommandReceipt.workshop_id == workshop.id, CommandReceipt.actor == actor.key,
            CommandReceipt.key == key)).scalar_one_or_none()
        if receipt is not None:
            ack = dict(receipt.ack)
            version = ack.pop("version", workshop.version)
            return Outcome(ack=dict(ack, replayed=True), version=version)
    outcome = handler(workshop, actor, payload)
    outcome.version = workshop.version
    if key is not None:
        # the receipt keeps the version too: a resend gets the same ack, version included
        db.session.add(CommandReceipt(workshop_id=workshop.id, actor=actor.key, key=key,
                                      ack=dict(outcome.ack, version=outcome.version)))
    db.session.flush()
    return outcome


def _int(payload: dict, name: str, optional: bool = False) -> int | None:
    value = payload.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(_("The field “%(field)s” must be a whole number.", field=name))
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


def _card_event(workshop: Workshop, type_: str, card: Card) -> BoardEvent:
    if card.status == CardStatus.PENDING.value:
        return _emit(workshop, type_, card_data(card, public=True), private=card_data(card),
                     private_to=card.participant_id)
    return _emit(workshop, type_, card_data(card))


# --- participants' commands ----------------------------------------------------------------

def _check_note_rate(workshop: Workshop, participant_id: int) -> None:
    limit = current_app.config["WORKSHOP_NOTES_PER_MINUTE"]
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.execute(select(func.count(Card.id)).where(
        Card.participant_id == participant_id, Card.created_at > since)).scalar_one()
    if recent >= limit:
        raise RateLimited(_("At most %(num)d notes per minute, please.", num=limit))


def add_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:add {text} — a new note; waits for approval when the workshop asks for it."""
    if not actor.is_facilitator:
        _require(rules.check_board_open(workshop, BoardPhase.COLLECT))
        _check_note_rate(workshop, actor.participant_id)
    elif not workshop.is_open and workshop.status != WorkshopStatus.DRAFT.value:
        raise WorkshopClosed()
    text = _text(payload, "text", current_app.config["WORKSHOP_NOTE_MAX"])
    pending = workshop.approval_required and not actor.is_facilitator
    position = db.session.execute(select(func.coalesce(func.max(Card.position), -1) + 1).where(
        Card.workshop_id == workshop.id)).scalar_one()
    card = Card(workshop_id=workshop.id, participant_id=actor.participant_id, text=text,
                position=position,
                status=CardStatus.PENDING.value if pending else CardStatus.VISIBLE.value)
    db.session.add(card)
    db.session.flush()
    event = _card_event(workshop, "card:added", card)
    return Outcome(ack={"card_id": card.id, "pending": pending}, events=[event])


def edit_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:edit {card_id, text} — change the text of an own note."""
    _require(rules.check_board_open(workshop, BoardPhase.COLLECT, BoardPhase.CLUSTER)
             if not actor.is_facilitator else None)
    card = _own_card(workshop, actor, payload)
    if card.proposal_id is not None:
        raise NotAllowed(_("An imported idea cannot be changed on the board."))
    card.text = _text(payload, "text", current_app.config["WORKSHOP_NOTE_MAX"])
    card.updated_at = utcnow()
    return Outcome(ack={"card_id": card.id}, events=[_card_event(workshop, "card:edited", card)])


def move_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:move {card_id, position?, cluster_id?} — move an own note (facilitators: any)."""
    _require(rules.check_board_open(workshop, BoardPhase.COLLECT, BoardPhase.CLUSTER)
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
    event = _card_event(workshop, "card:moved", card)
    return Outcome(ack={"card_id": card.id}, events=[event])


def add_vote(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """vote:add {card_id} — put one dot on a visible note, within the dot budget."""
    if actor.participant_id is None:
        raise NotAllowed(_("Only participants vote."))
    _require(rules.check_board_open(workshop, BoardPhase.VOTE))
    card = _card(workshop, payload)
    if card.status != CardStatus.VISIBLE.value:
        raise NotAllowed(_("This note cannot receive dots."))
    spent = db.session.execute(
        update(Participant)
        .where(Participant.id == actor.participant_id,
               Participant.dots_used < workshop.dots_per_participant)
        .values(dots_used=Participant.dots_used + 1)
        .execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        raise VoteBudgetExceeded(_("You have used all your dots."))
    vote = db.session.execute(select(DotVote).where(
        DotVote.participant_id == actor.participant_id, DotVote.card_id == card.id)
    ).scalar_one_or_none()
    if vote is None:
        db.session.add(DotVote(workshop_id=workshop.id, card_id=card.id,
                               participant_id=actor.participant_id, dots=1))
    else:
        vote.dots += 1
    db.session.execute(update(Card).where(Card.id == card.id)
                       .values(dot_count=Card.dot_count + 1)
                       .execution_options(synchronize_session=False))
    return Outcome(ack=_dots_ack(workshop, actor.participant_id, card.id), tally_changed=True)


def remove_vote(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """vote:remove {card_id} — take one dot back from a note."""
    if actor.participant_id is None:
        raise NotAllowed(_("Only participants vote."))
    _require(rules.check_board_open(workshop, BoardPhase.VOTE))
    card = _card(workshop, payload)
    vote = db.session.execute(select(DotVote).where(
        DotVote.participant_id == actor.participant_id, DotVote.card_id == card.id)
    ).scalar_one_or_none()
    if vote is None:
        raise NotFound(_("You have no dot on this note."))
    if vote.dots == 1:
        db.session.delete(vote)
    else:
        vote.dots -= 1
    db.session.execute(update(Participant).where(Participant.id == actor.participant_id)
                       .values(dots_used=Participant.dots_used - 1)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Card).where(Card.id == card.id)
                       .values(dot_count=Card.dot_count - 1)
                       .execution_options(synchronize_session=False))
    db.session.flush()
    return Outcome(ack=_dots_ack(workshop, actor.participant_id, card.id), tally_changed=True)


def _dots_ack(workshop: Workshop, participant_id: int, card_id: int) -> dict:
    db.session.flush()
    used = db.session.execute(select(Participant.dots_used).where(
        Participant.id == participant_id)).scalar_one()
    mine = db.session.execute(select(DotVote.dots).where(
        DotVote.participant_id == participant_id, DotVote.card_id == card_id)
    ).scalar_one_or_none()
    return {"card_id": card_id, "my_dots": mine or 0,
            "dots_left": workshop.dots_per_participant - used}


# --- facilitators' commands ------------------------------------------------------------------

def set_phase(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """phase:set {phase} — collect → cluster → vote → results (any order the room needs)."""
    try:
        phase = BoardPhase(payload.get("phase"))
    except ValueError as exc:
        raise InvalidInput(_("Unknown step of the workshop.")) from exc
    workshop.board_phase = phase.value
    return Outcome(events=[_emit(workshop, "phase:changed", {"phase": phase.value})])


def start_timer(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """timer:start {seconds} — the timer is sent as its end time, so it survives reconnects."""
    seconds = _int(payload, "seconds")
    if not 5 <= seconds <= 3 * 3600:
        raise InvalidInput(_("The timer must run between 5 seconds and 3 hours."))
    workshop.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    data = {"ends_at": workshop.timer_ends_at.isoformat()}
    return Outcome(ack=data, events=[_emit(workshop, "timer:started", data)])


def stop_timer(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """timer:stop — clear the timer."""
    workshop.timer_ends_at = None
    return Outcome(events=[_emit(workshop, "timer:stopped", {})])


def lock_board(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """board:lock {locked} — stop (or allow again) participants' changes."""
    locked = payload.get("locked", True)
    if not isinstance(locked, bool):
        raise InvalidInput(_("The field “%(field)s” must be true or false.", field="locked"))
    workshop.locked = locked
    return Outcome(events=[_emit(workshop, "board:locked", {"locked": locked})])


def hide_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:hide {card_id, hidden?} — hide a note from the board (or show it again)."""
    card = _card(workshop, payload)
    hidden = payload.get("hidden", True)
    if not isinstance(hidden, bool):
        raise InvalidInput(_("The field “%(field)s” must be true or false.", field="hidden"))
    card.status = CardStatus.HIDDEN.value if hidden else CardStatus.VISIBLE.value
    card.updated_at = utcnow()
    if hidden:  # participants learn only that it went, never its text again
        event = _emit(workshop, "card:hidden", {"id": card.id, "status": card.status},
                      private=card_data(card))
    else:
        event = _card_event(workshop, "card:shown", card)
    return Outcome(ack={"card_id": card.id}, events=[event], tally_changed=True)


def approve_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:approve {card_id} — show a note that waited for approval."""
    card = _card(workshop, payload)
    if card.status != CardStatus.PENDING.value:
        raise Conflict(_("This note does not wait for approval."))
    card.status = CardStatus.VISIBLE.value
    return Outcome(ack={"card_id": card.id},
                   events=[_card_event(workshop, "card:approved", card)])


def add_cluster(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """cluster:add {title} — a new group for notes."""
    title = _text(payload, "title", 120)
    position = db.session.execute(select(func.count(Cluster.id)).where(
        Cluster.workshop_id == workshop.id)).scalar_one()
    cluster = Cluster(workshop_id=workshop.id, title=title, position=position)
    db.session.add(cluster)
    db.session.flush()
    event = _emit(workshop, "cluster:added", cluster_data(cluster))
    return Outcome(ack={"cluster_id": cluster.id}, events=[event])


def rename_cluster(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """cluster:rename {cluster_id, title}."""
    cluster = _cluster(workshop, _int(payload, "cluster_id"))
    cluster.title = _text(payload, "title", 120)
    return Outcome(ack={"cluster_id": cluster.id},
                   events=[_emit(workshop, "cluster:renamed", cluster_data(cluster))])


def cluster_card(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """card:cluster {card_id, cluster_id|null} — put a note into a group (or take it out)."""
    card = _card(workshop, payload)
    cluster = _cluster(workshop, _int(payload, "cluster_id", optional=True))
    card.cluster_id = cluster.id if cluster else None
    card.updated_at = utcnow()
    return Outcome(ack={"card_id": card.id},
                   events=[_card_event(workshop, "card:moved", card)])


def reveal_results(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """results:reveal {revealed?} — show the dot tallies to everyone (or hide them again)."""
    revealed = payload.get("revealed", True)
    if not isinstance(revealed, bool):
        raise InvalidInput(_("The field “%(field)s” must be true or false.", field="revealed"))
    workshop.results_revealed = revealed
    from .serialize import tallies

    data = {"revealed": revealed, "tallies": tallies(workshop) if revealed else {}}
    return Outcome(events=[_emit(workshop, "results:revealed", data)])


def end_session(workshop: Workshop, actor: Actor, payload: dict) -> Outcome:
    """session:end — close the board; the join code stops working."""
    if not workshop.is_open:
        raise WorkshopClosed()
    workshop.status = WorkshopStatus.CLOSED.value
    workshop.join_code = None
    workshop.locked = True
    workshop.timer_ends_at = None
    workshop.closed_at = utcnow()
    return Outcome(events=[_emit(workshop, "session:ended", {})])


PARTICIPANT_COMMANDS = frozenset({"card:add", "card:edit", "card:move", "vote:add",
                                  "vote:remove"})
COMMANDS = {
    "card:add": add_card, "card:edit": edit_card, "card:move": move_card,
    "vote:add": add_vote, "vote:remove": remove_vote,
    "phase:set": set_phase, "timer:start": start_timer, "timer:stop": stop_timer,
    "board:lock": lock_board, "card:hide": hide_card, "card:approve": approve_card,
    "cluster:add": add_cluster, "cluster:rename": rename_cluster, "card:cluster": cluster_card,
    "results:reveal": reveal_results, "session:end": end_session,
}
