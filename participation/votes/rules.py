"""Who may vote how, in which phase; each check returns the forbidding error or None."""

from __future__ import annotations

from flask_babel import gettext as _

from ..accounts.models import Role
from ..errors import DomainError, Locked, NotAllowed, PhaseClosed, WrongVoteMethod
from ..processes.models import PhaseKind, Process, VoteMethod
from ..proposals.models import Proposal, ProposalStatus
from ..proposals.rules import check_person

# Ideas that can still receive votes; merged, hidden, withdrawn and decided ones cannot.
VOTABLE_STATUSES = (ProposalStatus.PUBLISHED.value, ProposalStatus.SHORTLISTED.value)


def check_vote(user, proposal: Proposal) -> DomainError | None:
    """Supports and dots: only in the voting phase, on a votable idea, by a confirmed person."""
    process = proposal.process
    if process.method == VoteMethod.PAIRWISE:
        return WrongVoteMethod(_("This process votes by pairwise comparison only."))
    if process.phase != PhaseKind.VOTING:
        return PhaseClosed(_("Votes can only be cast in the voting phase."))
    if proposal.status not in VOTABLE_STATUSES:
        return Locked(_("This idea cannot receive votes."))
    return check_person(user)


def check_take_back(user, proposal: Proposal) -> DomainError | None:
    """Taking a vote back is allowed while votes can be cast."""
    process = proposal.process
    if process.phase != PhaseKind.VOTING:
        return PhaseClosed(_("Votes can only be changed in the voting phase."))
    return check_person(user)


def pairwise_open(process: Process) -> bool:
    if not process.has_pairwise:
        return False
    return process.phase == PhaseKind.VOTING or (
        process.phase == PhaseKind.IDEAS and process.pairwise_in_ideas)


def check_pairwise(user, process: Process) -> DomainError | None:
    if not process.has_pairwise:
        return WrongVoteMethod(_("This process does not use pairwise comparison."))
    if not pairwise_open(process):
        return PhaseClosed(_("Pairwise comparison is not open in the current phase."))
    return check_person(user)


# Staff who count paper ballots and stand votes; the phases in which such votes still count.
PAPER_STAFF = (Role.FACILITATOR, Role.PLANNER, Role.ADMIN)
PAPER_PHASES = (PhaseKind.IDEAS, PhaseKind.WORKSHOPS, PhaseKind.VOTING, PhaseKind.SHORTLIST)


def check_enter_paper_votes(user, proposal: Proposal) -> DomainError | None:
    """Staff enter (and correct) paper and event votes until the results are out."""
    if not (getattr(user, "is_authenticated", False) and user.has_role(*PAPER_STAFF)):
        return NotAllowed(_("Only staff enter votes from paper and events."))
    if proposal.process.phase not in PAPER_PHASES:
        return PhaseClosed(_("Paper votes can be entered from the ideas phase until the "
                             "shortlist."))
    if proposal.status not in (*VOTABLE_STATUSES, ProposalStatus.NOT_SELECTED.value):
        return Locked(_("This idea cannot receive votes."))
    return None


def can_enter_paper_votes(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*PAPER_STAFF))


def can_vote(user, proposal: Proposal) -> bool:
    return check_vote(user, proposal) is None


def can_compare(user, process: Process) -> bool:
    return check_pairwise(user, process) is None
