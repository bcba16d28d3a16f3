"""Structured logs with a request id.

Every log line is one record: `LOG_FORMAT=text` (the default) writes `key=value` pairs,
`LOG_FORMAT=json` one JSON object per line (for a log collector). Each record has `ts`,
`level`, `logger`, `msg`, and, inside a request, `request_id`; an exception adds `exc`
(the traceback, in the log only: a visitor sees the error page).

The request id is the proxy's `X-Request-ID` when it sends a sane one (nginx: `$request_id`),
otherwise a new random one; it is returned in the `X-Request-ID` response header, so a
citizen's report ("it failed at 10:14") can be found in the log. After every request one
line `request` says method, path, status, duration and the client's address shortened
(the last IPv4 octet, or the last 80 bits of an IPv6 address, zeroed): the log keeps no
full address.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

from .legal.iplog import truncate_ip

log = logging.getLogger("participation.request")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# Values that need quotes in key=value form
_PLAIN = re.compile(r"[^\s\"=]+")


def truncated_address(address: str | None) -> str:
    """The client's address with the host part cut (legal.iplog.truncate_ip: a.b.c.0, or the
    first 48 bits of IPv6); "-" when it is missing or not an address."""
    try:
        ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    return truncate_ip(address)


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


def _fields(record: logging.LogRecord) -> dict:
    fields = {
        "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "msg": record.getMessage(),
    }
    request_id = getattr(record, "request_id", None) or current_request_id()
    if request_id:
        fields["request_id"] = request_id
    for key, value in vars(record).items():
        if key not in _STANDARD and key not in fields and not key.startswith("_"):
            fields[key] = value
    if record.exc_info:
        fields["exc"] = logging.Formatter().formatException(record.exc_info)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(_fields(record), ensure_ascii=False, default=str)


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=INFO logger=… msg="…" request_id=…`, one record per line (a traceback
    stays on one line too, its line breaks written as \\n)."""

    def format(self, record: logging.LogRecord) -> str:
        return " ".join(f"{key}={_quoted(value)}" for key, value in _fields(record).items())


def _quoted(value) -> str:
    text = str(value)
    if _PLAIN.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """Give the root logger our format and level, once per process. Left alone in tests and
    when something (the benchmarks, pytest) has set up logging already."""
    root = logging.getLogger()
    if app.debug or app.testing or root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if app.config.get("LOG_FORMAT") == "json"
                         else KeyValueFormatter())
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO").upper())
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # werkzeug's own access line would repeat ours without the request id
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def init_request_ids(app: Flask) -> None:
    """A request id for every request, in `g`, the logs and the response header."""

    @app.before_request
    def take_request_id():
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if _SANE_ID.fullmatch(sent) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def return_request_id(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
            if request.path.startswith("/static/"):
                return response
            started = g.get("request_started", time.perf_counter())
            log.info("request", extra={
                "request_id": request_id, "method": request.method, "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "client": truncated_address(request.remote_addr)})
        return response
