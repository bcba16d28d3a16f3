"""Who may see and change candidate projects; each check returns the forbidding error or None."""

from __future__ import annotations

from flask_babel import gettext as _

from ..accounts.models import Role
from ..errors import DomainError, NotAllowed, PhaseClosed
from ..processes.models import PhaseKind, Process
from .models import CandidateProject

PLANNER_ROLES = (Role.PLANNER, Role.ADMIN)
# Projects are made once the votes are in: in the shortlist phase, and kept up to date
# (status, implementation) in the results phase.
PROJECT_PHASES = frozenset({PhaseKind.SHORTLIST, PhaseKind.RESULTS})


def is_planner(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.is_active and user.has_role(*PLANNER_ROLES))


def check_plan(user) -> DomainError | None:
    """Only planners and administrators work on candidate projects."""
    if not is_planner(user):
        return NotAllowed(_("Only planners and administrators can work on candidate projects."))
    return None


def check_edit_projects(user, process: Process) -> DomainError | None:
    problem = check_plan(user)
    if problem is not None:
        return problem
    if process.phase not in PROJECT_PHASES:
        return PhaseClosed(_("Candidate projects are made in the shortlist and results "
                             "phases."))
    return None


def check_import(user) -> DomainError | None:
    if (user is None or not getattr(user, "is_authenticated", False)
            or not user.has_role(Role.ADMIN)):
        return NotAllowed(_("Only administrators can import project feeds."))
    return None


def can_plan(user) -> bool:
    return check_plan(user) is None


def can_edit_projects(user, process: Process) -> bool:
    return check_edit_projects(user, process) is None


def can_import(user) -> bool:
    return check_import(user) is None


def can_see_project(user, project: CandidateProject) -> bool:
    """Published projects are public; drafts only for planners and administrators."""
    return project.is_published or is_planner(user)
