"""`make run` (`flask --app wsgi serve`) says what it is: one line naming the development
server, its address and what to use in production, and none of Werkzeug's or
Flask-SocketIO's production warnings (they fire whenever stdin is no terminal, as under
make or here). gunicorn, the production server, never runs this command."""

from __future__ import annotations

import logging
import subprocess
import urllib.request

from participation import create_app
from participation.config import TestConfig
from tests.test_server_start import FlaskServe, _text_record
from tests.workshop_server import ROOT, flask_command, server_env, upgrade_database

ALARMS = ("production deployment", "This is a development server")


def test_flask_serve_names_itself_without_the_production_warning(tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade_database(url)
    server = FlaskServe(url, tmp_path / "serve.log").start()
    try:
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as answer:  # noqa: S310 - our own http URL
            assert answer.status == 200  # it serves
        log = server.log()
    finally:
        server.stop()
    lines = [record for record in map(_text_record, log.splitlines())
             if record.get("logger") == "participation.cli"]
    assert [record["msg"] for record in lines] == [
        f"development server on http://127.0.0.1:{server.port} – for production use gunicorn, "
        "see README (Deploying)"], log[-3000:]
    assert not [alarm for alarm in ALARMS if alarm in log], log[-3000:]


def test_flask_serve_refuses_gevent_and_points_to_gunicorn(tmp_path):
    env = {**server_env(f"sqlite:///{tmp_path / 'gevent.db'}"), "SOCKETIO_ASYNC_MODE": "gevent"}
    done = subprocess.run(flask_command("serve", "--port", "1"), cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "gunicorn" in done.stderr


def test_the_app_gunicorn_loads_says_nothing_of_a_development_server(caplog):
    with caplog.at_level(logging.INFO):
        create_app(TestConfig)  # what wsgi.py gives gunicorn
    assert not [r for r in caplog.records if "development server" in r.getMessage()]
