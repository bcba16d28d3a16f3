"""Facts about a process that follow from its settings and its phase, read by every domain
above processes (ideas, votes, projects, the API) without asking the votes domain."""

from __future__ import annotations

from .models import PhaseKind, Process


def votes_visible(process: Process) -> bool:
    """Vote figures are shown unless the process hides them until the results."""
    return not process.votes_hidden or process.phase in (PhaseKind.SHORTLIST, PhaseKind.RESULTS)
