"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json: the shared
components of apikit.docs and every mounted domain's part (its `api_doc()`), assembled.

Paths are relative to the one server entry, `/api/v1`.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import current_app

from ..apikit.docs import (
    OPTIONAL_AUTH,
    PARAMETERS,
    RESPONSES,
    SCHEMAS,
    SECURITY_SCHEMES,
    STR,
    Schema,
    errors,
    obj,
    ok,
)
from ..processes import api as processes_api
from ..projects import api as projects_api
from ..proposals import api as proposals_api
from ..votes import api as votes_api

# The domains whose api.py the api blueprint mounts, in the order of the document.
DOMAINS = (processes_api, proposals_api, votes_api, projects_api)

# The URI templates (RFC 6570) the entry point /api/v1 names, with this document's paths:
# the collections of one process and one idea (the top-level collection is `processes`).
INDEX_TEMPLATES: dict[str, str] = {
    "proposals": "/processes/{slug}/proposals",
    "ranking": "/processes/{slug}/ranking",
    "projects": "/processes/{slug}/projects",
    "proposal": "/proposals/{proposal_id}",
}

ABSOLUTE_URL: Schema = {"type": "string", "format": "uri"}
URI_TEMPLATE: Schema = {"type": "string", "format": "uri-template"}

SELF_SCHEMAS: dict[str, Schema] = {
    "ApiIndex": obj({
        "title": STR,
        "version": STR,
        "links": obj({
            "self": {**ABSOLUTE_URL, "description": "This entry point."},
            "openapi": {**ABSOLUTE_URL, "description": "The OpenAPI 3.1 document."},
            "docs": {**ABSOLUTE_URL, "description": "The documentation page (HTML)."},
            "processes": {**ABSOLUTE_URL, "description": "The participation processes."},
        }),
        "templates": obj({name: {**URI_TEMPLATE, "description": f"GET {path}"}
                          for name, path in INDEX_TEMPLATES.items()}),
    }, description="Links to everything else: absolute URLs, and URI templates for the "
                   "collections of one process or idea."),
}

SELF: dict[str, Schema] = {
    "/": {"get": {
        "operationId": "index", "summary": "The entry point: links to the rest of the API.",
        "description": "Also answered at `/api/v1` without the slash.",
        "security": OPTIONAL_AUTH,
        "responses": {**ok("ApiIndex", "Links."), **errors()},
    }},
    "/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.", "security": OPTIONAL_AUTH,
        "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      **errors()},
    }},
    "/docs": {"get": {
        "operationId": "docs", "summary": "The documentation page, rendered from this "
                                          "document (HTML, in the site's languages).",
        "security": OPTIONAL_AUTH,
        "responses": {"200": {"description": "The page.",
                              "content": {"text/html": {"schema": STR}}},
                      **errors()},
    }},
}


def build_document(domains=DOMAINS) -> dict[str, Any]:
    """The whole OpenAPI 3.1.0 document as plain data (a fresh copy) of the mounted domains.
    Raises ValueError when two domains name the same path, schema or parameter."""
    paths = copy.deepcopy(SELF)
    schemas = copy.deepcopy({**SCHEMAS, **SELF_SCHEMAS})
    parameters = copy.deepcopy(PARAMETERS)
    for domain in domains:
        doc = domain.api_doc()
        for mine, theirs, what in ((paths, doc.paths, "path"),
                                   (schemas, doc.schemas, "schema"),
                                   (parameters, doc.parameters, "parameter")):
            clash = mine.keys() & theirs.keys()
            if clash:
                raise ValueError(f"{domain.__name__} names the {what} {sorted(clash)} again")
            mine.update(copy.deepcopy(theirs))
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Zukunftsstadt API",
            "version": "1",
            "description": "Ideas, votes and the ranking of the city's participation "
                           "processes. Start at `/api/v1` (links). Errors are "
                           "`{\"error\": {\"code\", \"message\"}}` with a code of one "
                           "vocabulary (the `Error` schema lists each); lists are "
                           "`{\"items\", \"page\", \"pages\", \"total\"}`. An operation takes "
                           "only the query parameters it lists, each once: any other one, one "
                           "given twice or a value outside its enum is 422 `invalid_input`. A "
                           "request valid in shape but not possible in the current state "
                           "(phase, vote method, already voted, locked) is 409 with its code. "
                           "Answers name their follow-up calls as OpenAPI links. "
                           "Any operation may "
                           "also answer 405 (`method_not_allowed`), 413 (`payload_too_large`) or "
                           "500 (`server_error`).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": OPTIONAL_AUTH,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": parameters,
            "responses": copy.deepcopy(RESPONSES),
            "securitySchemes": copy.deepcopy(SECURITY_SCHEMES),
        },
    }


def _document_path(rule: str, prefix: str) -> str:
    """The document's path of a Flask rule: `/api/v1/proposals/<int:proposal_id>` →
    `/proposals/{proposal_id}`."""
    path = rule[len(prefix):] if rule.startswith(prefix) else rule
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path) or "/"


def query_parameters(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Schema]]:
    """(path, method) → the query parameters the operation declares, name → schema."""
    shared = document["components"]["parameters"]
    found: dict[tuple[str, str], dict[str, Schema]] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            params = [shared[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p
                      for p in operation.get("parameters", [])]
            found[(path, method)] = {p["name"]: p["schema"] for p in params
                                     if p["in"] == "query"}
    return found


def declared_query(rule: str, method: str, prefix: str = "/api/v1") -> dict[str, Schema] | None:
    """The query parameters of the operation behind a Flask rule and method, from this app's
    document (built once per app); None for an operation the document does not have."""
    table = current_app.extensions.get("api_query_parameters")
    if table is None:
        table = current_app.extensions["api_query_parameters"] = query_parameters(
            build_document())
    method = "get" if method == "HEAD" else method.lower()
    return table.get((_document_path(rule, prefix), method))
