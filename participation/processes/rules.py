"""Who may change a process, and what its settings allow to be shown in which phase."""

from __future__ import annotations

from ..accounts.models import Role
from .models import PhaseKind, Process


def can_edit_process(user) -> bool:
    """Only admins set processes up (their phases, topics, districts and voting)."""
    return user.is_authenticated and user.has_role(Role.ADMIN)


def votes_visible(process: Process) -> bool:
    """Vote figures are shown unless the process hides them until the results."""
    return not process.votes_hidden or process.phase in (PhaseKind.SHORTLIST, PhaseKind.RESULTS)
