"""Who is asking: session login, personal API tokens, and role checks for views."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .accounts.models import Role
from .errors import Unauthorized
from .extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import flash, redirect, url_for

        if is_api_request():
            raise Unauthorized()  # web.py answers it as JSON, like every API error
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))

    @login_manager.user_loader
    def load_user(user_id: str):
        from .accounts.models import User

        raw_id, _sep, fingerprint = user_id.partition(".")
        if not raw_id.isdigit():
            return None
        user = db.session.get(User, int(raw_id))
        if user is None or not user.is_active or fingerprint != user.session_fingerprint:
            return None  # password changed or account deleted since this session began
        return user

    @login_manager.request_loader
    def load_user_from_token(req):
        # A personal token is for scripts calling the JSON API. On the pages it logs nobody
        # in: a leaked token must not open the account page (and create new tokens there).
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not req.path.startswith("/api/"):
            return None
        from .accounts.services import user_for_token

        return user_for_token(header[len("Bearer "):].strip())


def role_required(*roles: Role):
    """Allow the view only to logged-in users with one of the roles (admin always)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(Role.ADMIN, *roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def person_key() -> str:
    """Rate-limit key: per account when logged in, else per address."""
    from flask_limiter.util import get_remote_address

    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def vote_address_limit():
    """Votes per client address, counted together for the pages and the JSON API: several
    accounts on one machine cannot flood the votes (VOTE_ADDRESS_RATE_LIMIT)."""
    from flask import current_app

    from .extensions import limiter

    return limiter.shared_limit(lambda: current_app.config["VOTE_ADDRESS_RATE_LIMIT"],
                                scope="votes-address", methods=["POST", "DELETE"])


def is_api_request() -> bool:
    return request.path.startswith("/api/")
