"""Zukunftsstadt: the app factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from .config import Config, ConfigurationError, check_config
from .logs import configure_logging, init_request_ids

__all__ = ["ConfigurationError", "create_app"]


def create_app(config: Any = None) -> Flask:
    """Build the app: defaults, then environment variables, then the given config."""
    app = Flask(__name__, instance_relative_config=True)
    from .web import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    app.config.from_object(Config)
    app.config.update(Config.from_env(os.environ))
    if config is not None:
        if isinstance(config, dict):
            app.config.update(config)
        else:
            app.config.from_object(config)
    check_config(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_path = os.path.join(app.instance_path, "zukunftsstadt.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    if not app.config.get("MAIL_OUTBOX"):
        app.config["MAIL_OUTBOX"] = os.path.join(app.instance_path, "outbox")

    configure_logging(app)
    init_extensions(app)
    from .pagecache import init_page_cache

    init_page_cache(app)
    _trust_proxies(app)  # around Socket.IO's middleware too: sockets see the client's address
    register_blueprints(app)
    connect_receivers()
    register_cli(app)
    from .web import init_web

    init_web(app)
    init_request_ids(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, take the client's address, scheme and host from their
    X-Forwarded-For/-Proto/-Host headers (rate limits, Secure cookies, links in mails)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _message_queue(app: Flask):
    """The Socket.IO client manager: Redis when REDIS_URL is set, else None (in process)."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    from .message_queue import QueueManager

    return QueueManager(url, channel=app.config["SOCKETIO_CHANNEL"])


def init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (every model registered before migrate/create_all)
    from .extensions import babel, csrf, db, limiter, login_manager, migrate, socketio
    from .i18n import select_locale, select_timezone
    from .permissions import init_login

    db.init_app(app)
    with app.app_context():
        from .dbsetup import configure_engine

        configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    init_login(app)
    socketio.init_app(
        app,
        # given every time: the module-level SocketIO keeps options from an earlier init_app
        client_manager=_message_queue(app),
        # only our own origin (None = same origin as the page); a deployment may add more
        cors_allowed_origins=list(app.config["ALLOWED_ORIGINS"]) or None,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        # slow and oversized clients (SECURITY.md): silent sockets are dropped after
        # ping_interval + ping_timeout; a message above the buffer size closes the socket
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE"],
        ping_interval=app.config["SOCKETIO_PING_INTERVAL"],
        ping_timeout=app.config["SOCKETIO_PING_TIMEOUT"],
    )
    from .web import SocketBodyLimit
    from .workshops.events import register_socket_handlers
    app.wsgi_app = SocketBodyLimit(app.wsgi_app, "/socket.io", app.config["SOCKETIO_MAX_MESSAGE"])
    register_socket_handlers(app)


def register_blueprints(app: Flask) -> None:
    from .accounts.views import bp as accounts_bp
    from .admin.views import bp as admin_bp
    from .health import bp as health_bp
    from .processes.views import bp as processes_bp
    from .proposals.views import bp as proposals_bp
    from .web import bp as web_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(processes_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(admin_bp)
    from .votes.views import bp as votes_bp

    app.register_blueprint(votes_bp)
    from .workshops.views import bp as workshops_bp
    app.register_blueprint(workshops_bp)
    from .projects.views import bp as projects_bp

    app.register_blueprint(projects_bp)
    from .api import register as register_api

    register_api(app)
    from .legal.iplog import install_ip_filter
    from .legal.views import bp as legal_bp

    app.register_blueprint(legal_bp)
    install_ip_filter()
    from .notifications.sending import install_hooks
    from .notifications.views import bp as notifications_bp

    app.register_blueprint(notifications_bp)
    install_hooks()


def connect_receivers() -> None:
    """Let each domain answer the signals of the domains below it (participation/signals.py).
    Connecting twice is harmless: blinker keeps one connection per receiver."""
    from .notifications import receivers as notification_receivers
    from .projects import receivers as project_receivers
    from .proposals import receivers as proposal_receivers
    from .votes import receivers as vote_receivers
    from .workshops import receivers as workshop_receivers

    for domain in (proposal_receivers, vote_receivers, notification_receivers,
                   workshop_receivers, project_receivers):
        domain.connect()


def register_cli(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)
