"""The idea list page and the API list on 10,000 ideas and 200,000 supports, and the bare
baseline, all through Flask's test client (no network, no server: the app's own cost).

The list rows are anonymous requests, so after the first one they are page cache hits
(participation/pagecache.py): what a visitor gets. The rows "not cached" ask an app with
PAGE_CACHE_SECONDS=0 on the same database, so the cost of rendering stays in sight."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import event, text

from participation import create_app
from participation.extensions import db
from participation.processes.services import get_process
from participation.votes.services import refresh_stored_ranking

from . import bare, data
from .timing import summarise, time_calls

LIST_TARGET_MS = 30.0
BARE_RATIO_TARGET = 3.0
BASE = f"/processes/{data.SLUG}/proposals"
API = f"/api/v1/processes/{data.SLUG}/proposals"
LIST_PAGES = (
    ("list: default (newest)", BASE),
    ("list: sort=comments", f"{BASE}?sort=comments"),
    (f"list: search q={data.SEARCH}", f"{BASE}?q={data.SEARCH}"),
    ("list: sort=rank (stored)", f"{BASE}?sort=rank"),
)
# The same requests to an app without the page cache: each one renders the page.
UNCACHED_PAGES = (
    ("list: default, not cached", BASE),
    ("list: search, not cached", f"{BASE}?q={data.SEARCH}"),
)
RANKING_REFRESHES = 3
# What the new-idea form's script asks while someone types (proposals/similar.js).
SIMILAR = (f"/processes/{data.SLUG}/proposals/similar?title=Schattige+Sitzb%C3%A4nke+am+Markt"
           "&body=Mehr+Schatten+und+Sitzb%C3%A4nke+am+Marktplatz+f%C3%BCr+%C3%A4ltere+Menschen")
SIMILAR_TARGET_MS = 100.0


def make_app(url: str, page_cache: bool = True) -> Flask:
    config = {
        "APP_ENV": "development", "TESTING": False, "DEBUG": False, "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
        # the stored ranking (sort=rank) is refreshed and timed on its own, not mid-run
        "RANKING_MAX_AGE": 10**9,
    }
    if not page_cache:
        config["PAGE_CACHE_SECONDS"] = 0
    return create_app(config)


def database_version(app: Flask) -> str:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            return db.session.execute(text("SHOW server_version")).scalar_one()
        return db.session.execute(text("SELECT sqlite_version()")).scalar_one()


def _list_rows(app: Flask, pages, requests: int, warmup: int, keep_statements: bool,
               cached: bool) -> list[dict]:
    client = app.test_client()
    rows = []
    for name, path in pages:
        stats, size = _time_path(client, path, requests, warmup)
        statements = _statements(app, client, path)
        rows.append(_row(name, path, stats, size, len(statements)))
        rows[-1]["cached"] = cached
        if keep_statements:
            rows[-1]["statements"] = statements
    return rows


def _statements(app: Flask, client, path: str) -> list[str]:
    """The SQL statements one request runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def _time_path(client, path: str, requests: int, warmup: int) -> tuple[dict, int]:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}: "
                           f"{response.get_data(as_text=True)[:300]}")
    size = len(response.get_data())
    return summarise(time_calls(lambda: client.get(path).get_data(), requests, warmup)), size


def _api_available(app: Flask, client) -> str | None:
    """None when the API list answers; otherwise why not (the row then says n/a)."""
    if "api.proposals.list_proposals" not in app.view_functions:
        return "no route api.list_proposals"
    response = client.get(API)
    if response.status_code != 200:
        return f"GET {API} answered {response.status_code}"
    return None


def _refresh_ranking(app: Flask) -> dict:
    """Time refresh_stored_ranking: load every idea, rank(), store 10,000 places."""
    samples = []
    with app.app_context():
        for _ in range(RANKING_REFRESHES):
            process = get_process(data.SLUG)
            start = time.perf_counter_ns()
            refresh_stored_ranking(process, max_age_seconds=0, now=datetime.now(UTC))
            db.session.commit()
            samples.append(time.perf_counter_ns() - start)
            db.session.remove()
    return summarise(samples)


def _row(name: str, path: str, stats: dict | None, size: int | None, queries: int | None,
         target: str | None = None, met: bool | None = None, note: str | None = None) -> dict:
    return {"name": name, "path": path, "stats": stats, "bytes": size, "queries": queries,
            "target": target, "met": met, "note": note}


def run(url: str, requests: int, warmup: int, keep_statements: bool = False) -> dict:
    """Build the database at `url`, time every page; returns the figures of this database."""
    app = make_app(url)
    with app.app_context():
        data.check_empty()
    uncached_app = None
    try:
        with app.app_context():
            built = data.build(data.Sizes(), datetime.now(UTC))
        ranking_refresh = _refresh_ranking(app)
        client = app.test_client()
        rows = _list_rows(app, LIST_PAGES, requests, warmup, keep_statements, cached=True)
        uncached_app = make_app(url, page_cache=False)
        rows += _list_rows(uncached_app, UNCACHED_PAGES, requests, warmup, keep_statements,
                           cached=False)
        stats, size = _time_path(client, SIMILAR, requests, warmup)
        rows.append(_row("similar ideas while typing", SIMILAR, stats, size,
                         len(_statements(app, client, SIMILAR)),
                         target=f"p99 < {SIMILAR_TARGET_MS:g} ms",
                         met=stats["p99_ms"] < SIMILAR_TARGET_MS))
        problem = _api_available(app, client)
        if problem is None:
            stats, size = _time_path(client, API, requests, warmup)
            rows.append(_row("api: list (json)", API, stats, size,
                             len(_statements(app, client, API))))
        else:
            rows.append(_row("api: list (json)", API, None, None, None, note=problem))
        bare_app = bare.make_app(bare.rows_from(app))
        bare_stats, bare_size = _time_path(bare_app.test_client(), bare.PATH, requests, warmup)
        rows.append(_row("bare flask+jinja baseline", bare.PATH, bare_stats, bare_size, 0))
        for row in rows:
            if row["name"].startswith("list:"):
                ratio = row["stats"]["p50_ms"] / bare_stats["p50_ms"]
                row["ratio_to_bare"] = ratio
                if row["cached"]:  # the target is what a visitor gets; the rest is shown
                    row["target"] = (f"p50 < {LIST_TARGET_MS:g} ms, "
                                     f"<= {BARE_RATIO_TARGET:g}x bare")
                    row["met"] = row["stats"]["p50_ms"] < LIST_TARGET_MS and \
                        ratio <= BARE_RATIO_TARGET
        version = database_version(app)
    finally:
        if uncached_app is not None:
            with uncached_app.app_context():
                db.engine.dispose()
        with app.app_context():  # leave the database empty, as it was given
            data.drop()
            db.engine.dispose()
    return {"database": app.config["SQLALCHEMY_DATABASE_URI"].split("://")[0],
            "version": version, "data": built, "ranking_refresh": ranking_refresh,
            "requests": requests, "warmup": warmup, "rows": rows}
