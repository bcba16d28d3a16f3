"""The workshop protocol against the real dev server, with real python-socketio clients.

The app runs in a subprocess (`flask --app wsgi serve`, see tests/workshop_server.py) on a
SQLite file prepared by the migrations; the test process prepares workshops in the same file.
These tests run in `make test`: every wait is bounded, and every server is stopped (or
killed) by a fixture finalizer, also when a test fails.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db
from participation.workshops.models import Card, Workshop
from tests.conftest import PASSWORD
from tests.workshop_server import (
    WorkshopServer,
    login_cookie,
    open_workshop,
    upgrade_database,
)

PARTICIPANTS = 20
NOTES_EACH = 2


@pytest.fixture(scope="module")
def database_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("realtime")
    url = f"sqlite:///{folder / 'board.db'}"
    upgrade_database(url)
    return folder, url


@pytest.fixture(scope="module")
def data_app(database_file):
    """An app in the test process on the server's database, to prepare workshops."""
    _folder, url = database_file
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def server_factory(database_file):
    folder, url = database_file
    started = []

    def start(port=None):
        server = WorkshopServer(url, folder / "server.log", port=port)
        started.append(server)
        return server.start()

    yield start
    for server in started:  # also when the test failed
        server.stop()


@pytest.fixture(scope="module")
def server(database_file):
    folder, url = database_file
    server = WorkshopServer(url, folder / "server.log").start()
    yield server
    server.stop()


@pytest.fixture
def workshop(data_app):
    """A new open workshop and its facilitator's e-mail: (workshop_id, code, email)."""
    return open_workshop(data_app, "live", dots=3)


def _board(data_app, workshop_id):
    """What the database holds: (version, {card_id: text})."""
    with data_app.app_context():
        version = db.session.get(Workshop, workshop_id).version
        cards = db.session.execute(select(Card.id, Card.text).where(
            Card.workshop_id == workshop_id)).all()
        db.session.remove()
    return version, dict(cards)


def _dots(data_app, workshop_id):
    with data_app.app_context():
        rows = db.session.execute(select(Card.id, Card.dot_count).where(
            Card.workshop_id == workshop_id)).all()
        db.session.remove()
    return {str(card_id): dots for card_id, dots in rows}


def test_twenty_participants_end_with_the_same_board(server, clients, workshop, data_app):
    workshop_id, code, email = workshop
    facilitator = clients(server.url, login_cookie(server.url, email, PASSWORD))
    facilitator.facilitate(workshop_id)
    phones = [clients(server.url) for _ in range(PARTICIPANTS)]

    def write(index):
        phone = phones[index]
        phone.join(code, f"Gast {index}")
        for n in range(NOTES_EACH):
            ack = phone.call("card:add", {"text": f"Idee {index}.{n}", "key": f"{index}.{n}"})
            assert ack["ok"], ack

    with ThreadPoolExecutor(PARTICIPANTS) as pool:
        list(pool.map(write, range(PARTICIPANTS)))
    assert facilitator.call("phase:set", {"phase": "vote"})["ok"]
    card_ids = sorted(_board(data_app, workshop_id)[1])
    assert len(card_ids) == PARTICIPANTS * NOTES_EACH

    def vote(index):
        chooser = random.Random(index)  # noqa: S311 - spreading test votes
        for _ in range(3):
            ack = phones[index].call("vote:add", {"card_id": chooser.choice(card_ids)})
            assert ack["ok"], ack
        assert ack["dots_left"] == 0

    with ThreadPoolExecutor(PARTICIPANTS) as pool:
        list(pool.map(vote, range(PARTICIPANTS)))

    version, texts = _board(data_app, workshop_id)
    assert version == PARTICIPANTS * NOTES_EACH + 1  # every note, then the phase
    for phone in [facilitator, *phones]:
        phone.settle(version)
        assert phone.version == version
        assert phone.texts() == texts
        assert phone.gaps == 0  # one server sends a board's events in version order
    # the votes were tallied for the projector, coalesced, and never sent to the phones
    dots = _dots(data_app, workshop_id)
    assert sum(dots.values()) == PARTICIPANTS * 3
    expected = {card_id: n for card_id, n in dots.items()}
    _wait(lambda: facilitator.tallies and facilitator.tallies[-1] == expected)
    assert len(facilitator.tallies) < PARTICIPANTS * 3
    assert all(phone.tallies == [] for phone in phones)


def test_reconnect_and_sync_leaves_no_gap(server, clients, workshop):
    _workshop_id, code, _email = workshop
    anna = clients(server.url)
    anna.join(code, "Anna")
    ben = clients(server.url)
    ben.join(code, "Ben")
    start = anna.version
    for n in range(3):
        assert anna.call("card:add", {"text": f"vorher {n}"})["ok"]
    anna.settle(start + 3)

    anna.disconnect()  # the phone drops out of the Wi-Fi
    for n in range(4):
        assert ben.call("card:add", {"text": f"währenddessen {n}"})["ok"]
    anna.connect()
    ack = anna.sync()
    assert [e["version"] for e in ack["events"]] == list(range(start + 4, start + 8))
    for n in range(2):
        assert ben.call("card:add", {"text": f"danach {n}"})["ok"]
    anna.settle(start + 9)
    ben.settle(start + 9)
    assert anna.applied == list(range(start + 1, start + 10))
    assert anna.texts() == ben.texts()


@pytest.mark.parametrize("lost", ["before the ack", "the ack"])
def test_a_command_resent_with_its_key_is_applied_once(lost, server, clients, workshop,
                                                       data_app):
    workshop_id, code, _email = workshop
    phone = clients(server.url)
    phone.join(code, "Anna")
    payload = {"text": "Ein Brunnen am Markt", "key": "brunnen-1"}
    if lost == "the ack":
        first = phone.call("card:add", payload)  # the ack arrives, the phone misses it
        assert first["ok"]
    else:
        phone.sio.emit("card:add", payload, namespace="/workshop",
                       callback=lambda *args: None)
    phone.disconnect()

    phone.connect()
    phone.sync()
    again = phone.call("card:add", payload)
    assert again["ok"], again
    if lost == "the ack":
        assert again == {**first, "replayed": True}
    version, texts = _board(data_app, workshop_id)
    assert list(texts.values()) == ["Ein Brunnen am Markt"]
    phone.settle(version)
    assert list(phone.texts().values()) == ["Ein Brunnen am Markt"]


def test_acknowledged_notes_survive_a_killed_server(server_factory, clients, workshop):
    _workshop_id, code, _email = workshop
    server = server_factory()
    phones = [clients(server.url) for _ in range(3)]
    acked = {}
    for index, phone in enumerate(phones):
        phone.join(code, f"Gast {index}")
    for index, phone in enumerate(phones):
        for n in range(3):
            ack = phone.call("card:add", {"text": f"Notiz {index}.{n}", "key": f"k{n}"})
            assert ack["ok"], ack
            acked[ack["card_id"]] = f"Notiz {index}.{n}"
    last = max(phone.version for phone in phones)
    for phone in phones:
        phone.settle(last)

    server.kill()
    for phone in phones:
        phone.disconnect()
    server = server_factory(port=server.port)  # the same address, the same database

    newcomer = clients(server.url)
    ack = newcomer.join(code, "Neu")
    snapshot = {card["id"]: card["text"] for card in ack["snapshot"]["cards"]}
    assert snapshot == acked
    assert ack["snapshot"]["version"] == last

    anna = phones[0]
    anna.connect()
    assert anna.sync()["events"] == []
    assert anna.call("card:add", {"text": "Nach dem Neustart"})["version"] == last + 1
    resent = anna.call("card:add", {"text": "Notiz 0.0", "key": "k0"})
    assert resent["replayed"] is True  # the receipts survived too
    anna.settle(last + 1)
    newcomer.settle(last + 1)
    assert anna.applied == list(range(anna.applied[0], last + 2))
    assert newcomer.texts() == anna.texts()


def _wait(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")
