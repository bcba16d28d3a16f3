"""An exact cache of whole pages for anonymous visitors.

The case it is made for: a QR code on the projector, and two hundred people in the hall open
the idea list in the same second. Rendered once, the page is then served from memory until
something changes.

Exact within one process. Every engine of the app reports each transaction that wrote
something when it commits (`watch_writes`), and that moves one generation counter per
process, shared by all apps in it (tests build several apps on one database). A page is
served only under the generation it was rendered in, so the next request after any write
(an idea, a vote, a comment, a moderator's decision, a live workshop's dot) renders afresh.
Writes by other server processes, and what time alone changes (the ranking's votes per
day), are bounded by `PAGE_CACHE_SECONDS` instead: no page is older than that; 0 switches
the cache off. At most `PAGE_CACHE_ENTRIES` pages are kept per app, the least recently used
dropped first.

Only what is the same for every anonymous visitor is stored: a GET without login, without
an Authorization header and without a flashed message waiting, answered 200 with HTML by a
view that added no header of its own, wrote nothing into the visitor's session and made no
CSRF token (a token belongs to one session). The key is everything such a page depends on
(`_key`). The cache keeps the body only: a hit is a new response that passes through the
after_request hooks like any other (security headers, request id, session cookie).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from flask import Flask, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

_clock = time.monotonic  # a module attribute, so tests can move time

# In Connection.info (the pooled connection's dictionary): this transaction wrote, and
# (later) its COMMIT was sent, so the generation moves once more when it is surely done.
_WROTE = "page_cache_wrote"
_COMMITTED = "page_cache_committed"
_FIRST_WORD = re.compile(r"[\s(]*(\w+)")
_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT", "CREATE",
                     "DROP", "ALTER", "TRUNCATE"})
_DML = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_OWN_HEADERS = frozenset({"content-type", "content-length"})

_generation = 0
_generation_lock = threading.Lock()


def current_generation() -> int:
    """How many committed writes this process has seen (pages are valid for one value)."""
    return _generation


def bump() -> None:
    """Make every cached page of this process stale."""
    global _generation
    with _generation_lock:
        _generation += 1


# --- writes: engine events --------------------------------------------------------------------

def watch_writes(engine: Engine) -> None:
    """Move the generation whenever a transaction on this engine that wrote commits."""
    if event.contains(engine, "before_cursor_execute", _note_write):
        return
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "after_cursor_execute", _autocommitted)
    event.listen(engine, "commit", _committing)
    event.listen(engine, "rollback", _rolled_back)
    event.listen(engine, "begin", _next_transaction)
    event.listen(engine, "checkin", _checked_in)


def is_write(statement: str, context) -> bool:
    """Whether a statement changes data: ORM and Core statements say so themselves; text
    (exec_driver_sql, text()) is judged by its first word. SELECT, PRAGMA, BEGIN, SAVEPOINT
    are not writes."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return True
    match = _FIRST_WORD.match(statement)
    word = match.group(1).upper() if match else ""
    return word in _WRITES or (word == "WITH" and _DML.search(statement) is not None)


def _note_write(conn, _cursor, statement, _parameters, context, _executemany) -> None:
    if _WROTE not in conn.info and is_write(statement, context):
        conn.info[_WROTE] = True


def _autocommitted(conn, _cursor, _statement, _parameters, _context, _executemany) -> None:
    # Without a transaction (isolation level AUTOCOMMIT, which the app itself never asks for:
    # maintenance such as VACUUM does) a write is visible as soon as it ran.
    if conn.info.get(_WROTE) and conn.get_execution_options().get(
            "isolation_level") == "AUTOCOMMIT":
        bump()


def _committing(conn) -> None:
    # This event comes just before the database's COMMIT. Pages rendered before it are stale
    # now; a page rendered during the COMMIT may still have read the old rows, so the
    # generation moves again once the commit is over (_next_transaction, _checked_in).
    if conn.info.pop(_WROTE, False):
        bump()
        conn.info[_COMMITTED] = True


def _rolled_back(conn) -> None:
    conn.info.pop(_WROTE, None)


def _next_transaction(conn) -> None:
    if conn.info.pop(_COMMITTED, False):
        bump()


def _checked_in(_dbapi_connection, connection_record) -> None:
    if connection_record is not None and connection_record.info.pop(_COMMITTED, False):
        bump()


# --- the cache ----------------------------------------------------------------------------------

class _Page(NamedTuple):
    stored_at: float
    content_type: str
    body: bytes


class PageCache:
    """The pages of one app, least recently used first; all of one generation."""

    def __init__(self, seconds: float, entries: int) -> None:
        self.seconds, self.entries = seconds, entries
        self._pages: OrderedDict[tuple, _Page] = OrderedDict()
        self._generation = current_generation()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def _forget_if_stale(self) -> None:
        if self._generation != _generation:
            self._pages.clear()
            self._generation = _generation

    def get(self, key: tuple) -> _Page | None:
        with self._lock:
            self._forget_if_stale()
            page = self._pages.get(key)
            if page is None:
                return None
            if _clock() - page.stored_at >= self.seconds:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, generation: int, content_type: str, body: bytes) -> None:
        """Keep a page rendered under `generation`; not if something was written meanwhile."""
        with self._lock:
            self._forget_if_stale()
            if generation != self._generation:
                return
            self._pages[key] = _Page(_clock(), content_type, body)
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)


def init_page_cache(app: Flask) -> None:
    """Watch the app's engines, and give it a cache unless PAGE_CACHE_SECONDS is 0."""
    from .extensions import db

    with app.app_context():
        # also with the cache off: another app in this process may share the database
        for engine in db.engines.values():
            watch_writes(engine)
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if seconds > 0:
        app.extensions["page_cache"] = PageCache(seconds, app.config["PAGE_CACHE_ENTRIES"])


def _same_for_every_visitor() -> bool:
    return (request.method == "GET" and "Authorization" not in request.headers
            and not session.get("_flashes") and not current_user.is_authenticated)


def _key() -> tuple:
    # The query string as sent, not its sorted pairs: the page repeats it in links (the
    # language switch and "log in to vote" come back to request.full_path).
    return (request.endpoint, tuple(sorted((request.view_args or {}).items())),
            request.root_url, request.path, request.query_string, str(get_locale()))


def _storable(response) -> bool:
    token_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return (response.status_code == 200 and response.mimetype == "text/html"
            and not response.is_streamed
            and {name.lower() for name, _value in response.headers.items()} <= _OWN_HEADERS
            and token_name not in g and not session.modified)


def page_cache(view):
    """Serve the view's page to anonymous visitors from the app's page cache."""

    @wraps(view)
    def cached_view(*args, **kwargs):
        cache: PageCache | None = current_app.extensions.get("page_cache")
        if cache is None or not _same_for_every_visitor():
            return view(*args, **kwargs)
        key = _key()
        page = cache.get(key)
        if page is not None:
            return current_app.response_class(page.body, content_type=page.content_type)
        generation = current_generation()  # before the view reads anything
        response = current_app.make_response(view(*args, **kwargs))
        if _storable(response):
            cache.put(key, generation, response.content_type, response.get_data())
        return response

    return cached_view


SHARED_BODY_MAX = 8 * 1024 * 1024


def shared_body(build: Callable[[], str]) -> bytes:
    """The body of an answer that is the same for every caller, logged in or not (the map's
    GeoJSON: what anonymous visitors see, in the caller's language), from the page cache
    under the same rules as pages: valid until the next write or PAGE_CACHE_SECONDS. Kept
    only without a search (`q`: endless variants) and up to SHARED_BODY_MAX bytes."""
    cache: PageCache | None = current_app.extensions.get("page_cache")
    if cache is None or request.method != "GET" or "q" in request.args:
        return build().encode()
    key = ("shared", *_key())
    page = cache.get(key)
    if page is not None:
        return page.body
    generation = current_generation()  # before anything is read
    body = build().encode()
    if len(body) <= SHARED_BODY_MAX:
        cache.put(key, generation, "", body)
    return body
