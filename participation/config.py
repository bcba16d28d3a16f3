"""Configuration: defaults here, overridden by environment variables only.

Every variable a city's IT may set is read in `Config.from_env` and listed in the README.
"""

from __future__ import annotations

import os
from datetime import timedelta


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    APP_ENV = "development"
    SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - refused in production
    SQLALCHEMY_DATABASE_URI: str | None = None  # None: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL: str | None = None
    ALLOWED_ORIGINS: tuple[str, ...] = ()  # extra origins allowed for Socket.IO connections
    # "threading" for the development server; gunicorn's gevent workers set "gevent".
    # (Left to auto-detection, an installed gevent would be picked without monkey patching.)
    SOCKETIO_ASYNC_MODE: str | None = "threading"

    CITY_NAME = "Musterstadt"
    SITE_NAME = "Zukunftsstadt"
    LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    BABEL_TRANSLATION_DIRECTORIES = "../translations"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    MAX_CONTENT_LENGTH = 1 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Mail: without MAIL_SERVER every mail is written to the outbox folder and logged.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    MAIL_FROM = "Zukunftsstadt <noreply@localhost>"
    MAIL_OUTBOX: str | None = None  # None: <instance>/outbox
    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "zukunft"
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    LOGIN_ACCOUNT_RATE_LIMIT = "20 per hour"  # per e-mail address, from any address
    REGISTER_RATE_LIMIT = "5 per hour"
    POST_RATE_LIMIT = "10 per minute;60 per hour"
    MAIL_RATE_LIMIT = "5 per hour"
    VOTE_RATE_LIMIT = "30 per minute;600 per hour"
    VOTE_ADDRESS_RATE_LIMIT = "300 per minute"  # votes per address, from all its accounts
    PAIR_RATE_LIMIT = "60 per minute;1000 per hour"
    WORKSHOP_NOTE_MAX = 280
    WORKSHOP_NOTES_PER_MINUTE = 10
    WORKSHOP_JOIN_ATTEMPTS = "20 per minute"  # join-code attempts per address
    # The live board against floods (SECURITY.md). A venue's Wi-Fi is one address, so the
    # per-address figures leave room for a hall of about a thousand phones.
    WORKSHOP_COMMAND_RATE_LIMIT = "60 per minute"  # board commands per participant
    WORKSHOP_ADDRESS_RATE_LIMIT = "3000 per minute"  # participants' commands per address
    WORKSHOP_JOINS_PER_ADDRESS = "1500 per hour"  # new participants per address
    WORKSHOP_CONNECTIONS_PER_ADDRESS = 2000  # open sockets per address and server process
    SOCKETIO_MAX_MESSAGE = 64 * 1024  # bytes; a longer socket message closes the connection
    SOCKETIO_PING_INTERVAL = 25  # seconds between pings to each socket
    SOCKETIO_PING_TIMEOUT = 20  # seconds a socket may stay silent after a ping, then dropped
    WORKSHOP_TALLY_INTERVAL = 0.3  # seconds between coalesced tally broadcasts
    WORKSHOP_PRESENCE_INTERVAL = 1.0  # at most one presence count per second
    RANKING_MAX_AGE = 60  # seconds a stored ranking (for sort=rank) may be old

    # werkzeug's default (scrypt); tests use a cheap one so hundreds of accounts stay fast.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name

    PROPOSALS_PER_PAGE = 20
    TITLE_MAX = 120
    BODY_MAX = 5000
    COMMENT_MAX = 2000

    @classmethod
    def from_env(cls, env: os._Environ | dict) -> dict:
        """Read the settings a deployment may change from environment variables."""
        out: dict = {}
        text_vars = (
            "APP_ENV", "SECRET_KEY", "REDIS_URL", "CITY_NAME", "SITE_NAME",
            "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM", "MAIL_OUTBOX",
            "LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "REGISTER_RATE_LIMIT",
            "POST_RATE_LIMIT", "MAIL_RATE_LIMIT",
            "VOTE_RATE_LIMIT", "PAIR_RATE_LIMIT", "VOTE_ADDRESS_RATE_LIMIT",
            "WORKSHOP_JOIN_ATTEMPTS", "WORKSHOP_COMMAND_RATE_LIMIT",
            "WORKSHOP_ADDRESS_RATE_LIMIT", "WORKSHOP_JOINS_PER_ADDRESS",
        )
        for name in text_vars:
            if env.get(name):
                out[name] = env[name]
        if env.get("DATABASE_URL"):
            out["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(env["DATABASE_URL"])
        if env.get("MAIL_PORT"):
            out["MAIL_PORT"] = int(env["MAIL_PORT"])
        for name in ("MAIL_USE_TLS", "MAIL_USE_SSL"):
            if env.get(name):
                out[name] = _bool(env[name])
        if env.get("REDIS_URL"):
            out["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
        if env.get("ALLOWED_ORIGINS"):
            out["ALLOWED_ORIGINS"] = tuple(
                x.strip() for x in env["ALLOWED_ORIGINS"].split(",") if x.strip())
        for name in ("WORKSHOP_CONNECTIONS_PER_ADDRESS", "SOCKETIO_MAX_MESSAGE",
                     "SOCKETIO_PING_INTERVAL", "SOCKETIO_PING_TIMEOUT"):
            if env.get(name):
                out[name] = int(env[name])
        if env.get("SOCKETIO_ASYNC_MODE"):
            out["SOCKETIO_ASYNC_MODE"] = env["SOCKETIO_ASYNC_MODE"]
        if env.get("LANGUAGES"):
            out["LANGUAGES"] = tuple(x.strip() for x in env["LANGUAGES"].split(",") if x.strip())
        if out.get("APP_ENV", cls.APP_ENV) == "production":
            out["SESSION_COOKIE_SECURE"] = True
            out["REMEMBER_COOKIE_SECURE"] = True
        return out


def _normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain postgres URLs (the driver we install)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SOCKETIO_ASYNC_MODE = "threading"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a method name
