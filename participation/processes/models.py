"""A participation process, its phases with dates, its topics and districts."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import UTCDateTime, utcnow


class PhaseKind(enum.StrEnum):
    INFORMATION = "information"
    IDEAS = "ideas"
    WORKSHOPS = "workshops"
    VOTING = "voting"
    SHORTLIST = "shortlist"
    RESULTS = "results"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])

    @property
    def explanation(self) -> str:
        return str(PHASE_EXPLANATIONS[self])

    @property
    def position(self) -> int:
        return PHASE_ORDER.index(self)


PHASE_ORDER = list(PhaseKind)
PHASE_VALUES_SQL = ", ".join(f"'{p.value}'" for p in PhaseKind)

PHASE_LABELS = {
    PhaseKind.INFORMATION: lazy_pgettext("phase", "Information"),
    PhaseKind.IDEAS: lazy_pgettext("phase", "Ideas"),
    PhaseKind.WORKSHOPS: lazy_pgettext("phase", "Workshops"),
    PhaseKind.VOTING: lazy_pgettext("phase", "Voting"),
    PhaseKind.SHORTLIST: lazy_pgettext("phase", "Shortlist"),
    PhaseKind.RESULTS: lazy_pgettext("phase", "Results"),
}

PHASE_EXPLANATIONS = {
    PhaseKind.INFORMATION: _l("Learn what the process is about and how you can take part."),
    PhaseKind.IDEAS: _l("Post your ideas, comment on the ideas of others."),
    PhaseKind.WORKSHOPS: _l("Ideas are discussed and developed further in live workshops."),
    PhaseKind.VOTING: _l("Say which ideas matter most to you."),
    PhaseKind.SHORTLIST: _l("Planners turn the best-ranked ideas into candidate projects."),
    PhaseKind.RESULTS: _l("The selected projects are published and their progress is shown."),
}


class VoteMethod(enum.StrEnum):
    SUPPORTS = "supports"
    DOTS = "dots"
    PAIRWISE = "pairwise"

    @property
    def label(self) -> str:
        return str(VOTE_METHOD_LABELS[self])


VOTE_METHOD_LABELS = {
    VoteMethod.SUPPORTS: _l("Supports: one per idea"),
    VoteMethod.DOTS: _l("Dots: a budget of points to spread"),
    VoteMethod.PAIRWISE: _l("Pairwise comparison only"),
}


class Process(db.Model):
    __tablename__ = "processes"
    __table_args__ = (
        CheckConstraint(f"current_phase IN ({PHASE_VALUES_SQL})", name="phase_valid"),
        CheckConstraint("vote_method IN ('supports', 'dots', 'pairwise')", name="method_valid"),
        CheckConstraint("dot_budget >= 1 AND dot_budget <= 1000", name="budget_range"),
        CheckConstraint("dot_max_per_proposal >= 1 AND dot_max_per_proposal <= dot_budget",
                        name="max_per_proposal_range"),
        CheckConstraint("weight_online >= 0 AND weight_workshop >= 0 AND weight_pairwise >= 0",
                        name="weights_positive"),
        CheckConstraint("weight_paper >= 0", name="weight_paper_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    current_phase: Mapped[str] = mapped_column(String(20), default=PhaseKind.INFORMATION.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How citizens vote online (see votes/); pairwise may run beside supports or dots.
    vote_method: Mapped[str] = mapped_column(String(20), default=VoteMethod.SUPPORTS.value)
    pairwise_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    pairwise_in_ideas: Mapped[bool] = mapped_column(Boolean, default=False)
    dot_budget: Mapped[int] = mapped_column(default=10)
    dot_max_per_proposal: Mapped[int] = mapped_column(default=3)
    votes_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    weight_online: Mapped[float] = mapped_column(Float, default=1.0)
    weight_workshop: Mapped[float] = mapped_column(Float, default=1.0)
    weight_pairwise: Mapped[float] = mapped_column(Float, default=1.0)
    weight_paper: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")
    ranking_computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    phases: Mapped[list[Phase]] = relationship(
        back_populates="process", cascade="all, delete-orphan"
    )
    topics: Mapped[list[Topic]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Topic.position"
    )
    districts: Mapped[list[District]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="District.position"
    )

    @property
    def phase(self) -> PhaseKind:
        return PhaseKind(self.current_phase)

    @property
    def method(self) -> VoteMethod:
        return VoteMethod(self.vote_method)

    @property
    def has_pairwise(self) -> bool:
        return self.method == VoteMethod.PAIRWISE or self.pairwise_enabled

    def phase_dates(self) -> dict[PhaseKind, Phase]:
        return {PhaseKind(p.kind): p for p in self.phases}

    def timeline(self) -> list[dict]:
        """All six phases in order, with dates where set and the state of each."""
        dates = self.phase_dates()
        current = self.phase.position
        out = []
        for kind in PHASE_ORDER:
            if kind.position < current:
                state = "done"
            elif kind.position == current:
                state = "current"
            else:
                state = "upcoming"
            phase = dates.get(kind)
            out.append({
                "kind": kind,
                "state": state,
                "starts_on": phase.starts_on if phase else None,
                "ends_on": phase.ends_on if phase else None,
            })
        return out


class Phase(db.Model):
    __tablename__ = "phases"
    __table_args__ = (
        UniqueConstraint("process_id", "kind", name="uq_phases_process_kind"),
        CheckConstraint(f"kind IN ({PHASE_VALUES_SQL})", name="kind_valid"),
        CheckConstraint("starts_on <= ends_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    process: Mapped[Process] = relationship(back_populates="phases")


class Topic(db.Model):
    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("process_id", "name", name="uq_topics_process_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)

    process: Mapped[Process] = relationship(back_populates="topics")


class District(db.Model):
    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("process_id", "name", name="uq_districts_process_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    # The district's area as a GeoJSON geometry dict (Polygon or MultiPolygon, WGS 84), from
    # an imported district file (processes/geo.py); null for a district known by name only.
    geometry: Mapped[dict | None] = mapped_column(JSON)
    # Its bounding box, so a point is tested against the polygons of few districts only.
    min_lat: Mapped[float | None] = mapped_column(Float)
    min_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)

    process: Mapped[Process] = relationship(back_populates="districts")
