"""The production stack: one gunicorn process against two behind the Redis queue.

Needs PostgreSQL (BENCH_POSTGRES_ADMIN_URL, default the local `postgres` user) and Redis
(BENCH_REDIS_URL, default 127.0.0.1:6379/0); each part creates its own databases with
unique names and drops them, and uses a Redis key prefix and channel of its own.

1. **Live workshop, N phones (default 500)**: workshop_bench's app round (the same notes,
   tally probes and closed-loop dot votes, the same client harness), run twice on a fresh
   PostgreSQL database each:
   * one process: `gunicorn -c gunicorn.conf.py wsgi:app` (one gevent worker), no Redis;
   * two processes of the same, with REDIS_URL (the Socket.IO message queue); the phones
     join the two in turn, the projector is on the first. Every note and tally crosses
     Redis to the other half of the room. (nginx routes one board to one process; this is
     a board spread over two, as during a failover, the harder case for latency. Two
     processes add capacity for several boards at once.)
   The table puts both side by side with the ratio two / one.
2. **Idea list throughput**: 10,000 ideas and 200,000 supports on PostgreSQL (bench/data.py),
   `GET /processes/bench/proposals` from gunicorn (one process, then two), and the bare
   Flask page (bench/bare.py, the same 20 ideas from a Python list, no database) under the
   same gunicorn settings in the same run. An aiohttp client with CONCURRENCY connections
   for DURATION_S seconds after WARMUP_S: requests per second and latency. The client runs
   in this process on the same 2 cores: its CPU share is printed, since it bounds what a
   fast page can show.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from . import workshop_bench
from .timing import summarise
from .workshop_bench import Server, _free_port, _login_cookie, _prepare_database

ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN_URL",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SIZES = (500,)
CONCURRENCY = 16
WARMUP_S = 2.0
DURATION_S = 10.0


def unavailable() -> str | None:
    """Why this part cannot run here, or None."""
    missing = workshop_bench.missing_packages()
    for module in ("gunicorn",):
        from importlib.util import find_spec

        if find_spec(module) is None:
            missing.append(module)
    if missing:
        return f"{', '.join(missing)} not installed"
    import psycopg
    import redis

    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {ADMIN_URL} ({exc.__class__.__name__})"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except (redis.RedisError, OSError) as exc:
        return f"Redis not reachable at {REDIS_URL} ({exc.__class__.__name__})"
    return None


@contextmanager
def fresh_database():
    """An empty PostgreSQL database of its own (its URL); dropped afterwards."""
    import psycopg

    name = f"zk_bench_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_prefix():
    """A Redis key prefix (and Socket.IO channel) of its own; its keys are deleted after."""
    import redis

    prefix = f"zk-bench-{uuid.uuid4().hex[:8]}"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


# --- gunicorn processes ----------------------------------------------------------------------

class Gunicorn(Server):
    """One `gunicorn -c gunicorn.conf.py` (arbiter + one gevent worker); CPU and memory are
    those of both."""

    def __init__(self, app: str, env: dict, log_path: Path) -> None:
        port = _free_port()
        super().__init__([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
                         {**env, "PORT": str(port), "LOG_LEVEL": "warning"}, log_path, port)

    def _pids(self) -> list[int]:
        pid = self.process.pid
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [pid, *(int(child) for child in children.read().split())]

    def rss_kb(self) -> int:
        total = 0
        for pid in self._pids():
            with open(f"/proc/{pid}/status") as status:
                total += next(int(line.split()[1]) for line in status
                              if line.startswith("VmRSS:"))
        return total

    def cpu_s(self) -> float:
        total = 0.0
        for pid in self._pids():
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total


class Cluster:
    """Several processes seen as one server by workshop_bench._round: phones join `urls` in
    turn; CPU and memory are summed."""

    def __init__(self, servers: list[Gunicorn]) -> None:
        self.servers = servers

    @property
    def url(self) -> str:
        return self.servers[0].url

    @property
    def urls(self) -> list[str]:
        return [server.url for server in self.servers]

    def rss_kb(self) -> int:
        return sum(server.rss_kb() for server in self.servers)

    def cpu_s(self) -> float:
        return sum(server.cpu_s() for server in self.servers)


def _env(database_url: str, redis_url: str | None, prefix: str) -> dict:
    env = workshop_bench._server_env(database_url)
    env.pop("SOCKETIO_ASYNC_MODE", None)  # gunicorn.conf.py sets gevent
    # development: the facilitator logs in over plain http (production cookies are Secure)
    env.update(APP_ENV="development", REDIS_PREFIX=prefix, LOG_FORMAT="text")
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextmanager
def _processes(count: int, app: str, env: dict, folder: Path, name: str):
    servers = [Gunicorn(app, env, folder / f"{name}-{i}.log") for i in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


# --- 1. the live workshop ---------------------------------------------------------------------

def _workshop_round(folder: Path, n: int, processes: int, notes: int, votes: int) -> dict:
    with fresh_database() as url, redis_prefix() as prefix:
        workshop_id, code = _prepare_database(url)
        env = _env(url, REDIS_URL if processes > 1 else None, prefix)
        with _processes(processes, "wsgi:app", env, folder, f"live-{processes}") as servers:
            cookie = _login_cookie(servers[0].url)
            return asyncio.run(workshop_bench._round(
                "app", Cluster(servers), n, notes, votes, code=code,
                workshop_id=workshop_id, cookie=cookie))


def _side_by_side(n: int, one: dict, two: dict) -> list[dict]:
    def row(name: str, key: str, a: dict | None, b: dict | None, unit: str = "ms") -> dict:
        ratio = (b[key] / a[key]) if a and b and a[key] else None
        return {"name": name, "n": n, "unit": unit, "one": a[key] if a else None,
                "two": b[key] if b else None, "ratio": ratio}

    f1, f2 = one["fanout"]["stats"], two["fanout"]["stats"]
    v1, v2 = one["voting"], two["voting"]
    rows = [row("note fan-out p50", "p50_ms", f1, f2), row("note fan-out p99", "p99_ms", f1, f2),
            row("dot votes accepted", "per_s", v1, v2, "/s"),
            row("dot vote ack wait p50", "p50_ms", v1["ack_wait"], v2["ack_wait"]),
            row("dot vote ack wait p99", "p99_ms", v1["ack_wait"], v2["ack_wait"])]
    for label, key in (("quiet", "staleness_quiet"), ("voting", "staleness_loaded")):
        rows.append(row(f"tally staleness p50 ({label})", "p50_ms", v1[key]["stats"],
                        v2[key]["stats"]))
    rows.append({"name": "server CPU per note", "n": n, "unit": "ms",
                 "one": one["fanout"]["server_cpu_ms_per_note"],
                 "two": two["fanout"]["server_cpu_ms_per_note"],
                 "ratio": two["fanout"]["server_cpu_ms_per_note"]
                 / one["fanout"]["server_cpu_ms_per_note"]})
    rows.append({"name": "server memory per phone", "n": n, "unit": "KB",
                 "one": one["kb_per_phone"], "two": two["kb_per_phone"],
                 "ratio": two["kb_per_phone"] / one["kb_per_phone"]
                 if one["kb_per_phone"] else None})
    return rows


# --- 2. the idea list under load --------------------------------------------------------------

async def _load(urls: list[str], duration: float, warmup: float, concurrency: int) -> dict:
    import aiohttp

    latencies: list[int] = []
    errors = 0
    counting = False
    stop_at = time.monotonic() + warmup + duration

    async def worker(session, index: int) -> None:
        nonlocal errors
        url = urls[index % len(urls)]
        while time.monotonic() < stop_at:
            start = time.perf_counter_ns()
            try:
                async with session.get(url) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            if counting:
                if ok:
                    latencies.append(time.perf_counter_ns() - start)
                else:
                    errors += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.create_task(worker(session, i)) for i in range(concurrency)]
        await asyncio.sleep(warmup)
        counting = True
        cpu_before, started = time.process_time(), time.perf_counter()
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
        client_cpu = (time.process_time() - cpu_before) / elapsed
    return {"requests": len(latencies), "errors": errors, "per_s": len(latencies) / elapsed,
            "latency": summarise(latencies) if latencies else None,
            "client_cpu_share": client_cpu, "concurrency": concurrency}


def _list_throughput(folder: Path, duration: float, warmup: float) -> dict:
    from datetime import UTC, datetime

    from participation.extensions import db

    from . import data, pages_bench

    with fresh_database() as url, redis_prefix() as prefix:
        app = pages_bench.make_app(url)
        with app.app_context():
            built = data.build(data.Sizes(), datetime.now(UTC))
            db.engine.dispose()
        env = _env(url, REDIS_URL, prefix)
        rows = []
        for name, module, path in (("idea list (app)", "wsgi:app", pages_bench.BASE),
                                   ("bare flask page", "bench.bare_wsgi:app", "/bare")):
            for count in (1, 2):
                with _processes(count, module, env, folder, f"list-{count}") as servers:
                    urls = [server.url + path for server in servers]
                    result = asyncio.run(_load(urls, duration, warmup, CONCURRENCY))
                    cpu = sum(server.cpu_s() for server in servers)
                rows.append({"name": name, "processes": count, "path": path, **result,
                             "server_cpu_s": cpu})
    bare = {row["processes"]: row["per_s"] for row in rows if row["name"].startswith("bare")}
    for row in rows:
        row["share_of_bare"] = row["per_s"] / bare[row["processes"]] if bare.get(
            row["processes"]) else None
    return {"data": built, "duration_s": duration, "warmup_s": warmup, "rows": rows}


def run(sizes: tuple[int, ...] = SIZES, notes: int = workshop_bench.NOTES,
        votes: int = workshop_bench.VOTES, duration: float = DURATION_S) -> dict:
    import tempfile

    reason = unavailable()
    if reason:
        return {"skipped": reason}
    started = time.perf_counter()
    rounds, rows = [], []
    with tempfile.TemporaryDirectory(prefix="zk-bench-scale-") as name:
        folder = Path(name)
        for n in sizes:
            one = _workshop_round(folder, n, 1, notes, votes)
            two = _workshop_round(folder, n, 2, notes, votes)
            rounds.append({"n": n, "one": one, "two": two})
            rows.extend(_side_by_side(n, one, two))
        pages = _list_throughput(folder, duration, WARMUP_S)
    return {"sizes": list(sizes), "notes": notes, "votes": votes,
            "server": "gunicorn -c gunicorn.conf.py (one gevent worker per process), "
                      "PostgreSQL; two processes: Redis message queue",
            "workshop_rows": rows, "workshop_rounds": rounds, "pages": pages,
            "duration_s": time.perf_counter() - started}


def print_result(result: dict) -> None:
    if "skipped" in result:
        print(f"\n(Scale skipped: {result['skipped']})")
        return
    print(f"\nOne process vs two behind Redis: {result['server']}; {result['notes']} notes, "
          f"up to {result['votes']:,} dot votes ({result['duration_s']:.0f} s)")
    print(f"{'metric':<32}{'N':>5}{'one':>11}{'two':>11}{'two/one':>9}")
    for row in result["workshop_rows"]:
        one = "-" if row["one"] is None else f"{row['one']:.1f} {row['unit']}"
        two = "-" if row["two"] is None else f"{row['two']:.1f} {row['unit']}"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}x"
        print(f"{row['name']:<32}{row['n']:>5}{one:>11}{two:>11}{ratio:>9}")
    pages = result["pages"]
    print(f"\nIdea list under load: {pages['data']['proposals']:,} ideas on PostgreSQL, "
          f"{CONCURRENCY} connections, {pages['duration_s']:.0f} s after "
          f"{pages['warmup_s']:.0f} s warm-up")
    print(f"{'page':<22}{'procs':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>8}"
          f"{'errors':>8}{'client CPU':>12}")
    for row in pages["rows"]:
        latency = row["latency"] or {"p50_ms": float("nan"), "p99_ms": float("nan")}
        share = "" if row["share_of_bare"] is None else f"{row['share_of_bare']:.2f}"
        print(f"{row['name']:<22}{row['processes']:>6}{row['per_s']:>9.0f}"
              f"{latency['p50_ms']:>9.1f}{latency['p99_ms']:>9.1f}{share:>8}"
              f"{row['errors']:>8}{row['client_cpu_share']:>11.0%}")
