"""A server process settles its garbage collector when it starts (participation/runtime.py):
`flask serve` and each gunicorn worker freeze what start-up built before serving."""

from __future__ import annotations

import json
import re
import uuid

from tests.prod_server import GunicornServer, fresh_database, require_stack
from tests.workshop_server import WorkshopServer, upgrade_database

SETTLED = re.compile(r"server process settled: (\d+) objects frozen, a collection after "
                     r"50000 new objects")


def test_flask_serve_settles_before_serving(tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade_database(url)
    server = WorkshopServer(url, tmp_path / "server.log").start()
    try:
        found = SETTLED.search(server.log())
    finally:
        server.stop()
    assert found, server.log()[-2000:]
    assert int(found.group(1)) > 10_000  # Flask, SQLAlchemy, Jinja, Babel: start-up's world


def test_each_gunicorn_worker_settles_before_serving(tmp_path):
    require_stack()
    with fresh_database("zs_start") as url:
        server = GunicornServer(url, None, f"zs-start-{uuid.uuid4().hex[:8]}",
                                tmp_path / "gunicorn.log").start()
        try:
            records = [json.loads(line) for line in server.log().splitlines()
                       if line.startswith("{")]
        finally:
            server.stop()
    settled = [r for r in records if r.get("component") == "runtime"]
    assert len(settled) == 1, server.log()[-2000:]  # the one worker, once
    assert settled[0]["frozen"] > 10_000
