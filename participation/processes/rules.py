"""What a process's settings allow to be shown, in which phase."""

from __future__ import annotations

from .models import PhaseKind, Process


def votes_visible(process: Process) -> bool:
    """Vote figures are shown unless the process hides them until the results."""
    return not process.votes_hidden or process.phase in (PhaseKind.SHORTLIST, PhaseKind.RESULTS)
