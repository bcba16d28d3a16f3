"""Candidate projects made from ranked ideas, their status history, and projects imported
from other cities' open-data feeds (kept apart: they never enter the local ranking)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import UTCDateTime, utcnow
from ..processes.models import District, Process
from ..proposals.models import Proposal


class ProjectStatus(enum.StrEnum):
    CANDIDATE = "candidate"
    SELECTED = "selected"
    IN_IMPLEMENTATION = "in_implementation"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return str(PROJECT_STATUS_LABELS[self])


PROJECT_STATUS_LABELS = {
    ProjectStatus.CANDIDATE: _l("candidate"),
    ProjectStatus.SELECTED: _l("selected"),
    ProjectStatus.IN_IMPLEMENTATION: _l("in implementation"),
    ProjectStatus.DONE: _l("done"),
    ProjectStatus.DROPPED: _l("dropped"),
}
PROJECT_STATUS_SQL = ", ".join(f"'{s.value}'" for s in ProjectStatus)

# The five criteria the jury of "Meine Stadt der Zukunft" chose the model projects by.
CRITERIA = ("innovation", "integrated", "participation", "spatial", "implementation")
CRITERION_LABELS = {
    "innovation": _l("Innovation"),
    "integrated": _l("Quality of the integrated approach"),
    "participation": _l("Participation approach"),
    "spatial": _l("Coherence of the spatial focus"),
    "implementation": _l("Implementation orientation"),
}
SCORE_MIN, SCORE_MAX = 1, 5
# Lengths of a project's texts, read by the columns, the forms and the services.
TITLE_MAX = 120
SUMMARY_MAX = 5000
SHORT_MAX = 120  # department and time frame
COMMENT_MAX = 2000  # a criterion's comment
REASON_MAX = 1000  # a status note, or why an idea did not become a project
MAX_COST_EUR = 1_000_000_000_000  # a trillion: beyond any city budget, fits BigInteger


def _score_checks() -> list[CheckConstraint]:
    return [CheckConstraint(f"score_{c} IS NULL OR (score_{c} >= {SCORE_MIN} AND "
                            f"score_{c} <= {SCORE_MAX})", name=f"score_{c}_range")
            for c in CRITERIA]


class CandidateProject(db.Model):
    """A buildable project a planner made from one or several citizen ideas."""

    __tablename__ = "candidate_projects"
    __table_args__ = (
        CheckConstraint(f"status IN ({PROJECT_STATUS_SQL})", name="status_valid"),
        CheckConstraint("cost_cents IS NULL OR cost_cents >= 0", name="cost_positive"),
        *_score_checks(),
        Index("ix_candidate_projects_process_position", "process_id", "position", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    # Euro cents: exact, and formatted per locale only when shown.
    cost_cents: Mapped[int | None] = mapped_column(BigInteger)
    time_frame: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ProjectStatus.CANDIDATE.value)
    score_innovation: Mapped[int | None] = mapped_column(Integer)
    score_integrated: Mapped[int | None] = mapped_column(Integer)
    score_participation: Mapped[int | None] = mapped_column(Integer)
    score_spatial: Mapped[int | None] = mapped_column(Integer)
    score_implementation: Mapped[int | None] = mapped_column(Integer)
    comment_innovation: Mapped[str] = mapped_column(Text, default="")
    comment_integrated: Mapped[str] = mapped_column(Text, default="")
    comment_participation: Mapped[str] = mapped_column(Text, default="")
    comment_spatial: Mapped[str] = mapped_column(Text, default="")
    comment_implementation: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Set when the planner publishes the list; None: seen only by planners and admins.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    process: Mapped[Process] = relationship()
    district: Mapped[District | None] = relationship()
    links: Mapped[list[ProjectProposal]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectProposal.position")
    history: Mapped[list[ProjectStatusChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(ProjectStatusChange.changed_at, ProjectStatusChange.id)")
    # rows go with the project (ON DELETE CASCADE); services.delete_project discards the files
    pictures: Mapped[list[ProjectImage]] = relationship(
        order_by="ProjectImage.position", viewonly=True)

    @property
    def status_enum(self) -> ProjectStatus:
        return ProjectStatus(self.status)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def score(self, criterion: str) -> int | None:
        return getattr(self, f"score_{criterion}")

    def comment(self, criterion: str) -> str:
        return getattr(self, f"comment_{criterion}") or ""

    @property
    def score_total(self) -> int | None:
        """The sum of the five scores (5–25), or None while any is missing."""
        scores = [self.score(c) for c in CRITERIA]
        return None if any(s is None for s in scores) else sum(scores)


class ProjectProposal(db.Model):
    """An idea a project came from; an idea belongs to at most one project."""

    __tablename__ = "project_proposals"
    __table_args__ = (
        UniqueConstraint("proposal_id", name="uq_project_proposals_proposal_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_projects.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[CandidateProject] = relationship(back_populates="links")
    proposal: Mapped[Proposal] = relationship()


class ProjectStatusChange(db.Model):
    """A dated step in a project's life (implementation tracking); no person is recorded."""

    __tablename__ = "project_status_changes"
    __table_args__ = (
        CheckConstraint(f"status IN ({PROJECT_STATUS_SQL})", name="status_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_projects.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[CandidateProject] = relationship(back_populates="history")

    @property
    def status_enum(self) -> ProjectStatus:
        return ProjectStatus(self.status)


class ImportedFeed(db.Model):
    """A project feed of another city's process, as an admin imported it."""

    __tablename__ = "imported_feeds"
    __table_args__ = (
        UniqueConstraint("city", "process_slug", name="uq_imported_feeds_city_process"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(120))
    site: Mapped[str] = mapped_column(String(120), default="")
    process_slug: Mapped[str] = mapped_column(String(60))
    process_title: Mapped[str] = mapped_column(String(200))
    process_url: Mapped[str] = mapped_column(String(500), default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    schema_version: Mapped[int] = mapped_column(default=1)
    generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    projects: Mapped[list[ImportedProject]] = relationship(
        back_populates="feed", cascade="all, delete-orphan", order_by="ImportedProject.position")


class ImportedProject(db.Model):
    """One project of another city, shown on "what other cities did" only."""

    __tablename__ = "imported_projects"
    __table_args__ = (
        CheckConstraint(f"status IN ({PROJECT_STATUS_SQL})", name="status_valid"),
        CheckConstraint("cost_cents IS NULL OR cost_cents >= 0", name="cost_positive"),
        CheckConstraint("supporters >= 0 AND idea_count >= 0", name="counts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("imported_feeds.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    cost_cents: Mapped[int | None] = mapped_column(BigInteger)
    time_frame: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(500), default="")
    supporters: Mapped[int] = mapped_column(default=0)
    idea_count: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    feed: Mapped[ImportedFeed] = relationship(back_populates="projects")

    @property
    def status_enum(self) -> ProjectStatus:
        return ProjectStatus(self.status)


MAX_PROJECT_PICTURES = 3


class ProjectImage(db.Model):
    """A picture of a candidate project (a planner's upload): the re-encoded file and its
    thumbnail (participation/uploads.py names), their sizes and the alt text. At most three
    per project, held by the unique (project, position) with position 0..2. Planners delete
    a picture outright: projects have no moderation, so no removed state."""

    __tablename__ = "project_images"
    __table_args__ = (
        UniqueConstraint("project_id", "position", name="uq_project_images_position"),
        CheckConstraint(f"position >= 0 AND position < {MAX_PROJECT_PICTURES}",
                        name="position_range"),
        CheckConstraint("width > 0 AND height > 0 AND thumb_width > 0 AND thumb_height > 0",
                        name="sizes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_projects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    file_name: Mapped[str] = mapped_column(String(80), index=True, info={"upload": True})
    thumb_name: Mapped[str] = mapped_column(String(80), index=True, info={"upload": True})
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    thumb_width: Mapped[int] = mapped_column()
    thumb_height: Mapped[int] = mapped_column()
    alt: Mapped[str] = mapped_column(String(250))
    # staff, like the project's other texts
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, info={"personal": "staff"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[CandidateProject] = relationship()
