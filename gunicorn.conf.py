"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every setting can be changed by an environment variable (listed in the README) or on the
command line (`--bind 127.0.0.1:8001`); a city runs several of these processes, one per
port, behind nginx (see deploy/).

ONE gevent worker per process, on purpose. A Socket.IO connection lives in the memory of
the process that accepted it (its session, its rooms, the board's live state in
workshops/live.py): a long-polling client's next request, or a websocket, must reach that
same process. gunicorn would spread the requests of one client over its workers at random,
so each process has exactly one worker, and the proxy in front chooses the process (by
workshop: deploy/nginx.conf). More capacity = more processes on more ports, sharing
PostgreSQL and Redis (the Socket.IO message queue). One gevent worker serves thousands of
connections, each one a greenlet.
"""

from __future__ import annotations

import os
import sys

bind = [os.environ.get("BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))]
worker_class = "gevent"
workers = 1  # never more: see the docstring above
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "2000"))
# A websocket stays open for hours; gevent workers keep the arbiter's heartbeat alive while
# they wait, so this only catches a worker stuck in a loop that never yields.
timeout = int(os.environ.get("WORKER_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# gunicorn >= 25.1 opens a control socket in the home folder otherwise (SPEC: Running it).
control_socket_disable = True
# The app logs one line per request itself (participation/logs.py, with the request id);
# gunicorn's own lines (start, stop, a worker that died) take the app's format (LOG_FORMAT),
# so the journal holds one kind of record.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_formatter = ("participation.logs.JsonFormatter"
              if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json"
              else "participation.logs.KeyValueFormatter")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"app": {"()": _formatter}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "app",
                            "stream": "ext://sys.stderr"}},
    "root": {"level": loglevel.upper(), "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"],
                           "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}
# The proxy's address is trusted for X-Forwarded-*, by the app (TRUSTED_PROXIES, ProxyFix),
# not by gunicorn.
forwarded_allow_ips = "127.0.0.1"
proc_name = "zukunftsstadt"

# Under this worker the Socket.IO server must use gevent (the default, "threading", is for
# the development server). An explicit SOCKETIO_ASYNC_MODE in the environment wins.
os.environ.setdefault("SOCKETIO_ASYNC_MODE", "gevent")


def on_starting(server) -> None:
    """Refuse an unsafe production configuration before any worker starts, in one line."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from participation.config import ConfigurationError, checked_environment

    try:
        checked_environment(os.environ)
    except ConfigurationError as exc:
        print(f"zukunftsstadt: refusing to start: {exc}", file=sys.stderr, flush=True)
        sys.exit(2)


def post_worker_init(worker) -> None:
    """The app is loaded in the worker: freeze it and make collections rarer
    (participation/runtime.py says why)."""
    from participation.runtime import settle_server_process

    settle_server_process()
