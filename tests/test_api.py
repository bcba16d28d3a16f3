"""The JSON API: its OpenAPI document, reading, posting ideas, input checks and authentication.

Every answer a test receives through `Api` is checked against the response schema the
OpenAPI document gives for that path, method and status (an undocumented status fails).
Votes, pairs and the ranking are in test_api_votes.py.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import event, func, select

from participation import branding
from participation.accounts.models import Role
from participation.accounts.services import create_api_token, revoke_api_token
from participation.extensions import db as _db
from participation.processes import services as process_services
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal, ProposalStatus
from tests.conftest import PASSWORD

PREFIX = "/api/v1"
DOC_URI = "urn:zukunftsstadt:openapi"
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


# --- helpers: calls checked against the OpenAPI document ------------------------------------

def route_template(rule: str) -> str:
    """/api/v1/proposals/<int(max=9):proposal_id> -> /proposals/{proposal_id}"""
    return re.sub(r"<(?:[^>:]*:)?([^>]+)>", r"{\1}", rule[len(PREFIX):])


def _pointer(*segments: str) -> str:
    return "".join("/" + quote(s.replace("~", "~0").replace("/", "~1"), safe="")
                   for s in segments)


def check_against_document(document: dict, method: str, template: str, response) -> None:
    """The answer's status is documented for the operation and its JSON fits the schema."""
    operation = document["paths"][template][method.lower()]
    status = str(response.status_code)
    documented = operation["responses"].get(status)
    assert documented is not None, f"{method} {template} answered {status}, not documented"
    segments = ["paths", template, method.lower(), "responses", status]
    if "$ref" in documented:  # "#/components/responses/Name"
        segments = documented["$ref"][2:].split("/")
    assert response.mimetype == "application/json", response.mimetype
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(document, default_specification=DRAFT202012))
    schema = {"$ref": DOC_URI + "#" + _pointer(*segments, "content", "application/json",
                                               "schema")}
    validator = Draft202012Validator(schema, registry=registry,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(response.get_json()), key=lambda e: e.path)
    assert not errors, f"{method} {template} {status}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


class Api:
    """Calls under /api/v1 with a test client, as one caller (token, cookie or nobody)."""

    def __init__(self, client, token: str | None = None, headers: dict | None = None):
        self.client = client
        self.headers = dict(headers or {})
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"
        self._document: dict | None = None

    @property
    def document(self) -> dict:
        if self._document is None:
            self._document = self.client.get(f"{PREFIX}/openapi.json").get_json()
        return self._document

    def call(self, method: str, path: str, status: int, *, headers: dict | None = None,
             **kwargs):
        """Make the call, assert the status, check the answer against the document."""
        response = self.client.open(f"{PREFIX}{path}", method=method,
                                    headers={**self.headers, **(headers or {})}, **kwargs)
        assert response.status_code == status, response.get_data(as_text=True)
        rule, _args = self.client.application.url_map.bind("localhost").match(
            f"{PREFIX}{path.split('?')[0]}", method=method, return_rule=True)
        check_against_document(self.document, method, route_template(rule.rule), response)
        self.last = response
        return response.get_json()

    def get(self, path: str, status: int = 200, **kwargs):
        return self.call("GET", path, status, **kwargs)

    def post(self, path: str, status: int = 201, **kwargs):
        return self.call("POST", path, status, **kwargs)

    def delete(self, path: str, status: int = 200, **kwargs):
        return self.call("DELETE", path, status, **kwargs)


def token_for(user, name: str = "test") -> str:
    _record, plain = create_api_token(user, name)
    _db.session.commit()
    return plain


def api_as(app, user) -> Api:
    """A caller with its own client and a fresh personal token of `user`."""
    return Api(app.test_client(), token_for(user))


def count_proposals() -> int:
    return _db.session.execute(select(func.count(Proposal.id))).scalar_one()


def error_code(body: dict) -> str:
    return body["error"]["code"]


class QueryCounter:
    def __init__(self, engine):
        self.engine = engine
        self.count = 0
        self.statements: list[str] = []

    def _count(self, _conn, _cursor, statement, *_args):
        if not statement.startswith("BEGIN"):  # SQLite's transaction start is no query
            self.count += 1
            self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


@pytest.fixture
def api(client):
    return Api(client)


# --- the OpenAPI document -------------------------------------------------------------------

def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_declares_version_servers_security_and_errors(api):
    doc = api.get("/openapi.json")
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [{"url": PREFIX}]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert (schemes["cookieAuth"]["type"], schemes["cookieAuth"]["in"],
            schemes["cookieAuth"]["name"]) == ("apiKey", "cookie", "session")
    assert "X-CSRFToken" in schemes["cookieAuth"]["description"]
    assert doc["components"]["parameters"]["csrf"]["name"] == "X-CSRFToken"
    error = doc["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))
    resolver = registry.resolver(base_uri=DOC_URI)
    for target in set(_refs(doc)):
        assert resolver.lookup(target).contents is not None, target


def test_every_api_route_is_documented_and_every_documented_route_exists(app, api):
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                served.add((method.lower(), route_template(rule.rule)))
    documented = {(method, path) for path, operations in api.document["paths"].items()
                  for method in operations if method in HTTP_METHODS}
    assert served == documented
    assert {("post", "/proposals/{proposal_id}/vote"), ("get", "/openapi.json")} <= served
    assert len(served) >= 10


def test_documented_path_parameters_match_the_routes(api):
    doc = api.document
    for path, operations in doc["paths"].items():
        in_path = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            params = [doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
                      if "$ref" in p else p for p in operation.get("parameters", [])]
            assert {p["name"] for p in params if p["in"] == "path"} == in_path, (method, path)
            if method in {"post", "delete"}:
                assert "X-CSRFToken" in {p["name"] for p in params}, (method, path)
                assert {} not in operation["security"], (method, path)


def test_documented_request_bodies_accept_good_and_refuse_bad_input(api):
    schemas = api.document["components"]["schemas"]
    proposal = Draft202012Validator(schemas["ProposalInput"])
    assert proposal.is_valid({"title": "T", "body": "B", "topic": None, "lat": 1.5, "lon": 2})
    assert not proposal.is_valid({"title": 5, "body": "B"})
    assert not proposal.is_valid({"title": "T", "body": "B", "author": "me"})
    assert not proposal.is_valid({"title": "T"})
    vote = Draft202012Validator(schemas["VoteInput"])
    assert vote.is_valid({}) and vote.is_valid({"points": 2})
    assert not vote.is_valid({"points": "2"})


# --- processes --------------------------------------------------------------------------------

def test_process_list_shows_phases_dates_vote_settings_topics_and_districts(
        api, db, make_process):
    process = make_process(phase=PhaseKind.VOTING)
    process_services.set_phase_dates(process, {
        PhaseKind.IDEAS: (date(2026, 3, 1), date(2026, 3, 31)),
        PhaseKind.VOTING: (date(2026, 5, 1), date(2026, 5, 20)),
    })
    process.vote_method = "dots"
    process.pairwise_enabled = True
    db.session.commit()

    body = api.get("/processes")

    assert (body["page"], body["pages"], body["total"]) == (1, 1, 1)
    item = body["items"][0]
    assert item["id"] == process.id
    assert item["url"] == f"http://localhost/processes/{process.slug}"
    assert (item["slug"], item["phase"], item["vote_method"]) == (process.slug, "voting", "dots")
    assert item["pairwise"] is True
    assert (item["dot_budget"], item["dot_max_per_proposal"]) == (10, 3)
    assert [p["phase"] for p in item["phases"]] == [p.value for p in PhaseKind]
    voting = next(p for p in item["phases"] if p["phase"] == "voting")
    assert (voting["starts_on"], voting["ends_on"]) == ("2026-05-01", "2026-05-20")
    assert next(p for p in item["phases"] if p["phase"] == "results")["starts_on"] is None
    assert [t["name"] for t in item["topics"]] == ["Klima", "Mobilität"]
    assert [d["id"] for d in item["districts"]] == [d.id for d in process.districts]


def test_process_list_is_paginated(api, make_process):
    for _ in range(3):
        make_process()

    first = api.get("/processes?per_page=2")
    second = api.get("/processes?per_page=2&page=2")

    assert (first["page"], first["pages"], first["total"], len(first["items"])) == (1, 2, 3, 2)
    assert (second["page"], len(second["items"])) == (2, 1)
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=0", "per_page=101",
                                   "per_page=-5", "page=99999999999999999999"])
def test_bad_pagination_is_422(api, make_process, query):
    make_process()
    body = api.get(f"/processes?{query}", 422)
    assert error_code(body) == "invalid_input"
    assert query.split("=")[0] in body["error"]["message"]


# --- proposal lists ---------------------------------------------------------------------------

def test_proposal_list_filters_by_topic_district_status_and_search(api, db, make_process,
                                                                   make_proposal):
    process = make_process()
    klima, mobil = process.topics
    alt, nord = process.districts
    trees = make_proposal(process, title="Mehr Bäume", topic_id=klima.id, district_id=alt.id)
    bikes = make_proposal(process, title="Radwege", body="Sichere Wege", topic_id=mobil.id,
                          district_id=nord.id)
    bus = make_proposal(process, title="Nachtbus", topic_id=mobil.id, district_id=alt.id)
    bus.status = ProposalStatus.NOT_SELECTED.value
    other = make_proposal(title="Mehr Bäume anderswo")  # another process
    db.session.commit()
    base = f"/processes/{process.slug}/proposals"

    def ids(query: str) -> set[int]:
        return {p["id"] for p in api.get(f"{base}?{query}")["items"]}

    assert ids("") == {trees.id, bikes.id, bus.id}
    assert other.id not in ids("q=baume")
    assert ids(f"topic={mobil.id}") == {bikes.id, bus.id}
    assert ids(f"district={alt.id}") == {trees.id, bus.id}
    assert ids(f"topic={mobil.id}&district={alt.id}") == {bus.id}
    assert ids("status=not_selected") == {bus.id}
    assert ids("q=BAUME") == {trees.id}
    assert ids("q=sichere+wege") == {bikes.id}
    assert ids("q=nichts+davon") == set()


def test_proposal_list_items_are_summaries(api, make_process, make_proposal):
    process = make_process()
    proposal = make_proposal(process, title="Trinkbrunnen", body="Wasser " * 100,
                             topic_id=process.topics[0].id)

    item = api.get(f"/processes/{process.slug}/proposals")["items"][0]

    assert item["url"] == f"http://localhost/proposals/{proposal.id}"
    assert item["title"] == "Trinkbrunnen"
    assert item["topic"] == {"id": process.topics[0].id, "name": "Klima"}
    assert item["district"] is None
    assert len(item["excerpt"]) <= 201 and item["excerpt"].endswith("…")
    assert item["votes"] == {"count": 0, "voters": 0}
    assert item["author"] == proposal.author.display_name


def test_proposal_list_sorts_by_new_and_by_comments(api, db, make_process, make_proposal,
                                                    make_user):
    process = make_process()
    first = make_proposal(process, title="Erste")
    second = make_proposal(process, title="Zweite")
    proposal_services.add_comment(make_user(), first, "Gute Idee")
    db.session.commit()
    base = f"/processes/{process.slug}/proposals"

    assert [p["id"] for p in api.get(base)["items"]] == [second.id, first.id]
    assert [p["id"] for p in api.get(f"{base}?sort=new")["items"]] == [second.id, first.id]
    by_comments = api.get(f"{base}?sort=comments")["items"]
    assert [p["id"] for p in by_comments] == [first.id, second.id]
    assert by_comments[0]["comment_count"] == 1


def test_proposal_list_is_paginated(api, make_process, make_proposal, make_user):
    process = make_process()
    author = make_user()
    for n in range(25):
        make_proposal(process, author, title=f"Idee {n}")
    base = f"/processes/{process.slug}/proposals"

    default = api.get(base)
    small = api.get(f"{base}?per_page=10&page=3")
    beyond = api.get(f"{base}?page=4")

    assert (default["page"], default["pages"], default["total"]) == (1, 2, 25)
    assert len(default["items"]) == 20
    assert (small["page"], small["pages"], len(small["items"])) == (3, 3, 5)
    assert small["items"][-1]["title"] == "Idee 0"
    assert beyond["items"] == [] and beyond["total"] == 25
    assert len(api.get(f"{base}?per_page=100")["items"]) == 25


@pytest.mark.parametrize(("query", "named"), [
    ("sort=best", "sort"), ("status=gone", "status"),
    ("topic=abc", "topic"), ("topic=1.5", "topic"), ("district=-1", "district"),
    ("page=0", "page"), ("per_page=101", "per_page"), ("per_page=0", "per_page"),
])
def test_proposal_list_refuses_bad_parameters(api, make_process, query, named):
    process = make_process()
    body = api.get(f"/processes/{process.slug}/proposals?{query}", 422)
    assert error_code(body) == "invalid_input"
    assert named in body["error"]["message"]


def test_overlong_search_is_422(api, make_process):
    process = make_process()
    body = api.get(f"/processes/{process.slug}/proposals?q={'a' * 201}", 422)
    assert error_code(body) == "invalid_input"
    api.get(f"/processes/{process.slug}/proposals?q={'a' * 200}")


def test_hidden_ideas_are_listed_for_moderators_only(app, api, db, make_process, make_proposal,
                                                     make_user):
    process = make_process()
    moderator = make_user(role=Role.FACILITATOR)
    shown = make_proposal(process)
    hidden = make_proposal(process, title="Spam")
    proposal_services.hide_proposal(moderator, hidden, "Werbung")
    db.session.commit()
    base = f"/processes/{process.slug}/proposals"

    assert [p["id"] for p in api.get(base)["items"]] == [shown.id]
    moderation = api_as(app, moderator)
    assert [p["id"] for p in moderation.get(f"{base}?status=hidden")["items"]] == [hidden.id]
    citizen = api_as(app, make_user())
    # a status that exists but is not the caller's to list: 403, as the document says
    assert error_code(citizen.get(f"{base}?status=hidden", 403)) == "forbidden"
    assert error_code(api.get(f"{base}?status=withdrawn", 403)) == "forbidden"


def test_unknown_process_is_404(api):
    assert error_code(api.get("/processes/nowhere/proposals", 404)) == "not_found"
    assert error_code(api.get("/processes/nowhere/ranking", 404)) == "not_found"


def test_proposal_list_costs_a_bounded_number_of_queries(app, api, make_process, make_proposal,
                                                         make_user):
    process = make_process()
    for n in range(30):
        make_proposal(process, make_user(), title=f"Idee {n}", topic_id=process.topics[n % 2].id,
                      district_id=process.districts[n % 2].id)
    reader = api_as(app, make_user())
    reader.document  # noqa: B018  (fetched before counting)
    path = f"/processes/{process.slug}/proposals?per_page=30"

    with QueryCounter(_db.engine) as counter:
        body = reader.get(path)

    assert len(body["items"]) == 30
    assert counter.count <= 10, counter.statements


# --- one proposal -----------------------------------------------------------------------------

def test_proposal_detail_has_every_field(app, api, make_process, make_proposal, make_user):
    process = make_process()
    author = make_user(name="Ada Lovelace")
    proposal = make_proposal(process, author, title="Bänke", body="Mehr Bänke am See.",
                             topic_id=process.topics[1].id, district_id=process.districts[0].id,
                             lat=52.5, lon=13.25)

    body = api.get(f"/proposals/{proposal.id}")

    assert body["id"] == proposal.id
    assert body["url"] == f"http://localhost/proposals/{proposal.id}"
    assert body["process"] == process.slug
    assert (body["title"], body["body"], body["author"]) == ("Bänke", "Mehr Bänke am See.",
                                                             "Ada Lovelace")
    assert body["topic"] == {"id": process.topics[1].id, "name": "Mobilität"}
    assert body["district"] == {"id": process.districts[0].id, "name": "Altstadt"}
    assert (body["lat"], body["lon"]) == (52.5, 13.25)
    assert (body["status"], body["status_reason"], body["origin"]) == ("published", None,
                                                                       "online")
    assert body["created_at"].endswith("+00:00") and body["updated_at"] is None
    assert body["votes"] == {"count": 0, "voters": 0}
    assert body["pairwise"] == {"wins": 0, "losses": 0, "ties": 0}
    assert body["rank"] is None
    assert body["my_vote"] is None  # anonymous
    mine = api_as(app, make_user()).get(f"/proposals/{proposal.id}")["my_vote"]
    assert mine == {"supported": False, "points": 0, "points_left": None}


def test_status_reason_is_shown_only_for_ideas_not_selected(api, db, make_proposal):
    proposal = make_proposal()
    proposal.status_reason = "Zu teuer für dieses Jahr"
    db.session.commit()
    assert api.get(f"/proposals/{proposal.id}")["status_reason"] is None

    proposal.status = ProposalStatus.NOT_SELECTED.value
    db.session.commit()

    body = api.get(f"/proposals/{proposal.id}")
    assert (body["status"], body["status_reason"]) == ("not_selected", "Zu teuer für dieses Jahr")


def test_hidden_idea_is_404_except_for_its_author_and_moderators(app, api, db, make_proposal,
                                                                 make_user):
    author = make_user()
    moderator = make_user(role=Role.FACILITATOR)
    proposal = make_proposal(author=author)
    proposal_services.hide_proposal(moderator, proposal, "Beleidigend")
    db.session.commit()

    assert error_code(api.get(f"/proposals/{proposal.id}", 404)) == "not_found"
    assert api_as(app, make_user()).get(f"/proposals/{proposal.id}", 404)
    assert api_as(app, author).get(f"/proposals/{proposal.id}")["status"] == "hidden"
    assert api_as(app, moderator).get(f"/proposals/{proposal.id}")["status"] == "hidden"


def test_unknown_proposal_is_404(api):
    assert error_code(api.get("/proposals/4711", 404)) == "not_found"
    assert api.client.get(f"{PREFIX}/proposals/99999999999999999999").status_code == 404


# --- posting an idea --------------------------------------------------------------------------

def test_idea_posted_with_a_token_is_201_with_location(app, db, make_process, make_user):
    process = make_process()
    user = make_user()
    caller = api_as(app, user)

    body = caller.post(f"/processes/{process.slug}/proposals", json={
        "title": "  Trinkbrunnen  am Markt ", "body": "Im Sommer fehlt Wasser.",
        "topic": process.topics[0].id, "district": None, "lat": 52.4, "lon": 13,
    })

    stored = db.session.execute(select(Proposal)).scalar_one()
    assert body["id"] == stored.id and stored.author_id == user.id
    assert body["title"] == "Trinkbrunnen am Markt"
    assert (body["lat"], body["lon"]) == (52.4, 13.0)
    assert body["topic"]["name"] == "Klima"
    assert body["my_vote"] == {"supported": False, "points": 0, "points_left": None}
    location = caller.last.headers["Location"]
    assert location == f"http://localhost{PREFIX}/proposals/{stored.id}"
    assert caller.get(location.removeprefix(f"http://localhost{PREFIX}")) == body


def test_posting_needs_login(api, make_process):
    process = make_process()
    body = api.post(f"/processes/{process.slug}/proposals", 401,
                    json={"title": "T", "body": "B"})
    assert error_code(body) == "unauthorized"
    assert count_proposals() == 0


@pytest.mark.parametrize("kwargs", [
    {"data": "{not json", "content_type": "application/json"},
    {"data": '{"title": "T", "body": "B"', "content_type": "application/json"},
    {"data": b"\xff\xfe", "content_type": "application/json"},
    {"data": "", "content_type": "application/json"},
    {"data": {"title": "T", "body": "B"}},  # a form, not JSON
    {"data": '{"title": "T", "body": "B"}', "content_type": "text/plain"},
], ids=["broken", "unclosed", "not-utf8", "empty", "form", "text-plain"])
def test_body_that_is_not_json_is_400(app, make_process, make_user, kwargs):
    process = make_process()
    caller = api_as(app, make_user())
    body = caller.post(f"/processes/{process.slug}/proposals", 400, **kwargs)
    assert error_code(body) == "bad_json"
    assert count_proposals() == 0


@pytest.mark.parametrize(("payload", "named"), [
    ({"title": 5, "body": "B"}, "title"),
    ({"title": "T", "body": None}, "body"),
    ({"title": "T", "body": "B", "lat": "north", "lon": 13}, "lat"),
    ({"title": "T", "body": "B", "lat": 52, "lon": [13]}, "lon"),
    ({"title": "T", "body": "B", "lat": True, "lon": 13}, "lat"),
    ({"title": "T", "body": "B", "topic": "1"}, "topic"),
    ({"title": "T", "body": "B", "topic": True}, "topic"),
    ({"title": "T", "body": "B", "district": 1.5}, "district"),
    ({"title": "T", "body": "B", "district": 10**30}, "district"),
    ({"title": "T", "body": "B", "author": "Somebody else"}, "author"),
    ({"body": "B"}, "title"),
    ({"title": "T"}, "body"),
], ids=lambda value: str(value)[:40])
def test_wrong_types_missing_and_unknown_fields_are_422(app, make_process, make_user, payload,
                                                        named):
    process = make_process()
    caller = api_as(app, make_user())
    body = caller.post(f"/processes/{process.slug}/proposals", 422, json=payload)
    assert error_code(body) == "invalid_input"
    assert named in body["error"]["message"]
    assert count_proposals() == 0


@pytest.mark.parametrize("payload", ['["title", "body"]', '"title"', "5", "null"])
def test_json_that_is_not_an_object_is_422(app, make_process, make_user, payload):
    process = make_process()
    caller = api_as(app, make_user())
    body = caller.post(f"/processes/{process.slug}/proposals", 422, data=payload,
                       content_type="application/json")
    assert error_code(body) == "invalid_input"
    assert count_proposals() == 0


def test_service_errors_pass_through(app, make_process, make_user):
    ideas = make_process()
    voting = make_process(phase=PhaseKind.VOTING)
    other = make_process()
    caller = api_as(app, make_user())
    unconfirmed = api_as(app, make_user(confirmed=False))
    good = {"title": "Trinkbrunnen", "body": "Wasser"}

    def refused(api_, slug, payload, status):
        return error_code(api_.post(f"/processes/{slug}/proposals", status, json=payload))

    assert refused(caller, voting.slug, good, 409) == "phase_closed"
    assert refused(unconfirmed, ideas.slug, good, 403) == "email_not_confirmed"
    assert refused(caller, ideas.slug, {**good, "title": "x" * 121}, 422) == "invalid_input"
    assert refused(caller, ideas.slug, {**good, "title": "   "}, 422) == "invalid_input"
    assert refused(caller, ideas.slug, {**good, "topic": other.topics[0].id}, 422) \
        == "invalid_input"
    assert refused(caller, ideas.slug, {**good, "lat": 52.0}, 422) == "invalid_input"
    assert refused(caller, ideas.slug, {**good, "lat": 91, "lon": 0}, 422) == "invalid_input"
    assert refused(caller, "nowhere", good, 404) == "not_found"
    assert count_proposals() == 0


# --- authentication and CSRF ------------------------------------------------------------------

def test_unknown_or_revoked_token_is_401_invalid_token(app, make_process, make_user):
    process = make_process()
    user = make_user()
    record, plain = create_api_token(user, "laptop")
    _db.session.commit()
    path = f"/processes/{process.slug}/proposals"
    assert Api(app.test_client(), plain).get(path)["total"] == 0

    revoke_api_token(user, record.id)
    _db.session.commit()

    for token in (plain, "zk_unknown", "not-even-ours"):
        caller = Api(app.test_client(), token)
        assert error_code(caller.get(path, 401)) == "invalid_token"
        assert error_code(caller.post(path, 401, json={"title": "T", "body": "B"})) \
            == "invalid_token"
    assert count_proposals() == 0


def _csrf_client(make_app, user):
    """A client logged in through the form of an app that checks CSRF; and its token."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    pattern = r'name="csrf_token"[^>]*value="([^"]+)"'
    token = re.search(pattern, client.get("/account/login").get_data(as_text=True)).group(1)
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                                   "csrf_token": token})
    assert response.status_code == 302
    token = re.search(pattern, client.get("/").get_data(as_text=True)).group(1)
    return client, token


def test_cookie_session_write_needs_the_csrf_header(make_app, make_process, make_user):
    process = make_process()
    client, csrf_token = _csrf_client(make_app, make_user())
    caller = Api(client)
    path = f"/processes/{process.slug}/proposals"
    payload = {"title": "Trinkbrunnen", "body": "Wasser"}

    assert error_code(caller.post(path, 400, json=payload)) == "csrf_failed"
    assert error_code(caller.post(path, 400, json=payload,
                                  headers={"X-CSRFToken": "forged"})) == "csrf_failed"
    assert count_proposals() == 0

    caller.post(path, json=payload, headers={"X-CSRFToken": csrf_token})
    assert count_proposals() == 1
    assert caller.get(path)["total"] == 1  # reading needs no CSRF token


def test_bearer_token_needs_no_csrf_header(make_app, make_process, make_user):
    process = make_process()
    user = make_user()
    caller = Api(make_app(WTF_CSRF_ENABLED=True).test_client(), token_for(user))

    body = caller.post(f"/processes/{process.slug}/proposals",
                       json={"title": "Trinkbrunnen", "body": "Wasser"})

    assert body["author"] == user.display_name
    assert count_proposals() == 1


def test_anonymous_write_is_401_also_where_csrf_is_checked(make_app, make_process):
    process = make_process()
    caller = Api(make_app(WTF_CSRF_ENABLED=True).test_client())
    body = caller.post(f"/processes/{process.slug}/proposals", 401,
                       json={"title": "T", "body": "B"})
    assert error_code(body) == "unauthorized"


def test_posting_is_rate_limited_per_person(make_app, make_process, make_user):
    process = make_process()
    app = make_app(RATELIMIT_ENABLED=True, POST_RATE_LIMIT="2 per minute")
    caller = api_as(app, make_user())
    path = f"/processes/{process.slug}/proposals"
    for n in range(2):
        caller.post(path, json={"title": f"Idee {n}", "body": "Text"})

    body = caller.post(path, 429, json={"title": "Noch eine", "body": "Text"})

    assert error_code(body) == "rate_limited"
    assert count_proposals() == 2
    api_as(app, make_user()).post(path, json={"title": "Jemand anderes", "body": "Text"})


def test_a_bearer_token_is_checked_even_with_a_session_cookie(client, db, make_user, login_as,
                                                              make_process):
    """A bogus token beside a valid session is refused, not ignored."""
    process = make_process()
    login_as(make_user())
    response = client.post(f"/api/v1/processes/{process.slug}/proposals",
                           json={"title": "Mit falschem Token", "body": "Text"},
                           headers={"Authorization": "Bearer zk_not-a-real-token"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_huge_ids_are_not_found_not_errors(client):
    assert client.get("/proposals/99999999999999999999999").status_code == 404
    assert client.get("/api/v1/proposals/99999999999999999999999").status_code == 404


# --- the entry point and the documentation page --------------------------------------------

@pytest.mark.parametrize("path", ["", "/"])
def test_the_entry_point_links_to_the_document_the_docs_and_the_collections(client, path):
    caller = Api(client)
    index = caller.get(path)
    assert caller.last.status_code == 200  # answered, not redirected
    links = index["links"]
    assert links["self"] == "http://localhost/api/v1"
    assert client.get(links["openapi"]).get_json()["openapi"] == "3.1.0"
    assert client.get(links["docs"]).mimetype == "text/html"
    assert "items" in client.get(links["processes"]).get_json()
    for name, template in index["templates"].items():  # each a path of the document
        assert template.startswith(links["self"] + "/"), name
        assert template[len(links["self"]):] in caller.document["paths"], name


def test_the_docs_page_loads_only_our_own_files(client):
    response = client.get(f"{PREFIX}/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["/static/js/site.js", "/static/vendor/swagger-ui/swagger-ui-bundle.js",
                       "/static/js/api-docs.js"]
    for url in [*scripts, *re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)]:
        assert url.startswith("/static/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        asset.close()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    # the one inline style is the brand tokens, allowed by their hash in the CSP
    assert re.findall(r"<style>(.*?)</style>", html) == [
        branding.style_sheet(client.application.config["BRAND_COLOR"])]
    assert not re.search(r"\sstyle=", html)
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert 'lang="en"' in html  # the reference is English inside the page's language


@pytest.mark.parametrize(("language", "title"), [("de", "API-Dokumentation"),
                                                 ("en", "API documentation"),
                                                 ("pl", "Dokumentacja API"),
                                                 ("dsb", "API-dokumentacija")])
def test_the_docs_page_speaks_the_site_languages(client, language, title):
    client.get(f"/language/{language}")
    html = client.get(f"{PREFIX}/docs").get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'href="/"' in html  # back to the site


def test_the_csrf_token_is_on_the_docs_page_only_for_a_logged_in_caller(client, make_user):
    assert "data-csrf-token" not in client.get(f"{PREFIX}/docs").get_data(as_text=True)
    from tests.conftest import login

    login(client, make_user())
    assert "data-csrf-token=" in client.get(f"{PREFIX}/docs").get_data(as_text=True)
