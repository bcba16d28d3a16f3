"""The socket's own limits against a real server: oversized messages and silent clients.

The in-process test client skips Engine.IO, where these limits live, so these tests run the
dev server in a subprocess (tests/workshop_server.py) with short ping times, and speak to it
with python-socketio clients and with raw Engine.IO long-polling requests.
"""

from __future__ import annotations

import json
import time

import pytest
import requests
import socketio
from sqlalchemy import select

from participation import create_app
from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.config import TestConfig
from participation.extensions import db
from participation.processes import services as process_services
from participation.workshops import services
from participation.workshops.models import Card
from tests.conftest import PASSWORD
from tests.workshop_server import WorkshopServer, upgrade_database

NS = "/workshop"
MAX_MESSAGE = 8 * 1024
PING_INTERVAL, PING_TIMEOUT = 1, 1


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """(server, url of its database, an app on that database, join code) for this module."""
    folder = tmp_path_factory.mktemp("socket-limits")
    url = f"sqlite:///{folder / 'board.db'}"
    upgrade_database(url)
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        user = account_services.create_user("moderation@example.org", "Moderation", PASSWORD,
                                            role=Role.FACILITATOR, confirmed=True)
        process = process_services.create_process("grenzen", "Grenzen", "Grenzen")
        workshop = services.create_workshop(user, process, "Grenzen")
        code = services.open_workshop(user, workshop)
        db.session.commit()
        db.session.remove()
    server = WorkshopServer(url, folder / "server.log", env={
        "SOCKETIO_MAX_MESSAGE": str(MAX_MESSAGE), "SOCKETIO_PING_INTERVAL": str(PING_INTERVAL),
        "SOCKETIO_PING_TIMEOUT": str(PING_TIMEOUT)}).start()
    try:
        yield server, app, code
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


def _texts(app) -> list[str]:
    with app.app_context():
        texts = list(db.session.execute(select(Card.text)).scalars())
        db.session.remove()
    return texts


def _phone(url: str) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(url, namespaces=[NS], transports=["websocket"], wait_timeout=10)
    return client


def _close(client: socketio.Client) -> None:
    """Disconnect, and close the TCP connection even when the server already dropped it
    (python-engineio leaves it open then; see BoardClient.disconnect)."""
    connection = getattr(getattr(client.eio, "ws", None), "sock", None)
    client.disconnect()
    if connection is not None:
        connection.close()


def _handshake(url: str) -> dict:
    answer = requests.get(f"{url}/socket.io/", params={"EIO": "4", "transport": "polling"},
                          timeout=5)
    assert answer.status_code == 200, answer.text
    return json.loads(answer.text[1:])  # "0{...}": the open packet


def test_the_handshake_announces_the_limits(live):
    server, _app, _code = live
    opened = _handshake(server.url)
    assert opened["maxPayload"] == MAX_MESSAGE
    assert opened["pingInterval"] == PING_INTERVAL * 1000
    assert opened["pingTimeout"] == PING_TIMEOUT * 1000


def test_an_oversized_websocket_message_closes_only_that_connection(live):
    server, app, code = live
    bystander = _phone(server.url)
    attacker = _phone(server.url)
    try:
        for client, name in ((bystander, "Anna"), (attacker, "Mallory")):
            assert client.call("join", {"code": code, "nickname": name}, namespace=NS,
                               timeout=10)["ok"]
        attacker.emit("card:add", {"text": "x" * (MAX_MESSAGE * 2)}, namespace=NS)
        deadline = time.monotonic() + 10
        while attacker.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not attacker.connected
        assert not any(len(text) > MAX_MESSAGE for text in _texts(app))
        # the server and everyone else go on
        ack = bystander.call("card:add", {"text": "Noch da"}, namespace=NS, timeout=10)
        assert ack["ok"], ack
    finally:
        _close(attacker)
        _close(bystander)


def test_an_oversized_polling_request_is_refused_unread(live):
    server, app, _code = live
    sid = _handshake(server.url)["sid"]
    params = {"EIO": "4", "transport": "polling", "sid": sid}
    url = f"{server.url}/socket.io/"
    big = '42/workshop,["card:add",{"text":"' + "x" * (MAX_MESSAGE * 2) + '"}]'
    with requests.Session() as session:
        assert session.post(url, params=params, data="40/workshop,", timeout=5).status_code \
            == 200
        # at once, though no poll of this client is waiting (Engine.IO alone would hang)
        with session.post(url, params=params, data=big, timeout=5) as refused:
            assert refused.status_code == 413
    with requests.Session() as session, session.post(
            url, params=params, timeout=5,
            data=iter([big[:100].encode(), big[100:].encode()])) as chunked:
        assert chunked.status_code == 413  # no length given: not read either
    assert not any(len(text) > MAX_MESSAGE for text in _texts(app))


def test_a_silent_client_is_dropped_after_ping_interval_and_timeout(live):
    server, _app, _code = live
    sid = _handshake(server.url)["sid"]
    params = {"EIO": "4", "transport": "polling", "sid": sid}
    assert requests.post(f"{server.url}/socket.io/", params=params, data="40/workshop,",
                         timeout=5).status_code == 200
    # Never answer a ping. A message is not an answer: the probe below keeps talking, yet
    # after ping_interval + ping_timeout (and the server's next sweep) the session is gone.
    probe = '42/workshop,["probe",{}]'
    started = time.monotonic()
    deadline = started + 10 * (PING_INTERVAL + PING_TIMEOUT)
    status = 200
    while time.monotonic() < deadline:
        time.sleep(0.25)
        status = requests.post(f"{server.url}/socket.io/", params=params, data=probe,
                               timeout=5).status_code
        if status == 400:
            break
    assert status == 400
    assert time.monotonic() - started >= PING_INTERVAL + PING_TIMEOUT - 0.5
