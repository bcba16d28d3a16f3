"""Configuration: defaults here, overridden by environment variables only.

Every variable a city's IT may set is read in `Config.from_env` and listed in the README.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from .branding import parse_hex
from .maps import DEFAULT_MAX_ZOOM, TileUrlError, check_tile_url


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
    # Keys and channels of this deployment in Redis (several deployments may share one Redis)
    REDIS_PREFIX = "zukunft"
    SOCKETIO_CHANNEL = "zukunft-socketio"
    # Production refuses SQLite unless this is set (a trial run on one machine).
    ALLOW_SQLITE_IN_PRODUCTION = False
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (nginx: 1).
    # 0 trusts no such header: behind a proxy every visitor would have the proxy's address.
    TRUSTED_PROXIES = 0
    LOG_FORMAT = "text"  # "json": one JSON object per line; "text": key=value (logs.py)
    LOG_LEVEL = "INFO"
    ALLOWED_ORIGINS: tuple[str, ...] = ()  # extra origins allowed for Socket.IO connections
    # "threading" for the development server; gunicorn's gevent workers set "gevent".
    # (Left to auto-detection, an installed gevent would be picked without monkey patching.)
    SOCKETIO_ASYNC_MODE: str | None = "threading"

    CITY_NAME = "Musterstadt"
    SITE_NAME = "Zukunftsstadt"
    BRAND_COLOR = "#0b5c4a"  # the city's colour; branding.py derives the design tokens
    # The maps' background (maps.py): no tiles by default, only the district polygons. A
    # template of one host such as https://tiles.example.org/{z}/{x}/{y}.png, its credit.
    MAP_TILE_URL = ""
    MAP_TILE_ATTRIBUTION = ""
    MAP_TILE_MAX_ZOOM = DEFAULT_MAX_ZOOM
    LANGUAGES = ("de", "en", "pl", "dsb")
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
    # Routes that take a picture raise the limit for their request (pictures.MAX_BYTES).
    UPLOAD_DIR: str | None = None  # None: <instance>/uploads; shared by all server processes
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
    # The site's address for links in mails sent without a request (timers, background):
    # e.g. https://beteiligung.musterstadt.example; None: the address of the triggering request.
    PUBLIC_URL: str | None = None
    # Send notification mails in a background thread right after the request's commit
    # (otherwise only `flask notifications send` sends them).
    NOTIFY_AUTOSEND = True
    RESET_TOKEN_MAX_AGE = 2 * 3600

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "zukunft"
    # With Redis as storage: when it is down, count in process memory and go back to Redis
    # when it answers again (Flask-Limiter checks it now and then), instead of failing pages.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
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
    # per-address figures leave room for a hall of about a thousand phones, also when the
    # facilitator opens the dot vote and everyone spends ten dots in the same minute.
    WORKSHOP_COMMAND_RATE_LIMIT = "60 per minute"  # board commands per participant
    WORKSHOP_ADDRESS_RATE_LIMIT = "12000 per minute"  # participants' commands per address
    WORKSHOP_JOINS_PER_ADDRESS = "1500 per hour"  # new participants per address
    WORKSHOP_CONNECTIONS_PER_ADDRESS = 2000  # open sockets per address and server process
    SOCKETIO_MAX_MESSAGE = 64 * 1024  # bytes; a longer socket message closes the connection
    SOCKETIO_PING_INTERVAL = 25  # seconds between pings to each socket
    SOCKETIO_PING_TIMEOUT = 20  # seconds a socket may stay silent after a ping, then dropped
    WORKSHOP_TALLY_INTERVAL = 0.3  # seconds between coalesced tally broadcasts
    WORKSHOP_PRESENCE_INTERVAL = 1.0  # at most one presence count per second
    RANKING_MAX_AGE = 60  # seconds a stored ranking (for sort=rank) may be old
    # Anonymous visitors' idea lists, rankings and process pages from memory (pagecache.py):
    # exact within a process, at most this many seconds old after a write in another process
    # (and as time changes the ranking's votes per day). 0 switches the cache off.
    PAGE_CACHE_SECONDS = 10
    PAGE_CACHE_ENTRIES = 500  # pages kept per process, the least recently used dropped first

    # werkzeug's default (scrypt); tests use a cheap one so hundreds of accounts stay fast.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name

    # The city's details for the imprint, the privacy notice and the accessibility statement
    # (participation/legal/). The defaults describe the demo city; a city sets its own.
    CITY_AUTHORITY = "Stadt Musterstadt"
    CITY_ADDRESS = "Marktplatz 1, 12345 Musterstadt"
    CITY_EMAIL = "beteiligung@musterstadt.example"
    CITY_PHONE = "+49 3301 123-0"
    CITY_REPRESENTATIVE = "Erika Mustermann, Bürgermeisterin"
    IMPRINT_RESPONSIBLE = ("Max Mustermann, Amt für Stadtentwicklung, Marktplatz 1, "
                           "12345 Musterstadt")
    DPO_NAME = "Datenschutzbeauftragte der Stadt Musterstadt"
    DPO_ADDRESS = "Marktplatz 1, 12345 Musterstadt"
    DPO_EMAIL = "datenschutz@musterstadt.example"
    PRIVACY_AUTHORITY_NAME = ("Die Landesbeauftragte für den Datenschutz und für das Recht auf "
                              "Akteneinsicht Brandenburg")
    PRIVACY_AUTHORITY_ADDRESS = "Stahnsdorfer Damm 77, 14532 Kleinmachnow"
    ACCESSIBILITY_CONTACT_EMAIL = "barrierefreiheit@musterstadt.example"
    ACCESSIBILITY_CONTACT_PHONE = "+49 3301 123-0"
    ACCESSIBILITY_CONFORMANCE = "partial"  # full, partial or none (EU model statement)
    ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 2)
    ACCESSIBILITY_REVIEW_DATE = date(2026, 11, 2)
    # The enforcement procedure (BbgBGG): where a person turns when the city's answer to their
    # feedback does not satisfy them. Brandenburg's body by default; a city checks and sets it.
    ENFORCEMENT_BODY_NAME = ("Schlichtungsstelle bei der Landesbeauftragten für die Belange der "
                             "Menschen mit Behinderungen des Landes Brandenburg")
    ENFORCEMENT_BODY_ADDRESS = "Henning-von-Tresckow-Straße 2–13, 14467 Potsdam"
    ENFORCEMENT_BODY_EMAIL = ""
    ENFORCEMENT_BODY_URL = ""
    PRIVACY_RETENTION_DAYS = 365  # after a process closed, its personal data is pseudonymised
    LOG_RETENTION_DAYS = 7  # the reverse proxy's access log (deploy/logrotate-nginx.conf)
    FEEDBACK_RATE_LIMIT = "5 per hour"
    # Another city's project feed is fetched from public addresses only; True also allows
    # loopback and private networks (a partner city inside the same administrative network).
    FEED_FETCH_LOCAL = False
    FEEDBACK_MIN_SECONDS = 3  # a person needs longer than this to fill in the feedback form
    FEEDBACK_FORM_MAX_AGE = 24 * 3600

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
            "PUBLIC_URL", "UPLOAD_DIR",
            "LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "REGISTER_RATE_LIMIT",
            "POST_RATE_LIMIT", "MAIL_RATE_LIMIT",
            "VOTE_RATE_LIMIT", "PAIR_RATE_LIMIT", "FEEDBACK_RATE_LIMIT", "LOG_LEVEL",
            "VOTE_ADDRESS_RATE_LIMIT", "WORKSHOP_JOIN_ATTEMPTS", "WORKSHOP_COMMAND_RATE_LIMIT",
            "WORKSHOP_ADDRESS_RATE_LIMIT", "WORKSHOP_JOINS_PER_ADDRESS",
            *LEGAL_TEXT_VARS,
        )
        for name in text_vars:
            if env.get(name):
                out[name] = env[name]
        if env.get("BRAND_COLOR"):
            try:
                parse_hex(env["BRAND_COLOR"])
            except ValueError:
                raise ConfigurationError("BRAND_COLOR must be a hex colour like #0b5c4a, "
                                         f"not {env['BRAND_COLOR']!r}.") from None
            out["BRAND_COLOR"] = env["BRAND_COLOR"].strip()
        if env.get("MAP_TILE_URL"):
            try:
                out["MAP_TILE_URL"] = check_tile_url(env["MAP_TILE_URL"])
            except TileUrlError as exc:
                raise ConfigurationError(str(exc)) from None
        if env.get("MAP_TILE_ATTRIBUTION"):
            out["MAP_TILE_ATTRIBUTION"] = env["MAP_TILE_ATTRIBUTION"].strip()
        if env.get("MAP_TILE_MAX_ZOOM"):
            out["MAP_TILE_MAX_ZOOM"] = _positive_int("MAP_TILE_MAX_ZOOM", env["MAP_TILE_MAX_ZOOM"])
        if env.get("DATABASE_URL"):
            out["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(env["DATABASE_URL"])
        if env.get("MAIL_PORT"):
            out["MAIL_PORT"] = int(env["MAIL_PORT"])
        for name in ("MAIL_USE_TLS", "MAIL_USE_SSL", "NOTIFY_AUTOSEND"):
            if env.get(name):
                out[name] = _bool(env[name])
        if env.get("REDIS_URL"):
            out["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
            # Fail fast while Redis is down: the limiter falls back to memory, not waits.
            out["RATELIMIT_STORAGE_OPTIONS"] = {"socket_connect_timeout": 1,
                                                "socket_timeout": 1}
        if env.get("REDIS_PREFIX"):
            out["REDIS_PREFIX"] = env["REDIS_PREFIX"]
            out["RATELIMIT_KEY_PREFIX"] = env["REDIS_PREFIX"]
            out["SOCKETIO_CHANNEL"] = env["REDIS_PREFIX"] + "-socketio"
        for name in ("TRUSTED_PROXIES", "PAGE_CACHE_SECONDS"):
            if env.get(name):
                out[name] = _count(env, name)
        if env.get("ALLOW_SQLITE_IN_PRODUCTION"):
            out["ALLOW_SQLITE_IN_PRODUCTION"] = _bool(env["ALLOW_SQLITE_IN_PRODUCTION"])
        if env.get("FEED_FETCH_LOCAL"):
            out["FEED_FETCH_LOCAL"] = _bool(env["FEED_FETCH_LOCAL"])
        if env.get("LOG_FORMAT"):
            out["LOG_FORMAT"] = env["LOG_FORMAT"].strip().lower()
        if env.get("ALLOWED_ORIGINS"):
            out["ALLOWED_ORIGINS"] = tuple(
                x.strip() for x in env["ALLOWED_ORIGINS"].split(",") if x.strip())
        for name in ("WORKSHOP_CONNECTIONS_PER_ADDRESS", "SOCKETIO_MAX_MESSAGE",
                     "SOCKETIO_PING_INTERVAL", "SOCKETIO_PING_TIMEOUT", "PAGE_CACHE_ENTRIES"):
            if env.get(name):
                out[name] = _positive_int(name, env[name])
        if env.get("SOCKETIO_ASYNC_MODE"):
            out["SOCKETIO_ASYNC_MODE"] = env["SOCKETIO_ASYNC_MODE"]
        for name in ("PRIVACY_RETENTION_DAYS", "LOG_RETENTION_DAYS", "FEEDBACK_MIN_SECONDS"):
            if env.get(name):
                out[name] = _positive_int(name, env[name])
        for name in ("ACCESSIBILITY_STATEMENT_DATE", "ACCESSIBILITY_REVIEW_DATE"):
            if env.get(name):
                out[name] = _iso_date(name, env[name])
        if env.get("ACCESSIBILITY_CONFORMANCE"):
            value = env["ACCESSIBILITY_CONFORMANCE"].strip().lower()
            if value not in ("full", "partial", "none"):
                raise ConfigurationError("ACCESSIBILITY_CONFORMANCE must be full, partial or "
                                         "none.")
            out["ACCESSIBILITY_CONFORMANCE"] = value
        if env.get("LANGUAGES"):
            out["LANGUAGES"] = tuple(x.strip() for x in env["LANGUAGES"].split(",") if x.strip())
        if out.get("APP_ENV", cls.APP_ENV) == "production":
            out["SESSION_COOKIE_SECURE"] = True
            out["REMEMBER_COOKIE_SECURE"] = True
        return out


LEGAL_TEXT_VARS = (
    "CITY_AUTHORITY", "CITY_ADDRESS", "CITY_EMAIL", "CITY_PHONE", "CITY_REPRESENTATIVE",
    "IMPRINT_RESPONSIBLE", "DPO_NAME", "DPO_ADDRESS", "DPO_EMAIL", "PRIVACY_AUTHORITY_NAME",
    "PRIVACY_AUTHORITY_ADDRESS", "ACCESSIBILITY_CONTACT_EMAIL", "ACCESSIBILITY_CONTACT_PHONE",
    "ENFORCEMENT_BODY_NAME", "ENFORCEMENT_BODY_ADDRESS", "ENFORCEMENT_BODY_EMAIL",
    "ENFORCEMENT_BODY_URL",
)


def _positive_int(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ConfigurationError(f"{name} must be a whole number of at least 1, not "
                                 f"{value!r}.")
    return number


def _iso_date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigurationError(f"{name} must be a date like 2026-11-02, not "
                                 f"{value!r}.") from None


def _count(env, name: str) -> int:
    try:
        value = int(env[name])
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigurationError(f"{name} must be a whole number of at least 0, "
                                 f"not {env[name]!r}.")
    return value


class ConfigurationError(ValueError):
    """The configuration is not safe to run with; the message says why in one line. (A
    ValueError: a wrong value in the environment, as the other setting checks raise.)"""


def check_config(config) -> None:
    """Refuse what must not run in production. Raises ConfigurationError (one line)."""
    if config.get("LOG_FORMAT", "text") not in ("text", "json"):
        raise ConfigurationError(f"LOG_FORMAT must be 'text' or 'json', "
                                 f"not {config['LOG_FORMAT']!r}.")
    if config.get("MAP_TILE_URL"):
        try:
            check_tile_url(config["MAP_TILE_URL"])
        except TileUrlError as exc:
            raise ConfigurationError(str(exc)) from None
    if config.get("APP_ENV") != "production":
        return
    secret = config.get("SECRET_KEY")
    if not secret or secret == Config.SECRET_KEY:
        raise ConfigurationError("APP_ENV=production needs SECRET_KEY set to a long random "
                                 "value (for example: python3 -c 'import secrets; "
                                 "print(secrets.token_hex(32))').")
    if len(secret) < 16:
        raise ConfigurationError("APP_ENV=production needs a SECRET_KEY of at least 16 "
                                 "characters.")
    url = config.get("SQLALCHEMY_DATABASE_URI") or "sqlite://"
    if url.startswith("sqlite") and not config.get("ALLOW_SQLITE_IN_PRODUCTION"):
        raise ConfigurationError("APP_ENV=production needs DATABASE_URL set to PostgreSQL "
                                 "(SQLite only with ALLOW_SQLITE_IN_PRODUCTION=1).")


def checked_environment(env) -> dict:
    """The settings from these environment variables, checked. Raises ConfigurationError."""
    config = {"APP_ENV": Config.APP_ENV, "SECRET_KEY": Config.SECRET_KEY,
              "SQLALCHEMY_DATABASE_URI": None, **Config.from_env(env)}
    check_config(config)
    return config


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
    NOTIFY_AUTOSEND = False  # tests call notifications.sending.send_due themselves
