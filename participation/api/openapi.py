"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json: the shared
components of apikit.docs and every mounted domain's part (its `api_doc()`), assembled.

Paths are relative to the one server entry, `/api/v1`.
"""

from __future__ import annotations

import copy
from typing import Any

from ..apikit.docs import (
    OPTIONAL_AUTH,
    PARAMETERS,
    RESPONSES,
    SCHEMAS,
    SECURITY_SCHEMES,
    Schema,
    errors,
)
from ..processes import api as processes_api
from ..projects import api as projects_api
from ..proposals import api as proposals_api
from ..votes import api as votes_api

# The domains whose api.py the api blueprint mounts, in the order of the document.
DOMAINS = (processes_api, proposals_api, votes_api, projects_api)

SELF: dict[str, Schema] = {"/openapi.json": {"get": {
    "operationId": "openapi", "summary": "This document.", "security": OPTIONAL_AUTH,
    "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                          "content": {"application/json": {"schema": {"type": "object"}}}},
                  **errors()},
}}}


def build_document(domains=DOMAINS) -> dict[str, Any]:
    """The whole OpenAPI 3.1.0 document as plain data (a fresh copy) of the mounted domains.
    Raises ValueError when two domains name the same path, schema or parameter."""
    paths, schemas, parameters = copy.deepcopy(SELF), copy.deepcopy(SCHEMAS), \
        copy.deepcopy(PARAMETERS)
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
                           "processes. Errors are {\"error\": {\"code\", \"message\"}}; "
                           "lists are {\"items\", \"page\", \"pages\", \"total\"}.",
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
