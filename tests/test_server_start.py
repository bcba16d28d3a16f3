"""A server process settles at start-up (participation.runtime.settle_server_process): the
real `flask --app wsgi serve` and a real gunicorn worker (gunicorn.conf.py's
post_worker_init) freeze what start-up built and raise the collector's threshold, as the
process itself reports it in its start-up log."""

from __future__ import annotations

import json
import re

from participation.runtime import GC_THRESHOLD
from tests.prod_server import GunicornServer, fresh_database, require_stack
from tests.workshop_server import ServerProcess, flask_command, server_env, upgrade_database

# Flask, SQLAlchemy, Jinja and Babel alone build far more long-lived objects than this.
FROZEN_AT_LEAST = 20_000


class FlaskServe(ServerProcess):
    """`flask --app wsgi serve` itself, as `make run` starts it."""

    health_path = "/healthz"

    def __init__(self, database_url: str, log_path) -> None:
        super().__init__(log_path)
        self.database_url = database_url

    def command(self) -> list[str]:
        return flask_command("serve", "--host", "127.0.0.1", "--port", str(self.port))

    def environment(self) -> dict:
        return server_env(self.database_url)


def _value(raw: str):
    text = json.loads(raw) if raw.startswith('"') else raw
    try:
        return json.loads(text)  # numbers and lists, as the formatter wrote them
    except ValueError:
        return text


def _text_record(line: str) -> dict:
    """One `key=value` line of logs.KeyValueFormatter as a dict."""
    return {key: _value(raw) for key, raw in re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)',
                                                          line)}


def _settled(log: str, parse) -> list[dict]:
    return [record for record in map(parse, log.splitlines())
            if record.get("logger") == "participation.runtime"
            and record.get("msg") == "server process settled"]


def _assert_settled(records: list[dict], log: str) -> None:
    assert len(records) == 1, log[-3000:]
    assert records[0]["gc_threshold"] == list(GC_THRESHOLD)
    assert records[0]["gc_frozen"] >= FROZEN_AT_LEAST


def test_flask_serve_settles_its_process_at_start_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade_database(url)
    server = FlaskServe(url, tmp_path / "serve.log").start()
    try:
        log = server.log()
    finally:
        server.stop()
    _assert_settled(_settled(log, _text_record), log)


def test_a_gunicorn_worker_settles_at_start_up(tmp_path):
    require_stack()
    with fresh_database("zs_start") as url:
        server = GunicornServer(url, None, "zs-start", tmp_path / "gunicorn.log").start()
        try:
            log = server.log()
        finally:
            server.stop()

    def parse(line: str) -> dict:
        return json.loads(line) if line.startswith("{") else {}

    # post_worker_init runs in the worker only: one line for the one worker, none from the
    # arbiter that forked it
    _assert_settled(_settled(log, parse), log)
