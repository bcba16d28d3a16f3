"""The workshops domain's answers to the signals of the domains below it (connected once
by create_app through `connect`)."""

from __future__ import annotations

from ..proposals import signals as proposal_signals
from .services import origin_of


def origin_workshop(process, proposals, page: str, **_kwargs) -> dict | None:
    """The workshop an idea was born in, for the idea's own page."""
    # Only the detail page names the workshop: on the list it would cost a query an idea.
    if page != "detail":
        return None
    return {"origin_workshop": origin_of(proposals[0])}


def connect() -> None:
    proposal_signals.page_parts.connect(origin_workshop)
