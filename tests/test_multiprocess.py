"""Two gunicorn + gevent processes of the app serve one workshop together.

Both run in production mode on one fresh PostgreSQL database (created, migrated, dropped by
the test) with the shared Redis as Socket.IO message queue under a key prefix and channel of
their own. Phones connect to either process (python-socketio clients, tests/workshop_server.py):
what one process applies reaches the phones of the other through Redis, in version order,
and the versions (taken in the database under the workshop's row lock) are gap-free. One
process is killed and restarted while the other keeps serving; no acknowledged note is lost.
"""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db
from participation.workshops.models import BoardEvent, Card, Workshop
from tests.conftest import PASSWORD
from tests.prod_server import (
    SHARED_REDIS_URL,
    delete_redis_keys,
    fresh_database,
    gunicorn_pair,
    require_stack,
)
from tests.workshop_server import BoardClient, login_cookie, open_workshop


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """(database_url, redis_url, prefix, folder) for this module's servers."""
    require_stack(SHARED_REDIS_URL)
    folder = tmp_path_factory.mktemp("multiprocess")
    prefix = f"zs-test-{uuid.uuid4().hex[:10]}"
    with fresh_database("zs_multiprocess") as url:
        yield url, SHARED_REDIS_URL, prefix, folder
    delete_redis_keys(SHARED_REDIS_URL, prefix)


@pytest.fixture(scope="module")
def data_app(stack):
    """An app in the test process on the servers' database, to prepare and inspect boards."""
    url = stack[0]
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def servers(stack):
    """Processes A and B, started once for the module; a test may kill and restart one."""
    with gunicorn_pair(*stack) as pair:
        yield pair


@pytest.fixture
def workshop(data_app):
    """A new open workshop: (workshop_id, code, facilitator e-mail)."""
    return open_workshop(data_app, "multi", dots=5)


def _stored(data_app, workshop_id):
    """What the database holds: (version, event versions in order, {card_id: text})."""
    with data_app.app_context():
        version = db.session.get(Workshop, workshop_id).version
        versions = list(db.session.execute(select(BoardEvent.version).where(
            BoardEvent.workshop_id == workshop_id).order_by(BoardEvent.version)).scalars())
        cards = dict(db.session.execute(select(Card.id, Card.text).where(
            Card.workshop_id == workshop_id)).all())
        db.session.remove()
    return version, versions, cards


def _passively_reaches(client: BoardClient, version: int, timeout: float = 10) -> bool:
    """Whether the client's board reaches `version` from broadcasts alone (no sync)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with client.lock:
            if client.version >= version:
                return True
        time.sleep(0.02)
    return False


def _note(client: BoardClient, text: str, key: str | None = None) -> dict:
    ack = client.call("card:add", {"text": text, "key": key or uuid.uuid4().hex})
    assert ack["ok"], ack
    return ack


def test_notes_and_votes_cross_processes_in_version_order(servers, data_app, workshop,
                                                          clients):
    a, b = servers
    workshop_id, code, email = workshop
    projector = clients(a.url, login_cookie(a.url, email, PASSWORD))
    projector.facilitate(workshop_id)
    phones = [clients(server.url) for server in (a, b, a, b, a, b)]
    for n, phone in enumerate(phones):
        phone.join(code, f"Phone {n}")

    # one note on A reaches a phone on B by broadcast (through Redis), not by a sync
    first = _note(phones[0], "Ein Trinkbrunnen am Markt")
    assert _passively_reaches(phones[1], first["version"]), phones[1].version

    # all phones write at once, on both processes
    with ThreadPoolExecutor(len(phones)) as pool:
        acks = list(pool.map(lambda item: [_note(item[1], f"Idee {item[0]}.{k}")
                                           for k in range(3)], enumerate(phones)))
    version, versions, cards = _stored(data_app, workshop_id)
    assert versions == list(range(1, version + 1))  # gap-free, one per change
    acked = sorted(ack["version"] for phone_acks in acks for ack in phone_acks)
    assert len(set(acked)) == len(acked) == 3 * len(phones)
    for client in [projector, *phones]:
        client.settle(version)
        assert client.texts() == cards
        assert client.applied == list(range(client.applied[0], version + 1))

    # dot votes on B reach the projector on A as a tally; the phase change from A reaches B
    assert projector.call("phase:set", {"phase": "vote"})["ok"]
    revealed = projector.call("results:reveal", {"revealed": True})
    assert revealed["ok"], revealed
    assert _passively_reaches(phones[1], revealed["version"])
    card_id = first["card_id"]
    for phone in phones[1::2]:  # the phones on B
        vote = phone.call("vote:add", {"card_id": card_id})
        assert vote["ok"], vote
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with projector.lock:
            seen = [t.get(str(card_id)) for t in projector.tallies]
        if 3 in seen:
            break
        time.sleep(0.05)
    assert 3 in seen, projector.tallies[-3:]
    with data_app.app_context():
        assert db.session.get(Workshop, workshop_id).version == revealed["version"]
        db.session.remove()


def test_a_process_dies_and_comes_back_without_losing_an_acknowledged_note(
        servers, data_app, workshop, clients):
    a, b = servers
    workshop_id, code, email = workshop
    on_a, on_b = clients(a.url), clients(b.url)
    on_a.join(code, "Anna")
    on_b.join(code, "Ben")
    projector = clients(b.url, login_cookie(b.url, email, PASSWORD))
    projector.facilitate(workshop_id)

    acknowledged: list[str] = []
    unacknowledged: dict[str, str] = {}  # key -> text, as board.js keeps its outbox
    stop = threading.Event()

    def write_on_a():
        n = 0
        while not stop.is_set() and n < 9:  # notes per minute are limited to 10
            text, key = f"Anna {n}", uuid.uuid4().hex
            try:
                ack = on_a.call("card:add", {"text": text, "key": key}, timeout=3)
            except Exception:  # the server died under the call: keep it in the outbox
                unacknowledged[key] = text
                return
            if ack.get("ok"):
                acknowledged.append(text)
            else:
                unacknowledged[key] = text
            n += 1
            time.sleep(0.05)

    writer = threading.Thread(target=write_on_a)
    writer.start()
    time.sleep(0.2)
    a.kill()  # arbiter and worker at once, mid-stream
    writer.join(timeout=15)
    stop.set()
    assert acknowledged, "A acknowledged no note before it died"
    acknowledged_by_a = list(acknowledged)

    # B keeps serving while A is gone
    for n in range(3):
        assert _note(on_b, f"Ben {n}")["ok"]
    assert _note(projector, "Moderation: Pause")["ok"]

    # A comes back on the same port; Anna's phone reconnects, syncs, resends its outbox
    a.start()
    on_a.disconnect()
    on_a.connect()
    on_a.sync()
    for key, text in unacknowledged.items():
        ack = on_a.call("card:add", {"text": text, "key": key})
        assert ack["ok"], ack
        acknowledged.append(text)

    version, versions, cards = _stored(data_app, workshop_id)
    assert versions == list(range(1, version + 1))
    texts = sorted(cards.values())
    assert texts == sorted({*acknowledged, "Ben 0", "Ben 1", "Ben 2", "Moderation: Pause"})
    for text in acknowledged:  # every note once, none twice after the resend
        assert texts.count(text) == 1
    assert set(acknowledged_by_a) <= set(texts)
    for client in (on_a, on_b, projector):
        client.settle(version)
        assert client.texts() == cards
    with data_app.app_context():
        assert db.session.execute(select(func.count(Card.id)).where(
            Card.workshop_id == workshop_id)).scalar_one() == len(cards)
        db.session.remove()
