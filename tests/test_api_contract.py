"""The API takes exactly what its OpenAPI document says (issue 21): what schemathesis found
where the document and the server disagreed, each kept as a test of its own.

- `points` belongs to dot voting: sent where the process votes with supports it is valid in
  shape but wrong for the process's state, so 409 `wrong_vote_method` (documented), not 422.
- Integer ids are `integer` in the document, and the server reads them as JSON Schema does
  (58304.0 is an integer there).
- Query parameters: an undeclared one, one given twice, or a value outside its enum is 422
  `invalid_input` with a translated message naming it, for every operation of /api/v1 and
  for no HTML page.
- Every state conflict is a 409 with its code, listed in the operation's 409 answer.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.apikit.docs import conflict_answer
from participation.errors import ERROR_CODES
from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.votes.models import DotAllocation, PairwiseAnswer, Support
from tests.test_api import PREFIX, Api, api_as, error_code


def _count(model) -> int:
    return _db.session.execute(select(func.count(model.id))).scalar_one()


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def voting(db, make_process):
    def factory(method: str = "supports", **settings):
        process = make_process(phase=PhaseKind.VOTING)
        process.vote_method = method
        process.pairwise_enabled = method == "pairwise"
        for name, value in settings.items():
            setattr(process, name, value)
        db.session.commit()
        return process

    return factory


@pytest.fixture
def citizen(app, make_user):
    return lambda: api_as(app, make_user())


def _conflict_codes(document: dict, path: str, method: str) -> list[str]:
    """The codes an operation's 409 answer names."""
    answer = document["paths"][path][method]["responses"]["409"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    return [line.split("`")[1] for line in answer["description"].splitlines()
            if line.startswith("- `")]


# --- 1. points belong to dot voting ---------------------------------------------------------

def test_points_where_the_process_votes_with_supports_are_409_wrong_vote_method(
        voting, make_proposal, citizen):
    proposal = make_proposal(voting("supports"))
    caller = citizen()
    path = f"/proposals/{proposal.id}/vote"

    assert error_code(caller.post(path, 409, json={"points": 1})) == "wrong_vote_method"
    assert error_code(caller.delete(f"{path}?points=1", 409)) == "wrong_vote_method"
    assert _count(Support) == 0
    # without points the same caller supports the idea
    assert caller.post(path)["my_vote"]["supported"] is True


def test_the_document_says_points_are_for_dot_voting_and_lists_the_409(api):
    document = api.document
    points = document["components"]["schemas"]["VoteInput"]["properties"]["points"]
    assert "dots" in points["description"] and "wrong_vote_method" in points["description"]
    taken_back = next(p for p in document["paths"]["/proposals/{proposal_id}/vote"]["delete"][
        "parameters"] if p.get("name") == "points")
    assert "wrong_vote_method" in taken_back["description"]
    for method in ("post", "delete"):
        codes = _conflict_codes(document, "/proposals/{proposal_id}/vote", method)
        assert {"wrong_vote_method", "phase_closed"} <= set(codes), (method, codes)


def test_the_other_ways_of_voting_are_409_wrong_vote_method(voting, make_proposal, citizen):
    supports = voting("supports")
    pairwise = voting("pairwise")
    for process in (supports, pairwise):
        make_proposal(process)
        make_proposal(process)
    idea = make_proposal(pairwise)
    caller = citizen()
    assert error_code(caller.get(f"/processes/{supports.slug}/pairs/next", 409)) \
        == "wrong_vote_method"
    assert error_code(caller.post(f"/processes/{supports.slug}/pairs", 409, json={
        "token": "x", "winner": None})) == "wrong_vote_method"
    assert error_code(caller.post(f"/proposals/{idea.id}/vote", 409)) == "wrong_vote_method"


# --- 2. integer ids -------------------------------------------------------------------------

ID_NAMES = {"id", "winner", "topic", "district", "proposal_id", "image_id"}


def _id_schemas(node, where=""):
    """Every schema of a field or parameter that holds an id, with where it is."""
    if isinstance(node, dict):
        if node.get("in") in ("path", "query") and node.get("name") in ID_NAMES:
            yield where + "/" + node["name"], node["schema"]
        for name, value in (node.get("properties") or {}).items():
            if name in ID_NAMES and isinstance(value, dict) and "$ref" not in value \
                    and "anyOf" not in value:
                yield f"{where}/{name}", value
        for key, value in node.items():
            if key != "ProjectFeed":  # the published projects-v1 file: district is a name
                yield from _id_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _id_schemas(value, f"{where}/{n}")


def test_every_id_in_the_document_is_an_integer(api):
    found = dict(_id_schemas(api.document))
    assert any(where.endswith("PairAnswer/winner") for where in found), found
    for where, schema in found.items():
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert "integer" in types and "number" not in types, where
        assert schema.get("minimum") == 1 and "maximum" in schema, where


def test_a_whole_number_sent_as_58304_0_is_read_as_the_integer_it_is(
        voting, make_proposal, citizen):
    process = voting("pairwise")
    make_proposal(process)
    make_proposal(process)
    caller = citizen()
    base = f"/processes/{process.slug}/pairs"

    pair = caller.get(f"{base}/next")
    # not "must be the id of an entry": the server takes 58304.0 as the id 58304
    as_float = caller.post(base, 422, json={"token": pair["token"], "winner": 58304.0})
    as_int = caller.post(base, 422, json={"token": pair["token"], "winner": 58304})
    assert as_float == as_int  # "choose one of the two ideas", the same rule for both
    assert error_code(caller.post(base, 422, json={"token": pair["token"], "winner": 1.5})) \
        == "invalid_input"
    assert caller.post(base, json={"token": pair["token"],
                                   "winner": float(pair["left"]["id"])}) == {"ok": True}
    assert _db.session.execute(select(PairwiseAnswer.winner_id)).scalar_one() \
        == pair["left"]["id"]


def test_dot_points_sent_as_2_0_are_two_points(voting, make_proposal, citizen):
    proposal = make_proposal(voting("dots", dot_budget=5, dot_max_per_proposal=3))
    body = citizen().post(f"/proposals/{proposal.id}/vote", json={"points": 2.0})
    assert body["my_vote"]["points"] == 2
    assert _db.session.execute(select(DotAllocation.points)).scalar_one() == 2


# --- 3. query parameters --------------------------------------------------------------------

def test_a_query_parameter_given_twice_is_422_naming_it(api, make_process):
    slug = make_process().slug
    body = api.get(f"/processes/{slug}/export.csv?table=null&table=null", 422)
    assert error_code(body) == "invalid_input"
    assert "table" in body["error"]["message"]
    body = api.get("/processes?page=1&page=1", 422)
    assert error_code(body) == "invalid_input" and "page" in body["error"]["message"]


def test_a_value_outside_the_enum_is_422(app, api, make_process, make_user):
    slug = make_process().slug
    planner = api_as(app, make_user(role=Role.PLANNER))  # gets the export before publication
    body = api.get(f"/processes/{slug}/export.csv?table=null", 422)
    assert "table" in body["error"]["message"] and "proposals" in body["error"]["message"]
    assert "public" in api.get(f"/processes/{slug}/export.csv?public=yes", 422)["error"][
        "message"]
    # the values of the enum, and an empty one (not given), are taken
    for query, status in (("table=projects", 200), ("table=proposals", 200), ("table=", 200),
                          ("public=1", 404)):  # nothing is published yet
        response = planner.client.get(f"{PREFIX}/processes/{slug}/export.csv?{query}",
                                      headers=planner.headers)
        assert response.status_code == status, (query, response.get_data(as_text=True))


def test_an_undeclared_query_parameter_is_422_naming_it_and_the_declared_ones(
        api, make_process, make_proposal):
    slug = make_process().slug
    body = api.get(f"/processes/{slug}/proposals?colour=green", 422)
    assert error_code(body) == "invalid_input"
    assert "colour" in body["error"]["message"] and "sort" in body["error"]["message"]
    idea = make_proposal()
    assert "colour" in api.get(f"/proposals/{idea.id}?colour=green", 422)["error"]["message"]
    assert api.get(f"/processes/{slug}/proposals?sort=new&q=Baum")["total"] == 0


def test_the_message_is_translated(client, make_process):
    client.get("/language/de")
    response = client.get(f"{PREFIX}/processes?page=1&page=2")
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] \
        == "Der Parameter „page“ darf nur einmal angegeben werden."


def test_html_pages_keep_taking_any_query(client, make_process):
    slug = make_process().slug
    assert client.get("/?utm_source=flyer&utm_source=poster").status_code == 200
    assert client.get(f"/processes/{slug}?colour=green&colour=red").status_code == 200


# --- 4. state conflicts are 409 with their code, documented --------------------------------

def test_state_conflicts_are_409_in_the_vocabulary():
    for code in ("phase_closed", "wrong_vote_method", "already_voted", "locked",
                 "budget_exceeded", "too_many_points", "too_many_images", "workshop_closed"):
        assert ERROR_CODES[code].status == 409, code


def test_each_write_lists_its_state_conflicts_in_its_409(api):
    document = api.document
    expected = {
        ("/proposals/{proposal_id}/vote", "post"): {"phase_closed", "wrong_vote_method",
                                                    "locked", "already_voted",
                                                    "budget_exceeded", "too_many_points"},
        ("/proposals/{proposal_id}/vote", "delete"): {"phase_closed", "wrong_vote_method"},
        ("/processes/{slug}/pairs/next", "get"): {"phase_closed", "wrong_vote_method"},
        ("/processes/{slug}/pairs", "post"): {"phase_closed", "wrong_vote_method",
                                              "already_voted"},
        ("/processes/{slug}/proposals", "post"): {"phase_closed"},
        ("/proposals/{proposal_id}/images", "post"): {"phase_closed", "locked",
                                                      "too_many_images"},
    }
    for (path, method), codes in expected.items():
        assert set(_conflict_codes(document, path, method)) == codes, (path, method)


def test_a_409_answer_names_only_409_codes():
    assert "`phase_closed`" in conflict_answer(("phase_closed",))["description"]
    with pytest.raises(ValueError, match="invalid_input"):
        conflict_answer(("invalid_input",))


def test_a_closed_phase_is_409_phase_closed_as_documented(db, voting, make_proposal, citizen):
    process = voting("dots")
    proposal = make_proposal(process)
    process.current_phase = PhaseKind.RESULTS.value
    db.session.commit()
    caller = citizen()
    for method in ("post", "delete"):
        body = getattr(caller, method)(f"/proposals/{proposal.id}/vote", 409)
        assert error_code(body) == "phase_closed"


# --- 5. links: create → read → vote, next pair → answer ------------------------------------

def _pointer_value(body, pointer: str):
    for part in pointer.lstrip("/").split("/"):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def _evaluate(expression, request_path: dict, body):
    """An OpenAPI runtime expression of the kinds the document uses, or a value as it is."""
    if isinstance(expression, dict):
        return {key: _evaluate(value, request_path, body) for key, value in expression.items()}
    if expression.startswith("$response.body#"):
        return _pointer_value(body, expression[len("$response.body#"):])
    if expression.startswith("$request.path."):
        return request_path[expression[len("$request.path."):]]
    raise AssertionError(expression)


def _operations(document: dict) -> dict[str, tuple[str, str, dict]]:
    return {operation["operationId"]: (path, method, operation)
            for path, operations in document["paths"].items()
            for method, operation in operations.items()}


def test_every_link_names_an_operation_and_its_parameters(api):
    operations = _operations(api.document)
    shared = api.document["components"]["parameters"]
    linked = set()
    for _source, (_path, _method, operation) in operations.items():
        for answer in operation["responses"].values():
            for name, link in answer.get("links", {}).items():
                target = operations[link["operationId"]][2]
                names = {shared[p["$ref"].rsplit("/", 1)[1]]["name"] if "$ref" in p
                         else p["name"] for p in target.get("parameters", [])}
                assert set(link["parameters"]) <= names, name
                linked.add((operation["operationId"], link["operationId"]))
    assert {("createProposal", "getProposal"), ("createProposal", "vote"),
            ("getProposal", "vote"), ("vote", "unvote"), ("nextPair", "answerPair")} <= linked


def test_following_the_links_walks_create_read_vote_and_a_pair(
        db, voting, make_process, make_proposal, citizen):
    caller = citizen()
    operations = _operations(caller.document)

    def follow(source: str, link: str, request_path: dict, body):
        spec = caller.document["paths"][operations[source][0]][operations[source][1]][
            "responses"]
        answer = next(a for a in spec.values() if link in a.get("links", {}))
        target = answer["links"][link]
        path, method, _op = operations[target["operationId"]]
        params = _evaluate(target["parameters"], request_path, body)
        payload = _evaluate(target.get("requestBody", {}), request_path, body) or None
        return path.format(**params), method, params, payload

    process = make_process()  # ideas phase: create
    created = caller.post(f"/processes/{process.slug}/proposals",
                          json={"title": "Trinkbrunnen", "body": "Am Markt, bitte."})
    path, method, params, _body = follow("createProposal", "getProposal", {}, created)
    assert caller.call(method.upper(), path, 200)["title"] == "Trinkbrunnen"
    process.current_phase = PhaseKind.VOTING.value
    db.session.commit()
    path, method, params, _body = follow("createProposal", "vote", {}, created)
    assert caller.call(method.upper(), path, 201)["my_vote"]["supported"] is True
    path, method, _params, _body = follow("vote", "unvote", params, {})
    assert caller.call(method.upper(), path, 200)["my_vote"]["supported"] is False

    pairwise = voting("pairwise")
    make_proposal(pairwise)
    make_proposal(pairwise)
    pair = caller.get(f"/processes/{pairwise.slug}/pairs/next")
    path, method, _params, body = follow("nextPair", "answerPair", {"slug": pairwise.slug}, pair)
    assert caller.call(method.upper(), path, 201, json=body) == {"ok": True}
    assert _db.session.execute(select(PairwiseAnswer.winner_id)).scalar_one() \
        == pair["left"]["id"]
