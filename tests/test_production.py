"""Production settings: refusals in one line, proxies, /healthz and /readyz, request ids,
structured logs, and no stack trace for a visitor."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from participation import ConfigurationError
from participation.config import Config, check_config, checked_environment
from participation.logs import JsonFormatter, KeyValueFormatter, truncated_address
from tests.workshop_server import ROOT, free_port

GOOD_SECRET = "a-long-random-production-secret-0123"  # noqa: S105
POSTGRES = "postgresql://zk@db.example.org/zukunft"


def _env(**values) -> dict:
    return {k: v for k, v in values.items() if v is not None}


# --- refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("env", "reason"), [
    (_env(APP_ENV="production", DATABASE_URL=POSTGRES), "needs SECRET_KEY"),
    (_env(APP_ENV="production", DATABASE_URL=POSTGRES, SECRET_KEY=Config.SECRET_KEY),
     "needs SECRET_KEY"),
    (_env(APP_ENV="production", DATABASE_URL=POSTGRES, SECRET_KEY="short"),
     "at least 16 characters"),
    (_env(APP_ENV="production", SECRET_KEY=GOOD_SECRET), "DATABASE_URL set to PostgreSQL"),
    (_env(APP_ENV="production", SECRET_KEY=GOOD_SECRET, DATABASE_URL="sqlite:///x.db"),
     "ALLOW_SQLITE_IN_PRODUCTION=1"),
    (_env(APP_ENV="production", SECRET_KEY=GOOD_SECRET, DATABASE_URL=POSTGRES,
          TRUSTED_PROXIES="one"), "TRUSTED_PROXIES must be a whole number"),
    (_env(DATABASE_URL=POSTGRES, LOG_FORMAT="xml"), "LOG_FORMAT must be"),
])
def test_unsafe_settings_are_refused_with_the_reason(env, reason):
    with pytest.raises(ConfigurationError, match=reason) as refused:
        checked_environment(env)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("env", [
    _env(APP_ENV="production", SECRET_KEY=GOOD_SECRET, DATABASE_URL=POSTGRES),
    _env(APP_ENV="production", SECRET_KEY=GOOD_SECRET, ALLOW_SQLITE_IN_PRODUCTION="1"),
    _env(),  # development: SQLite and the development secret are fine
])
def test_safe_settings_pass(env):
    config = checked_environment(env)
    assert config["APP_ENV"] == env.get("APP_ENV", "development")


def test_create_app_refuses_too(make_app):
    with pytest.raises(ConfigurationError, match="SQLite"):
        make_app(APP_ENV="production", SECRET_KEY=GOOD_SECRET,
                 SQLALCHEMY_DATABASE_URI="sqlite://")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        make_app(APP_ENV="production", SECRET_KEY=Config.SECRET_KEY,
                 ALLOW_SQLITE_IN_PRODUCTION=True)


def _server_env(**values) -> dict:
    import os

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FLASK_", "DATABASE_", "REDIS_", "APP_ENV", "SECRET_KEY",
                                "ALLOW_SQLITE", "TRUSTED_PROXIES", "LOG_"))}
    return {**env, **values}


@pytest.mark.parametrize("command", [
    [sys.executable, "-c", "import wsgi"],
    [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
], ids=["wsgi", "flask", "gunicorn"])
def test_a_refused_start_says_why_in_one_line_without_a_traceback(command):
    if command[2] == "gunicorn":
        pytest.importorskip("gunicorn")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=_server_env(APP_ENV="production", PORT=str(free_port())))
    assert result.returncode != 0
    refusals = [line for line in result.stderr.splitlines()
                if line.startswith("zukunftsstadt: refusing to start: ")]
    assert len(refusals) == 1, result.stderr
    assert "SECRET_KEY" in refusals[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_environment_names_the_proxies_and_redis():
    config = Config.from_env({"TRUSTED_PROXIES": "2", "REDIS_URL": "redis://cache:6379/1",
                              "REDIS_PREFIX": "stadt-a", "LOG_FORMAT": "JSON"})
    assert config["TRUSTED_PROXIES"] == 2
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/1"
    assert config["RATELIMIT_KEY_PREFIX"] == "stadt-a"
    assert config["SOCKETIO_CHANNEL"] == "stadt-a-socketio"
    assert config["LOG_FORMAT"] == "json"
    assert Config.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED is True


# --- proxies, request ids and the request log ----------------------------------------------

def _request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "participation.request"]


@pytest.mark.parametrize(("proxies", "client"), [(0, "127.0.0.0"), (1, "203.0.113.0")])
def test_the_client_address_comes_from_trusted_proxies_only_and_is_logged_truncated(
        make_app, caplog, proxies, client):
    app = make_app(TRUSTED_PROXIES=proxies)
    caplog.set_level(logging.INFO, logger="participation.request")
    response = app.test_client().get("/healthz", headers={
        "X-Forwarded-For": "203.0.113.77", "X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    (record,) = _request_records(caplog)
    assert record.client == client
    assert "203.0.113.77" not in caplog.text


def test_a_request_id_is_made_or_taken_from_the_proxy_and_returned(client, caplog):
    caplog.set_level(logging.INFO, logger="participation.request")
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz").headers["X-Request-ID"] != made
    sent = "nginx-4f1c2b9e77aa"
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent
    for bad in ("short", "x" * 200, "evil id\r\nSet-Cookie: a=b"):
        answered = client.get("/healthz", headers={"X-Request-ID": bad.replace("\r\n", " ")})
        assert answered.headers["X-Request-ID"] != bad.replace("\r\n", " ")
    ids = [r.request_id for r in _request_records(caplog)]
    assert ids[0] == made and sent in ids
    first = _request_records(caplog)[0]
    assert (first.method, first.path, first.status) == ("GET", "/healthz", 200)


def test_an_error_shows_the_error_page_and_logs_the_trace_with_the_request_id(make_app):
    app = make_app(TESTING=False, APP_ENV="production", SECRET_KEY=GOOD_SECRET,
                   ALLOW_SQLITE_IN_PRODUCTION=True)

    def broken():
        raise RuntimeError("secret internals: password=hunter2")

    app.add_url_rule("/broken", "broken", broken)
    app.add_url_rule("/api/v1/broken", "api_broken", broken)
    lines = []
    handler = logging.Handler()
    handler.setFormatter(JsonFormatter())
    handler.emit = lambda record: lines.append(handler.format(record))
    logging.getLogger("participation.web").addHandler(handler)
    try:
        page = app.test_client().get("/broken")
        api = app.test_client().get("/api/v1/broken")
    finally:
        logging.getLogger("participation.web").removeHandler(handler)
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Etwas ist schiefgelaufen" in html
    assert "Traceback" not in html and "hunter2" not in html
    assert api.status_code == 500
    assert api.get_json()["error"]["code"] == "server_error"
    assert "hunter2" not in api.get_data(as_text=True)
    logged = [json.loads(line) for line in lines]
    assert [r["request_id"] for r in logged] == [page.headers["X-Request-ID"],
                                                 api.headers["X-Request-ID"]]
    assert "RuntimeError: secret internals" in logged[0]["exc"]


# --- health ----------------------------------------------------------------------------------

def test_healthz_answers_without_the_database(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://nobody@127.0.0.1:"
                                           f"{free_port()}/nothing")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_with_a_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_names_an_unreachable_database(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://nobody@127.0.0.1:"
                                           f"{free_port()}/nothing")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "down": ["database"],
                                   "checks": {"database": "down"}}


def test_readyz_names_an_unreachable_redis(make_app):
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "down": ["redis"],
                                   "checks": {"database": "ok", "redis": "down"}}


# --- log formats -----------------------------------------------------------------------------

def _record_with_exception() -> logging.LogRecord:
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.getLogger("participation.x").makeRecord(
            "participation.x", logging.ERROR, __file__, 1, 'failed "%s"', ("Größe",),
            sys.exc_info(), extra={"request_id": "abc12345", "status": 500})
    return record


def test_key_value_logs_are_one_line_per_record():
    line = KeyValueFormatter().format(_record_with_exception())
    assert "\n" not in line
    assert 'msg="failed \\"Größe\\""' in line
    assert "level=ERROR" in line and "request_id=abc12345" in line and "status=500" in line
    assert "ValueError: kaputt" in line


def test_json_logs_are_one_object_per_line():
    line = JsonFormatter().format(_record_with_exception())
    assert "\n" not in line
    record = json.loads(line)
    assert record["msg"] == 'failed "Größe"'
    assert record["request_id"] == "abc12345"
    assert record["status"] == 500
    assert record["exc"].startswith("Traceback") and "kaputt" in record["exc"]


@pytest.mark.parametrize(("address", "kept"), [
    ("198.51.100.23", "198.51.100.0"),
    ("2001:db8:1234:5678::1", "2001:db8:1234::"),
    ("::ffff:192.0.2.200", "192.0.2.0"),
    ("not an address", "-"),
    (None, "-"),
])
def test_logged_addresses_are_cut(address, kept):
    assert truncated_address(address) == kept


def test_check_config_accepts_the_test_config():
    check_config({"APP_ENV": "development", "SECRET_KEY": "x"})


def test_the_proxy_fix_wraps_socketio_too(make_app):
    """Socket.IO's middleware answers /socket.io/ itself; ProxyFix must come before it, so
    a socket's address (join-code limits) and scheme (origin check) are the client's."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app = make_app(TRUSTED_PROXIES=1)
    assert isinstance(app.wsgi_app, ProxyFix)
    inner, chain = app.wsgi_app.app, []
    while inner is not None and len(chain) < 10:  # what ProxyFix wraps, outside in
        chain.append(type(inner).__name__)
        inner = getattr(inner, "wsgi_app", None)
    assert "_SocketIOMiddleware" in chain, chain
    assert not isinstance(make_app().wsgi_app, ProxyFix)
