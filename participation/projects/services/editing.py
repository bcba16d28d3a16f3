"""Making candidate projects from ranked ideas: one idea, or several merged into one
project. The first idea leads ("shortlisted") and stands for the project in the ranking;
every other one is "merged" into it and keeps its votes, which the project counts.

Functions run in the caller's transaction; the caller commits, or rolls back on a domain error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ... import uploads
from ...errors import Conflict, InvalidInput, NotFound, require
from ...extensions import db
from ...models_base import utcnow
from ...notifications import services as notifications
from ...processes.models import Process
from ...proposals.models import Proposal, ProposalStatus
from ...votes import services as vote_services
from .. import rules
from ..models import CandidateProject, ProjectProposal, ProjectStatus, ProjectStatusChange
from .fields import ProjectInput, clean_values
from .reading import project_link

log = logging.getLogger(__name__)

# Ideas a planner may turn into a project or answer "why not": those in the ranking.
USABLE_STATUSES = vote_services.RANKED_STATUSES


def _usable_proposals(process: Process, proposal_ids: Sequence[int]) -> list[Proposal]:
    ids = list(dict.fromkeys(proposal_ids))
    if not ids:
        raise InvalidInput(_("Choose at least one idea for the project."))
    found = {p.id: p for p in db.session.execute(
        select(Proposal).where(Proposal.id.in_(ids))).scalars()}
    for proposal_id in ids:
        proposal = found.get(proposal_id)
        if proposal is None or proposal.process_id != process.id:
            raise InvalidInput(_("Only ideas of this process can become its projects."))
        if proposal.status == ProposalStatus.MERGED.value:  # merged: into another project
            raise Conflict(_("One of these ideas already belongs to another project."))
        if proposal.status not in USABLE_STATUSES:
            raise InvalidInput(_("The idea “%(title)s” cannot become a project (it is hidden, "
                                 "withdrawn or merged).", title=proposal.title))
    return [found[i] for i in ids]


def _link(project: CandidateProject, proposals: list[Proposal], start: int = 0) -> None:
    """Attach ideas; the unique proposal_id constraint refuses one already in a project,
    also when two planners merge the same idea at the same moment."""
    try:
        with db.session.begin_nested():
            for offset, proposal in enumerate(proposals):
                db.session.add(ProjectProposal(project_id=project.id, proposal_id=proposal.id,
                                               position=start + offset))
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("One of these ideas already belongs to another project.")) from exc
    _settle_statuses(project)


def _mark(proposal_ids: Sequence[int], status: ProposalStatus) -> None:
    if proposal_ids:
        db.session.execute(
            update(Proposal).where(Proposal.id.in_(proposal_ids))
            .values(status=status.value, status_reason=None)
            .execution_options(synchronize_session="fetch"))


def _settle_statuses(project: CandidateProject) -> None:
    """The lead idea (the first link) is "shortlisted", every other one "merged" into it, so
    a project stands once in the shortlist however many ideas it merges."""
    ids = list(db.session.execute(
        select(ProjectProposal.proposal_id).where(ProjectProposal.project_id == project.id)
        .order_by(ProjectProposal.position, ProjectProposal.id)).scalars())
    _mark(ids[:1], ProposalStatus.SHORTLISTED)
    _mark(ids[1:], ProposalStatus.MERGED)


def create_project(user, process: Process, proposal_ids: Sequence[int],
                   data: ProjectInput) -> CandidateProject:
    """Make a candidate project from one idea or merge several into one.

    The ideas keep their votes; the first becomes the project's lead idea ("shortlisted"),
    the others are "merged" into it. Raises NotAllowed, PhaseClosed, InvalidInput, Conflict
    when an idea already belongs to a project.
    """
    require(rules.check_edit_projects(user, process))
    values = clean_values(process, data)
    proposals = _usable_proposals(process, proposal_ids)
    position = db.session.execute(select(func.coalesce(func.max(CandidateProject.position), 0))
                                  .where(CandidateProject.process_id == process.id)).scalar_one()
    project = CandidateProject(process_id=process.id, position=position + 1,
                               status=ProjectStatus.CANDIDATE.value, **values)
    db.session.add(project)
    db.session.flush()
    db.session.add(ProjectStatusChange(project_id=project.id, status=project.status))
    _link(project, proposals)
    log.info("project %s made from %d ideas in %s by user %s", project.id, len(proposals),
             process.slug, user.id)
    return project


def update_project(user, project: CandidateProject, data: ProjectInput) -> None:
    """Change a project's fields and scores. Raises NotAllowed, PhaseClosed, InvalidInput."""
    require(rules.check_edit_projects(user, project.process))
    for name, value in clean_values(project.process, data).items():
        setattr(project, name, value)
    project.updated_at = utcnow()


def add_proposals(user, project: CandidateProject, proposal_ids: Sequence[int]) -> None:
    """Merge more ideas into the project (they become "merged"). Raises NotAllowed,
    PhaseClosed, InvalidInput, Conflict."""
    require(rules.check_edit_projects(user, project.process))
    proposals = _usable_proposals(project.process, proposal_ids)
    _link(project, proposals, start=len(project.links))
    project.updated_at = utcnow()
    if project.published_at is not None:  # a public project: the new ideas' people hear it
        for proposal in proposals:
            notifications.notify(proposal, "merged", {
                "target_title": project.title, "link": project_link(project)}, actor=user)


def remove_proposal(user, project: CandidateProject, proposal_id: int) -> None:
    """Take an idea out of the project (it is "published" again; without its lead idea the
    next one leads). Raises NotAllowed, PhaseClosed, NotFound, InvalidInput for the last idea."""
    require(rules.check_edit_projects(user, project.process))
    link = next((x for x in project.links if x.proposal_id == proposal_id), None)
    if link is None:
        raise NotFound(_("This idea is not part of the project."))
    if len(project.links) == 1:
        raise InvalidInput(_("A project keeps at least one idea it came from."))
    project.links.remove(link)
    for position, rest in enumerate(project.links):  # the lead is always at position 0
        rest.position = position
    db.session.flush()
    _mark([proposal_id], ProposalStatus.PUBLISHED)
    _settle_statuses(project)
    project.updated_at = utcnow()


def delete_project(user, project: CandidateProject) -> None:
    """Delete a draft; its ideas are "published" again. Raises NotAllowed, PhaseClosed,
    Conflict for a published project (drop it instead)."""
    require(rules.check_edit_projects(user, project.process))
    if project.is_published:
        raise Conflict(_("A published project cannot be deleted; set its status to "
                         "“dropped”."))
    ids = [x.proposal_id for x in project.links]
    for image in project.pictures:  # the rows go by cascade, the files after the commit
        uploads.discard(image.file_name, image.thumb_name)
    db.session.delete(project)
    db.session.flush()
    _mark(ids, ProposalStatus.PUBLISHED)
