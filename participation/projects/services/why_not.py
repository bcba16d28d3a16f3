"""The "why not" answers: why an idea of the ranking did not become a project, shown on
the idea and in the exports.

Functions run in the caller's transaction; the caller commits, or rolls back on a domain error.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ...errors import Conflict, InvalidInput, require
from ...notifications import services as notifications
from ...proposals.models import Proposal, ProposalStatus
from .. import rules
from ..models import REASON_MAX
from .editing import USABLE_STATUSES
from .fields import clean_text
from .reading import project_id_of


def answer_why_not(user, proposal: Proposal, reason: str) -> None:
    """Say why an idea did not become a project; shown on the idea and in the exports.

    Raises NotAllowed, PhaseClosed, InvalidInput (no reason, or a hidden/withdrawn idea),
    Conflict when the idea is part of a project.
    """
    require(rules.check_edit_projects(user, proposal.process))
    reason = clean_text(reason, REASON_MAX,
                        _("Please say why the idea did not become a project."), required=True)
    # a merged idea is out of the ranking, but what stops it is the project it is part of
    if proposal.status not in (*USABLE_STATUSES, ProposalStatus.MERGED.value):
        raise InvalidInput(_("This idea is hidden, withdrawn or merged."))
    if project_id_of(proposal.id) is not None:
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
