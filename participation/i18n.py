"""Locale choice and locale-aware formatting helpers for templates."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "pl": "Polski",
    "dsb": "Dolnoserbšćina",
}


def offered_languages() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


def select_locale() -> str:
    """The language of this request: chosen on the site, then the account, then the browser."""
    offered = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in offered:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in offered:
        return current_user.locale
    best = request.accept_languages.best_match(offered)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_language() -> str:
    locale = get_locale()
    return str(locale) if locale else current_app.config["BABEL_DEFAULT_LOCALE"]
