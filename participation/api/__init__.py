"""The JSON API under /api/v1: one blueprint that mounts each domain's api.py, checks who
calls (token or session with CSRF), and serves the entry point `/api/v1` (links), the
OpenAPI document (openapi.py) and the documentation page rendered from it (`/api/v1/docs`,
Swagger UI from static/vendor/, started by static/js/api-docs.js).

Browser calls use the session cookie and send the CSRF token in the `X-CSRFToken` header;
scripts send `Authorization: Bearer <personal token>` and need no CSRF token.
Errors are `{"error": {"code": ..., "message": ...}}` with a fitting status (web.py).
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request, url_for
from flask_login import current_user

from ..accounts.services import user_for_token
from ..apikit import inputs
from ..errors import InvalidToken
from ..extensions import csrf
from . import openapi
from .openapi import DOMAINS, INDEX_TEMPLATES, declared_query

bp = Blueprint("api", __name__, url_prefix="/api/v1")
for _domain in DOMAINS:
    bp.register_blueprint(_domain.bp)
    csrf.exempt(_domain.bp)  # checked below, only for cookie-authenticated writes
csrf.exempt(bp)

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


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
            raise InvalidToken()
        g._login_user = user  # Flask-Login's per-request user: this request only
        return None
    # Session cookie: the X-CSRFToken header must match. Not for anonymous calls (no session
    # to abuse; every write answers them 401) and not where CSRF is switched off (tests).
    if (request.method in UNSAFE_METHODS and current_user.is_authenticated
            and current_app.config.get("WTF_CSRF_ENABLED", True)):
        csrf.protect()
    return None


@bp.before_request
def check_query_string():
    """Every operation takes exactly the query parameters the document declares for it:
    an undeclared or repeated one, or a value outside its enum, is 422 invalid_input."""
    if request.url_rule is None or request.method == "OPTIONS":
        return None
    declared = declared_query(request.url_rule.rule, request.method, bp.url_prefix)
    if declared is not None:
        inputs.check_query(declared)
    return None


@bp.route("/", strict_slashes=False)  # /api/v1 and /api/v1/ alike, no redirect
def index():
    """Where a script starts: links to the document, the docs page and the collections."""
    base = url_for("api.index", _external=True).rstrip("/")
    return jsonify({
        "title": "Zukunftsstadt API",
        "version": "1",
        "links": {
            "self": base,
            "openapi": url_for("api.openapi_document", _external=True),
            "docs": url_for("api.docs", _external=True),
            "processes": url_for("api.processes.list_processes", _external=True),
        },
        "templates": {name: base + path for name, path in INDEX_TEMPLATES.items()},
    })


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(openapi.build_document())


@bp.route("/docs")
def docs():
    """The API documentation page: our intro, and Swagger UI reading openapi.json."""
    return render_template("api/docs.html")


def register(app) -> None:
    app.register_blueprint(bp)
