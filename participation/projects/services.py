"""Every write and query on candidate projects: make them from ranked ideas (merging several),
score them, track their status, publish the list, and answer "why not" on other ideas.

Functions run in the caller's transaction; the caller commits, or rolls back on a domain error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import distinct, func, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from ..errors import Conflict, InvalidInput, NotFound, require
from ..extensions import db
from ..models_base import utcnow
from ..notifications import services as notifications
from ..processes.models import District, Process
from ..proposals.models import Proposal, ProposalStatus
from ..votes import services as vote_services
from ..votes.models import DotAllocation, Support
from . import rules
from .listing import ListPage
from .models import (
    CRITERIA,
    SCORE_MAX,
    SCORE_MIN,
    CandidateProject,
    ProjectProposal,
    ProjectStatus,
    ProjectStatusChange,
)

log = logging.getLogger(__name__)

TITLE_MAX = 120
SUMMARY_MAX = 5000
SHORT_MAX = 120
COMMENT_MAX = 2000
REASON_MAX = 1000
MAX_COST_EUR = Decimal("1000000000000")  # a trillion: beyond any city budget, fits BigInteger
# Ideas a planner may turn into a project or answer "why not": those in the ranking.
USABLE_STATUSES = vote_services.RANKED_STATUSES



@dataclass
class ProjectInput:
    title: str
    summary: str = ""
    department: str = ""
    cost_eur: Decimal | str | None = None
    time_frame: str = ""
    district_id: int | None = None
    scores: dict[str, int | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def parse_cost(value: Decimal | str | int | None) -> int | None:
    """Euro amount (also with a decimal comma) to cents. Raises InvalidInput."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise InvalidInput(_("The cost must be an amount in euros, e.g. 12500 or "
                             "12500,50.")) from exc
    if not amount.is_finite() or amount < 0 or amount > MAX_COST_EUR:
        raise InvalidInput(_("The cost must be an amount in euros, e.g. 12500 or 12500,50."))
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("The cost may have at most two decimal places (cents)."))
    return int(amount * 100)


def _text(value: str | None, limit: int, message: str, required: bool = False,
          one_line: bool = False) -> str:
    text = (value or "").strip().replace("\r\n", "\n")
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        raise InvalidInput(message)
    if len(text) > limit:
        raise InvalidInput(_("%(field)s: at most %(max)d characters, please.", field=message,
                             max=limit))
    return text


def _clean(process: Process, data: ProjectInput) -> dict:
    values = {
        "title": _text(data.title, TITLE_MAX, _("Please give the project a title."),
                       required=True, one_line=True),
        "summary": _text(data.summary, SUMMARY_MAX, _("Summary")),
        "department": _text(data.department, SHORT_MAX, _("Responsible department"),
                            one_line=True),
        "time_frame": _text(data.time_frame, SHORT_MAX, _("Time frame"), one_line=True),
        "cost_cents": parse_cost(data.cost_eur),
        "district_id": data.district_id,
    }
    if data.district_id is not None:
        district = db.session.get(District, data.district_id)
        if district is None or district.process_id != process.id:
            raise InvalidInput(_("Please choose one of the districts of this process."))
    for criterion in CRITERIA:
        score = data.scores.get(criterion)
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)
                                  or not SCORE_MIN <= score <= SCORE_MAX):
            raise InvalidInput(_("Each criterion is scored from %(min)d to %(max)d.",
                                 min=SCORE_MIN, max=SCORE_MAX))
        values[f"score_{criterion}"] = score
        values[f"comment_{criterion}"] = _text(data.comments.get(criterion), COMMENT_MAX,
                                               _("Comment"))
    return values


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


def _set_status(proposal_ids: Sequence[int], status: ProposalStatus) -> None:
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
    _set_status(ids[:1], ProposalStatus.SHORTLISTED)
    _set_status(ids[1:], ProposalStatus.MERGED)


def create_project(user, process: Process, proposal_ids: Sequence[int],
                   data: ProjectInput) -> CandidateProject:
    """Make a candidate project from one idea or merge several into one.

    The ideas keep their votes; the first becomes the project's lead idea ("shortlisted"),
    the others are "merged" into it. Raises NotAllowed, PhaseClosed, InvalidInput, Conflict
    when an idea already belongs to a project.
    """
    require(rules.check_edit_projects(user, process))
    values = _clean(process, data)
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
    for name, value in _clean(project.process, data).items():
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
                "target_title": project.title, "link": _project_link(project)}, actor=user)


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
    _set_status([proposal_id], ProposalStatus.PUBLISHED)
    _settle_statuses(project)
    project.updated_at = utcnow()


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
    note = _text(note, REASON_MAX, _("Note"))
    project.status = new.value
    project.updated_at = utcnow()
    project.history.append(ProjectStatusChange(status=new.value, note=note))
    if project.published_at is not None:  # implementation tracking, told to the ideas' people
        for link in project.links:
            notifications.notify(link.proposal, "project_status", {
                "project_title": project.title, "status": new.value,
                "link": _project_link(project)}, actor=user)


def delete_project(user, project: CandidateProject) -> None:
    """Delete a draft; its ideas are "published" again. Raises NotAllowed, PhaseClosed,
    Conflict for a published project (drop it instead)."""
    require(rules.check_edit_projects(user, project.process))
    if project.is_published:
        raise Conflict(_("A published project cannot be deleted; set its status to "
                         "“dropped”."))
    ids = [x.proposal_id for x in project.links]
    db.session.delete(project)
    db.session.flush()
    _set_status(ids, ProposalStatus.PUBLISHED)


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
                    "target_title": project.title, "link": _project_link(project)}, actor=user)
            else:
                notifications.notify(proposal, "project", {
                    "project_title": project.title, "link": _project_link(project)},
                    actor=user)
    db.session.flush()
    log.info("%d projects of %s published by user %s", len(drafts), process.slug, user.id)
    return len(drafts)


def _project_link(project: CandidateProject) -> str:
    return f"/projects/{project.id}"


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


def _project_of(proposal_id: int) -> int | None:
    return db.session.execute(select(ProjectProposal.project_id).where(
        ProjectProposal.proposal_id == proposal_id)).scalar_one_or_none()


def answer_why_not(user, proposal: Proposal, reason: str) -> None:
    """Say why an idea did not become a project; shown on the idea and in the exports.

    Raises NotAllowed, PhaseClosed, InvalidInput (no reason, or a hidden/withdrawn idea),
    Conflict when the idea is part of a project.
    """
    require(rules.check_edit_projects(user, proposal.process))
    reason = _text(reason, REASON_MAX, _("Please say why the idea did not become a project."),
                   required=True)
    # a merged idea is out of the ranking, but what stops it is the project it is part of
    if proposal.status not in (*USABLE_STATUSES, ProposalStatus.MERGED.value):
        raise InvalidInput(_("This idea is hidden, withdrawn or merged."))
    if _project_of(proposal.id) is not None:
        raise Conflict(_("This idea is part of a candidate project."))
    proposal.status = ProposalStatus.NOT_SELECTED.value
    proposal.status_reason = reason
    notifications.notify(proposal, "why_not", {"reason": reason}, actor=user)


def clear_why_not(user, proposal: Proposal) -> None:
    """Take a "why not" answer back. Raises NotAllowed, PhaseClosed, Conflict."""
    require(rules.check_edit_projects(user, proposal.process))
    if proposal.status != ProposalStatus.NOT_SELECTED.value:
        raise Conflict(_("This idea has no “why not” answer."))
    proposal.status = ProposalStatus.PUBLISHED.value
    proposal.status_reason = None


# --- reading -----------------------------------------------------------------------------

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
                     selectinload(CandidateProject.links).joinedload(ProjectProposal.proposal)
                     .options(joinedload(Proposal.topic)))
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
    from ..workshops.models import Workshop

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
    project_id = _project_of(proposal.id)
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
