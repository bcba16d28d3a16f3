"""`/healthz` and `/readyz` for the process manager, the proxy and monitoring.

- `/healthz`: the process is alive and answers; touches neither the database nor Redis, so
  a slow database never gets a healthy process restarted.
- `/readyz`: the database answers `SELECT 1` and, when REDIS_URL is set, Redis answers
  PING, each within about a second. 200 `{"status": "ready", "checks": {...}}`, else 503
  with `"down": [...]` naming what is unreachable. While only Redis is down the process
  still serves pages and each process's live boards (degraded, see message_queue.py); the
  503 is for monitoring to raise an alarm.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from .extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
CHECK_TIMEOUT = 1.0  # seconds


@bp.route("/healthz")
def healthz():
    return _no_store(jsonify({"status": "ok"}))


@bp.route("/readyz")
def readyz():
    checks = {"database": _database_ok()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_ok()
    down = sorted(name for name, ok in checks.items() if not ok)
    body = {"status": "unavailable" if down else "ready",
            "checks": {name: "ok" if ok else "down" for name, ok in checks.items()}}
    if down:
        body["down"] = down
        log.warning("not ready: %s unreachable", ", ".join(down))
    return _no_store(jsonify(body)), 503 if down else 200


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return True
    except Exception as exc:  # any driver error means: not reachable
        log.warning("readiness: database unreachable: %s", exc.__class__.__name__)
        with suppress(Exception):
            db.session.rollback()
        return False


def _redis_ok() -> bool:
    client = current_app.extensions.get("health_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(
            current_app.config["REDIS_URL"], socket_connect_timeout=CHECK_TIMEOUT,
            socket_timeout=CHECK_TIMEOUT, retry=None)
        current_app.extensions["health_redis"] = client
    try:
        return bool(client.ping())
    except Exception as exc:  # redis.RedisError, OSError: not reachable
        log.warning("readiness: redis unreachable: %s", exc.__class__.__name__)
        return False
