"""The production stack for tests: gunicorn + gevent processes on PostgreSQL and Redis.

`GunicornServer` runs `gunicorn -c gunicorn.conf.py wsgi:app` (one gevent worker) with
APP_ENV=production in a subprocess on a loopback port, as deploy/ runs it. `fresh_database`
creates a PostgreSQL database with a unique name, migrates it with `flask --app wsgi db
upgrade` and drops it afterwards; `OwnRedis` is a redis-server of the test's own on a free
port (never the shared one: the outage test stops it). Tests that need these skip with the
reason when PostgreSQL, Redis or gunicorn/gevent are not there.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.workshop_server import ROOT, ServerProcess, flask_command, free_port

START_TIMEOUT = 40.0
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL",
                                    "postgresql://postgres@127.0.0.1:5432/postgres")
SHARED_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
SECRET = "multi-process-test-secret-0123456789"  # noqa: S105


def require_stack(redis_url: str | None = None) -> None:
    """Skip the calling test (module) unless gunicorn, gevent and PostgreSQL are there, and
    Redis at redis_url (when given) answers."""
    for module in ("gunicorn", "gevent"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")
    import psycopg

    try:
        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    if redis_url is not None:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
        except (redis.RedisError, OSError) as exc:
            pytest.skip(f"Redis is not reachable at {redis_url}: {exc}")


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(statement)


@contextmanager
def fresh_database(prefix: str = "zs_test"):
    """A new, migrated PostgreSQL database (its SQLAlchemy URL); dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    _admin(f'CREATE DATABASE "{name}"')
    try:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("FLASK_", "DATABASE_", "REDIS_", "APP_ENV"))}
        subprocess.run(flask_command("db", "upgrade"), cwd=ROOT, check=True,
                       capture_output=True, timeout=120, env={**env, "DATABASE_URL": url})
        yield url
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def delete_redis_keys(redis_url: str, prefix: str) -> None:
    """Remove this test's rate-limit keys (only those starting with its own prefix)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


class OwnRedis:
    """A redis-server of the test's own, without persistence, on a free port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> OwnRedis:
        import redis

        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        while time.monotonic() < deadline:
            with suppress(redis.RedisError, OSError):
                if client.ping():
                    client.close()
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def server_env(database_url: str, redis_url: str | None, prefix: str, port: int) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FLASK_", "DATABASE_", "REDIS_", "SOCKETIO_", "APP_ENV",
                                "SECRET_KEY", "LOG_", "TRUSTED_PROXIES"))}
    env.update(APP_ENV="production", SECRET_KEY=SECRET, DATABASE_URL=database_url,
               REDIS_PREFIX=prefix, PORT=str(port), LOG_FORMAT="json",
               PYTHONUNBUFFERED="1")
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class GunicornServer(ServerProcess):
    """`gunicorn -c gunicorn.conf.py wsgi:app` in a subprocess; `kill()` is a SIGKILL of
    the whole process group (arbiter and worker), `start()` may follow again."""

    health_path = "/healthz"
    start_timeout = START_TIMEOUT
    stop_timeout = 15.0
    own_process_group = True

    def __init__(self, database_url: str, redis_url: str | None, prefix: str,
                 log_path: Path, port: int | None = None) -> None:
        super().__init__(log_path, port)
        self.database_url = database_url
        self.redis_url = redis_url
        self.prefix = prefix

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]

    def environment(self) -> dict:
        return server_env(self.database_url, self.redis_url, self.prefix, self.port)


@contextmanager
def gunicorn_pair(url: str, redis_url: str, prefix: str, folder: Path):
    """Processes A and B on one database and one Redis, started; stopped afterwards."""
    pair = [GunicornServer(url, redis_url, prefix, folder / f"{name}.log") for name in "ab"]
    try:
        for server in pair:
            server.start()
        yield pair
    finally:
        for server in pair:
            server.stop()
