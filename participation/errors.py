"""Domain errors: services raise them; every transport answers them through the functions at
the end of this file (an HTML page and a JSON problem in web.py, a socket ack in
workshops/events.py), so a code and its message read the same everywhere.

ERROR_CODES is the one vocabulary of error codes: every JSON error of the API and every
refused socket command carries one of them. The OpenAPI document's Error schema lists them
(apikit/docs.py), README.md has the table, and tests/test_error_codes.py checks that every
DomainError, every HTTP error path and the document keep to this list."""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l


class ErrorCode(NamedTuple):
    status: int | None  # the HTTP status it comes with; None: only on the live board's socket
    meaning: str  # for the API document (English, like the rest of it)


ERROR_CODES: dict[str, ErrorCode] = {
    "bad_request": ErrorCode(400, "The request could not be read as sent (a broken form or "
                                  "upload, an unreadable header)."),
    "bad_json": ErrorCode(400, "The body is not JSON: wrong Content-Type or broken syntax."),
    "csrf_failed": ErrorCode(400, "A write authenticated by the session cookie came without "
                                  "a valid X-CSRFToken header."),
    "unauthorized": ErrorCode(401, "Not logged in: send a Bearer token or log in."),
    "invalid_token": ErrorCode(401, "The Bearer token is unknown or has been revoked."),
    "forbidden": ErrorCode(403, "The caller may not do this (role, ownership or a rule)."),
    "email_not_confirmed": ErrorCode(403, "The caller must confirm their e-mail address "
                                          "first."),
    "votes_hidden": ErrorCode(403, "Vote figures are hidden until the voting has ended."),
    "not_found": ErrorCode(404, "No such address or object, or the caller may not see it."),
    "not_voted": ErrorCode(404, "There is no vote of the caller to take back."),
    "method_not_allowed": ErrorCode(405, "The address does not take this method; the Allow "
                                         "header names those it takes."),
    "conflict": ErrorCode(409, "The request conflicts with the current state."),
    "phase_closed": ErrorCode(409, "Not possible in the current phase of the process."),
    "locked": ErrorCode(409, "The object can no longer be changed."),
    "already_voted": ErrorCode(409, "The caller has already voted for this idea."),
    "wrong_vote_method": ErrorCode(409, "The process votes in another way just now (supports, "
                                        "dot points or pairwise comparison; its vote_method "
                                        "says which)."),
    "budget_exceeded": ErrorCode(409, "The caller has no points left to give."),
    "too_many_points": ErrorCode(409, "The idea cannot get more points from the caller."),
    "board_locked": ErrorCode(409, "Live board: the facilitator has locked the board."),
    "workshop_closed": ErrorCode(409, "Live board: the workshop is not open."),
    "not_joined": ErrorCode(None, "Live board: the socket has not joined the workshop."),
    "payload_too_large": ErrorCode(413, "The body is larger than the server accepts."),
    "unsupported_media_type": ErrorCode(415, "The upload is not of a type the server takes "
                                             "(pictures: JPEG, PNG or WebP, by content)."),
    "invalid_input": ErrorCode(422, "A field or parameter has the wrong type or value; the "
                                    "message names it."),
    "point_outside_city": ErrorCode(422, "The point lies outside every district of the "
                                         "process."),
    "invalid_image": ErrorCode(422, "The picture cannot be decoded, or is too small or has "
                                    "too many pixels."),
    "too_many_images": ErrorCode(409, "The idea or project already has as many pictures as "
                                      "allowed."),
    "spam_suspected": ErrorCode(422, "The form was filled in the way robots do."),
    "rate_limited": ErrorCode(429, "Too many requests in a short time; try again later."),
    "server_error": ErrorCode(500, "An unexpected error on the server; it has been logged."),
}

# HTTP errors that are no DomainError (Werkzeug's 404 of an unknown address, 405, 413, …)
HTTP_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden",
                     404: "not_found", 405: "method_not_allowed", 409: "conflict",
                     413: "payload_too_large", 415: "unsupported_media_type",
                     422: "invalid_input", 429: "rate_limited",
                     500: "server_error"}


def code_for_status(status: int) -> str:
    """The error code of an HTTP error status; any other 4xx is bad_request, 5xx
    server_error."""
    return HTTP_STATUS_CODES.get(status) or ("server_error" if status >= 500 else "bad_request")


class DomainError(Exception):
    """A rule of the domain was broken; `message` is translated, `code` is stable."""

    code = "bad_request"  # subclasses name what went wrong
    status = 400
    default_message = _l("This action is not possible.")

    def __init__(self, message: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401
    default_message = _l("Please log in to continue.")


class InvalidToken(Unauthorized):
    code = "invalid_token"
    default_message = _l("The API token is not valid or has been revoked.")


class CsrfFailed(DomainError):
    code = "csrf_failed"
    status = 400
    default_message = _l("The form has expired or was sent from elsewhere. Please reload the "
                         "page and try again.")


class NotAllowed(DomainError):
    code = "forbidden"
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


class PointOutsideCity(InvalidInput):
    code = "point_outside_city"
    default_message = _l("This point lies outside the districts of this process. Please "
                         "choose a place inside the city.")


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


class WrongVoteMethod(Conflict):
    code = "wrong_vote_method"
    default_message = _l("This process votes in another way.")


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


class PayloadTooLarge(DomainError):
    code = "payload_too_large"
    status = 413
    default_message = _l("The file is too large.")


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    status = 415
    default_message = _l("Please upload a picture as JPEG, PNG or WebP.")


class InvalidImage(DomainError):
    code = "invalid_image"
    status = 422
    default_message = _l("This picture cannot be read. Please try another file.")


class TooManyImages(Conflict):
    code = "too_many_images"
    default_message = _l("There are already as many pictures as allowed.")


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
