"""The live workshop board with 50, 200 and 500 phones on one server process.

For each N, two rounds with the same clients:

- the **bare relay** (relay_server.py: Flask-SocketIO under gevent, no database, no app),
  for the fan-out floor of this stack and of this client harness;
- the **app**: `flask --app wsgi serve` with SOCKETIO_ASYNC_MODE=gevent (socketio.run with
  gevent's WSGI server, websockets through simple-websocket, no monkey patching; REDIS_URL
  unset, so one process and no message queue) on a fresh SQLite file (WAL) prepared with
  `flask --app wsgi db upgrade`, and one workshop created and opened through the services
  (50 dots per participant). A facilitator (the projector) logs in through the login form
  and joins with its session cookie; it sets the phase and reveals the results.

The phones are python-socketio AsyncClients (websocket transport only) in this process,
connected and joined (`join {code, nickname}`) in batches. What is measured:

1. note fan-out: one phone sends `card:add`; the time until every one of the N phones has
   the `event` of that note (the sender's own copy included). Senders rotate (the app
   allows 10 notes a minute per participant). Warm-up notes first, untimed.
2. tally staleness: results revealed, phase vote; a probe phone puts dots on a note no one
   else votes on, and another phone records every `tally`. The time from the probe vote's
   ack to the first tally that shows it there (0 when that tally came before the ack).
   Measured quiet (probe alone) and under load (during 3.).
3. dot votes: every other phone votes in a closed loop (the next vote when the ack is back)
   on random notes until a fixed total is accepted; accepted votes per second, and the
   time a phone waited for each ack.
4. server memory: VmRSS of the server process before the phones connect (the projector
   already in) and after all N joined; the difference per phone.

Figures are wall-clock times of this process (time.perf_counter_ns, CLOCK_MONOTONIC). After
the joins this process's garbage collector is frozen (gc.freeze), so its pauses do not pass
for server latency.
Every wait is bounded; every server is stopped in a finally and, failing that, at exit.
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

import requests

from .timing import summarise

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "/workshop"
SIZES = (50, 200, 500)
NOTES = 100  # timed notes per N
WARMUP_NOTES = 3
VOTES = 3000  # accepted dot votes per N at most ...
VOTES_PER_PHONE = 40  # ... and at most this many per phone (dots: 50 each)
DOTS = 50
PROBES_QUIET = 35
PROBES_LOADED = 15  # at most; fewer when the votes are through sooner
BATCH = 25  # phones connecting and joining at once
SETTLE_S = 1.5  # after the joins: the debounced presence rounds are over
NOTE_GAP_S = 0.03
NOTES_PER_MINUTE = 10  # the app's WORKSHOP_NOTES_PER_MINUTE default
TIMEOUT_S = 30.0
START_TIMEOUT_S = 30.0
FANOUT_RATIO_TARGET = 1.5
MEMORY_TARGET_KB = 150.0
VOTES_TARGET = 1000.0
TALLY_INTERVAL_MS = 300  # the app's WORKSHOP_TALLY_INTERVAL default, for the reader

PASSWORD = "bench-" + secrets.token_urlsafe(12)
EMAIL = "moderation@bench.local"

_running: set[subprocess.Popen] = set()


@atexit.register
def _kill_leftovers() -> None:
    for process in list(_running):
        with suppress(Exception):
            process.kill()
            process.wait(timeout=5)


def missing_packages() -> list[str]:
    """The `bench` extra's packages this venv lacks (the round cannot run without them)."""
    from importlib.util import find_spec

    return [name for name in ("gevent", "aiohttp") if find_spec(name) is None]


# --- server processes ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env(database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FLASK_", "DATABASE_", "REDIS_", "SOCKETIO_", "APP_ENV"))}
    env.update(SECRET_KEY="bench-live-secret", APP_ENV="development",  # noqa: S106
               SOCKETIO_ASYNC_MODE="gevent", PYTHONUNBUFFERED="1",
               # Throughput is measured here, not the flood limits: the probe phone taps more
               # than 60 times a minute, and every phone shares the address 127.0.0.1.
               WORKSHOP_COMMAND_RATE_LIMIT="100000 per minute",
               WORKSHOP_ADDRESS_RATE_LIMIT="1000000 per minute")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


class Server:
    """A server in a subprocess on a free port of 127.0.0.1; its RSS and CPU from /proc."""

    def __init__(self, command: list[str], env: dict, log_path: Path, port: int) -> None:
        self.command, self.env, self.log_path, self.port = command, env, log_path, port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env,  # noqa: S603
                                            stdout=log, stderr=subprocess.STDOUT)
        _running.add(self.process)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(self.command)} did not start:\n{tail}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        _running.discard(process)

    def rss_kb(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def cpu_s(self) -> float:
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _app_server(folder: Path, url: str) -> Server:
    port = _free_port()
    return Server(_flask("serve", "--host", "127.0.0.1", "--port", str(port)),
                  _server_env(url), folder / "app-server.log", port)


def _relay_server(folder: Path) -> Server:
    port = _free_port()
    return Server([sys.executable, "-m", "bench.relay_server", str(port)], _server_env(),
                  folder / "relay-server.log", port)


# --- the database: migrations, one open workshop --------------------------------------------

def _prepare_database(url: str) -> tuple[int, str]:
    """`flask db upgrade`, then a facilitator, a process and an open workshop: (id, code)."""
    subprocess.run(_flask("db", "upgrade"), cwd=ROOT, env=_server_env(url),  # noqa: S603
                   check=True, capture_output=True, timeout=120)
    from participation import create_app
    from participation.accounts import services as account_services
    from participation.accounts.models import Role
    from participation.extensions import db
    from participation.processes import services as process_services
    from participation.workshops import services

    app = create_app({"APP_ENV": "development", "TESTING": False, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": url, "SOCKETIO_ASYNC_MODE": "threading",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        user = account_services.create_user(EMAIL, "Moderation", PASSWORD,
                                            role=Role.FACILITATOR, confirmed=True)
        process = process_services.create_process("live-bench", "Live", "Benchmark")
        workshop = services.create_workshop(user, process, "Werkstatt Zukunft",
                                            dots_per_participant=DOTS)
        code = services.open_workshop(user, workshop)
        db.session.commit()
        workshop_id = workshop.id
        db.session.remove()
        db.engine.dispose()
    return workshop_id, code


def _login_cookie(url: str) -> str:
    """The facilitator's session cookie, through the real login form and its CSRF token."""
    with requests.Session() as browser:
        page = browser.get(url + "/account/login", timeout=10).text
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        answer = browser.post(url + "/account/login", timeout=10, allow_redirects=False,
                              data={"email": EMAIL, "password": PASSWORD,
                                    "csrf_token": match.group(1)})
        if answer.status_code != 302:
            raise RuntimeError(f"facilitator login answered {answer.status_code}")
        return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


# --- the clients -----------------------------------------------------------------------------

class Fanout:
    """One note on its way to `expected` phones."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.count = 0
        self.last_ns = 0
        self.done = asyncio.get_running_loop().create_future()

    def arrived(self, now: int) -> None:
        self.count += 1
        if self.count == self.expected and not self.done.done():
            self.last_ns = now
            self.done.set_result(None)


class Room:
    """What the phones of one round saw: notes on their way, the observer's tallies."""

    def __init__(self) -> None:
        self.fanouts: dict[str, Fanout] = {}
        self.probe_card: str | None = None
        self.tallies: list[tuple[int, int]] = []  # (arrival ns, dots on the probe card)

    def expect(self, marker: str, phones: int) -> Fanout:
        self.fanouts[marker] = fanout = Fanout(phones)
        return fanout

    def event(self, message) -> None:
        now = time.perf_counter_ns()
        data = message.get("data") if isinstance(message, dict) else None
        fanout = self.fanouts.get(data.get("text")) if isinstance(data, dict) else None
        if fanout is not None:
            fanout.arrived(now)

    def tally(self, message) -> None:
        now = time.perf_counter_ns()
        self.tallies.append((now, int(message["tallies"].get(self.probe_card, 0))))


class Phone:
    """One socket: a participant's phone, or (listen=False) the projector."""

    def __init__(self, room: Room, index: int, listen: bool = True) -> None:
        import socketio

        self.index = index
        self.participant_id: int | None = None
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        if listen:
            self.sio.on("event", room.event, namespace=NAMESPACE)

    async def connect(self, url: str, cookie: str | None = None) -> None:
        await self.sio.connect(url, namespaces=[NAMESPACE], transports=["websocket"],
                               headers={"Cookie": cookie} if cookie else {},
                               wait_timeout=TIMEOUT_S)

    async def call(self, event: str, payload: dict) -> dict:
        return await self.sio.call(event, payload, namespace=NAMESPACE, timeout=TIMEOUT_S)

    async def join(self, url: str, payload: dict, cookie: str | None = None) -> None:
        await self.connect(url, cookie)
        ack = await self.call("join", payload)
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        self.participant_id = ack.get("participant_id")


async def _join_phones(phones: list[Phone], urls: list[str], code: str) -> float:
    """Connect and join the phones, BATCH at a time, to the servers in turn (several: the
    processes of scale_bench.py); the seconds it took."""
    start = time.perf_counter()
    for first in range(0, len(phones), BATCH):
        batch = phones[first:first + BATCH]
        await asyncio.gather(*(phone.join(urls[phone.index % len(urls)],
                                          {"code": code, "nickname": f"Gast {phone.index}"})
                               for phone in batch))
    return time.perf_counter() - start


async def _close(phones: list[Phone]) -> None:
    async def close(phone: Phone) -> None:
        with suppress(Exception):
            await asyncio.wait_for(phone.sio.disconnect(), 5)

    for first in range(0, len(phones), 100):
        await asyncio.gather(*(close(phone) for phone in phones[first:first + 100]))


def _note_payload(kind: str, marker: str, number: int, phone: Phone) -> tuple[str, dict]:
    if kind == "app":
        return "card:add", {"text": marker}
    # what the app broadcasts for a note (serialize.card_data), relayed as it is
    return "note", {"version": number, "type": "card:added", "data": {
        "id": number, "status": "visible", "cluster_id": None, "position": number,
        "participant_id": phone.index + 1, "proposal_id": None, "text": marker,
        "author": f"Gast {phone.index}"}}


async def _fanout(kind: str, room: Room, phones: list[Phone], server: Server,
                  notes: int) -> dict:
    samples, card_ids = [], []
    cpu_server = cpu_harness = 0.0
    for number in range(WARMUP_NOTES + notes):
        sender = phones[number % len(phones)]
        marker = f"Notiz {number} von Gast {sender.index}: mehr Bäume am Marktplatz"
        event, payload = _note_payload(kind, marker, number + 1, sender)
        fanout = room.expect(marker, len(phones))
        server_before, harness_before = server.cpu_s(), time.process_time()
        start = time.perf_counter_ns()
        ack = await sender.call(event, payload)
        if not ack.get("ok"):
            raise RuntimeError(f"{event} refused: {ack}")
        await asyncio.wait_for(fanout.done, TIMEOUT_S)
        if number >= WARMUP_NOTES:
            samples.append(fanout.last_ns - start)
            cpu_server += server.cpu_s() - server_before
            cpu_harness += time.process_time() - harness_before
        if "card_id" in ack:
            card_ids.append(ack["card_id"])
        del room.fanouts[marker]
        await asyncio.sleep(NOTE_GAP_S)
    return {"stats": summarise(samples), "card_ids": card_ids,
            "server_cpu_ms_per_note": cpu_server * 1000 / notes,
            "harness_cpu_ms_per_note": cpu_harness * 1000 / notes}


def _staleness(acks: list[tuple[int, int]], tallies: list[tuple[int, int]]) -> dict:
    """Per probe vote (ack time, dots on the probe card after it): the wait for a tally
    showing at least that many dots."""
    samples, missing = [], 0
    for acked, dots in acks:
        first = next((arrived for arrived, seen in tallies if seen >= dots), None)
        if first is None:
            missing += 1
        else:
            samples.append(max(0, first - acked))
    return {"stats": summarise(samples) if samples else None, "missing": missing}


async def _closed_loop(voters: list[Phone], targets: list[int], total: int, event: str,
                       server: Server, seed: int) -> dict:
    """Every voter sends its next vote when the last ack is back, until `total` were sent
    (a voter stops at its first refusal or when its dots are used up)."""
    remaining, accepted, errors, waits = total, 0, Counter(), []

    async def voter(phone: Phone, chooser: random.Random) -> None:
        nonlocal remaining, accepted
        while remaining > 0:
            remaining -= 1
            start = time.perf_counter_ns()
            ack = await phone.call(event, {"card_id": chooser.choice(targets)})
            waits.append(time.perf_counter_ns() - start)
            if not ack.get("ok"):
                errors[ack.get("error", {}).get("code", "?")] += 1
                return
            accepted += 1
            if ack["dots_left"] == 0:
                return

    server_before, harness_before = server.cpu_s(), time.process_time()
    start = time.perf_counter()
    await asyncio.gather(*(voter(phone, random.Random(seed * 1000 + phone.index))  # noqa: S311
                           for phone in voters))
    elapsed = time.perf_counter() - start
    server_cpu = server.cpu_s() - server_before
    return {"accepted": accepted, "planned": total, "errors": dict(errors),
            "elapsed_s": elapsed, "per_s": accepted / elapsed,
            "ack_wait": summarise(waits) if waits else None,
            "concurrent": len(voters), "server_cpu_share": server_cpu / elapsed,
            "server_cpu_ms_per_vote": server_cpu * 1000 / max(1, accepted),
            "harness_cpu_share": (time.process_time() - harness_before) / elapsed}


async def _voting(room: Room, projector: Phone, phones: list[Phone], card_ids: list[int],
                  server: Server, votes: int, seed: int) -> dict:
    """The app: tally staleness (quiet, then during the votes) and the dot votes."""
    for command, payload in (("phase:set", {"phase": "vote"}),
                             ("results:reveal", {"revealed": True})):
        ack = await projector.call(command, payload)
        if not ack.get("ok"):
            raise RuntimeError(f"{command} refused: {ack}")
    probe, observer, voters = phones[0], phones[1], phones[1:]
    room.probe_card = str(card_ids[0])
    observer.sio.on("tally", room.tally, namespace=NAMESPACE)
    await asyncio.sleep(2 * TALLY_INTERVAL_MS / 1000)
    chooser = random.Random(seed)  # noqa: S311 - spacing the probe votes
    acks: list[tuple[int, int]] = []

    async def probe_vote() -> None:
        ack = await probe.call("vote:add", {"card_id": card_ids[0]})
        if not ack.get("ok"):
            raise RuntimeError(f"probe vote refused: {ack}")
        acks.append((time.perf_counter_ns(), ack["my_dots"]))

    for _ in range(PROBES_QUIET):
        await probe_vote()
        await asyncio.sleep(chooser.uniform(0.05, 0.15))
    quiet = len(acks)
    stop = asyncio.Event()

    async def loaded_probes() -> None:
        while not stop.is_set() and len(acks) < quiet + PROBES_LOADED:
            await probe_vote()
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), chooser.uniform(0.05, 0.15))

    prober = asyncio.create_task(loaded_probes())
    load = await _closed_loop(voters, card_ids[1:], min(votes, VOTES_PER_PHONE * len(voters)),
                              "vote:add", server, seed)
    stop.set()
    await asyncio.wait_for(prober, TIMEOUT_S)
    await asyncio.sleep(3 * TALLY_INTERVAL_MS / 1000)  # the last tally round
    return {**load, "tallies_seen": len(room.tallies),
            "staleness_quiet": _staleness(acks[:quiet], room.tallies),
            "staleness_loaded": _staleness(acks[quiet:], room.tallies)}


async def _round(kind: str, server: Server, n: int, notes: int, votes: int,
                 code: str = "", workshop_id: int = 0, cookie: str | None = None) -> dict:
    room = Room()
    projector = Phone(room, -1, listen=False)
    phones = [Phone(room, index) for index in range(n)]  # all closed in the finally
    try:
        if kind == "app":
            await projector.join(server.url, {"workshop_id": workshop_id}, cookie)
        else:
            await projector.join(server.url, {"code": code, "nickname": "Beamer"})
        await asyncio.sleep(SETTLE_S)
        rss_before = server.rss_kb()
        join_s = await _join_phones(phones, getattr(server, "urls", [server.url]), code)
        await asyncio.sleep(SETTLE_S)
        rss_after = server.rss_kb()
        # The clients' objects out of reach of this process's collector: a full collection
        # over 500 clients stops the loop for ~100 ms, which would pass for server latency.
        gc.collect()
        gc.freeze()
        fanout = await _fanout(kind, room, phones, server, notes)
        result = {"n": n, "join_s": join_s, "rss_before_kb": rss_before,
                  "rss_after_kb": rss_after, "kb_per_phone": (rss_after - rss_before) / n,
                  "fanout": fanout}
        if kind == "app":
            result["voting"] = await _voting(room, projector, phones, fanout["card_ids"],
                                             server, votes, n)
        else:  # the same closed loop of commands, answered with an ack only
            result["voting"] = await _closed_loop(
                phones[1:], list(range(1, 31)), min(votes, VOTES_PER_PHONE * (n - 1)), "vote",
                server, n)
        return result
    finally:
        gc.unfreeze()
        await _close([projector, *phones])


def _run_relay(folder: Path, n: int, notes: int, votes: int) -> dict:
    server = _relay_server(folder).start()
    try:
        return asyncio.run(_round("bare", server, n, notes, votes, code="RELAY1"))
    finally:
        server.stop()


def _run_app(folder: Path, n: int, notes: int, votes: int) -> dict:
    url = f"sqlite:///{folder / f'live-{n}.db'}"
    workshop_id, code = _prepare_database(url)
    server = _app_server(folder, url).start()
    try:
        cookie = _login_cookie(server.url)
        return asyncio.run(_round("app", server, n, notes, votes, code=code,
                                  workshop_id=workshop_id, cookie=cookie))
    finally:
        server.stop()


def _rows(n: int, bare: dict, app: dict) -> list[dict]:
    bare_stats, app_stats = bare["fanout"]["stats"], app["fanout"]["stats"]
    ratio = app_stats["p99_ms"] / bare_stats["p99_ms"]
    voting, acks = app["voting"], bare["voting"]
    rows = [
        {"name": "note fan-out (all received)", "n": n, "stats": app_stats,
         "value": f"{ratio:.2f}x bare", "ratio_to_bare_p99": ratio,
         "target": f"p99 <= {FANOUT_RATIO_TARGET:g}x bare", "met": ratio <= FANOUT_RATIO_TARGET},
        {"name": "  bare relay fan-out", "n": n, "stats": bare_stats, "value": "",
         "target": None, "met": None},
    ]
    for name, key in (("tally staleness (quiet)", "staleness_quiet"),
                      ("tally staleness (voting)", "staleness_loaded")):
        staleness = voting[key]
        rows.append({"name": name, "n": n, "stats": staleness["stats"],
                     "value": f"{staleness['missing']} lost" if staleness["missing"] else "",
                     "target": f"(tally every {TALLY_INTERVAL_MS} ms)", "met": None})
    rows.append({"name": "dot votes (ack wait)", "n": n, "stats": voting["ack_wait"],
                 "value": f"{voting['per_s']:,.0f}/s", "target": f">= {VOTES_TARGET:,.0f}/s",
                 "met": voting["per_s"] >= VOTES_TARGET and not voting["errors"]})
    rows.append({"name": "  bare relay acks (ack wait)", "n": n, "stats": acks["ack_wait"],
                 "value": f"{acks['per_s']:,.0f}/s", "target": None, "met": None})
    rows.append({"name": "server memory per phone", "n": n, "stats": None,
                 "value": f"{app['kb_per_phone']:.0f} KB",
                 "target": f"< {MEMORY_TARGET_KB:g} KB",
                 "met": app["kb_per_phone"] < MEMORY_TARGET_KB})
    rows.append({"name": "  bare relay memory per phone", "n": n, "stats": None,
                 "value": f"{bare['kb_per_phone']:.0f} KB", "target": None, "met": None})
    return rows


def _costs(n: int, bare: dict, app: dict) -> dict:
    """Where the time goes: CPU of the server and of this process per note and per vote."""
    return {
        "n": n,
        "harness_us_per_message": bare["fanout"]["harness_cpu_ms_per_note"] * 1000 / n,
        "server_ms_per_note": {"app": app["fanout"]["server_cpu_ms_per_note"],
                               "bare": bare["fanout"]["server_cpu_ms_per_note"]},
        "server_ms_per_vote": {"app": app["voting"]["server_cpu_ms_per_vote"],
                               "bare": bare["voting"]["server_cpu_ms_per_vote"]},
        "server_cpu_share_voting": app["voting"]["server_cpu_share"],
        "join_s": {"app": app["join_s"], "bare": bare["join_s"]},
    }


def run(sizes: tuple[int, ...] = SIZES, notes: int = NOTES, votes: int = VOTES) -> dict:
    """Both rounds for every N; the table's rows and every figure."""
    import tempfile

    for n in sizes:
        # a probe voter and an observer; the app takes 10 notes a minute per participant
        if n < 2 or n * NOTES_PER_MINUTE < notes + WARMUP_NOTES:
            raise ValueError(f"{n} phones cannot send {notes} notes: at least 2 phones "
                             f"and {NOTES_PER_MINUTE} notes per phone at most")
    rounds, rows, costs = [], [], []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zk-bench-live-") as name:
        folder = Path(name)
        for n in sizes:
            bare = _run_relay(folder, n, notes, votes)
            app = _run_app(folder, n, notes, votes)
            rounds.append({"n": n, "bare": bare, "app": app})
            rows.extend(_rows(n, bare, app))
            costs.append(_costs(n, bare, app))
    return {"sizes": list(sizes), "notes": notes, "warmup_notes": WARMUP_NOTES,
            "votes": votes, "dots_per_participant": DOTS, "batch": BATCH,
            "server": "flask --app wsgi serve, SOCKETIO_ASYNC_MODE=gevent, SQLite WAL",
            "client": "python-socketio AsyncClient, websocket, one asyncio loop",
            "rows": rows, "costs": costs, "rounds": rounds,
            "duration_s": time.perf_counter() - started}
