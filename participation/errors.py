"""Domain errors: services raise them; every transport answers them through the functions at
the end of this file (an HTML page and a JSON problem in web.py, a socket ack in
workshops/events.py), so a code and its message read the same everywhere."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A rule of the domain was broken; `message` is translated, `code` is stable."""

    code = "domain_error"
    status = 400
    default_message = _l("This action is not possible.")

    def __init__(self, message: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    code = "not_allowed"
    status = 403
    default_message = _l("You are not allowed to do this.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _l("This was not found.")


class PhaseClosed(DomainError):
    code = "phase_closed"
    status = 409
    default_message = _l("This is not possible in the current phase of the process.")


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422
    default_message = _l("The input is not valid.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _l("This conflicts with the current state.")


class EmailNotConfirmed(NotAllowed):
    code = "email_not_confirmed"
    default_message = _l("Please confirm your e-mail address first.")


class Locked(DomainError):
    code = "locked"
    status = 409
    default_message = _l("This can no longer be changed.")


class AlreadyVoted(Conflict):
    code = "already_voted"
    default_message = _l("You have already voted for this idea.")


class VoteBudgetExceeded(Conflict):
    code = "budget_exceeded"
    default_message = _l("You have no points left to give.")


class TooManyPoints(Conflict):
    code = "too_many_points"
    default_message = _l("You cannot give this idea more points.")


class NotVoted(NotFound):
    code = "not_voted"
    default_message = _l("You have not voted for this idea.")


class VotesHidden(NotAllowed):
    code = "votes_hidden"
    default_message = _l("The votes are hidden until the voting has ended.")


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _l("You did this too often in a short time. Please wait a moment.")


class BoardLocked(Locked):
    code = "board_locked"
    default_message = _l("The board is locked by the facilitator.")


class WorkshopClosed(DomainError):
    code = "workshop_closed"
    status = 409
    default_message = _l("This workshop is not open.")


class ServerError(DomainError):
    """Not raised by services: what a transport answers for an unexpected exception."""

    code = "server_error"
    status = 500
    default_message = _l("An error occurred on our side. It has been logged; please try "
                         "again later.")


def require(problem: DomainError | None) -> None:
    """Raise the problem a rule found (`rules.check_…` returns one, or None when allowed)."""
    if problem is not None:
        raise problem


def problem_body(code: str, message) -> dict:
    """The JSON error body of the API: `{"error": {"code", "message"}}`."""
    return {"error": {"code": code, "message": str(message)}}


def error_ack(code: str, message) -> dict:
    """A refused socket command's ack: `{"ok": false, "error": {"code", "message"}}`."""
    return {"ok": False, **problem_body(code, message)}


def ack_of(exc: DomainError) -> dict:
    """The socket ack of a domain error."""
    return error_ack(exc.code, exc.message)
