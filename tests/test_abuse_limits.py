"""Floods and oversized input: what a script on one machine can do to the platform.

Covered elsewhere and not repeated here: login attempts per address and per account
(test_accounts.py, test_account_security.py), registrations per address (test_accounts.py),
votes and pair answers per person (test_api_votes.py), join-code guessing and notes per
participant and minute (test_workshop_socket.py).
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from participation.accounts import services as account_services
from participation.extensions import socketio
from participation.processes.models import PhaseKind
from participation.proposals.models import Proposal
from participation.votes.models import Support
from participation.workshops import events
from participation.workshops.models import Participant, Workshop
from tests.conftest import login
from tests.test_workshop_socket import Board, Socket


def _count(db, column) -> int:
    value = db.session.execute(select(func.count(column))).scalar_one()
    db.session.commit()
    return value


# --- votes per address, pages and API together ------------------------------------------------

def test_votes_are_limited_per_address_across_accounts_and_transports(make_app, db, make_user,
                                                                      make_process,
                                                                      make_proposal):
    app = make_app(RATELIMIT_ENABLED=True, VOTE_RATE_LIMIT="100 per minute",
                   VOTE_ADDRESS_RATE_LIMIT="3 per minute")
    with app.app_context():
        process = make_process(phase=PhaseKind.VOTING)
        ideas = [make_proposal(process, title=f"Idee {n}") for n in range(5)]
        accounts = [make_user() for _ in range(3)]
        _t, plain = account_services.create_api_token(accounts[2], "Skript")
        db.session.commit()
        pages = []
        for user in accounts[:2]:
            client = app.test_client()
            login(client, user)
            pages.append(client)
        assert pages[0].post(f"/proposals/{ideas[0].id}/vote").status_code == 302
        assert pages[1].post(f"/proposals/{ideas[1].id}/vote").status_code == 302
        api = app.test_client()
        bearer = {"Authorization": f"Bearer {plain}"}
        assert api.post(f"/api/v1/proposals/{ideas[2].id}/vote", json={},
                        headers=bearer).status_code == 201
        # the fourth vote from this address, by whichever account and transport, is refused
        refused = api.post(f"/api/v1/proposals/{ideas[3].id}/vote", json={}, headers=bearer)
        assert refused.status_code == 429
        assert refused.get_json()["error"]["code"] == "rate_limited"
        assert pages[0].post(f"/proposals/{ideas[4].id}/vote").status_code == 429
        assert _count(db, Support.id) == 3
        # another address is not affected
        elsewhere = api.post(f"/api/v1/proposals/{ideas[3].id}/vote", json={}, headers=bearer,
                             environ_base={"REMOTE_ADDR": "10.9.8.7"})
        assert elsewhere.status_code == 201


# --- the live board ---------------------------------------------------------------------------

@pytest.fixture
def limited_board(make_app, db, make_user, make_process):
    """A factory: a Board on an app with the rate limiter on and the given settings."""
    sockets: list = []
    contexts = []

    def build(**settings) -> Board:
        app = make_app(RATELIMIT_ENABLED=True, **settings)
        context = app.app_context()
        context.push()
        contexts.append(context)
        return Board(app, db, make_user, make_process, sockets)

    yield build
    for socket in sockets:
        socket.disconnect()
    for context in reversed(contexts):
        context.pop()


def _version(db, workshop_id: int) -> int:
    value = db.session.get(Workshop, workshop_id).version
    db.session.commit()
    return value


def test_board_commands_are_limited_per_participant(limited_board, db):
    board = limited_board(WORKSHOP_COMMAND_RATE_LIMIT="4 per minute",
                          WORKSHOP_NOTES_PER_MINUTE=100)
    workshop_id, code = board.create()
    anna, _ack = board.participant(code, "Anna")
    card_id = anna.call("card:add", {"text": "Bänke"})["card_id"]
    for position in (1, 2, 3):
        assert anna.call("card:move", {"card_id": card_id, "position": position})["ok"]
    before = _version(db, workshop_id)
    refused = anna.call("card:move", {"card_id": card_id, "position": 4})
    assert refused["ok"] is False and refused["error"]["code"] == "rate_limited"
    assert refused["error"]["message"]
    assert _version(db, workshop_id) == before
    ben, _ack = board.participant(code, "Ben")  # per participant: Ben is not affected
    assert ben.call("card:add", {"text": "Brunnen"})["ok"]


def test_dot_flood_is_limited_per_participant(limited_board, db):
    """vote:add and vote:remove in a loop stay within the budget, and are limited too."""
    board = limited_board(WORKSHOP_COMMAND_RATE_LIMIT="6 per minute")
    workshop_id, code = board.create()
    facilitator = board.facilitate(workshop_id)
    anna, _ack = board.participant(code, "Anna")
    card_id = anna.call("card:add", {"text": "Bänke"})["card_id"]
    assert facilitator.call("phase:set", {"phase": "vote"})["ok"]
    answers = [anna.call("vote:add" if n % 2 == 0 else "vote:remove", {"card_id": card_id})
               for n in range(8)]
    assert all(a["ok"] for a in answers[:5])
    assert {a["error"]["code"] for a in answers[5:]} == {"rate_limited"}
    assert facilitator.call("phase:set", {"phase": "collect"})["ok"]  # not limited


def test_board_commands_are_limited_per_address(limited_board, db, monkeypatch):
    board = limited_board(WORKSHOP_ADDRESS_RATE_LIMIT="4 per minute",
                          WORKSHOP_NOTES_PER_MINUTE=100)
    workshop_id, code = board.create()
    sockets = [board.participant(code, f"Gast {n}")[0] for n in range(3)]
    assert sockets[0].call("card:add", {"text": "eins"})["ok"]
    assert sockets[1].call("card:add", {"text": "zwei"})["ok"]
    assert sockets[2].call("card:add", {"text": "drei"})["ok"]
    assert sockets[0].call("card:add", {"text": "vier"})["ok"]
    before = _version(db, workshop_id)
    assert sockets[1].call("card:add", {"text": "fünf"})["error"]["code"] == "rate_limited"
    assert _version(db, workshop_id) == before
    monkeypatch.setattr(events, "get_remote_address", lambda: "10.1.2.3")
    assert sockets[2].call("card:add", {"text": "von woanders"})["ok"]


def test_new_participants_are_limited_per_address(limited_board, db):
    board = limited_board(WORKSHOP_JOINS_PER_ADDRESS="3 per minute")
    _workshop_id, code = board.create()
    tokens = [board.participant(code, f"Gast {n}")[1]["token"] for n in range(3)]
    refused = board.socket().call("join", {"code": code, "nickname": "Nummer vier"})
    assert refused["ok"] is False and refused["error"]["code"] == "rate_limited"
    assert _count(db, Participant.id) == 3
    # coming back with a token is the same participant, not a new one: not counted
    assert board.socket().call("join", {"code": code, "token": tokens[0]})["ok"]


def test_open_sockets_are_limited_per_address(make_app, db):
    app = make_app(WORKSHOP_CONNECTIONS_PER_ADDRESS=2)
    with app.app_context():
        first, second = Socket(app, db), Socket(app, db)
        try:
            third = socketio.test_client(app, namespace="/workshop")
            assert not third.is_connected("/workshop")
            second.disconnect()
            fourth = Socket(app, db)  # a place is free again
            assert fourth.client.is_connected("/workshop")
            fourth.disconnect()
        finally:
            first.disconnect()
            second.disconnect()


def test_socket_server_limits_are_the_configured_ones(make_app):
    app = make_app(SOCKETIO_MAX_MESSAGE=4096, SOCKETIO_PING_INTERVAL=7,
                   SOCKETIO_PING_TIMEOUT=5)
    engine = socketio.server.eio
    assert (engine.max_http_buffer_size, engine.ping_interval, engine.ping_timeout) == (
        4096, 7, 5)
    assert app.config["SOCKETIO_MAX_MESSAGE"] == 4096


# --- oversized request bodies ------------------------------------------------------------------

class CountingStream(io.RawIOBase):
    """A request body that counts what the server read of it."""

    def __init__(self, size: int) -> None:
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:  # the test client measures the body by seeking
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.position)
        buffer[:n] = b"a" * n
        self.position += n
        self.read_bytes += n
        return n


@pytest.mark.parametrize("path", ["/account/login", "/account/register", "/join",
                                  "/api/v1/processes/{slug}/proposals"])
def test_oversized_bodies_are_refused_with_413_before_they_are_read(app, db, client, path,
                                                                    make_user, make_process):
    path = path.format(slug=make_process().slug)
    size = app.config["MAX_CONTENT_LENGTH"] + 1
    stream = CountingStream(size)
    is_api = path.startswith("/api/")
    headers = {"Content-Length": str(size), "Content-Type": "application/x-www-form-urlencoded"}
    if is_api:
        _t, plain = account_services.create_api_token(make_user(), "Skript")
        db.session.commit()
        headers.update({"Content-Type": "application/json", "Authorization": f"Bearer {plain}"})
    response = client.post(path, input_stream=stream, headers=headers)
    assert response.status_code == 413
    assert stream.read_bytes == 0
    if is_api:
        assert response.get_json()["error"]["code"] == "payload_too_large"
        assert response.get_json()["error"]["message"]
    else:
        assert "<html" in response.get_data(as_text=True)


def test_an_oversized_idea_is_refused_and_not_stored(app, db, client, make_user, make_process):
    process = make_process()
    login(client, make_user())
    body = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(f"/api/v1/processes/{process.slug}/proposals",
                           json={"title": "Groß", "body": body})
    assert response.status_code == 413
    assert _count(db, Proposal.id) == 0
