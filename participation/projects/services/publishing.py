"""The public project list and each project's life after it: publishing the list, taking
it back, and the dated status changes told to the ideas' people.

Functions run in the caller's transaction; the caller commits, or rolls back on a domain error.
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ...errors import Conflict, InvalidInput, require
from ...extensions import db
from ...models_base import utcnow
from ...notifications import services as notifications
from ...processes.models import Process
from .. import rules
from ..models import (
    REASON_MAX,
    CandidateProject,
    ProjectProposal,
    ProjectStatus,
    ProjectStatusChange,
)
from .fields import clean_text
from .reading import project_link

log = logging.getLogger(__name__)


def set_status(user, project: CandidateProject, status: str, note: str = "") -> None:
    """Move the project to a status, recorded with the date. Raises NotAllowed, PhaseClosed,
    InvalidInput for an unknown status, Conflict when it already has it."""
    require(rules.check_edit_projects(user, project.process))
    try:
        new = ProjectStatus(status)
    except ValueError as exc:
        raise InvalidInput(_("Unknown project status.")) from exc
    if new.value == project.status:
        raise Conflict(_("The project already has this status."))
    note = clean_text(note, REASON_MAX, _("Note"))
    project.status = new.value
    project.updated_at = utcnow()
    project.history.append(ProjectStatusChange(status=new.value, note=note))
    if project.published_at is not None:  # implementation tracking, told to the ideas' people
        for link in project.links:
            notifications.notify(link.proposal, "project_status", {
                "project_title": project.title, "status": new.value,
                "link": project_link(project)}, actor=user)


def publish_projects(user, process: Process) -> int:
    """Publish every draft project of the process; returns how many. Raises NotAllowed,
    PhaseClosed, InvalidInput when there is nothing to publish."""
    require(rules.check_edit_projects(user, process))
    drafts = list(db.session.execute(select(CandidateProject).where(
        CandidateProject.process_id == process.id, CandidateProject.published_at.is_(None))
        .options(selectinload(CandidateProject.links).joinedload(ProjectProposal.proposal))
    ).scalars())
    if not drafts:
        raise InvalidInput(_("There is no unpublished project to publish."))
    now = utcnow()
    for project in drafts:
        project.published_at = now
        # the ideas' authors and supporters hear it now that the project is public
        ideas = [link.proposal for link in project.links]
        for proposal in ideas:
            if len(ideas) > 1:
                notifications.notify(proposal, "merged", {
                    "target_title": project.title, "link": project_link(project)}, actor=user)
            else:
                notifications.notify(proposal, "project", {
                    "project_title": project.title, "link": project_link(project)},
                    actor=user)
    db.session.flush()
    log.info("%d projects of %s published by user %s", len(drafts), process.slug, user.id)
    return len(drafts)


def unpublish_projects(user, process: Process) -> int:
    """Take the list back: every project becomes a draft again. Raises NotAllowed,
    PhaseClosed."""
    require(rules.check_edit_projects(user, process))
    result = db.session.execute(
        update(CandidateProject)
        .where(CandidateProject.process_id == process.id,
               CandidateProject.published_at.is_not(None))
        .values(published_at=None).execution_options(synchronize_session="fetch"))
    return result.rowcount
