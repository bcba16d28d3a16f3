"""Building blocks of the OpenAPI 3.1 document: schema helpers, the shared components
(the error body, paging and CSRF parameters, the error answers) and the security schemes.

Schemas are JSON Schema 2020-12 (as OpenAPI 3.1 uses it): null is a type of its own,
objects list every field they have (`additionalProperties: false`), so the tests can check
each answer against the document. Each domain's api.py describes its own operations with
these and hands them over as an `ApiDoc`; api/openapi.py assembles the whole document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ERROR_CODES
from .inputs import DEFAULT_PER_PAGE, MAX_INT, MAX_PER_PAGE

Schema = dict[str, Any]

INT: Schema = {"type": "integer"}
COUNT: Schema = {"type": "integer", "minimum": 0}
ID: Schema = {"type": "integer", "minimum": 1, "maximum": MAX_INT}
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


def param(name: str, where: str, schema: Schema, description: str,
          required: bool = False) -> Schema:
    return {"name": name, "in": where, "required": required or where == "path",
            "schema": schema, "description": description}


def _status_text(status: int | None) -> str:
    return str(status) if status is not None else "socket only"


# The vocabulary of errors.ERROR_CODES as the document shows it: an enum, a table in the
# description, and each code's meaning in x-enumDescriptions (a map several viewers read).
ERROR_CODE_SCHEMA: Schema = {
    **STR,
    "enum": list(ERROR_CODES),
    "description": "Stable and machine-readable; one vocabulary for every endpoint (and the "
                   "live board's socket acks).\n\n| code | status | meaning |\n|---|---|---|\n"
                   + "".join(f"| `{code}` | {_status_text(status)} | {meaning} |\n"
                             for code, (status, meaning) in ERROR_CODES.items()),
    "x-enumDescriptions": {code: meaning for code, (_status, meaning) in ERROR_CODES.items()},
}

SCHEMAS: dict[str, Schema] = {
    "Error": obj({"error": obj({
        "code": ERROR_CODE_SCHEMA,
        "message": {**STR, "description": "Translated into the caller's language, for people."},
    })}, description="Every error answer: a code of the vocabulary and a message."),
    "Ok": obj({"ok": {"const": True}}),
}

PARAMETERS: dict[str, Schema] = {
    "page": param("page", "query", {"type": "integer", "minimum": 1, "maximum": MAX_INT,
                                     "default": 1}, "The page, from 1."),
    "per_page": param("per_page", "query",
                       {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                        "default": DEFAULT_PER_PAGE}, "Items per page."),
    "csrf": param("X-CSRFToken", "header", STR,
                   "Required for writes authenticated by the session cookie (cookieAuth); "
                   "not needed with a Bearer token."),
}


def param_ref(name: str) -> Schema:
    return {"$ref": f"#/components/parameters/{name}"}


def error_answer(status: int) -> Schema:
    """The answer for an error status, naming the codes of the vocabulary it comes with."""
    codes = [f"- `{code}`: {meaning}\n" for code, (code_status, meaning) in ERROR_CODES.items()
             if code_status == status]
    return {"description": "".join(codes),
            "content": {"application/json": {"schema": ref("Error")}}}


# components/responses: one per error status of the vocabulary
RESPONSE_NAMES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
                  405: "MethodNotAllowed", 409: "Conflict", 413: "PayloadTooLarge",
                  415: "UnsupportedMediaType", 422: "Unprocessable", 429: "TooManyRequests",
                  500: "ServerError"}
RESPONSES: dict[str, Schema] = {name: error_answer(status)
                                for status, name in RESPONSE_NAMES.items()}


def conflict_answer(codes: tuple[str, ...]) -> Schema:
    """The 409 of one operation: the state conflicts it can run into, each with its code."""
    unknown = [code for code in codes if ERROR_CODES.get(code, (None,))[0] != 409]
    if unknown:
        raise ValueError(f"not 409 codes of the vocabulary: {unknown}")
    return {"description": "Valid as sent, but not possible in the current state:\n"
                           + "".join(f"- `{code}`: {ERROR_CODES[code].meaning}\n"
                                     for code in codes),
            "content": {"application/json": {"schema": ref("Error")}}}


def errors(*statuses: int, conflicts: tuple[str, ...] = ()) -> dict[str, Schema]:
    """Error answers; 401 and 422 always (a bad Bearer token is refused on every route, and so
    is a null character anywhere in the address or an undeclared query parameter, before the
    route runs: web.py, api/__init__.py). `conflicts` names the codes of the operation's 409
    (then listed in its own answer rather than the shared one)."""
    statuses = tuple(sorted({401, 422, *statuses, *((409,) if conflicts else ())}))
    answers: dict[str, Schema] = {
        str(s): {"$ref": f"#/components/responses/{RESPONSE_NAMES[s]}"} for s in statuses}
    if conflicts:
        answers["409"] = conflict_answer(conflicts)
    return answers


def ok(schema: str, description: str, status: int = 200, **extra: Any) -> dict[str, Schema]:
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": ref(schema)}}, **extra}}


def body(schema: str, required: bool = True) -> Schema:
    return {"required": required, "content": {"application/json": {"schema": ref(schema)}}}


OPTIONAL_AUTH = [{}, {"bearerAuth": []}, {"cookieAuth": []}]
NEEDS_AUTH = [{"bearerAuth": []}, {"cookieAuth": []}]
WRITE_PARAMS = [param_ref("csrf")]



SECURITY_SCHEMES: dict[str, Schema] = {
    "bearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "A personal API token (zk_…) from the account page or "
                                  "`flask users token EMAIL`. No CSRF header needed."},
    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session",
                   "description": "The browser's login session. POST and DELETE must also "
                                  "send the CSRF token in the X-CSRFToken header."},
}


@dataclass(frozen=True)
class ApiDoc:
    """One domain's part of the OpenAPI document: its schemas, parameters and paths."""

    paths: dict[str, Schema]
    schemas: dict[str, Schema] = field(default_factory=dict)
    parameters: dict[str, Schema] = field(default_factory=dict)
