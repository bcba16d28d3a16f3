"""Hypothesis against the `/workshop` namespace: random and malformed messages.

Through Flask-SocketIO's in-process test client (the real namespace, its real handlers and
services), a participant's and a facilitator's socket send generated messages: any event
name, zero to two arguments of any JSON shape, payloads with the protocol's field names and
values of every type, huge texts. Properties:

- every message gets an ack that is `{"ok": true, ...}` or `{"ok": false, "error": {code,
  message}}`, and never `server_error` (nothing escapes a handler, nothing is a crash);
- an error ack leaves the board as it was (same version, same notes and groups);
- a message that breaks the protocol (unknown event, no single object, a required field
  missing or of the wrong type, a text over the limit) always gets an error ack;
- afterwards the socket still works.

Bounded by max_examples (a few seconds per test).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from participation.workshops.models import Card, Cluster, Workshop
from participation.workshops.services import COMMANDS
from tests.test_workshop_socket import Board

EXAMPLES = 120
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
EVENTS = sorted(COMMANDS) + ["join", "sync"]
FIELDS = ["text", "card_id", "cluster_id", "position", "phase", "seconds", "locked", "hidden",
          "revealed", "title", "key", "code", "nickname", "token", "since", "workshop_id"]
# what each command needs, and of which JSON type (int means a whole number, not a bool)
REQUIRED = {
    "card:add": {"text": str}, "card:edit": {"card_id": int, "text": str},
    "card:move": {"card_id": int}, "vote:add": {"card_id": int},
    "vote:remove": {"card_id": int}, "phase:set": {"phase": str},
    "timer:start": {"seconds": int}, "card:hide": {"card_id": int},
    "card:approve": {"card_id": int}, "cluster:add": {"title": str},
    "cluster:rename": {"cluster_id": int, "title": str}, "card:cluster": {"card_id": int},
}

scalars = (st.none() | st.booleans() | st.integers() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40)
           | st.sampled_from(["", " ", "\x00", "x" * 300, "x" * 70_000, "1", "-1", "true",
                              "collect", "vote", "wp_forged", "ABC234"]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=8)
payloads = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=12), json_values,
                           max_size=5)
arguments = st.one_of(st.tuples(payloads), st.tuples(), st.tuples(json_values),
                      st.tuples(payloads, json_values))
event_names = st.sampled_from(EVENTS) | st.text(max_size=30)


def _not_of_type(kind: type):
    if kind is int:
        return (st.none() | st.booleans() | st.floats() | st.text(max_size=8)
                | st.lists(st.integers(), max_size=2))
    return st.none() | st.booleans() | st.integers() | st.lists(st.text(), max_size=2)


@st.composite
def broken_messages(draw):
    """(event, args) that break the protocol, so the answer must be an error ack."""
    kind = draw(st.sampled_from(["unknown", "shape", "missing", "type", "too_long"]))
    if kind == "unknown":
        name = draw(st.text(min_size=1, max_size=30).filter(
            lambda n: n not in COMMANDS and n not in ("join", "sync", "connect",
                                                       "disconnect")))
        return name, draw(arguments)
    if kind == "shape":
        event = draw(st.sampled_from(EVENTS))
        args = draw(st.one_of(st.just(()), st.tuples(scalars | st.lists(scalars)),
                              st.tuples(payloads, json_values)))
        return event, args
    event = draw(st.sampled_from(sorted(REQUIRED)))
    fields = REQUIRED[event]
    payload = {name: (1 if kind_ is int else "Bänke") for name, kind_ in fields.items()}
    name = draw(st.sampled_from(sorted(fields)))
    if kind == "missing":
        del payload[name]
    elif kind == "type":
        payload[name] = draw(_not_of_type(fields[name]))
    else:
        texts = [n for n, kind_ in fields.items() if kind_ is str]
        if not texts:
            payload[name] = draw(_not_of_type(fields[name]))
        else:
            payload[texts[0]] = "x" * draw(st.integers(281, 20_000))
    return event, (payload,)


@pytest.fixture
def arena(app, db, make_user, make_process):
    """An open board with notes and a group; a participant and a facilitator socket."""
    sockets: list = []
    board = Board(app, db, make_user, make_process, sockets)
    workshop_id, code = board.create()
    facilitator = board.facilitate(workshop_id)
    anna, _ack = board.participant(code, "Anna")
    for text in ("eins", "zwei"):
        assert anna.call("card:add", {"text": text})["ok"]
    assert facilitator.call("cluster:add", {"title": "Gruppe"})["ok"]
    yield board, workshop_id, {"participant": anna, "facilitator": facilitator}
    for socket in sockets:
        socket.disconnect()


def _state(board, workshop_id: int) -> tuple:
    db = board.db
    workshop = db.session.get(Workshop, workshop_id)
    db.session.refresh(workshop)
    cards = db.session.execute(select(Card.id, Card.text, Card.status, Card.cluster_id,
                                      Card.position, Card.dot_count)
                               .where(Card.workshop_id == workshop_id).order_by(Card.id)).all()
    clusters = db.session.execute(select(Cluster.id, Cluster.title)
                                  .where(Cluster.workshop_id == workshop_id)).all()
    state = (workshop.version, workshop.status, workshop.board_phase, workshop.locked,
             workshop.results_revealed, workshop.timer_ends_at, cards, clusters)
    db.session.commit()
    return state


def _assert_ack_shape(ack) -> None:
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
    if not ack["ok"]:
        error = ack["error"]
        assert isinstance(error["code"], str) and error["code"] != "server_error", ack
        assert isinstance(error["message"], str) and error["message"], ack


@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_random_messages_never_crash_and_errors_change_nothing(arena, who):
    board, workshop_id, sockets = arena
    socket = sockets[who]

    @FUZZ
    @given(event=event_names, args=arguments)
    def run(event, args):
        before = _state(board, workshop_id)
        ack = socket.call(event, *args)
        _assert_ack_shape(ack)
        if not ack["ok"]:
            assert _state(board, workshop_id) == before, (event, args, ack)

    run()
    # the socket still answers; the board still takes a good command
    assert socket.call("sync", {"since": 0})["ok"]


@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_messages_that_break_the_protocol_always_get_an_error_ack(arena, who):
    board, workshop_id, sockets = arena
    socket = sockets[who]

    @FUZZ
    @given(message=broken_messages())
    def run(message):
        event, args = message
        before = _state(board, workshop_id)
        ack = socket.call(event, *args)
        _assert_ack_shape(ack)
        assert ack["ok"] is False, (event, args, ack)
        assert _state(board, workshop_id) == before, (event, args, ack)

    run()
    assert socket.call("sync", {"since": 0})["ok"]
