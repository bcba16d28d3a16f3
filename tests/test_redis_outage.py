"""Redis goes away in the middle of a workshop, and comes back.

Two gunicorn + gevent processes in production mode on a fresh PostgreSQL database, with a
redis-server of this test's own (never the shared one) as message queue and rate-limit
storage. While it is stopped: pages, logins (rate limits fall back to memory) and joins are
served, /readyz names Redis as down, each process's board keeps working for the phones
connected to it, and the log says the queue is degraded. When Redis is back on the same
port, the log says so, and notes cross processes again.
"""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests
from sqlalchemy import select

from participation import create_app
from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.config import TestConfig
from participation.extensions import db
from participation.processes import services as process_services
from participation.workshops import services
from participation.workshops.models import Card, Workshop
from tests.conftest import PASSWORD
from tests.prod_server import (
    GunicornServer,
    OwnRedis,
    fresh_database,
    gunicorn_pair,
    require_stack,
)
from tests.workshop_server import BoardClient, login_cookie


@pytest.fixture
def stack(tmp_path):
    require_stack()
    redis_server = OwnRedis().start()
    try:
        with fresh_database("zs_outage") as url:
            yield url, redis_server, tmp_path
    finally:
        redis_server.stop()


@pytest.fixture
def data_app(stack):
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": stack[0]})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def servers(stack):
    url, redis_server, folder = stack
    prefix = f"zs-outage-{uuid.uuid4().hex[:8]}"
    with gunicorn_pair(url, redis_server.url, prefix, folder) as pair:
        yield pair


@pytest.fixture
def workshop(data_app):
    with data_app.app_context():
        user = account_services.create_user("facilitator@example.org", "Moderation", PASSWORD,
                                            role=Role.FACILITATOR, confirmed=True)
        account_services.create_user("citizen@example.org", "Bürgerin", PASSWORD,
                                     confirmed=True)
        process = process_services.create_process("ausfall", "Ausfall", "Redis fällt aus")
        workshop = services.create_workshop(user, process, "Werkstatt")
        code = services.open_workshop(user, workshop)
        db.session.commit()
        result = workshop.id, code, user.email
        db.session.remove()
    return result


def _stored(data_app, workshop_id):
    """What the database holds: (version, {card_id: text})."""
    with data_app.app_context():
        version = db.session.get(Workshop, workshop_id).version
        cards = dict(db.session.execute(select(Card.id, Card.text).where(
            Card.workshop_id == workshop_id)).all())
        db.session.remove()
    return version, cards


def _note(client: BoardClient, text: str) -> int:
    ack = client.call("card:add", {"text": text, "key": uuid.uuid4().hex})
    assert ack["ok"], ack
    return ack["version"]


def _passively_reaches(client: BoardClient, version: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with client.lock:
            if client.version >= version:
                return True
        time.sleep(0.02)
    return False


def _receives(client: BoardClient, version: int, timeout: float = 10) -> bool:
    """Whether the event of `version` reaches the client by broadcast, applied or held back
    behind a gap."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with client.lock:
            if client.version >= version or version in client.early:
                return True
        time.sleep(0.02)
    return False


def _log_records(server: GunicornServer) -> list[dict]:
    records = []
    for line in server.log().splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    return records


def _wait_for_log(server: GunicornServer, state: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [r for r in _log_records(server)
                 if r.get("component") == "message_queue" and r.get("state") == state]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no 'message queue {state}' in the log of {server.url}:\n"
                         f"{server.log()[-3000:]}")


def test_pages_and_boards_survive_a_redis_outage_and_recover(stack, servers, data_app,
                                                             workshop, clients):
    _url, redis_server, _folder = stack
    a, b = servers
    workshop_id, code, email = workshop
    projector = clients(a.url, login_cookie(a.url, email, PASSWORD))
    projector.facilitate(workshop_id)
    on_a, on_b = clients(a.url), clients(b.url)
    on_a.join(code, "Anna")
    on_b.join(code, "Ben")
    assert _passively_reaches(on_b, _note(on_a, "Vor dem Ausfall"))

    redis_server.stop()

    # a join first (its wrong-code limit is counted in Redis), before any page on B
    newcomer = clients(b.url)
    newcomer.join(code, "Neu")
    for server in (a, b):  # pages, health and a rate-limited login are still served
        assert requests.get(server.url + "/", timeout=10).status_code == 200
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
        ready = requests.get(server.url + "/readyz", timeout=10)
        assert ready.status_code == 503
        assert ready.json()["down"] == ["redis"]
        assert ready.json()["checks"] == {"database": "ok", "redis": "down"}
        assert login_cookie(server.url, "citizen@example.org", PASSWORD)

    # each process's board keeps working for its own phones
    version = _note(on_a, "Während des Ausfalls, auf A")
    assert _passively_reaches(projector, version)
    version = _note(on_b, "Während des Ausfalls, auf B")
    # B's phones got it by broadcast (A's note before it did not reach them: a gap)
    assert _receives(newcomer, version)
    assert _receives(on_b, version)
    degraded = _wait_for_log(a, "degraded")
    assert degraded["level"] == "ERROR"
    assert "only the phones connected to this process" in degraded["msg"]
    _wait_for_log(b, "degraded")
    time.sleep(3)  # several reconnection attempts fail, and none claims a recovery
    for server in (a, b):  # one record per outage, not one per emit or per attempt
        states = [r["state"] for r in _log_records(server)
                  if r.get("component") == "message_queue"]
        assert states == ["degraded"], states
    assert _note(on_b, "Immer noch ohne Redis")

    redis_server.start()  # the same port
    _wait_for_log(a, "recovered")
    _wait_for_log(b, "recovered")
    ready = requests.get(b.url + "/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    for server in (a, b):
        states = [r["state"] for r in _log_records(server)
                  if r.get("component") == "message_queue"]
        assert states == ["degraded", "recovered"], states

    # the phones catch up (a version gap makes them sync), then broadcasts cross again
    version = _note(on_a, "Nach dem Ausfall, auf A")
    for client in (projector, on_a, on_b, newcomer):
        client.settle(version)
    assert _passively_reaches(projector, _note(on_b, "Nach dem Ausfall, auf B"))
    assert _passively_reaches(on_b, _note(on_a, "Wieder da"))
    version, cards = _stored(data_app, workshop_id)
    for client in (projector, on_a, on_b, newcomer):
        client.settle(version)
        assert client.texts() == cards
    assert len(cards) == 7
