"""One vocabulary of error codes (participation.errors.ERROR_CODES) for every API error: each
HTTP error path answers a code of it with the status the vocabulary gives that code; every
DomainError uses a code of it; the OpenAPI document's Error schema and README.md's table list
exactly it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import participation
from participation.accounts import services as account_services
from participation.errors import ERROR_CODES, HTTP_STATUS_CODES, DomainError, code_for_status
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services
from tests.conftest import login
from tests.test_api import _csrf_client

README = Path(__file__).resolve().parent.parent / "README.md"


def all_domain_errors() -> list[type[DomainError]]:
    """Every DomainError class of the app, after importing every module that may define one."""
    for module in pkgutil.walk_packages(participation.__path__, "participation."):
        if ".tools" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def assert_in_vocabulary(response, status: int, code: str | None = None) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] in ERROR_CODES, error
    assert ERROR_CODES[error["code"]].status == status, error
    assert error["message"].strip(), error
    if code is not None:
        assert error["code"] == code, error
    return error["code"]


# --- the list itself ------------------------------------------------------------------------

def test_every_domain_error_uses_a_code_of_the_vocabulary_with_its_status():
    classes = all_domain_errors()
    assert len(classes) > 15  # the walk found the app's errors, not only the base class
    for cls in classes:
        assert cls.code in ERROR_CODES, f"{cls.__module__}.{cls.__name__}: {cls.code}"
        assert ERROR_CODES[cls.code].status == cls.status, cls


def test_every_http_error_status_maps_into_the_vocabulary():
    for status in [*range(400, 432), *range(500, 512)]:
        code = code_for_status(status)
        assert code in ERROR_CODES, status
        assert ERROR_CODES[code].status == (status if status in HTTP_STATUS_CODES
                                            else 400 if status < 500 else 500)


def test_the_document_lists_exactly_the_vocabulary(client):
    document = client.get("/api/v1/openapi.json").get_json()
    code = document["components"]["schemas"]["Error"]["properties"]["error"]["properties"][
        "code"]
    assert code["enum"] == list(ERROR_CODES)
    assert code["x-enumDescriptions"] == {name: meaning for name, (_s, meaning)
                                          in ERROR_CODES.items()}
    for name in ERROR_CODES:
        assert f"| `{name}` |" in code["description"]
    # each error answer of the document names the codes of its status
    for response in document["components"]["responses"].values():
        assert re.search(r"`[a-z_]+`", response["description"]), response


def test_the_readme_table_lists_exactly_the_vocabulary():
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^ *\| `([a-z_]+)` \| (\d{3}|socket) \|", text, flags=re.M)
    assert rows, "README.md has no table of error codes"
    assert [code for code, _status in rows] == list(ERROR_CODES)
    for code, status in rows:
        expected = ERROR_CODES[code].status
        assert status == (str(expected) if expected is not None else "socket"), code


# --- every HTTP error path ------------------------------------------------------------------

@pytest.fixture
def bearer(db, make_user):
    _token, plain = account_services.create_api_token(make_user(), "Skript")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_unknown_addresses_and_methods(client):
    assert_in_vocabulary(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_in_vocabulary(client.get("/api/v1/proposals/999999"), 404, "not_found")
    refused = client.put("/api/v1/processes")
    assert_in_vocabulary(refused, 405, "method_not_allowed")
    assert "PUT" in refused.get_json()["error"]["message"]
    assert "GET" in refused.headers["Allow"]


def test_reading_the_request(client, make_process, bearer):
    path = f"/api/v1/processes/{make_process().slug}/proposals"
    assert_in_vocabulary(client.post(path, data="{", content_type="application/json",
                                     headers=bearer), 400, "bad_json")
    assert_in_vocabulary(client.post(path, json={"title": 5}, headers=bearer), 422,
                         "invalid_input")
    assert_in_vocabulary(client.get("/api/v1/processes?page=zero"), 422, "invalid_input")
    assert_in_vocabulary(client.get("/api/v1/processes?q=%00"), 422, "invalid_input")
    # a broken multipart body where JSON is expected
    assert_in_vocabulary(client.post(path, data=b"--x\r\nbroken", headers={
        **bearer, "Content-Type": "multipart/form-data; boundary=x"}), 400, "bad_json")


def test_who_calls(make_app, client, make_process, make_user):
    path = f"/api/v1/processes/{make_process().slug}/proposals"
    payload = {"title": "Trinkbrunnen", "body": "Wasser am Markt"}
    assert_in_vocabulary(client.post(path, json=payload), 401, "unauthorized")
    assert_in_vocabulary(client.get("/api/v1/processes",
                                    headers={"Authorization": "Bearer zk_forged"}),
                         401, "invalid_token")
    cookie_client, _token = _csrf_client(make_app, make_user())
    assert_in_vocabulary(cookie_client.post(path, json=payload), 400, "csrf_failed")
    unconfirmed = make_user(confirmed=False)
    other = make_app().test_client()
    login(other, unconfirmed)
    assert_in_vocabulary(other.post(path, json=payload), 403, "email_not_confirmed")


def test_rules_of_the_domain(client, make_process, make_proposal, bearer):
    closed = make_process(phase=PhaseKind.VOTING)
    assert_in_vocabulary(client.post(f"/api/v1/processes/{closed.slug}/proposals",
                                     json={"title": "Spät", "body": "Zu spät"}, headers=bearer),
                         409, "phase_closed")
    idea = make_proposal(closed)
    assert client.post(f"/api/v1/proposals/{idea.id}/vote", json={},
                       headers=bearer).status_code == 201
    assert_in_vocabulary(client.post(f"/api/v1/proposals/{idea.id}/vote", json={},
                                     headers=bearer), 409, "already_voted")


def test_limits(make_app, db, make_user, make_process):
    app = make_app(RATELIMIT_ENABLED=True, POST_RATE_LIMIT="2 per minute",
                   MAX_CONTENT_LENGTH=1000)
    with app.app_context():
        process = make_process()
        _token, plain = account_services.create_api_token(make_user(), "Skript")
        db.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {plain}"}
        assert_in_vocabulary(client.post(f"/api/v1/processes/{process.slug}/proposals",
                                          json={"title": "x" * 2000}, headers=headers),
                             413, "payload_too_large")
        for _ in range(50):
            answer = client.post(f"/api/v1/processes/{process.slug}/proposals",
                                 json={"title": "Bank", "body": "Eine Bank"}, headers=headers)
            if answer.status_code == 429:
                break
        assert_in_vocabulary(answer, 429, "rate_limited")


def test_an_unexpected_error_is_a_server_error(client, monkeypatch, make_process):
    process = make_process()

    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(proposal_services, "list_proposals", broken)
    assert_in_vocabulary(client.get(f"/api/v1/processes/{process.slug}/proposals"), 500,
                         "server_error")
