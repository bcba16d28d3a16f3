"""Locale choice and locale-aware formatting helpers for templates."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import format_decimal, get_locale, get_translations
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


def counted_ngettext(singular: str, plural: str, num) -> str:
    """A template's plural message with its count written the reader's way: 1.250 Stimmen,
    1,250 votes (the catalogues keep %(num)d, which Python would print without grouping)."""
    text = get_translations().ungettext(singular, plural, num)
    if isinstance(num, int) and not isinstance(num, bool) and "%(num)d" in text:
        text = text.replace("%(num)d", format_decimal(num).replace("%", "%%"))
    return text


def install_counted_plurals(app) -> None:
    """Templates' ngettext writes its count per locale; the other callables stay Flask-Babel's."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=counted_ngettext,
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
