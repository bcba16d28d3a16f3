"""The projects domain's answers to the signals of the domains below it (connected once by
create_app through `connect`)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..processes import signals as process_signals
from .models import CandidateProject


def published_projects(processes, **_kwargs) -> dict:
    """For each process's card: how many of its projects are published."""
    ids = [p.id for p in processes]
    counts = dict(db.session.execute(
        select(CandidateProject.process_id, func.count(CandidateProject.id))
        .where(CandidateProject.process_id.in_(ids), CandidateProject.published_at.is_not(None))
        .group_by(CandidateProject.process_id)).all())
    return {pid: {"projects": counts.get(pid, 0)} for pid in ids}


def connect() -> None:
    process_signals.process_cards.connect(published_projects)
