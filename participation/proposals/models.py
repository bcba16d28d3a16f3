"""Proposals (citizens' ideas), their comments, and reports of abuse."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..models_base import UTCDateTime, utcnow
from ..processes.models import District, Process, Topic


class ProposalStatus(enum.StrEnum):
    PUBLISHED = "published"
    HIDDEN = "hidden"
    MERGED = "merged"
    SHORTLISTED = "shortlisted"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    ProposalStatus.PUBLISHED: _l("published"),
    ProposalStatus.HIDDEN: _l("hidden"),
    ProposalStatus.MERGED: _l("merged"),
    ProposalStatus.SHORTLISTED: _l("shortlisted"),
    ProposalStatus.NOT_SELECTED: _l("not selected"),
    ProposalStatus.WITHDRAWN: _l("withdrawn"),
}
STATUS_VALUES_SQL = ", ".join(f"'{s.value}'" for s in ProposalStatus)
# Statuses everyone sees in lists; hidden and withdrawn show only to author and moderators.
PUBLIC_STATUSES = (
    ProposalStatus.PUBLISHED.value,
    ProposalStatus.MERGED.value,
    ProposalStatus.SHORTLISTED.value,
    ProposalStatus.NOT_SELECTED.value,
)


# Shown for a contribution whose author link the privacy purge removed (legal/purge.py).
ANONYMISED = _l("anonymised participant")


class ProposalOrigin(enum.StrEnum):
    ONLINE = "online"
    WORKSHOP = "workshop"


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES_SQL})", name="status_valid"),
        CheckConstraint("origin IN ('online', 'workshop')", name="origin_valid"),
        CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon_range"),
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="point_complete"),
        CheckConstraint("comment_count >= 0", name="comment_count_positive"),
        CheckConstraint("vote_count >= 0 AND voter_count >= 0", name="vote_counts_positive"),
        CheckConstraint("workshop_dots >= 0", name="workshop_dots_positive"),
        CheckConstraint("term_count >= 0", name="term_count_positive"),
        CheckConstraint("paper_votes >= 0", name="paper_votes_positive"),
        CheckConstraint("pair_wins >= 0 AND pair_losses >= 0 AND pair_ties >= 0",
                        name="pair_counts_positive"),
        # One index per list order, process first and then exactly the ORDER BY columns: the
        # database walks it in order and stops after a page (status filters as it goes).
        Index("ix_proposals_process_new", "process_id", "created_at", "id"),
        Index("ix_proposals_process_comments", "process_id", "comment_count", "created_at",
              "id"),
        Index("ix_proposals_process_rank", "process_id", "rank_position", "created_at", "id"),
        # The lists' count (process and status filters alone): read from the index, not rows.
        Index("ix_proposals_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                  info={"personal": "contributions"})
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # Where, in words ("Marktplatz, vor der Kirche"), beside or instead of the point.
    place: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.PUBLISHED.value)
    # Why it was hidden or not selected; shown to the author (and publicly for not selected).
    status_reason: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), default=ProposalOrigin.ONLINE.value)
    # Title and body folded to lower case without accents, for search on any database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    comment_count: Mapped[int] = mapped_column(default=0)
    # Kept in the same transaction as the vote (never counted per request):
    # supports, or dot points in total; and how many people gave them.
    vote_count: Mapped[int] = mapped_column(default=0)
    voter_count: Mapped[int] = mapped_column(default=0)
    pair_wins: Mapped[int] = mapped_column(default=0)
    pair_losses: Mapped[int] = mapped_column(default=0)
    pair_ties: Mapped[int] = mapped_column(default=0)
    # Born on a workshop board: the workshop it came from (origin "workshop").
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    # Dots the idea received in live workshops (fed when a workshop publishes its results).
    workshop_dots: Mapped[int] = mapped_column(default=0)
    # Votes collected on paper or at events, entered by staff (votes.PaperVoteEntry).
    paper_votes: Mapped[int] = mapped_column(default=0, server_default="0")
    # The last computed place in the combined ranking (for sorting lists by rank in SQL).
    rank_position: Mapped[int | None] = mapped_column()
    rank_score: Mapped[float | None] = mapped_column(Float)
    # How many terms (with counts) the idea has, for the similar-idea score (similarity.py).
    term_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    process: Mapped[Process] = relationship()
    author: Mapped[User | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    district: Mapped[District | None] = relationship()

    # The pictures shown (moderation-removed ones have no position), in their order.
    pictures: Mapped[list[ProposalImage]] = relationship(
        primaryjoin="and_(ProposalImage.proposal_id == Proposal.id, "
                    "ProposalImage.position.is_not(None))",
        order_by="ProposalImage.position", viewonly=True)

    @property
    def first_picture(self) -> ProposalImage | None:
        """The first picture for a card, when the list loaded the pictures; never a query
        per card (lists eager-load them, other cards show the topic's cover)."""
        if "pictures" in inspect(self).unloaded:
            return None
        return self.pictures[0] if self.pictures else None

    @property
    def status_enum(self) -> ProposalStatus:
        return ProposalStatus(self.status)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def author_name(self) -> str:
        if self.author:
            return self.author.public_name
        if self.origin == ProposalOrigin.WORKSHOP.value:
            return str(_l("workshop"))
        return str(ANONYMISED)  # its author link was removed by the privacy purge

    @property
    def pair_comparisons(self) -> int:
        return self.pair_wins + self.pair_losses + self.pair_ties


class ProposalTerm(db.Model):
    """One term of an idea's title and body with its count: the index of similar ideas.

    Kept by the services whenever an idea is written or changed (see similarity.py).
    """

    __tablename__ = "proposal_terms"
    __table_args__ = (
        CheckConstraint("count >= 1", name="count_positive"),
        Index("ix_proposal_terms_process_term", "process_id", "term"),
    )

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(String(40), primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column()


class ProposalSimilarity(db.Model):
    """Two ideas of a process that look alike (similarity.py), for the planners' list of
    possible duplicates. One row per pair (lower id first), with the better of the two
    directions' shares; kept by the services whenever an idea is written or changed."""

    __tablename__ = "proposal_similarities"
    __table_args__ = (
        CheckConstraint("proposal_id < similar_id", name="pair_ordered"),
        CheckConstraint("share > 0", name="share_positive"),
        Index("ix_proposal_similarities_process_share", "process_id", "share"),
    )

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    similar_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    share: Mapped[float] = mapped_column(Float)


class CommentStatus(enum.StrEnum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("status IN ('published', 'hidden')", name="status_valid"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_comments_proposal_created", "proposal_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                  info={"personal": "contributions"})
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=CommentStatus.PUBLISHED.value)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User | None] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side="Comment.id")

    @property
    def is_hidden(self) -> bool:
        return self.status == CommentStatus.HIDDEN.value

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author else str(ANONYMISED)


class Report(db.Model):
    """A report of abuse on a proposal or a comment; one per person and target."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(
            "(proposal_id IS NULL) <> (comment_id IS NULL)", name="one_target"
        ),
        UniqueConstraint("reporter_id", "target_key", name="uq_reports_reporter_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True,
                                                    info={"personal": "reports"})
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    target_key: Mapped[str] = mapped_column(String(40))  # "proposal:12" or "comment:7"
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                       info={"personal": "staff"})
    resolution: Mapped[str | None] = mapped_column(String(20))  # "hidden" or "dismissed"

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    proposal: Mapped[Proposal | None] = relationship()
    comment: Mapped[Comment | None] = relationship()


MAX_PICTURES = 3  # per idea; also the check constraint on ProposalImage.position


class ProposalImage(db.Model):
    """A picture of an idea: the re-encoded file and its thumbnail (participation/uploads.py
    names), their sizes and the alt text.

    At most MAX_PICTURES per idea under concurrency: a shown picture has a position 0..2,
    unique per idea. A picture a moderator removed keeps its row with the reason (the author
    sees it) but no position and no files."""

    __tablename__ = "proposal_images"
    __table_args__ = (
        UniqueConstraint("proposal_id", "position", name="uq_proposal_images_position"),
        CheckConstraint(f"position IS NULL OR (position >= 0 AND position < {MAX_PICTURES})",
                        name="position_range"),
        CheckConstraint("(position IS NULL) = (removed_at IS NOT NULL)", name="removed_or_shown"),
        CheckConstraint("(file_name IS NULL) = (removed_at IS NOT NULL) AND "
                        "(thumb_name IS NULL) = (removed_at IS NOT NULL)", name="files_if_shown"),
        CheckConstraint("width > 0 AND height > 0 AND thumb_width > 0 AND thumb_height > 0",
                        name="sizes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int | None] = mapped_column()
    # A picture may show people: personal data of the uploader's contribution.
    file_name: Mapped[str | None] = mapped_column(String(80), index=True,
                                                  info={"upload": True,
                                                        "personal": "contributions"})
    thumb_name: Mapped[str | None] = mapped_column(String(80), index=True,
                                                   info={"upload": True,
                                                         "personal": "contributions"})
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    thumb_width: Mapped[int] = mapped_column()
    thumb_height: Mapped[int] = mapped_column()
    alt: Mapped[str] = mapped_column(String(250))
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True,
        info={"personal": "contributions"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_reason: Mapped[str | None] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship()
