"""Schemathesis against the JSON API: every operation of /api/v1/openapi.json, anonymous and
with a Bearer token, on a city with data in it.

For each operation Schemathesis generates requests from the OpenAPI document (valid ones and
broken ones: wrong types, missing fields, values out of range, odd strings) and sends them
to the app (WSGI, in process). Every answer must not be a server error, must have a status
the document lists for the operation, and must match the documented schema. Path parameters
are steered to existing processes and ideas two times out of three, so the requests reach
the services and not only the 404 of an unknown id.

Not checked: that the app accepts exactly what the schemas allow. The services have rules no
JSON Schema states (a topic must be one of the process's, lat comes with lon, a text must not
be blank once trimmed, a vote needs the voting phase) and refuse such requests with a
documented 4xx (positive_data_acceptance); and the API is lenient where the HTML forms need it
(an empty query parameter counts as not given, whitespace in titles is collapsed), which
negative_data_rejection would report. Nor ignored_auth: its probes keep the Bearer header
while they swap the session cookie, and report the token's success as a missing check
(test_authz_matrix.py proves that every API write refuses anonymous, forged and revoked
callers). Every other check of Schemathesis runs: no server error, documented status codes,
content types, headers and response schemas, 405 with Allow.

Bounded: MAX_EXAMPLES per operation and caller, no deadline per example (a slow CI machine
must not fail a request that is merely slow), the whole file in well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
)

from participation import create_app
from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.api.openapi import build_document
from participation.config import TestConfig
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services

MAX_EXAMPLES = 25


def _document() -> dict:
    app = create_app(TestConfig)
    with app.app_context():
        return build_document()


schema = schemathesis.openapi.from_dict(_document())


@pytest.fixture
def city(app, db, make_user, make_process, make_proposal):
    """Processes in the ideas and voting phases (supports, dots, pairwise), ideas with
    comments, and a token; returns (slugs, proposal ids, bearer token)."""
    author = make_user()
    slugs, ids = [], []
    for phase, method in ((PhaseKind.IDEAS, "supports"), (PhaseKind.VOTING, "supports"),
                          (PhaseKind.VOTING, "dots"), (PhaseKind.VOTING, "pairwise")):
        process = make_process(phase=phase)
        process.vote_method = method
        process.pairwise_enabled = method == "pairwise"
        for n in range(3):
            proposal = make_proposal(process, author=author, title=f"Idee {n}")
            ids.append(proposal.id)
            if n == 0 and phase == PhaseKind.VOTING:
                proposal_services.add_comment(make_user(), proposal, "Gute Idee")
        slugs.append(process.slug)
    caller = make_user(role=Role.CITIZEN)
    _token, plain = account_services.create_api_token(caller, "Fuzz")
    db.session.commit()
    return slugs, ids, plain


def _steer(case, slugs: list[str], ids: list[int]) -> None:
    """Two times out of three, use an existing process or idea (chosen by the value)."""
    params = case.path_parameters or {}
    if "slug" in params and hash(str(params["slug"])) % 3:
        params["slug"] = slugs[hash(str(params["slug"])) % len(slugs)]
    if "proposal_id" in params and hash(str(params["proposal_id"])) % 3:
        params["proposal_id"] = ids[hash(str(params["proposal_id"])) % len(ids)]


@pytest.mark.parametrize("caller", ["anonymous", "bearer"])
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_every_request_as_documented(case, caller, app, city):
    slugs, ids, token = city
    _steer(case, slugs, ids)
    if caller == "bearer":  # in the case, so that Schemathesis's auth probes can take it out
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    case.operation.schema.app = app  # Schemathesis's own probes go to this app too
    case.call_and_validate(base_url="http://localhost/api/v1", app=app,
                           excluded_checks=[positive_data_acceptance, negative_data_rejection,
                                            ignored_auth])


# --- what the fuzzer found, kept as plain regression tests ------------------------------------

def test_an_id_beyond_the_database_range_is_404_not_405(client):
    too_big = 2**31
    for method in ("POST", "DELETE"):
        response = client.open(f"/api/v1/proposals/{too_big}/vote", method=method)
        assert response.status_code in (401, 404), (method, response.status_code)
    assert client.get(f"/api/v1/proposals/{too_big}").status_code == 404
    assert client.get(f"/proposals/{too_big}").status_code == 404


def test_405_names_the_allowed_methods(client):
    response = client.open("/api/v1/openapi.json", method="PUT")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert response.get_json()["error"]["code"] == "method_not_allowed"
