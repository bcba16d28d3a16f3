"""The JSON API under /api/v1: one blueprint that mounts each domain's api.py, checks who
calls (token or session with CSRF) and serves the OpenAPI document (openapi.py).

Browser calls use the session cookie and send the CSRF token in the `X-CSRFToken` header;
scripts send `Authorization: Bearer <personal token>` and need no CSRF token.
Errors are `{"error": {"code": ..., "message": ...}}` with a fitting status (web.py).
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.services import user_for_token
from ..errors import problem_body
from ..extensions import csrf
from . import openapi
from .openapi import DOMAINS

bp = Blueprint("api", __name__, url_prefix="/api/v1")
for _domain in DOMAINS:
    bp.register_blueprint(_domain.bp)
    csrf.exempt(_domain.bp)  # checked below, only for cookie-authenticated writes
csrf.exempt(bp)

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def api_error(status: int, code: str, message: str):
    return jsonify(problem_body(code, message)), status


def uses_bearer_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


@bp.before_request
def authenticate_and_check_csrf():
    if uses_bearer_token():
        # The token decides who calls, even when the browser also sends a session cookie
        # (Flask-Login would otherwise use the session and never look at the token).
        token = request.headers["Authorization"][len("Bearer "):].strip()
        user = user_for_token(token)
        if user is None:
            return api_error(401, "invalid_token",
                             _("The API token is not valid or has been revoked."))
        g._login_user = user  # Flask-Login's per-request user: this request only
        return None
    # Session cookie: the X-CSRFToken header must match. Not for anonymous calls (no session
    # to abuse; every write answers them 401) and not where CSRF is switched off (tests).
    if (request.method in UNSAFE_METHODS and current_user.is_authenticated
            and current_app.config.get("WTF_CSRF_ENABLED", True)):
        csrf.protect()
    return None


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(openapi.build_document())


def register(app) -> None:
    app.register_blueprint(bp)
