"""Reading candidate projects: one project, a process's list, the figures citizens gave
their ideas, which idea is in which project, and the planner's page of the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import distinct, func, select, union
from sqlalchemy.orm import joinedload, selectinload

from ...errors import NotFound
from ...extensions import db
from ...processes.models import Process
from ...proposals.models import Proposal, ProposalStatus
from ...votes import services as vote_services
from ...votes.models import DotAllocation, Support
from ..listing import ListPage
from ..models import CandidateProject, ProjectProposal


def project_link(project: CandidateProject) -> str:
    """The project's page, as notifications link to it."""
    return f"/projects/{project.id}"


def project_id_of(proposal_id: int) -> int | None:
    """The id of the project the idea is part of, or None."""
    return db.session.execute(select(ProjectProposal.project_id).where(
        ProjectProposal.proposal_id == proposal_id)).scalar_one_or_none()


def get_project(project_id: int) -> CandidateProject:
    """The project with this id. Raises NotFound."""
    project = db.session.get(CandidateProject, project_id,
                             options=[joinedload(CandidateProject.process),
                                      joinedload(CandidateProject.district),
                                      selectinload(CandidateProject.history),
                                      selectinload(CandidateProject.links)
                                      .joinedload(ProjectProposal.proposal)])
    if project is None:
        raise NotFound(_("This project does not exist."))
    return project


def projects_of(process: Process, include_drafts: bool) -> list[CandidateProject]:
    """The projects of a process in the planner's order, with ideas and history loaded."""
    stmt = (select(CandidateProject).where(CandidateProject.process_id == process.id)
            .options(joinedload(CandidateProject.district),
                     selectinload(CandidateProject.history),
                     selectinload(CandidateProject.pictures),
                     selectinload(CandidateProject.links).joinedload(ProjectProposal.proposal)
                     .options(joinedload(Proposal.topic), joinedload(Proposal.district)))
            .order_by(CandidateProject.position, CandidateProject.id))
    if not include_drafts:
        stmt = stmt.where(CandidateProject.published_at.is_not(None))
    return list(db.session.execute(stmt).scalars())


@dataclass(frozen=True)
class Figures:
    """What the citizens gave a project's ideas together."""

    ideas: int = 0
    supporters: int = 0  # distinct people who supported or dotted any of its ideas
    online_votes: int = 0  # supports, or dot points, added up
    workshop_dots: int = 0
    best_rank: int | None = None


def project_figures(process: Process) -> dict[int, Figures]:
    """Figures of every project of the process, in two queries (none per project).

    A person who supported three merged ideas counts once: the UNION of (project, person)
    pairs over supports and dot points removes the repeats before counting.
    """
    in_process = (select(ProjectProposal.project_id, ProjectProposal.proposal_id)
                  .join(CandidateProject, CandidateProject.id == ProjectProposal.project_id)
                  .where(CandidateProject.process_id == process.id).subquery())
    people = union(
        select(in_process.c.project_id, Support.user_id)
        .join(Support, Support.proposal_id == in_process.c.proposal_id),
        select(in_process.c.project_id, DotAllocation.user_id)
        .join(DotAllocation, DotAllocation.proposal_id == in_process.c.proposal_id),
    ).subquery()
    supporters = dict(db.session.execute(
        select(people.c.project_id, func.count(distinct(people.c.user_id)))
        .group_by(people.c.project_id)).all())
    rows = db.session.execute(
        select(in_process.c.project_id, func.count(Proposal.id),
               func.coalesce(func.sum(Proposal.vote_count), 0),
               func.coalesce(func.sum(Proposal.workshop_dots), 0),
               func.min(Proposal.rank_position))
        .join(Proposal, Proposal.id == in_process.c.proposal_id)
        .group_by(in_process.c.project_id)).all()
    return {pid: Figures(ideas, supporters.get(pid, 0), int(votes), int(dots), best)
            for pid, ideas, votes, dots, best in rows}


def projects_by_proposal(process: Process) -> dict[int, CandidateProject]:
    """Which project each idea of the process belongs to (for the workspace)."""
    rows = db.session.execute(
        select(ProjectProposal.proposal_id, CandidateProject)
        .join(CandidateProject, CandidateProject.id == ProjectProposal.project_id)
        .where(CandidateProject.process_id == process.id)).all()
    return {proposal_id: project for proposal_id, project in rows}


def workshop_titles(proposals: Sequence[Proposal]) -> dict[int, tuple[str, object]]:
    """Title and date of the workshops the given ideas were born in, in one query."""
    from ...workshops.models import Workshop

    ids = {p.workshop_id for p in proposals if p.workshop_id is not None}
    if not ids:
        return {}
    return {w.id: (w.title, w.starts_at) for w in db.session.execute(
        select(Workshop).where(Workshop.id.in_(ids))).scalars()}


def merged_proposals(process: Process) -> list[Proposal]:
    """The ideas of the process merged into a project's lead idea, with what lists show."""
    return list(db.session.execute(
        select(Proposal).where(Proposal.process_id == process.id,
                               Proposal.status == ProposalStatus.MERGED.value)
        .options(joinedload(Proposal.author), joinedload(Proposal.topic),
                 joinedload(Proposal.district))
        .order_by(Proposal.id)).scalars())


def project_for_proposal(proposal: Proposal) -> CandidateProject | None:
    """The project the idea is part of, or None."""
    project_id = project_id_of(proposal.id)
    return db.session.get(CandidateProject, project_id) if project_id else None


def workspace_ranking(process: Process, topic_id: int | None = None,
                      district_id: int | None = None, page: int = 1,
                      per_page: int = 50) -> ListPage:
    """One page of the combined ranking (with each score's parts), filtered by topic and
    district; the ranks stay those of the whole ranking."""
    ranked = [(r, p) for r, p in vote_services.ranking_for(process)
              if (topic_id is None or p.topic_id == topic_id)
              and (district_id is None or p.district_id == district_id)]
    page = min(max(page, 1), max(1, -(-len(ranked) // per_page)))
    start = (page - 1) * per_page
    return ListPage(ranked[start:start + per_page], page, per_page, len(ranked))
