"""Live workshops: the board (cards, clusters, dot votes), its participants and its event log.

Every change to a board is a command that runs in one transaction, takes the next `version`
of the workshop (under a row lock) and appends one BoardEvent, both in board_log.py. The log
is append-only, so a client that reconnects gets exactly what it missed, even after a server
restart.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import UTCDateTime, utcnow
from ..processes.models import Process


class WorkshopStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class BoardPhase(enum.StrEnum):
    COLLECT = "collect"
    CLUSTER = "cluster"
    VOTE = "vote"
    RESULTS = "results"

    @property
    def label(self) -> str:
        return str(BOARD_PHASE_LABELS[self])


BOARD_PHASE_LABELS = {
    BoardPhase.COLLECT: _l("Collect notes"),
    BoardPhase.CLUSTER: _l("Group notes"),
    BoardPhase.VOTE: _l("Dot voting"),
    BoardPhase.RESULTS: _l("Results"),
}


class CardStatus(enum.StrEnum):
    VISIBLE = "visible"
    PENDING = "pending"  # waits for the facilitator's approval
    HIDDEN = "hidden"


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status_valid"),
        CheckConstraint("board_phase IN ('collect', 'cluster', 'vote', 'results')",
                        name="board_phase_valid"),
        CheckConstraint("dots_per_participant >= 1 AND dots_per_participant <= 50",
                        name="dots_range"),
        CheckConstraint("version >= 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dots_per_participant: Mapped[int] = mapped_column(default=5)
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Short code to join; unique while the workshop is open, erased when it closes.
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=WorkshopStatus.DRAFT.value)
    board_phase: Mapped[str] = mapped_column(String(10), default=BoardPhase.COLLECT.value)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    results_revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    timer_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                      info={"personal": "staff"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    process: Mapped[Process] = relationship()

    @property
    def phase(self) -> BoardPhase:
        return BoardPhase(self.board_phase)

    @property
    def is_open(self) -> bool:
        return self.status == WorkshopStatus.OPEN.value


class Participant(db.Model):
    """A person on the board: a nickname and a token, no account."""

    __tablename__ = "workshop_participants"
    __table_args__ = (CheckConstraint("dots_used >= 0", name="dots_used_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    nickname: Mapped[str] = mapped_column(String(40), info={"personal": "workshop"})
    token_hash: Mapped[str] = mapped_column(String(64), unique=True,
                                            info={"personal": "workshop"})
    dots_used: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Cluster(db.Model):
    __tablename__ = "workshop_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    result_proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"))


class Card(db.Model):
    """A sticky note, written by a participant or imported from a proposal."""

    __tablename__ = "workshop_cards"
    __table_args__ = (
        CheckConstraint("status IN ('visible', 'pending', 'hidden')", name="status_valid"),
        CheckConstraint("dot_count >= 0", name="dot_count_positive"),
        Index("ix_workshop_cards_participant_created", "participant_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_participants.id", ondelete="SET NULL"), info={"personal": "workshop"})
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                               ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_clusters.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    # An optional point the note is about (WGS 84), inside the process's districts.
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default=CardStatus.VISIBLE.value)
    dot_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result_proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"))

    participant: Mapped[Participant | None] = relationship()


class DotVote(db.Model):
    """The dots one participant put on one card."""

    __tablename__ = "workshop_dot_votes"
    __table_args__ = (
        UniqueConstraint("participant_id", "card_id", name="uq_workshop_dot_votes_participant"),
        CheckConstraint("dots >= 1", name="dots_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("workshop_cards.id", ondelete="CASCADE"),
                                         index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participants.id", ondelete="CASCADE"), info={"personal": "workshop"})
    dots: Mapped[int] = mapped_column(default=1)


class BoardEvent(db.Model):
    """One change of the board, in order. `data` is what everyone sees; `private_data`, when
    set, is what the facilitators and the author see instead (a note awaiting approval)."""

    __tablename__ = "workshop_events"
    __table_args__ = (
        UniqueConstraint("workshop_id", "version", name="uq_workshop_events_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column()
    type: Mapped[str] = mapped_column(String(30))
    data: Mapped[dict] = mapped_column(JSON)
    private_data: Mapped[dict | None] = mapped_column(JSON)
    # the participant who may see private data
    private_to: Mapped[int | None] = mapped_column(info={"personal": "workshop"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CommandReceipt(db.Model):
    """The ack of a command already applied, by its idempotency key: a resent command after a
    reconnect gets the same ack and changes nothing."""

    __tablename__ = "workshop_command_receipts"
    __table_args__ = (
        UniqueConstraint("workshop_id", "actor", "key", name="uq_workshop_command_receipts_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(40), info={"personal": "workshop"})
    key: Mapped[str] = mapped_column(String(64))
    ack: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
