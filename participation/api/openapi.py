"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json.

Paths are relative to the one server entry, `/api/v1`. Schemas are JSON Schema 2020-12
(as OpenAPI 3.1 uses it): null is a type of its own, objects list every field they have
(`additionalProperties: false`), so the tests can check each answer against this document.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import current_app

from ..processes.models import PHASE_ORDER, VoteMethod
from ..proposals.models import ProposalOrigin, ProposalStatus
from ..votes.ranking import CHANNELS
from .inputs import DEFAULT_PER_PAGE, MAX_INT, MAX_PER_PAGE, MAX_SEARCH_LENGTH

Schema = dict[str, Any]

INT: Schema = {"type": "integer"}
COUNT: Schema = {"type": "integer", "minimum": 0}
ID: Schema = {"type": "integer", "minimum": 1}
STR: Schema = {"type": "string"}
BOOL: Schema = {"type": "boolean"}
NUMBER: Schema = {"type": "number"}
URL: Schema = {"type": "string", "format": "uri", "description": "The object's HTML page."}
DATE_TIME: Schema = {"type": "string", "format": "date-time"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Schema], required: list[str] | None = None,
        description: str | None = None) -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def page_of(item: str) -> Schema:
    return obj({
        "items": {"type": "array", "items": ref(item)},
        "page": {"type": "integer", "minimum": 1},
        "pages": COUNT,
        "total": COUNT,
    })


PHASE: Schema = {"type": "string", "enum": [p.value for p in PHASE_ORDER]}
STATUS: Schema = {"type": "string", "enum": [s.value for s in ProposalStatus]}
VOTES: Schema = {**nullable(ref("VoteFigures")),
                 "description": "null while the process hides the votes."}
RANK: Schema = {"type": ["integer", "null"], "minimum": 1,
                "description": "Place in the stored combined ranking; null when not ranked "
                               "(yet) or while votes are hidden."}

SCHEMAS: dict[str, Schema] = {
    "Error": obj({"error": obj({
        "code": {**STR, "description": "Stable, e.g. invalid_input, bad_json, unauthorized, "
                                       "invalid_token, csrf_failed, not_found, phase_closed, "
                                       "already_voted, not_voted, budget_exceeded, "
                                       "too_many_points, votes_hidden, rate_limited."},
        "message": {**STR, "description": "Translated, for people."},
    })}),
    "Named": obj({"id": ID, "name": STR}, description="A topic or a district."),
    "PhaseDates": obj({
        "phase": PHASE,
        "starts_on": {"type": ["string", "null"], "format": "date"},
        "ends_on": {"type": ["string", "null"], "format": "date"},
    }),
    "Process": obj({
        "id": ID, "url": URL, "slug": STR, "title": STR, "description": STR,
        "phase": PHASE,
        "phases": {"type": "array", "items": ref("PhaseDates"),
                   "description": "All six phases in order, with dates where set."},
        "vote_method": {"type": "string", "enum": [m.value for m in VoteMethod]},
        "pairwise": {**BOOL, "description": "Pairwise comparison is used."},
        "dot_budget": ID, "dot_max_per_proposal": ID,
        "votes_visible": {**BOOL, "description": "false while vote figures are hidden."},
        "topics": {"type": "array", "items": ref("Named")},
        "districts": {"type": "array", "items": ref("Named")},
    }),
    "ProcessList": page_of("Process"),
    "VoteFigures": obj({"count": {**COUNT, "description": "Supports, or dot points in total."},
                        "voters": {**COUNT, "description": "People who gave them."}}),
    "PairwiseFigures": obj({"wins": COUNT, "losses": COUNT, "ties": COUNT}),
    "MyVote": obj({
        "supported": {**BOOL, "description": "The caller supports it or gave it points."},
        "points": COUNT,
        "points_left": {"type": ["integer", "null"], "minimum": 0,
                        "description": "The caller's unspent dots; null unless the process "
                                       "votes with dots."},
    }),
    "ProposalSummary": obj({
        "id": ID, "url": URL, "title": STR,
        "excerpt": {**STR, "description": "The start of the body as one line of plain text."},
        "topic": nullable(ref("Named")), "district": nullable(ref("Named")),
        "status": STATUS,
        "origin": {"type": "string", "enum": [o.value for o in ProposalOrigin]},
        "author": {**STR, "description": "The author's public name."},
        "created_at": DATE_TIME, "comment_count": COUNT, "votes": VOTES, "rank": RANK,
    }),
    "Proposal": obj({
        "id": ID, "url": URL,
        "process": {**STR, "description": "The slug of the process."},
        "title": STR, "body": STR,
        "topic": nullable(ref("Named")), "district": nullable(ref("Named")),
        "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
        "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
        "status": STATUS,
        "status_reason": {"type": ["string", "null"],
                          "description": "Why it was not selected; null for other statuses."},
        "origin": {"type": "string", "enum": [o.value for o in ProposalOrigin]},
        "author": STR, "created_at": DATE_TIME,
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "comment_count": COUNT, "votes": VOTES,
        "pairwise": {**nullable(ref("PairwiseFigures")),
                     "description": "null while the process hides the votes."},
        "rank": RANK,
        "my_vote": {**nullable(ref("MyVote")), "description": "null for anonymous callers."},
    }),
    "ProposalList": page_of("ProposalSummary"),
    "ProposalInput": obj({
        "title": {**STR, "minLength": 1, "description": "Required, not empty."},
        "body": {**STR, "minLength": 1, "description": "Required, not empty."},
        "topic": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT,
                  "description": "The id of one of the process's topics."},
        "district": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT},
        "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90,
                "description": "Give lat and lon together, or neither."},
        "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
    }, required=["title", "body"]),
    "VoteInput": obj({"points": {"type": "integer", "minimum": 1, "default": 1,
                                 "description": "Only where the process votes with dots."}},
                     required=[]),
    "VoteResult": obj({"ok": {"const": True}, "votes": VOTES, "my_vote": ref("MyVote")}),
    "Pair": obj({
        "left": nullable(ref("ProposalSummary")), "right": nullable(ref("ProposalSummary")),
        "token": {"type": ["string", "null"],
                  "description": "Send it back with the answer; null when done."},
        "done": {**BOOL, "description": "true when the caller has compared every pair."},
    }),
    "PairAnswer": obj({
        "token": STR,
        "winner": {"type": ["integer", "null"], "minimum": 1,
                   "description": "The id of the preferred idea of the pair, or null for "
                                  "“can't decide”."},
    }),
    "Ok": obj({"ok": {"const": True}}),
    "ScorePart": obj({
        "channel": {"type": "string", "enum": list(CHANNELS)},
        "raw": NUMBER,
        "normalised": {"type": "number", "minimum": 0, "maximum": 1},
        "weight": {"type": "number", "minimum": 0},
        "contribution": {"type": "number", "minimum": 0, "maximum": 1},
        "detail": {"type": "object", "additionalProperties": NUMBER,
                   "description": "Channel figures (votes, exposure_days, votes_per_day, "
                                  "best_votes_per_day; dots, most_dots; wins, losses, ties, "
                                  "comparisons)."},
    }),
    "RankedIdea": obj({
        "rank": {"type": "integer", "minimum": 1},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "proposal": ref("ProposalSummary"),
        "parts": {"type": "array", "items": ref("ScorePart")},
    }),
    "Ranking": obj({
        "items": {"type": "array", "items": ref("RankedIdea")},
        "total": COUNT, "computed_at": DATE_TIME,
    }),
}


def _param(name: str, where: str, schema: Schema, description: str,
           required: bool = False) -> Schema:
    return {"name": name, "in": where, "required": required or where == "path",
            "schema": schema, "description": description}


PARAMETERS: dict[str, Schema] = {
    "slug": _param("slug", "path", STR, "The short name of the process."),
    "proposal_id": _param("proposal_id", "path", {**ID, "maximum": MAX_INT},
                          "The id of the proposal."),
    "page": _param("page", "query", {"type": "integer", "minimum": 1, "maximum": MAX_INT,
                                     "default": 1}, "The page, from 1."),
    "per_page": _param("per_page", "query",
                       {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                        "default": DEFAULT_PER_PAGE}, "Items per page."),
    "csrf": _param("X-CSRFToken", "header", STR,
                   "Required for writes authenticated by the session cookie (cookieAuth); "
                   "not needed with a Bearer token."),
}


def _param_ref(name: str) -> Schema:
    return {"$ref": f"#/components/parameters/{name}"}


def _error(description: str) -> Schema:
    return {"description": description,
            "content": {"application/json": {"schema": ref("Error")}}}


RESPONSES: dict[str, Schema] = {
    "BadRequest": _error("bad_json: the body is not JSON; csrf_failed: a cookie-authenticated "
                         "write without a valid X-CSRFToken header."),
    "Unauthorized": _error("unauthorized: not logged in; invalid_token: the Bearer token is "
                           "unknown or revoked."),
    "Forbidden": _error("not_allowed, email_not_confirmed, or votes_hidden."),
    "NotFound": _error("not_found (or not_voted when there is nothing to take back)."),
    "Conflict": _error("phase_closed, locked, already_voted, budget_exceeded, "
                       "too_many_points."),
    "Unprocessable": _error("invalid_input: a field or parameter has the wrong type or value; "
                            "the message names it."),
    "TooManyRequests": _error("rate_limited: too many requests in a short time."),
}


def _errors(*statuses: int) -> dict[str, Schema]:
    """Error answers; 401 and 422 always (a bad Bearer token is refused on every route, and so
    is a null character anywhere in the address, before the route runs: web.py)."""
    statuses = tuple(sorted({401, 422, *statuses}))
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
             409: "Conflict", 422: "Unprocessable", 429: "TooManyRequests"}
    return {str(s): {"$ref": f"#/components/responses/{names[s]}"} for s in statuses}


def _ok(schema: str, description: str, status: int = 200, **extra: Any) -> dict[str, Schema]:
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": ref(schema)}}, **extra}}


def _body(schema: str, required: bool = True) -> Schema:
    return {"required": required, "content": {"application/json": {"schema": ref(schema)}}}


OPTIONAL_AUTH = [{}, {"bearerAuth": []}, {"cookieAuth": []}]
NEEDS_AUTH = [{"bearerAuth": []}, {"cookieAuth": []}]
WRITE_PARAMS = [_param_ref("csrf")]


def _paths() -> dict[str, Schema]:
    slug, proposal = [_param_ref("slug")], [_param_ref("proposal_id")]
    paging = [_param_ref("page"), _param_ref("per_page")]
    list_filters = [
        _param("topic", "query", {**ID, "maximum": MAX_INT}, "Only ideas of this topic id."),
        _param("district", "query", {**ID, "maximum": MAX_INT},
               "Only ideas of this district id."),
        _param("status", "query", STATUS, "Only ideas with this status (hidden and withdrawn "
                                          "for moderators only)."),
        _param("q", "query", {**STR, "maxLength": MAX_SEARCH_LENGTH},
               "Search words; all must occur in the title or body."),
        _param("sort", "query", {"type": "string", "enum": ["new", "comments", "rank"],
                                 "default": "new"},
               "rank: the combined ranking (403 votes_hidden while votes are hidden)."),
    ]
    return {
        "/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document.", "security": OPTIONAL_AUTH,
            "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                                  "content": {"application/json": {"schema":
                                                                   {"type": "object"}}}},
                          **_errors()},
        }},
        "/processes": {"get": {
            "operationId": "listProcesses", "summary": "Processes with their phases and dates.",
            "security": OPTIONAL_AUTH, "parameters": paging,
            "responses": {**_ok("ProcessList", "A page of processes, newest first."),
                          **_errors(422)},
        }},
        "/processes/{slug}/proposals": {
            "get": {
                "operationId": "listProposals", "summary": "Ideas of a process, filtered.",
                "security": OPTIONAL_AUTH, "parameters": slug + list_filters + paging,
                "responses": {**_ok("ProposalList", "A page of ideas."),
                              **_errors(403, 404, 422)},
            },
            "post": {
                "operationId": "createProposal", "summary": "Post a new idea (ideas phase).",
                "security": NEEDS_AUTH, "parameters": slug + WRITE_PARAMS,
                "requestBody": _body("ProposalInput"),
                "responses": {
                    **_ok("Proposal", "The idea was published.", 201, headers={
                        "Location": {"description": "The API address of the new idea.",
                                     "schema": {"type": "string", "format": "uri"}}}),
                    **_errors(400, 401, 403, 404, 409, 422, 429),
                },
            },
        },
        "/proposals/{proposal_id}": {"get": {
            "operationId": "getProposal", "summary": "One idea with its vote figures.",
            "security": OPTIONAL_AUTH, "parameters": proposal,
            "responses": {**_ok("Proposal", "The idea."), **_errors(404)},
        }},
        "/proposals/{proposal_id}/vote": {
            "post": {
                "operationId": "vote",
                "summary": "Support the idea, or give it dot points (voting phase).",
                "security": NEEDS_AUTH, "parameters": proposal + WRITE_PARAMS,
                "requestBody": _body("VoteInput", required=False),
                "responses": {**_ok("VoteResult", "The vote is counted.", 201),
                              **_errors(400, 401, 403, 404, 409, 422, 429)},
            },
            "delete": {
                "operationId": "unvote",
                "summary": "Take the support back, or some or all dot points.",
                "security": NEEDS_AUTH,
                "parameters": proposal + WRITE_PARAMS + [_param(
                    "points", "query", {**ID, "maximum": MAX_INT},
                    "Dots only: how many points to take back (default all).")],
                "responses": {**_ok("VoteResult", "The vote is taken back."),
                              **_errors(400, 401, 403, 404, 409, 422, 429)},
            },
        },
        "/processes/{slug}/pairs/next": {"get": {
            "operationId": "nextPair", "summary": "Two ideas to compare, and a token.",
            "security": NEEDS_AUTH, "parameters": slug,
            "responses": {**_ok("Pair", "A pair, or done: true when all are answered."),
                          **_errors(401, 403, 404, 409)},
        }},
        "/processes/{slug}/pairs": {"post": {
            "operationId": "answerPair", "summary": "Answer the pair given with the token.",
            "security": NEEDS_AUTH, "parameters": slug + WRITE_PARAMS,
            "requestBody": _body("PairAnswer"),
            "responses": {**_ok("Ok", "The answer is counted.", 201),
                          **_errors(400, 401, 403, 404, 409, 422, 429)},
        }},
        "/processes/{slug}/ranking": {"get": {
            "operationId": "ranking",
            "summary": "The combined ranking, each score explained by its parts.",
            "security": OPTIONAL_AUTH, "parameters": slug,
            "responses": {**_ok("Ranking", "Every ranked idea, best first."),
                          **_errors(403, 404)},
        }},
    }


def _feed_schema() -> Schema:
    """The project feed's JSON Schema file, its $defs addressed inside this document."""
    from ..projects.feed import schema

    feed = copy.deepcopy(schema())
    feed.pop("$schema", None)
    feed.pop("$id", None)
    prefix = "#/components/schemas/ProjectFeed/$defs/"

    def rewrite(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
                node["$ref"] = prefix + node["$ref"][len("#/$defs/"):]
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(feed)
    return feed


def _project_paths() -> dict[str, Schema]:
    slug = [_param_ref("slug")]
    binary = {"schema": {"type": "string", "contentEncoding": "binary"}}
    return {
        "/processes/{slug}/projects": {"get": {
            "operationId": "projectFeed",
            "summary": "The published candidate projects as open data (schema "
                       "/schemas/projects-v1.schema.json); other deployments import it.",
            "security": OPTIONAL_AUTH, "parameters": slug,
            "responses": {**_ok("ProjectFeed", "The feed; projects is empty while nothing "
                                               "is published."), **_errors(404)},
        }},
        "/processes/{slug}/export.{fmt}": {"get": {
            "operationId": "exportProjects",
            "summary": "Download the projects and ideas: csv (semicolons, UTF-8 with BOM, "
                       "for a German Excel), xlsx, json (the feed with every idea), pdf "
                       "(the council report). Planners get drafts and author names; "
                       "everyone else the published list without personal data.",
            "security": OPTIONAL_AUTH,
            "parameters": slug + [
                _param("fmt", "path", {"type": "string", "enum": ["csv", "xlsx", "json",
                                                                   "pdf"]}, "The format."),
                _param("table", "query", {"type": "string", "enum": ["projects", "proposals"],
                                          "default": "projects"},
                       "csv only: the projects, or every idea with its vote figures."),
                _param("public", "query", {"type": "string", "enum": ["1"]},
                       "Planners: the public version (published projects, no names)."),
            ],
            "responses": {
                "200": {"description": "The file, as an attachment.", "content": {
                    "text/csv": binary,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                        binary,
                    "application/json": {"schema": ref("ProjectFeed")},
                    "application/pdf": binary}},
                **_errors(404)},
        }},
    }


def build_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1.0 document as plain data (a fresh copy)."""
    schemas = copy.deepcopy(SCHEMAS)
    schemas["ProjectFeed"] = _feed_schema()
    limits = schemas["ProposalInput"]["properties"]
    for field, key in (("title", "TITLE_MAX"), ("body", "BODY_MAX")):
        limits[field]["description"] += f" At most {current_app.config[key]} characters."
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Zukunftsstadt API",
            "version": "1",
            "description": "Ideas, votes and the ranking of the city's participation "
                           "processes. Errors are {\"error\": {\"code\", \"message\"}}; "
                           "lists are {\"items\", \"page\", \"pages\", \"total\"}.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": OPTIONAL_AUTH,
        "paths": {**_paths(), **_project_paths()},
        "components": {
            "schemas": schemas,
            "parameters": copy.deepcopy(PARAMETERS),
            "responses": copy.deepcopy(RESPONSES),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A personal API token (zk_…) from the account "
                                              "page or `flask users token EMAIL`. No CSRF "
                                              "header needed."},
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session",
                               "description": "The browser's login session. POST and DELETE "
                                              "must also send the CSRF token in the "
                                              "X-CSRFToken header."},
            },
        },
    }
