"""The `/workshop` Socket.IO namespace through Flask-SocketIO's in-process test client.

Each socket call runs like one on a server: the test's transaction is committed first and
the handler gets a fresh context (its own `g`, database session and logged-in user), as
IsolatedClient does for HTTP requests in conftest.py.
"""

from __future__ import annotations

import contextvars
import threading
import time

import pytest
from flask import has_app_context
from sqlalchemy import func, select

from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.extensions import socketio
from participation.workshops import serialize, services
from participation.workshops.events import WorkshopNamespace, register_socket_handlers
from participation.workshops.models import Card, Participant, Workshop
from tests.conftest import login

NS = "/workshop"
FACILITATOR_COMMANDS = sorted(set(services.COMMANDS) - services.PARTICIPANT_COMMANDS)


@pytest.fixture
def app(make_app):
    """Fast tally and presence rounds, so the tests wait tens of milliseconds, not seconds."""
    app = make_app(WORKSHOP_TALLY_INTERVAL=0.05, WORKSHOP_PRESENCE_INTERVAL=0.1)
    with app.app_context():
        yield app


def _isolated(db, fn, *args, **kwargs):
    if has_app_context():
        db.session.commit()
    return contextvars.Context().run(fn, *args, **kwargs)


class Socket:
    """One browser or phone on the board."""

    def __init__(self, app, db, flask_client=None, headers=None):
        self.db = db
        self.client = _isolated(db, socketio.test_client, app, namespace=NS,
                                flask_test_client=flask_client, headers=headers)
        assert self.client.is_connected(NS)

    def call(self, event, *args):
        return _isolated(self.db, self.client.emit, event, *args, namespace=NS, callback=True)

    def received(self, name="event"):
        """What arrived so far (without taking it: a background task may be adding)."""
        return [p["args"][0] for p in list(self.client.queue) if p["name"] == name]

    def clear(self):
        self.client.queue.clear()

    def wait_for(self, name, predicate=lambda message: True, timeout=2.0):
        self.db.session.commit()  # hold no SQLite lock the tally task would wait for
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.received(name) if predicate(m)]
            if found:
                return found
            time.sleep(0.01)
        raise AssertionError(f"no {name!r} within {timeout} s; got {list(self.client.queue)}")

    def disconnect(self):
        if self.client.is_connected(NS):
            _isolated(self.db, self.client.disconnect, namespace=NS)


class Board:
    """A prepared, open workshop with its facilitator and sockets."""

    def __init__(self, app, db, make_user, make_process, sockets):
        self.app, self.db, self._sockets = app, db, sockets
        self.facilitator = make_user(role=Role.FACILITATOR)
        self.process = make_process()
        self._make_user = make_user

    def create(self, **options) -> tuple[int, str]:
        workshop = services.create_workshop(self.facilitator, self.process, "Marktplatz",
                                            **options)
        code = services.open_workshop(self.facilitator, workshop)
        self.db.session.commit()
        return workshop.id, code

    def socket(self, user=None, headers=None) -> Socket:
        flask_client = None
        if user is not None:
            flask_client = self.app.test_client()
            login(flask_client, user)
        socket = Socket(self.app, self.db, flask_client, headers)
        self._sockets.append(socket)
        return socket

    def participant(self, code, nickname="Anna") -> tuple[Socket, dict]:
        socket = self.socket()
        ack = socket.call("join", {"code": code, "nickname": nickname})
        assert ack["ok"], ack
        socket.clear()
        return socket, ack

    def facilitate(self, workshop_id, user=None) -> Socket:
        socket = self.socket(user or self.facilitator)
        ack = socket.call("join", {"workshop_id": workshop_id})
        assert ack["ok"], ack
        socket.clear()
        return socket

    def version(self, workshop_id) -> int:
        value = self.db.session.execute(
            select(Workshop.version).where(Workshop.id == workshop_id)).scalar_one()
        self.db.session.commit()
        return value

    def cards(self, workshop_id) -> list[Card]:
        cards = list(self.db.session.execute(select(Card).where(
            Card.workshop_id == workshop_id).order_by(Card.id)).scalars())
        self.db.session.commit()
        return cards


@pytest.fixture
def board(app, db, make_user, make_process):
    sockets = []
    yield Board(app, db, make_user, make_process, sockets)
    for socket in sockets:  # even when the test failed: no socket outlives its test
        socket.disconnect()


@pytest.fixture
def room(board):
    """An open workshop with a facilitator socket and two participants, Anna and Ben."""
    workshop_id, code = board.create()
    facilitator = board.facilitate(workshop_id)
    anna, anna_ack = board.participant(code, "Anna")
    ben, _ack = board.participant(code, "Ben")
    for socket in (facilitator, anna, ben):
        socket.clear()
    return workshop_id, code, facilitator, anna, ben, anna_ack


# --- joining ---------------------------------------------------------------------------------

def test_participant_joins_with_code_and_nickname(board, db):
    workshop_id, code = board.create()
    socket = board.socket()
    ack = socket.call("join", {"code": code.lower(), "nickname": "  Anna  "})
    assert ack["ok"] is True
    assert ack["token"].startswith("wp_")
    assert ack["workshop_id"] == workshop_id
    snapshot = ack["snapshot"]
    assert snapshot["version"] == board.version(workshop_id)
    assert snapshot["workshop"]["id"] == workshop_id
    assert snapshot["me"] == {"participant_id": ack["participant_id"], "nickname": "Anna",
                              "dots_left": 5, "my_dots": {}}
    assert snapshot["tallies"] is None  # hidden from participants
    # The joiner is told the count at once; the next live round may repeat it to the room.
    presence = socket.received("presence")
    assert presence and all(message == {"count": 1} for message in presence)


def test_wrong_code_and_bad_nickname_are_refused(board, db):
    _workshop_id, code = board.create()
    socket = board.socket()
    wrong = socket.call("join", {"code": "ZZZZZZ", "nickname": "Anna"})
    assert wrong["ok"] is False
    assert wrong["error"]["code"] == "not_found"
    assert wrong["error"]["message"]
    assert socket.call("join", {"code": code, "nickname": "x" * 41})["error"]["code"] \
        == "invalid_input"
    assert socket.call("join", {"code": code})["error"]["code"] == "invalid_input"
    assert db.session.execute(select(func.count(Participant.id))).scalar_one() == 0
    db.session.commit()
    assert socket.call("card:add", {"text": "Hallo"})["error"]["code"] == "not_joined"


def test_rejoin_with_token_is_the_same_participant(board, db):
    _workshop_id, code = board.create()
    _first, ack = board.participant(code, "Anna")
    again = board.socket().call("join", {"code": code, "token": ack["token"]})
    assert again["ok"] is True
    assert again["participant_id"] == ack["participant_id"]
    assert again["token"] == ack["token"]
    assert again["snapshot"]["me"]["nickname"] == "Anna"
    assert db.session.execute(select(func.count(Participant.id))).scalar_one() == 1
    db.session.commit()
    assert board.socket().call("join", {"code": code, "token": "wp_forged"})["error"]["code"] \
        == "forbidden"


def test_facilitator_joins_by_workshop_id_and_others_are_refused(board, make_user):
    workshop_id, code = board.create(approval_required=True)
    anna, _ack = board.participant(code)
    anna.call("card:add", {"text": "Wartet noch"})
    facilitator = board.socket(board.facilitator)
    ack = facilitator.call("join", {"workshop_id": workshop_id})
    assert ack["ok"] is True
    assert ack["workshop_id"] == workshop_id
    assert ack["snapshot"]["tallies"] == {}  # facilitators always see tallies
    assert [c["text"] for c in ack["snapshot"]["cards"]] == ["Wartet noch"]  # pending, shown
    assert ack["snapshot"]["me"] is None

    citizen = board.socket(make_user(role=Role.CITIZEN))
    assert citizen.call("join", {"workshop_id": workshop_id})["error"]["code"] == "forbidden"
    anonymous = board.socket()
    assert anonymous.call("join", {"workshop_id": workshop_id})["error"]["code"] \
        == "forbidden"
    assert facilitator.call("join", {"workshop_id": 10**6})["error"]["code"] == "not_found"
    assert facilitator.call("join", {"workshop_id": "1"})["error"]["code"] == "invalid_input"


def test_facilitator_role_is_checked_again_for_every_command(board, db):
    workshop_id, _code = board.create()
    facilitator = board.facilitate(workshop_id)
    assert facilitator.call("board:lock", {"locked": True})["ok"] is True
    account_services.set_role(board.facilitator, Role.CITIZEN)
    db.session.commit()
    version = board.version(workshop_id)
    ack = facilitator.call("board:lock", {"locked": False})
    assert ack["error"]["code"] == "forbidden"
    assert facilitator.call("card:add", {"text": "Hallo"})["error"]["code"] == "forbidden"
    assert facilitator.call("sync", {"since": 0})["error"]["code"] == "forbidden"
    assert board.version(workshop_id) == version


# --- every command through the socket --------------------------------------------------------

def _prepare(name, board, workshop_id, facilitator, anna):
    """Bring the board into a state where `name` is allowed; return (sender, payload)."""
    card_id = anna.call("card:add", {"text": "Bänke am See"})["card_id"]
    cluster_id = facilitator.call("cluster:add", {"title": "Grün"})["cluster_id"]
    if name in ("vote:add", "vote:remove"):
        assert facilitator.call("phase:set", {"phase": "vote"})["ok"]
        if name == "vote:remove":
            assert anna.call("vote:add", {"card_id": card_id})["ok"]
    if name == "card:approve":
        board.db.session.get(Workshop, workshop_id).approval_required = True
        card_id = anna.call("card:add", {"text": "Bitte prüfen"})["card_id"]
    payloads = {
        "card:add": {"text": "Mehr Bäume"},
        "card:edit": {"card_id": card_id, "text": "Bänke am Ufer"},
        "card:move": {"card_id": card_id, "position": 3, "cluster_id": cluster_id},
        "vote:add": {"card_id": card_id},
        "vote:remove": {"card_id": card_id},
        "phase:set": {"phase": "cluster"},
        "timer:start": {"seconds": 300},
        "timer:stop": {},
        "board:lock": {"locked": True},
        "card:hide": {"card_id": card_id, "hidden": True},
        "card:approve": {"card_id": card_id},
        "cluster:add": {"title": "Verkehr"},
        "cluster:rename": {"cluster_id": cluster_id, "title": "Bäume und Wasser"},
        "card:cluster": {"card_id": card_id, "cluster_id": cluster_id},
        "results:reveal": {"revealed": True},
        "session:end": {},
    }
    sender = anna if name in services.PARTICIPANT_COMMANDS else facilitator
    return sender, payloads[name]


EXPECTED_EVENT = {
    "card:add": "card:added", "card:edit": "card:edited", "card:move": "card:moved",
    "vote:add": None, "vote:remove": None,
    "phase:set": "phase:changed", "timer:start": "timer:started", "timer:stop": "timer:stopped",
    "board:lock": "board:locked", "card:hide": "card:hidden", "card:approve": "card:approved",
    "cluster:add": "cluster:added", "cluster:rename": "cluster:renamed",
    "card:cluster": "card:moved", "results:reveal": "results:revealed",
    "session:end": "session:ended",
}


def test_every_command_has_a_case():
    assert set(EXPECTED_EVENT) == set(services.COMMANDS)


@pytest.mark.parametrize("name", sorted(EXPECTED_EVENT))
def test_command_acks_and_broadcasts_to_the_room(name, board, room):
    workshop_id, _code, facilitator, anna, ben, _ack = room
    sender, payload = _prepare(name, board, workshop_id, facilitator, anna)
    for socket in (facilitator, anna, ben):
        socket.clear()
    before = board.version(workshop_id)

    ack = sender.call(name, payload)

    assert ack["ok"] is True, ack
    expected = EXPECTED_EVENT[name]
    if expected is None:  # dots are tallied, not versioned
        assert ack["version"] == before == board.version(workshop_id)
        assert set(ack) >= {"my_dots", "dots_left", "card_id"}
        assert ben.received() == []
        return
    assert ack["version"] == before + 1 == board.version(workshop_id)
    for watcher in (ben, facilitator, sender):
        events = watcher.received()
        assert [(e["version"], e["type"]) for e in events] == [(before + 1, expected)]
    if name == "timer:start":
        assert ben.received()[0]["data"]["ends_at"] == ack["ends_at"]


@pytest.mark.parametrize("name", FACILITATOR_COMMANDS)
def test_participants_cannot_use_facilitator_commands(name, board, room):
    workshop_id, _code, facilitator, anna, ben, _ack = room
    _sender, payload = _prepare(name, board, workshop_id, facilitator, anna)
    before = board.version(workshop_id)
    for socket in (facilitator, anna, ben):
        socket.clear()
    ack = anna.call(name, payload)
    assert ack == {"ok": False,
                   "error": {"code": "forbidden", "message": ack["error"]["message"]}}
    assert board.version(workshop_id) == before
    assert ben.received() == [] and facilitator.received() == []


def test_same_key_twice_adds_one_note(board, room, db):
    workshop_id, _code, _facilitator, anna, ben, _ack = room
    first = anna.call("card:add", {"text": "Trinkbrunnen", "key": "note-1"})
    second = anna.call("card:add", {"text": "Trinkbrunnen", "key": "note-1"})
    assert first["ok"] and "replayed" not in first
    assert second == {**first, "replayed": True}
    assert [c.text for c in board.cards(workshop_id)] == ["Trinkbrunnen"]
    assert len(ben.received()) == 1  # the replay broadcasts nothing
    ben.clear()
    # a late resend gets the version the command made, not the board's current one
    assert ben.call("card:add", {"text": "Sitzbänke"})["version"] == first["version"] + 1
    assert anna.call("card:add", {"text": "Trinkbrunnen", "key": "note-1"}) == second
    # the same key from someone else is someone else's command
    other = ben.call("card:add", {"text": "Trinkbrunnen", "key": "note-1"})
    assert other["ok"] and "replayed" not in other
    assert len(board.cards(workshop_id)) == 3


def test_pending_note_shows_its_text_only_to_facilitators_and_its_author(board):
    workshop_id, code = board.create(approval_required=True)
    facilitator = board.facilitate(workshop_id)
    anna, anna_ack = board.participant(code, "Anna")
    ben, ben_ack = board.participant(code, "Ben")
    ack = anna.call("card:add", {"text": "Geheimtipp"})
    assert ack["ok"] and ack["pending"] is True

    [public] = ben.received()
    assert public["type"] == "card:added" and public["data"]["status"] == "pending"
    assert "text" not in public["data"] and "author" not in public["data"]
    [full] = facilitator.received()
    assert full["data"]["text"] == "Geheimtipp" and full["data"]["author"] == "Anna"
    [own] = anna.received()  # the author gets the full note, and only that
    assert own == full
    # the same variants on sync and in snapshots
    assert ben.call("sync", {"token": ben_ack["token"], "since": 0})["events"] == [public]
    assert anna.call("sync", {"token": anna_ack["token"], "since": 0})["events"] == [full]
    assert ben.call("sync", {"token": ben_ack["token"]})["snapshot"]["cards"] == []

    assert facilitator.call("card:approve", {"card_id": ack["card_id"]})["ok"]
    approved = ben.received()[-1]
    assert approved["type"] == "card:approved" and approved["data"]["text"] == "Geheimtipp"


# --- order under concurrency ----------------------------------------------------------------

def test_a_board_sends_its_events_in_version_order(board, room, monkeypatch):
    """Two commands at once: the one committed first is broadcast first, even when its
    broadcast is slow (the board's lock spans apply, commit and broadcast)."""
    _workshop_id, _code, _facilitator, anna, ben, _ack = room
    server_emit = socketio.server.emit
    slowed = threading.Event()

    def slow_emit(event, data=None, **kwargs):
        if event == "event" and not slowed.is_set():
            slowed.set()
            time.sleep(0.3)
        return server_emit(event, data, **kwargs)

    monkeypatch.setattr(socketio.server, "emit", slow_emit)
    board.db.session.commit()
    first = threading.Thread(target=anna.call, args=("card:add", {"text": "erste"}))
    first.start()
    assert slowed.wait(2)
    second = threading.Thread(target=ben.call, args=("card:add", {"text": "zweite"}))
    second.start()
    first.join(5)
    second.join(5)
    versions = [e["version"] for e in ben.received()]
    assert sorted(versions) == versions and len(versions) == 2


def test_a_joining_socket_misses_no_event(board, room, monkeypatch):
    """A command during a join is in the joiner's snapshot or reaches it as an event."""
    _workshop_id, code, _facilitator, anna, _ben, _ack = room
    read_snapshot = serialize.snapshot
    reading = threading.Event()

    def slow_snapshot(*args, **kwargs):
        result = read_snapshot(*args, **kwargs)
        board.db.session.commit()  # let a concurrent command reach the database
        reading.set()
        time.sleep(0.3)
        return result

    monkeypatch.setattr(serialize, "snapshot", slow_snapshot)
    board.db.session.commit()
    joiner = board.socket()
    answers = {}
    join = threading.Thread(target=lambda: answers.update(
        join=joiner.call("join", {"code": code, "nickname": "Spät"})))
    join.start()
    assert reading.wait(2)
    monkeypatch.setattr(serialize, "snapshot", read_snapshot)
    added = anna.call("card:add", {"text": "währenddessen"})
    join.join(5)
    snapshot = answers["join"]["snapshot"]
    live = [e for e in joiner.received() if e["type"] == "card:added"]
    in_snapshot = [c for c in snapshot["cards"] if c["id"] == added["card_id"]]
    assert len(in_snapshot) + len(live) == 1
    if live:
        assert live[0]["version"] == snapshot["version"] + 1


# --- malformed input -------------------------------------------------------------------------

MALFORMED = [
    ("card:add", ()),
    ("card:add", ("Hallo",)),
    ("card:add", (["Hallo"],)),
    ("card:add", (None,)),
    ("card:add", ({"text": "a"}, {"text": "b"})),
    ("card:add", ({},)),
    ("card:add", ({"text": 42},)),
    ("card:add", ({"text": "   "},)),
    ("card:add", ({"text": "x" * 100_000},)),
    ("card:add", ({"text": "Hallo", "key": "k" * 65},)),
    ("card:add", ({"text": "Hallo", "key": 7},)),
    ("card:add", ({"text": "Hallo", "key": ""},)),
    ("card:edit", ({"card_id": "1", "text": "x"},)),
    ("card:edit", ({"card_id": True, "text": "x"},)),
    ("card:edit", ({"card_id": 10**9, "text": "x"},)),
    ("card:move", ({"card_id": None},)),
    ("vote:add", ({"card_id": 1.5},)),
    ("card:explode", ({},)),
    ("__init__", ({},)),
    ("join", ("ABC",)),
    ("join", ({"code": 123, "nickname": "Anna"},)),
    ("join", ({"code": "ABCDEF", "nickname": ["Anna"]},)),
    ("sync", ({"token": 12, "since": 0},)),
    ("sync", ([],)),
]


@pytest.mark.parametrize(("event", "args"), MALFORMED,
                         ids=[f"{e}-{i}" for i, (e, _a) in enumerate(MALFORMED)])
def test_malformed_messages_get_an_error_ack_and_change_nothing(event, args, board, room):
    workshop_id, _code, _facilitator, anna, ben, _ack = room
    before = board.version(workshop_id)
    ack = anna.call(event, *args)
    assert ack["ok"] is False
    assert ack["error"]["code"] in {"invalid_input", "not_found", "forbidden", "phase_closed"}
    assert isinstance(ack["error"]["message"], str) and ack["error"]["message"]
    assert board.version(workshop_id) == before
    assert ben.received() == []
    assert anna.call("card:add", {"text": "Noch da"})["ok"] is True  # the socket still works


@pytest.mark.parametrize("payload", [{"phase": "party"}, {"phase": None}, {}])
def test_facilitator_malformed_phase_is_refused(payload, board, room):
    workshop_id, _code, facilitator, _anna, _ben, _ack = room
    before = board.version(workshop_id)
    assert facilitator.call("phase:set", payload)["error"]["code"] == "invalid_input"
    assert facilitator.call("timer:start", {"seconds": "60"})["error"]["code"] == "invalid_input"
    assert board.version(workshop_id) == before


def test_an_unexpected_failure_is_logged_and_acked_never_raised(board, room, monkeypatch,
                                                                caplog):
    workshop_id, code, _facilitator, anna, ben, _ack = room

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services, "run_command", broken)
    before = board.version(workshop_id)
    ack = anna.call("card:add", {"text": "Hallo"})
    assert ack["ok"] is False and ack["error"]["code"] == "server_error"
    assert ack["error"]["message"].startswith("Bei uns ist ein Fehler")  # German by default
    english = board.socket(headers={"Accept-Language": "en"})
    english.call("join", {"code": code, "nickname": "Eve"})
    assert english.call("card:add", {"text": "Hi"})["error"]["message"].startswith(
        "An error occurred on our side")
    assert "database on fire" in caplog.text
    assert board.version(workshop_id) == before
    monkeypatch.undo()
    assert anna.call("card:add", {"text": "Wieder gut"})["ok"] is True


# --- sync ------------------------------------------------------------------------------------

def test_sync_returns_exactly_the_missed_events_in_order(board, room):
    workshop_id, _code, facilitator, anna, ben, anna_ack = room
    since = board.version(workshop_id)
    anna.disconnect()
    for text in ("eins", "zwei", "drei"):
        assert ben.call("card:add", {"text": text})["ok"]
    assert facilitator.call("cluster:add", {"title": "Gruppe"})["ok"]
    broadcast = ben.received()

    again = board.socket()
    ack = again.call("sync", {"token": anna_ack["token"], "since": since})
    assert ack["ok"] is True and "snapshot" not in ack
    assert ack["events"] == broadcast
    assert [e["version"] for e in ack["events"]] == list(range(since + 1, since + 5))
    assert ack == again.call("sync", {"token": anna_ack["token"], "since": since})
    assert again.call("sync", {"token": anna_ack["token"], "since": since + 4})["events"] == []
    # sync joined the rooms again: the next change arrives live
    again.clear()
    ben.call("card:add", {"text": "vier"})
    assert [e["version"] for e in again.received()] == [since + 5]
    # and acts as Anna: Ben's note is not hers
    bens_note = ben.received()[-1]["data"]["id"]
    assert again.call("card:edit", {"card_id": bens_note, "text": "x"})["error"]["code"] \
        == "forbidden"


@pytest.mark.parametrize("since", [-1, "3", None, 1.5, True, 10**6, "missing"])
def test_sync_far_behind_or_invalid_gets_a_snapshot(since, board, room):
    workshop_id, _code, _facilitator, anna, _ben, anna_ack = room
    anna.call("card:add", {"text": "eins"})
    payload = {"token": anna_ack["token"]}
    if since != "missing":
        payload["since"] = since
    ack = anna.call("sync", payload)
    assert ack["ok"] is True and "events" not in ack
    assert ack["snapshot"]["version"] == board.version(workshop_id)
    assert [c["text"] for c in ack["snapshot"]["cards"]] == ["eins"]


def test_sync_too_far_behind_gets_a_snapshot(board, room, monkeypatch):
    workshop_id, _code, _facilitator, anna, _ben, anna_ack = room
    monkeypatch.setattr(serialize, "MAX_REPLAY", 2)
    since = board.version(workshop_id)
    for n in range(3):
        anna.call("card:add", {"text": f"Nr. {n}"})
    assert "events" in anna.call("sync", {"token": anna_ack["token"], "since": since + 1})
    assert "snapshot" in anna.call("sync", {"token": anna_ack["token"], "since": since})


def test_facilitator_syncs_by_workshop_id_and_sees_pending_text(board):
    workshop_id, code = board.create(approval_required=True)
    facilitator = board.facilitate(workshop_id)
    anna, _ack = board.participant(code)
    anna.call("card:add", {"text": "Wartet"})
    ack = facilitator.call("sync", {"workshop_id": workshop_id, "since": 0})
    assert ack["events"][-1]["data"]["text"] == "Wartet"
    assert facilitator.call("sync", {"since": 0}) == ack  # the socket's own board
    assert board.socket().call("sync", {"since": 0})["error"]["code"] == "not_joined"


# --- tallies and presence --------------------------------------------------------------------

def test_tallies_reach_facilitators_and_participants_only_once_revealed(board, room):
    workshop_id, _code, facilitator, anna, ben, _ack = room
    card_id = anna.call("card:add", {"text": "Bäume"})["card_id"]
    facilitator.call("phase:set", {"phase": "vote"})
    for socket in (facilitator, anna, ben):
        socket.clear()

    assert anna.call("vote:add", {"card_id": card_id})["ok"]
    assert ben.call("vote:add", {"card_id": card_id})["ok"]
    facilitator.wait_for("tally", lambda m: m["tallies"].get(str(card_id)) == 2, timeout=1.0)
    # participants are sent a round's tally before facilitators: none came, none will
    assert anna.received("tally") == [] and ben.received("tally") == []
    assert anna.received() == []  # votes are not board events

    assert facilitator.call("results:reveal", {"revealed": True})["ok"]
    revealed = ben.received()[-1]
    assert revealed["type"] == "results:revealed"
    assert revealed["data"] == {"revealed": True, "tallies": {str(card_id): 2}}
    ben.clear()
    assert anna.call("vote:remove", {"card_id": card_id})["ok"]
    ben.wait_for("tally", lambda m: m["tallies"] == {str(card_id): 1}, timeout=1.0)

    assert facilitator.call("results:reveal", {"revealed": False})["ok"]
    facilitator.clear()
    ben.clear()
    assert ben.call("vote:add", {"card_id": card_id})["ok"]
    facilitator.wait_for("tally", lambda m: m["tallies"] == {str(card_id): 2}, timeout=1.0)
    assert ben.received("tally") == []


def test_many_votes_are_coalesced_into_few_tallies(board, room):
    workshop_id, _code, facilitator, anna, ben, _ack = room
    cards = [anna.call("card:add", {"text": f"Idee {n}"})["card_id"] for n in range(3)]
    facilitator.call("phase:set", {"phase": "vote"})
    facilitator.clear()
    for card_id in cards + cards[:2]:
        assert anna.call("vote:add", {"card_id": card_id})["ok"]
    final = {str(cards[0]): 2, str(cards[1]): 2, str(cards[2]): 1}
    facilitator.wait_for("tally", lambda m: m["tallies"] == final, timeout=1.0)
    assert len(facilitator.received("tally")) <= 5


def test_presence_counts_connected_participants(board):
    workshop_id, code = board.create()
    facilitator = board.facilitate(workshop_id)
    assert facilitator.received("presence") == []
    anna, anna_ack = board.participant(code, "Anna")
    ben, _ack = board.participant(code, "Ben")
    facilitator.wait_for("presence", lambda m: m["count"] == 2)
    second_tab = board.socket()
    assert second_tab.call("join", {"code": code, "token": anna_ack["token"]})["ok"]
    ben.disconnect()
    facilitator.clear()
    facilitator.wait_for("presence", lambda m: m["count"] == 1)
    time.sleep(0.3)
    assert [m["count"] for m in facilitator.received("presence")] == [1]  # only on a change
    assert anna.received("presence")[-1] == {"count": 1}


# --- limits and boundaries -------------------------------------------------------------------

def test_a_token_cannot_act_in_another_workshop(board, db):
    first_id, first_code = board.create()
    second_id, second_code = board.create()
    anna, ack = board.participant(first_code)
    elsewhere = board.socket()
    refused = elsewhere.call("join", {"code": second_code, "token": ack["token"]})
    assert refused["error"]["code"] == "forbidden"
    assert elsewhere.call("card:add", {"text": "Hallo"})["error"]["code"] == "not_joined"
    # ids in a command are not trusted: the note lands on the socket's own board
    placed = anna.call("card:add", {"text": "Hier", "workshop_id": second_id,
                                    "participant_id": 999})
    assert placed["ok"]
    assert [c.workshop_id for c in board.cards(first_id)] == [first_id]
    assert board.cards(second_id) == []
    # a participant of another board cannot touch this board's notes
    ben, _ack = board.participant(second_code, "Ben")
    assert ben.call("card:edit", {"card_id": placed["card_id"], "text": "Weg"})["error"][
        "code"] == "not_found"
    db.session.commit()


def test_note_rate_limit_and_length_limit(make_app, db, make_user, make_process):
    app = make_app(WORKSHOP_NOTES_PER_MINUTE=3)
    with app.app_context():
        sockets = []
        try:
            board = Board(app, db, make_user, make_process, sockets)
            workshop_id, code = board.create()
            anna, _ack = board.participant(code)
            too_long = anna.call("card:add", {"text": "x" * 281})
            assert too_long["error"]["code"] == "invalid_input"
            assert "280" in too_long["error"]["message"]
            assert anna.call("card:add", {"text": "x" * 280})["ok"]
            assert anna.call("card:add", {"text": "zwei"})["ok"]
            assert anna.call("card:add", {"text": "drei"})["ok"]
            before = board.version(workshop_id)
            assert anna.call("card:add", {"text": "vier"})["error"]["code"] == "rate_limited"
            assert board.version(workshop_id) == before
            ben, _ack = board.participant(code, "Ben")  # the limit is per participant
            assert ben.call("card:add", {"text": "Ben's"})["ok"]
        finally:
            for socket in sockets:
                socket.disconnect()


def test_join_code_guessing_is_limited_per_address(make_app, db, make_user, make_process):
    app = make_app(RATELIMIT_ENABLED=True, WORKSHOP_JOIN_ATTEMPTS="3 per minute")
    with app.app_context():
        sockets = []
        try:
            board = Board(app, db, make_user, make_process, sockets)
            _workshop_id, code = board.create()
            for n in range(5):  # correct joins are not counted: a hall shares one address
                board.participant(code, f"Gast {n}")
            guesser = board.socket()
            for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
                assert guesser.call("join", {"code": guess, "nickname": "x"})["error"][
                    "code"] == "not_found"
            refused = guesser.call("join", {"code": code, "nickname": "x"})
            assert refused["error"]["code"] == "rate_limited"
            other_address = board.socket(headers={"X-Forwarded-For": "10.0.0.9"})
            assert other_address.call("join", {"code": "DDDDDD", "nickname": "x"})["error"][
                "code"] == "rate_limited"  # no proxy trusted: the forwarded header is ignored
        finally:
            for socket in sockets:
                socket.disconnect()


def test_handlers_are_registered_once_per_app(app):
    live = app.extensions["workshop_live"]
    handler = socketio.server.namespace_handlers[NS]
    assert isinstance(handler, WorkshopNamespace) and handler.live is live
    register_socket_handlers(app)
    assert app.extensions["workshop_live"] is live
    assert socketio.server.namespace_handlers[NS] is handler


def test_closed_workshop_refuses_changes_but_can_be_synced(board, room):
    workshop_id, code, facilitator, anna, _ben, anna_ack = room
    assert facilitator.call("session:end", {})["ok"]
    assert anna.call("card:add", {"text": "Zu spät"})["error"]["code"] == "workshop_closed"
    assert board.socket().call("join", {"code": code, "nickname": "Spät"})["error"][
        "code"] == "not_found"
    ack = anna.call("sync", {"token": anna_ack["token"], "since": 0})
    assert ack["ok"] and ack["events"][-1]["type"] == "session:ended"


# --- a note with a point ---------------------------------------------------------------------

def test_note_with_a_point_inside_the_districts(board, db):
    from participation.processes import services as process_services
    from tests.test_geo import DEMO_TEXT, INSIDE, OUTSIDE

    process_services.import_districts(board.process, DEMO_TEXT)
    workshop_id, code = board.create()
    facilitator = board.facilitate(workshop_id)
    anna, _ack = board.participant(code)
    lat, lon = INSIDE["Seeufer"]
    ack = anna.call("card:add", {"text": "Steg am See", "point": {"lat": lat, "lon": lon}})
    assert ack["ok"], ack
    added = facilitator.wait_for("event", lambda m: m["type"] == "card:added")[0]
    assert added["data"]["point"] == {"lat": lat, "lon": lon}
    card = next(c for c in board.cards(workshop_id) if c.id == ack["card_id"])
    assert (card.lat, card.lon) == (lat, lon)
    assert serialize.card_data(card)["point"] == {"lat": lat, "lon": lon}
    before = len(board.cards(workshop_id))
    outside = anna.call("card:add", {"text": "Weit weg",
                                     "point": {"lat": OUTSIDE[0], "lon": OUTSIDE[1]}})
    assert outside["ok"] is False and outside["error"]["code"] == "point_outside_city"
    for bad in ({"lat": "52"}, {"lat": 91, "lon": 12}, [52, 12], {"lat": True, "lon": 1}):
        refused = anna.call("card:add", {"text": "Kaputt", "point": bad})
        assert refused["error"]["code"] == "invalid_input", bad
    assert len(board.cards(workshop_id)) == before
    plain = anna.call("card:add", {"text": "Ohne Ort"})
    card = next(c for c in board.cards(workshop_id) if c.id == plain["card_id"])
    assert card.lat is None and serialize.card_data(card)["point"] is None


def test_note_point_anywhere_while_the_districts_have_no_areas(room, board):
    workshop_id, _code, _fac, anna, _ben, _ack = room
    ack = anna.call("card:add", {"text": "Sydney", "point": {"lat": -33.9, "lon": 151.2}})
    assert ack["ok"], ack
