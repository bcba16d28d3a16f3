"""Reading API input: the JSON body and the query string, checked for shape and type.

Only the shape is checked here (which fields, which JSON types); every rule about the
values (lengths, phases, budgets, who may do what) stays in the services. Each problem is
a DomainError, so web.py answers it with the JSON error body and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..errors import DomainError, InvalidInput
from ..models_base import MAX_INT
from ..sanitize import unstorable

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_SEARCH_LENGTH = 200


class BadJson(DomainError):
    """The body is not JSON at all (wrong content type or broken syntax)."""

    code = "bad_json"
    status = 400
    default_message = _l("The request body is not valid JSON.")


Check = Callable[[str, Any], Any]


def _is_int(value: Any) -> bool:
    # JSON Schema's integer is any number without a fractional part: 58304.0 is one too
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_("The field “%(field)s” must be a text.", field=name))
    if unstorable(value):
        raise InvalidInput(_("The field “%(field)s” contains a character that cannot be "
                             "stored (a null character).", field=name))
    return value


def optional_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    return text(name, value)


def optional_id(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if not _is_int(value) or not 1 <= value <= MAX_INT:
        raise InvalidInput(_("The field “%(field)s” must be the id of an entry, or null.",
                             field=name))
    return int(value)


def optional_number(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InvalidInput(_("The field “%(field)s” must be a number, or null.", field=name))
    return float(value)


def whole_number(name: str, value: Any) -> int:
    # the services check the range that makes sense (at least one point, within the budget)
    if not _is_int(value) or abs(value) > MAX_INT:
        raise InvalidInput(_("The field “%(field)s” must be a whole number.", field=name))
    return int(value)


def _read_json(allow_empty: bool) -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip() and allow_empty:
        return {}
    if not request.is_json:
        raise BadJson(_("Send the data as JSON with the header "
                        "“Content-Type: application/json”."))
    try:
        return current_app.json.loads(raw)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise BadJson() from exc


def json_body(fields: Mapping[str, Check], required: Sequence[str] = (),
              allow_empty: bool = False) -> dict[str, Any]:
    """The JSON object of the request with each known field checked; absent optional
    fields are left out. Raises BadJson (400) or InvalidInput (422) naming the field."""
    data = _read_json(allow_empty)
    if not isinstance(data, dict):
        raise InvalidInput(_("The request body must be a JSON object."))
    for name in data:
        if name not in fields:
            raise InvalidInput(_("Unknown field “%(field)s”. Possible fields: %(fields)s",
                                 field=str(name)[:60], fields=", ".join(fields)))
    for name in required:
        if name not in data:
            raise InvalidInput(_("The field “%(field)s” is missing.", field=name))
    return {name: fields[name](name, value) for name, value in data.items()}


def check_query(declared: Mapping[str, Mapping[str, Any]]) -> None:
    """The query string against the parameters an operation declares (name → JSON Schema):
    no other name, none given twice, an enum's value one of it (empty counts as not given,
    as in the HTML forms). The types and ranges are read by int_arg and the rest in the
    route. Raises InvalidInput naming the parameter."""
    for name in request.args:
        if name not in declared:
            if declared:
                raise InvalidInput(_("Unknown parameter “%(name)s”. Possible parameters: "
                                     "%(names)s", name=name[:60], names=", ".join(declared)))
            raise InvalidInput(_("Unknown parameter “%(name)s”: this address takes no "
                                 "parameters.", name=name[:60]))
        values = request.args.getlist(name)
        if len(values) > 1:
            raise InvalidInput(_("The parameter “%(name)s” may be given only once.",
                                 name=name))
        choices = declared[name].get("enum")
        if choices is not None and values[0] != "" and values[0] not in choices:
            raise InvalidInput(_("Unknown value for “%(name)s”. Possible values: %(values)s",
                                 name=name, values=", ".join(map(str, choices))))


def int_arg(name: str, default: int | None = None, minimum: int = 1,
            maximum: int = MAX_INT) -> int | None:
    """A whole-number query parameter within bounds. Raises InvalidInput."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise InvalidInput(_("The parameter “%(name)s” must be a whole number from %(min)d "
                             "to %(max)d.", name=name, min=minimum, max=maximum))
    return int(raw)


def choice_arg(name: str, choices: Sequence[str], default: str | None = None) -> str | None:
    """A query parameter that must be one of `choices`. Raises InvalidInput."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if raw not in choices:
        raise InvalidInput(_("Unknown value for “%(name)s”. Possible values: %(values)s",
                             name=name, values=", ".join(choices)))
    return raw


def search_arg(name: str = "q") -> str | None:
    raw = request.args.get(name) or None
    if raw is not None and len(raw) > MAX_SEARCH_LENGTH:
        raise InvalidInput(_("The search text may have at most %(max)d characters.",
                             max=MAX_SEARCH_LENGTH))
    return raw


def pagination_args() -> tuple[int, int]:
    """(page, per_page) from the query: page ≥ 1, per_page 1..100 (default 20)."""
    page = int_arg("page", 1)
    per_page = int_arg("per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
    return page, per_page
