"""Who may do what with proposals and comments, in which phase.

Each `check_*` returns the domain error that forbids the action, or None when it is allowed;
services raise that error, pages and the API use the `can_*` predicates to show or hide.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..accounts.models import Role
from ..errors import DomainError, EmailNotConfirmed, Locked, NotAllowed, PhaseClosed
from ..processes.models import PhaseKind, Process
from .models import PUBLIC_STATUSES, Comment, Proposal, ProposalStatus

# Comments are open while ideas are collected, discussed in workshops and voted on.
COMMENT_PHASES = frozenset({PhaseKind.IDEAS, PhaseKind.WORKSHOPS, PhaseKind.VOTING})
MODERATOR_ROLES = (Role.FACILITATOR, Role.ADMIN)


def check_person(user) -> DomainError | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return NotAllowed(_("Please log in to continue."))
    if not user.is_active:
        return NotAllowed()
    if not user.is_confirmed:
        return EmailNotConfirmed()
    return None


def check_create_proposal(user, process: Process) -> DomainError | None:
    if process.phase != PhaseKind.IDEAS:
        return PhaseClosed(_("New ideas can only be posted in the ideas phase."))
    return check_person(user)


def check_edit_proposal(user, proposal: Proposal) -> DomainError | None:
    problem = check_person(user)
    if problem:
        return problem
    if proposal.author_id != user.id:
        return NotAllowed(_("Only the author can change this idea."))
    if proposal.status != ProposalStatus.PUBLISHED.value:
        return Locked(_("This idea can no longer be changed."))
    if proposal.process.phase != PhaseKind.IDEAS:
        return PhaseClosed(_("Ideas can only be changed in the ideas phase."))
    if proposal.comment_count > 0:
        return Locked(_("This idea has comments, so it can no longer be changed or "
                        "withdrawn."))
    return None


def check_add_image(user, proposal: Proposal) -> DomainError | None:
    """Pictures are added by the author while the idea may be edited, or by a moderator
    while it is published in the ideas phase."""
    problem = check_person(user)
    if problem:
        return problem
    if proposal.author_id == user.id:
        return check_edit_proposal(user, proposal)
    if not can_moderate(user):
        return NotAllowed(_("Only the author can add pictures to this idea."))
    if proposal.status != ProposalStatus.PUBLISHED.value:
        return Locked(_("This idea can no longer be changed."))
    if proposal.process.phase != PhaseKind.IDEAS:
        return PhaseClosed(_("Ideas can only be changed in the ideas phase."))
    return None


def check_remove_image(user, image) -> DomainError | None:
    """The uploader or the idea's author removes their picture at any time; a moderator any
    picture (with a reason, which the service asks for)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NotAllowed(_("Please log in to continue."))
    if image.proposal.author_id == user.id or can_moderate(user):
        return None
    return NotAllowed(_("Only the author or a moderator can remove this picture."))


def can_add_image(user, proposal: Proposal) -> bool:
    return check_add_image(user, proposal) is None


def can_remove_image(user, image) -> bool:
    return check_remove_image(user, image) is None


def check_withdraw_proposal(user, proposal: Proposal) -> DomainError | None:
    return check_edit_proposal(user, proposal)


def check_comment(user, proposal: Proposal, parent: Comment | None = None) -> DomainError | None:
    if proposal.process.phase not in COMMENT_PHASES:
        return PhaseClosed(_("Comments are closed in the current phase."))
    if not proposal.is_public or proposal.status in (ProposalStatus.MERGED.value,):
        return Locked(_("This idea cannot be commented on."))
    problem = check_person(user)
    if problem:
        return problem
    if parent is not None and (parent.proposal_id != proposal.id or parent.parent_id is not None):
        return NotAllowed(_("You can only reply to a comment, not to a reply."))
    if parent is not None and parent.is_hidden:
        return Locked(_("This comment is hidden and cannot be replied to."))
    return None


def check_report(user) -> DomainError | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NotAllowed(_("Please log in to continue."))
    return None


def check_moderate(user) -> DomainError | None:
    if (user is None or not getattr(user, "is_authenticated", False)
            or not user.has_role(*MODERATOR_ROLES)):
        return NotAllowed(_("Only facilitators and administrators can moderate."))
    return None


def can_create_proposal(user, process: Process) -> bool:
    return check_create_proposal(user, process) is None


def idea_action(user, process: Process) -> str | None:
    """What the process page offers for a new idea: "post" when the person may post one,
    "log_in" when logging in would let them (ideas phase, anonymous), else None."""
    if can_create_proposal(user, process):
        return "post"
    if process.phase == PhaseKind.IDEAS and not user.is_authenticated:
        return "log_in"
    return None


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return check_edit_proposal(user, proposal) is None


def can_comment(user, proposal: Proposal) -> bool:
    return check_comment(user, proposal) is None


def can_report(user) -> bool:
    return check_report(user) is None


def can_moderate(user) -> bool:
    return check_moderate(user) is None


def can_see_proposal(user, proposal: Proposal) -> bool:
    """Hidden and withdrawn ideas are seen only by their author and moderators."""
    if proposal.is_public:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return proposal.author_id == user.id or can_moderate(user)


def filterable_statuses(user) -> list[str]:
    """The statuses a person may list ideas by: moderators also see hidden and withdrawn."""
    statuses = list(PUBLIC_STATUSES)
    if can_moderate(user):
        statuses += [ProposalStatus.HIDDEN.value, ProposalStatus.WITHDRAWN.value]
    return statuses
