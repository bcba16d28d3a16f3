"""Characters no database stores (NUL, lone surrogates) get a clear error, never a 500.

PostgreSQL refuses NUL in text and nothing encodes a lone surrogate as UTF-8: before the fix
each of these answered 500 on PostgreSQL (TEST_DATABASE_URL runs this file there too).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import services as account_services
from participation.proposals.models import Proposal
from participation.sanitize import unstorable
from tests.conftest import login

BAD = ["a\x00b", "\x00", "a\ud800b", "\udfff"]


@pytest.mark.parametrize("value", BAD)
def test_unstorable_finds_nul_and_surrogates_anywhere(value):
    assert unstorable(value)
    assert unstorable({"text": value}) and unstorable({value: 1}) and unstorable([1, [value]])
    assert not unstorable("Grüße\t\u200b\U0001f333 <b>") and not unstorable({"n": 1})


def _bearer(db, make_user) -> dict:
    _t, plain = account_services.create_api_token(make_user(), "Skript")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def _stored(db) -> int:
    value = db.session.execute(select(func.count(Proposal.id))).scalar_one()
    db.session.commit()
    return value


@pytest.mark.parametrize("value", BAD)
def test_api_refuses_unstorable_text_with_422(app, db, client, make_user, make_process, value):
    process = make_process()
    headers = _bearer(db, make_user)
    created = client.post(f"/api/v1/processes/{process.slug}/proposals", headers=headers,
                          json={"title": value, "body": "Text"})
    assert created.status_code == 422
    assert created.get_json()["error"]["code"] == "invalid_input"
    assert "title" in created.get_json()["error"]["message"]
    assert _stored(db) == 0


@pytest.mark.parametrize("path", ["/api/v1/processes/{slug}/proposals?q=a%00b",
                                  "/processes/{slug}/proposals?q=a%00b",
                                  "/api/v1/processes/a%00b/proposals",
                                  "/processes/a%00b"])
def test_addresses_and_queries_with_nul_get_422(app, client, make_process, path):
    response = client.get(path.format(slug=make_process().slug))
    assert response.status_code == 422
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "invalid_input"
    else:
        assert "Zeichen" in response.get_data(as_text=True)  # German, translated


def test_forms_refuse_nul(app, db, client, make_user, make_process):
    process = make_process()
    login(client, make_user())
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data={"title": "a\x00b", "body": "Text"})
    assert response.status_code == 422
    assert _stored(db) == 0
    assert client.post("/account/login", data={"email": "x\x00@example.org",
                                               "password": "x"}).status_code == 422


def test_socket_refuses_unstorable_text(app, db, make_user, make_process):
    from tests.test_workshop_socket import Board

    sockets: list = []
    board = Board(app, db, make_user, make_process, sockets)
    try:
        workshop_id, code = board.create()
        anna, _ack = board.participant(code)
        before = board.version(workshop_id)
        for value in BAD:
            ack = anna.call("card:add", {"text": value})
            assert ack["ok"] is False and ack["error"]["code"] == "invalid_input", ack
        joined = board.socket().call("join", {"code": code, "nickname": "a\x00"})
        assert joined["error"]["code"] == "invalid_input"
        assert board.version(workshop_id) == before
        assert anna.call("card:add", {"text": "Noch da"})["ok"]
    finally:
        for socket in sockets:
            socket.disconnect()
