"""Site-wide web pieces: home page, language switch, error pages, headers, template helpers.

At the top of the house, beside the app factory: it may use every domain, no domain uses it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from . import branding, home, maps, uploads
from .accounts.models import Role
from .errors import (
    CsrfFailed,
    DomainError,
    InvalidInput,
    NotFound,
    code_for_status,
    problem_body,
)
from .extensions import db
from .i18n import current_language, install_counted_plurals, offered_languages
from .models_base import MAX_INT
from .permissions import role_required
from .sanitize import plain_excerpt, render_text, unstorable
from .urls import safe_next

log = logging.getLogger(__name__)
bp = Blueprint("web", __name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' {brand_style}; "
    "img-src 'self' data:{tiles}; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def content_security_policy(brand_color: str, tile_origin: str | None = None) -> str:
    """The CSP of every page: only our own origin, and of inline styles only the brand
    tokens' <style> element (by its hash); pictures also from the one tile server a city
    may configure (maps.py)."""
    return CSP.format(brand_style=branding.csp_hash(branding.style_sheet(brand_color)),
                      tiles=f" {tile_origin}" if tile_origin else "")

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    401: (_l("Please log in"), _l("You need to be logged in for this.")),
    403: (_l("Not allowed"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("This page does not exist (any more). Check the address "
                                   "or start again from the home page.")),
    405: (_l("Not possible"), _l("This action is not possible on this page.")),
    409: (_l("Not possible right now"), _l("This conflicts with the current state.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    422: (_l("Invalid input"), _l("The input is not valid.")),
    429: (_l("Too many requests"), _l("You did this too often in a short time. Please wait a "
                                      "moment and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. It has been logged; "
                                         "please try again later.")),
}


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in URLs: ids beyond the database's 32-bit range are simply not found.

    They become 0, which no row has. (Refusing them in the converter would answer 405, not
    404, where a route for another method has the same path: Werkzeug then reports that
    method as allowed.)"""

    LIMIT = MAX_INT

    def to_python(self, value: str):
        number = super().to_python(value)
        return number if number <= self.LIMIT else 0


class SocketBodyLimit:
    """WSGI middleware: a Socket.IO long-polling POST longer than the socket's largest message
    is answered 413 unread. (Engine.IO refuses it too, but first waits for the client's next
    poll to close the session, holding a server worker for as long as the client likes.)"""

    def __init__(self, wsgi_app, path: str, limit: int) -> None:
        self.wsgi_app, self.path, self.limit = wsgi_app, path, limit

    def _too_long(self, environ) -> bool:
        if (environ.get("REQUEST_METHOD") != "POST"
                or not environ.get("PATH_INFO", "").startswith(self.path)):
            return False
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return True  # a body of unknown length is not read either
        length = environ.get("CONTENT_LENGTH") or "0"
        return not length.isdigit() or int(length) > self.limit

    def __call__(self, environ, start_response):
        if self._too_long(environ):
            body = b"Payload Too Large"
            start_response("413 Payload Too Large", [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))), ("Connection", "close")])
            return [body]
        return self.wsgi_app(environ, start_response)


@bp.route("/")
def index():
    return home.index()


@bp.route("/styleguide")
@role_required(Role.ADMIN)
def styleguide():
    """The design system with live examples of every piece (for those who build pages)."""
    sprite = Path(current_app.static_folder, "vendor", "icons.svg").read_text(encoding="utf-8")
    return render_template("styleguide.html", icons=re.findall(r'<symbol id="i-([\w-]+)"', sprite),
                           tokens=branding.tokens(current_app.config["BRAND_COLOR"]))


@bp.route("/uploads/<name>")
def upload(name: str):
    """A stored picture by its hash name (uploads.py). Public like the pages that link it:
    pages and the API never link the pictures of a hidden idea. Production lets nginx serve
    this location (deploy/nginx.conf) with the same headers."""
    response = send_file(uploads.path_of(name), mimetype=uploads.content_type(name),
                         conditional=True, etag=True, max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/language/<code>")
def set_language(code: str):
    """Switch the language and come back to the same page."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.args.get("next")) or url_for("web.index"))


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _error_response(status: int, message: str | None = None, code: str | None = None):
    title, default_text = ERROR_TEXTS.get(status) or ERROR_TEXTS[400 if status < 500 else 500]
    text = str(message) if message else str(default_text)
    if _wants_json():  # always a code of errors.ERROR_CODES
        return jsonify(problem_body(code or code_for_status(status), text)), status
    return render_template("errors/error.html", status=status, title=title, text=text), status


def _api_message(exc: HTTPException) -> str | None:
    """What a script is told where the page's text ("this page …") would not fit."""
    if exc.code == 404:
        return str(NotFound.default_message)
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        return _("This address does not accept the method %(method)s. It accepts: "
                 "%(methods)s.", method=request.method[:20],
                 methods=", ".join(sorted(exc.valid_methods)))
    return None


def init_web(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        db.session.rollback()
        return _error_response(exc.status, exc.message, exc.code)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        refused = CsrfFailed()
        return _error_response(refused.status, refused.message, refused.code)

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        if status == 429:
            return _error_response(429, code="rate_limited")
        body, status = _error_response(status, _api_message(exc) if _wants_json() else None)
        # keep what the exception says in headers, e.g. Allow on 405 (RFC 9110)
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return body, status, headers

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return _error_response(500, code="server_error")

    @app.before_request
    def allow_picture_uploads():
        # before anything reads the form: routes that take a picture allow a larger body
        # (only in a multipart body, the one a file comes in; its text fields keep the
        # small limit each)
        view = app.view_functions.get(request.endpoint or "")
        limit = getattr(view, "upload_limit", None)
        if limit and request.mimetype == "multipart/form-data":
            request.max_form_memory_size = app.config["MAX_CONTENT_LENGTH"]
            request.max_content_length = limit

    @app.before_request
    def refuse_unstorable_text():
        # NUL and lone surrogates in the address, the query or a form: never a 500 later
        form = request.form if request.method in ("POST", "PUT", "PATCH") else {}
        if (unstorable(request.path) or unstorable(list(request.args.lists()))
                or unstorable(list(form.lists()) if form else [])):
            raise InvalidInput(_("The input contains a character that cannot be stored "
                                 "(a null character)."))

    map_tiles = maps.tiles(app.config)
    policy = content_security_policy(app.config["BRAND_COLOR"],
                                     map_tiles.origin if map_tiles else None)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    app.jinja_env.globals["upload_url"] = uploads.url  # macros are imported without context
    app.jinja_env.filters["render_text"] = render_text
    app.jinja_env.filters["excerpt"] = plain_excerpt
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    install_counted_plurals(app)
    app.jinja_env.filters["number_fmt"] = lambda value, fmt: format_decimal(value, fmt)

    @app.context_processor
    def template_globals():
        return {
            "languages": offered_languages(),
            "current_language": current_language(),
            "city_name": app.config["CITY_NAME"],
            "site_name": app.config["SITE_NAME"],
            "brand_style": branding.style_sheet(app.config["BRAND_COLOR"]),
            "map_tiles": map_tiles,
        }
