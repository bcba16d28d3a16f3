"""Online votes: supports, dot points with a per-person budget, pairwise answers; and the
votes staff enter from paper ballots and events.

One person, one say is kept by the database: a unique constraint per person and idea
(and per person and pair), and a budget row per person and process that a conditional
UPDATE keeps within the budget under any concurrency.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..models_base import UTCDateTime, utcnow
from ..proposals.models import Proposal


class Support(db.Model):
    __tablename__ = "supports"
    __table_args__ = (
        UniqueConstraint("user_id", "proposal_id", name="uq_supports_user_proposal"),
        Index("ix_supports_process_user", "process_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         info={"personal": "votes"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DotAllocation(db.Model):
    """The points one person gave one idea."""

    __tablename__ = "dot_allocations"
    __table_args__ = (
        UniqueConstraint("user_id", "proposal_id", name="uq_dot_allocations_user_proposal"),
        CheckConstraint("points >= 1", name="points_positive"),
        Index("ix_dot_allocations_process_user", "process_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         info={"personal": "votes"})
    points: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DotBudget(db.Model):
    """How many of the process's points a person has spent; the row that serialises spending."""

    __tablename__ = "dot_budgets"
    __table_args__ = (
        UniqueConstraint("user_id", "process_id", name="uq_dot_budgets_user_process"),
        CheckConstraint("points_used >= 0", name="points_used_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         info={"personal": "votes"})
    points_used: Mapped[int] = mapped_column(default=0)


class PairwiseAnswer(db.Model):
    """One person's answer to one pair: the winner, or none for "can't decide".

    The pair is stored with the lower id first, so a person answers each pair once.
    """

    __tablename__ = "pairwise_answers"
    __table_args__ = (
        UniqueConstraint("user_id", "low_id", "high_id", name="uq_pairwise_answers_user_pair"),
        CheckConstraint("low_id < high_id", name="pair_ordered"),
        CheckConstraint("winner_id IS NULL OR winner_id = low_id OR winner_id = high_id",
                        name="winner_in_pair"),
        Index("ix_pairwise_answers_process_user", "process_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         info={"personal": "votes"})
    low_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    high_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    winner_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PaperVoteEntry(db.Model):
    """Votes for one idea collected on paper, at a stand or at an event, entered by staff.

    Entries are never changed: a correction is a new entry that replaces exactly one earlier
    entry (with a reason), so the history shows who entered what and when. An idea's paper
    votes are the sum of its entries that nothing replaced (kept in Proposal.paper_votes in
    the same transaction).
    """

    __tablename__ = "paper_vote_entries"
    __table_args__ = (
        CheckConstraint("count >= 0 AND count <= 1000000", name="count_range"),
        CheckConstraint("channel IN ('paper', 'stand', 'event')", name="channel_valid"),
        CheckConstraint("(replaces_id IS NULL) = (reason IS NULL)", name="correction_reason"),
        UniqueConstraint("replaces_id", name="uq_paper_vote_entries_replaces"),
        Index("ix_paper_vote_entries_process", "process_id", "entered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    count: Mapped[int] = mapped_column()
    channel: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                      info={"personal": "staff"})
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A correction: the entry it replaces, and why (both or neither).
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("paper_vote_entries.id"))
    reason: Mapped[str | None] = mapped_column(Text)

    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    proposal: Mapped[Proposal] = relationship()
