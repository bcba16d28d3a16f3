"""Where does a list request spend its time? `python -m bench.profile_page [--path ...]`.

Builds the same database as the benchmark (SQLite in a temporary folder, or the empty
PostgreSQL database in BENCH_DATABASE_URL with --postgres), then, for one page:

* the time of each SQL statement (cursor execute only, median over the requests),
* a split of the request: SQL, ORM (list_proposals minus its SQL), template rendering,
  and the rest (Flask, Flask-Login, Babel set-up, the test client),
* the template split: the page frame (rendered with no ideas) against the 20 idea cards,
* the plan of the slowest statement (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE),
* with --cprofile N, the N functions with the most own time.

To split the request it wraps a few functions at run time (list_proposals,
render_template); the app's files are not changed. The app runs without the page cache
(PAGE_CACHE_SECONDS=0): every request renders, as a cache miss does.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime

from flask import render_template
from sqlalchemy import event

from participation.extensions import db
from participation.proposals import services
from participation.proposals import views as proposal_views

from . import data, pages_bench
from .run import _quiet_logs


def _label(statement: str) -> str:
    """A short name for a statement: "select proposals (page, LIMIT)", "count proposals"."""
    table = re.search(r"\bFROM\s+(\w+)", statement)
    if table is None:
        return " ".join(statement.split()[:2])
    kind = "count" if "count(*)" in statement else statement.split()[0].lower()
    return f"{kind} {table.group(1)}" + (" (page, LIMIT)" if "LIMIT" in statement else "")


class Meter:
    """Times the SQL statements and some wrapped functions of each request."""

    def __init__(self, engine) -> None:
        self.engine, self.current, self.requests = engine, {}, []
        self.slowest: tuple[int, str, object] = (0, "", None)
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, _cursor, _statement, _params, _context, _many):
        conn.info["bench_start"] = time.perf_counter_ns()

    def _after(self, conn, _cursor, statement, params, _context, _many):
        spent = time.perf_counter_ns() - conn.info.pop("bench_start")
        key = "sql: " + _label(statement)
        self.current[key] = self.current.get(key, 0) + spent
        self.current["sql"] = self.current.get("sql", 0) + spent
        if spent > self.slowest[0]:
            self.slowest = (spent, statement, params)

    def wrap(self, module, name: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            sql_before, start = self.current.get("sql", 0), time.perf_counter_ns()
            try:
                return original(*args, **kwargs)
            finally:
                self.current[name] = time.perf_counter_ns() - start
                self.current[name + " sql"] = self.current.get("sql", 0) - sql_before

        setattr(module, name, timed)

    def request(self, client, path: str) -> None:
        self.current = {}
        start = time.perf_counter_ns()
        client.get(path).get_data()
        self.current["total"] = time.perf_counter_ns() - start
        self.requests.append(self.current)

    def median_ms(self, key: str) -> float:
        return statistics.median(r.get(key, 0) for r in self.requests) / 1e6


def _print_split(meter: Meter) -> None:
    m = meter.median_ms
    orm = m("list_proposals") - m("list_proposals sql")
    template = m("render_template") - m("render_template sql")
    rest = m("total") - m("sql") - orm - template
    print(f"\nrequest, median of {len(meter.requests)}: {m('total'):.2f} ms")
    statement_keys = sorted({k for r in meter.requests for k in r if k.startswith("sql: ")})
    for key in statement_keys:
        print(f"  {m(key):8.2f} ms  {key}")
    print(f"  {m('sql'):8.2f} ms  = all SQL (cursor execute)")
    print(f"  {orm:8.2f} ms  ORM: building objects from the rows of list_proposals")
    print(f"  {template:8.2f} ms  template rendering (without SQL run from the template)")
    print(f"  {rest:8.2f} ms  the rest: Flask, Flask-Login, Babel set-up, test client")


def _template_split(app, path: str, runs: int) -> None:
    """Render the list template with the 20 ideas and with none: frame against cards."""
    with app.test_request_context(path):
        captured = {}
        original = proposal_views.render_template

        def capture(name, **kwargs):
            captured.update(kwargs, template=name)
            return ""

        proposal_views.render_template = capture
        try:
            proposal_views.index(data.SLUG)
        finally:
            proposal_views.render_template = original
        name = captured.pop("template")
        page = captured["page"]
        items = page.items

        def render(with_items: bool) -> int:
            page.items = items if with_items else []
            start = time.perf_counter_ns()
            render_template(name, **captured)
            return time.perf_counter_ns() - start

        for _ in range(10):
            render(True)
        full = statistics.median(render(True) for _ in range(runs)) / 1e6
        frame = statistics.median(render(False) for _ in range(runs)) / 1e6
        page.items = items
    print(f"\ntemplate alone: {full:.2f} ms = frame {frame:.2f} ms (base.html, filter form, "
          f"pagination) + {len(items)} cards {full - frame:.2f} ms "
          f"({(full - frame) / max(len(items), 1) * 1000:.0f} µs each)")


def _explain(meter: Meter) -> None:
    spent, statement, params = meter.slowest
    prefix = "EXPLAIN ANALYZE " if meter.engine.dialect.name == "postgresql" else \
        "EXPLAIN QUERY PLAN "
    print(f"\nslowest statement ({spent / 1e6:.2f} ms): {_label(statement)}; its plan:")
    with meter.engine.connect() as connection:
        for row in connection.exec_driver_sql(prefix + statement, params):
            print("   ", row[-1] if len(row) > 1 else row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=pages_bench.BASE)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--postgres", action="store_true", help="use BENCH_DATABASE_URL")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    _quiet_logs()
    with tempfile.TemporaryDirectory(prefix="zk-profile-") as folder:
        url = os.environ["BENCH_DATABASE_URL"] if args.postgres else \
            f"sqlite:///{os.path.join(folder, 'bench.db')}"
        app = pages_bench.make_app(url, page_cache=False)  # the rendering, not a hit
        with app.app_context():
            data.check_empty()
            engine = db.engine
        try:
            with app.app_context():
                data.build(data.Sizes(), datetime.now(UTC))
            client = app.test_client()
            for _ in range(20):
                client.get(args.path)
            meter = Meter(engine)
            meter.wrap(services, "list_proposals")
            meter.wrap(proposal_views, "render_template")
            for _ in range(args.requests):
                meter.request(client, args.path)
            print(f"{args.path} on {engine.dialect.name}")
            _print_split(meter)
            if not args.path.startswith("/api/"):
                _template_split(app, args.path, args.requests)
            _explain(meter)
            if args.cprofile:
                profile = cProfile.Profile()
                profile.runcall(lambda: [client.get(args.path) for _ in range(args.requests)])
                pstats.Stats(profile).sort_stats("tottime").print_stats(args.cprofile)
        finally:
            with app.app_context():
                data.drop()
                db.engine.dispose()


if __name__ == "__main__":
    main()
