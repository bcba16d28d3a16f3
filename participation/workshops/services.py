"""Every workshop write: preparing, opening, joining, and one function per board command.

THE WIRE PROTOCOL (rooms, join/sync payloads, acks, events, tally, presence) is fixed in
PROTOCOL.md in this folder: read it before writing events.py or the board's JavaScript.

A board command runs in the caller's transaction: it claims the board (locks the workshop
row and takes its next `version`, board_log.claim), applies the change and appends its
BoardEvent under that version (board_log.append). The transport commits, then broadcasts
the returned events; on a domain error it rolls back, so nothing is half-stored and no
version is lost. Commands with an idempotency key are applied once; a resend gets the first
ack again.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import (
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    require,
)
from ..extensions import db
from ..models_base import utcnow
from ..processes.models import Process
from ..proposals.models import PUBLIC_STATUSES, Proposal
from . import board_log, limits, rules
from .commands import (
    BOARD_COMMANDS,
    PARTICIPANT_COMMANDS,
    Actor,
    Outcome,
)
from .dots import DOT_COMMANDS
from .models import (
    Card,
    CommandReceipt,
    Participant,
    Workshop,
    WorkshopStatus,
)
from .notes import NOTE_COMMANDS
from .serialize import card_data

log = logging.getLogger(__name__)

COMMANDS = {**BOARD_COMMANDS, **DOT_COMMANDS, **NOTE_COMMANDS}

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a hall
CODE_LENGTH = 6
TOKEN_PREFIX = "wp_"  # noqa: S105 - a public marker, not a secret


# --- preparing and opening ---------------------------------------------------------------

def origin_of(proposal: Proposal) -> Workshop | None:
    """The workshop an idea was born in, when that workshop's record is public."""
    if proposal.workshop_id is None:
        return None
    workshop = db.session.get(Workshop, proposal.workshop_id)
    if workshop is None or workshop.results_published_at is None:
        return None
    return workshop


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
    require(rules.check_facilitate(user))
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
        board = board_log.claim(workshop.id)
        board_log.append(board, board_log.event("card:added", card_data(card)))
        set_committed_value(workshop, "version", board.version)  # what the claim wrote
    log.info("workshop %s prepared in %s with %d cards", workshop.id, process.slug,
             len(proposals))
    return workshop


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def open_workshop(user, workshop: Workshop) -> str:
    """Open the board for participants; returns the join code. Raises NotAllowed, Conflict."""
    require(rules.check_facilitate(user))
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


def participant_of(token, workshop_id: int | None = None) -> Participant:
    """The participant of this token (and, if given, of this workshop). Raises NotAllowed."""
    participant = participant_for_token(token)
    if participant is None or (workshop_id is not None
                               and participant.workshop_id != workshop_id):
        raise NotAllowed(_("You are not a participant of this workshop."))
    return participant


def enter_by_code(code: str, address: str, nickname: str | None = None,
                  token: str | None = None) -> tuple[Participant, str]:
    """Join an open workshop by its code with a nickname, or come back to it with the token
    of an earlier join (the same participant); returns the participant and its token.

    Raises RateLimited for an address that guessed too many codes or brought too many new
    participants (limits.py), NotFound for a wrong code, NotAllowed for a token of another
    workshop, InvalidInput for a bad nickname.
    """
    with limits.join_attempt(address):
        workshop = workshop_by_code(code)
        if token is not None:
            return participant_of(token, workshop.id), token
        limits.spend_new_participant(address)
        return join_workshop(code, nickname)


# --- the command machinery ---------------------------------------------------------------

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
    if name in DOT_COMMANDS:  # no board version, no exclusive lock: see dots.py
        receipt = _receipt(workshop_id, actor, key)
        if receipt is not None:
            return receipt
        outcome = handler(workshop_id, actor, payload)
        _keep_receipt(workshop_id, actor, key, outcome)
    else:
        outcome = _versioned(handler, workshop_id, actor, name, payload, key)
    db.session.flush()
    return outcome


def _versioned(handler, workshop_id: int, actor: Actor, name: str, payload: dict,
               key: str | None) -> Outcome:
    """A command that changes the board: claimed, applied, logged (board_log)."""
    board = board_log.claim(workshop_id)
    # card:add checks the participant in its one read (notes.py); the others here
    if name not in NOTE_COMMANDS and actor.participant_id is not None:
        board_of = db.session.connection().execute(
            _PARTICIPANT_WORKSHOP, {"b_id": actor.participant_id}).scalar()
        if board_of != board.id:
            raise NotAllowed(_("You are not a participant of this workshop."))
    receipt = _receipt(workshop_id, actor, key)
    if receipt is not None:
        board_log.give_back(board)
        return receipt
    if name in NOTE_COMMANDS:  # no ORM object: see notes.py
        outcome = handler(board, actor, payload)
    else:  # read after the claim: the workshop as it is under the lock, version included
        outcome = handler(db.session.get(Workshop, workshop_id, populate_existing=True),
                          actor, payload)
    (change,) = outcome.events  # one change, one version
    outcome.events = [board_log.append(board, change)]
    outcome.version = board.version
    _keep_receipt(workshop_id, actor, key, outcome)
    return outcome


_PARTICIPANT_WORKSHOP = select(Participant.__table__.c.workshop_id).where(
    Participant.__table__.c.id == bindparam("b_id"))
_RECEIPTS = CommandReceipt.__table__
_RECEIPT_ACK = select(_RECEIPTS.c.ack).where(
    _RECEIPTS.c.workshop_id == bindparam("b_workshop"), _RECEIPTS.c.actor == bindparam("b_actor"),
    _RECEIPTS.c.key == bindparam("b_key"))


def _keep_receipt(workshop_id: int, actor: Actor, key: str | None, outcome: Outcome) -> None:
    if key is not None:
        # the receipt keeps the version too: a resend gets the same ack, version included
        db.session.connection().execute(_RECEIPTS.insert(), {
            "workshop_id": workshop_id, "actor": actor.key, "key": key,
            "ack": dict(outcome.ack, version=outcome.version), "created_at": utcnow()})


def _receipt(workshop_id: int, actor: Actor, key: str | None) -> Outcome | None:
    """The first outcome of a command resent with the same idempotency key, or None."""
    if key is None:
        return None
    ack = db.session.connection().execute(_RECEIPT_ACK, {
        "b_workshop": workshop_id, "b_actor": actor.key, "b_key": key}).scalar_one_or_none()
    if ack is None:
        return None
    ack = dict(ack)
    version = ack.pop("version", None)
    return Outcome(ack=dict(ack, replayed=True), version=version)


def list_workshops(page: int = 1, per_page: int = 30):
    """A page of workshops, newest first, with their process."""
    return db.paginate(
        select(Workshop).options(joinedload(Workshop.process))
        .order_by(Workshop.created_at.desc(), Workshop.id.desc()),
        page=max(page, 1), per_page=per_page, error_out=False)


def importable_proposals(process: Process, limit: int) -> tuple[list, int]:
    """The best-ranked public ideas of the process (id, title), at most `limit`, and how
    many there are in all: what a facilitator may put on a board."""
    public = (Proposal.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES))
    rows = db.session.execute(
        select(Proposal.id, Proposal.title).where(*public)
        .order_by(Proposal.rank_position.is_(None), Proposal.rank_position,
                  Proposal.created_at.desc(), Proposal.id.desc())
        .limit(limit)).all()
    total = db.session.execute(select(func.count(Proposal.id)).where(*public)).scalar_one()
    return rows, total
