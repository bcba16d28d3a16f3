"""Who may run a workshop, and what the board's state allows."""

from __future__ import annotations

from flask_babel import gettext as _

from ..accounts.models import Role
from ..errors import BoardLocked, DomainError, NotAllowed, PhaseClosed, WorkshopClosed
from .models import BoardPhase, Workshop, WorkshopStatus

FACILITATOR_ROLES = (Role.FACILITATOR, Role.ADMIN)


def can_facilitate(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.is_active and user.has_role(*FACILITATOR_ROLES))


def check_facilitate(user) -> DomainError | None:
    if not can_facilitate(user):
        return NotAllowed(_("Only facilitators can do this."))
    return None


def check_board_open(workshop: Workshop, *phases: BoardPhase) -> DomainError | None:
    """The board takes participants' changes: open, unlocked, and in one of the phases."""
    return check_board_state(workshop.status, workshop.locked, workshop.board_phase, *phases)


def check_board_state(status: str, locked: bool, board_phase: str,
                      *phases: BoardPhase) -> DomainError | None:
    """check_board_open over the workshop row's plain values (the dot votes' fast path)."""
    if status != WorkshopStatus.OPEN.value:
        return WorkshopClosed()
    if locked:
        return BoardLocked()
    if phases and BoardPhase(board_phase) not in phases:
        return PhaseClosed(_("This is not possible in the current step of the workshop."))
    return None
