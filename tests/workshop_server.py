"""A real server for the workshop protocol tests, and a board client that speaks the protocol.

`WorkshopServer` runs the dev server of `flask --app wsgi serve` (participation.cli's
serve_command: socketio.run with the threading server and simple-websocket) in a subprocess
on a free port of 127.0.0.1, on a SQLite file prepared with `flask --app wsgi db upgrade`.

It starts that command through `python -m tests.workshop_server PORT`, which runs the same
serve_command in-process (without the flask CLI around it). `BoardClient` is a
python-socketio client (websocket transport) that keeps a board as the page's JavaScript
does: it applies events strictly in version order, holds back an event that comes early,
and closes a gap with `sync`.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "/workshop"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FLASK_", "DATABASE_", "REDIS_", "SOCKETIO_", "APP_ENV"))}
    env.update(DATABASE_URL=database_url, SECRET_KEY="realtime-test-secret",  # noqa: S106
               APP_ENV="development", SOCKETIO_ASYNC_MODE="threading", PYTHONUNBUFFERED="1")
    return env


def flask_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def upgrade_database(database_url: str) -> None:
    """Create the schema with the migrations, as a deployment does."""
    subprocess.run(flask_command("db", "upgrade"), cwd=ROOT, env=server_env(database_url),
                   check=True, capture_output=True, timeout=120)


class ServerProcess:
    """A server in a subprocess on a loopback port: `start()` waits until `health_path`
    answers 200, `kill()` is a SIGKILL (as in a power cut: no clean shutdown, no flushing
    by the app), `stop()` a clean stop; `start()` may follow either again. Subclasses say
    what runs: `command()` and `environment()`."""

    health_path = "/"
    start_timeout = START_TIMEOUT
    stop_timeout = 5.0
    own_process_group = False  # True: kill() and stop() reach the whole group (workers)

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        self.log_path = log_path
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self._log = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        assert self.process is None, "already running"
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.environment(), stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=self.own_process_group)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url + self.health_path, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:  # not listening yet, or a worker is booting
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.command()[2]} did not start; see {self.log_path}:\n"
                           f"{self.log()[-4000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def _kill_all(self) -> None:
        if self.own_process_group:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        else:
            self.process.kill()

    def kill(self) -> None:
        """Die at once, as in a power cut (with its own process group: every process)."""
        if self.process is not None:
            self._kill_all()
            self.process.wait(timeout=10)
        self._close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self._kill_all()
                self.process.wait(timeout=5)
        elif self.process is not None and self.own_process_group:
            self._kill_all()  # a worker left behind by a dead parent
        self._close()

    def _close(self) -> None:
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


class WorkshopServer(ServerProcess):
    """`flask serve` in a subprocess (through `python -m tests.workshop_server PORT`)."""

    def __init__(self, database_url: str, log_path: Path, port: int | None = None,
                 env: dict | None = None) -> None:
        super().__init__(log_path, port)
        self.database_url = database_url
        self.env = env or {}  # further settings, e.g. SOCKETIO_PING_TIMEOUT

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tests.workshop_server", str(self.port)]

    def environment(self) -> dict:
        return {**server_env(self.database_url), **self.env}


def login_cookie(url: str, email: str, password: str) -> str:
    """Log in through the real login form (with its CSRF token); the session cookie as a
    Cookie header. The cookies are carried by hand: in production the session cookie is
    Secure, which a cookie jar does not send back over plain http to 127.0.0.1."""
    page = requests.get(url + "/account/login", timeout=10)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, page.text[:500]
    response = requests.post(url + "/account/login", timeout=10, allow_redirects=False,
                             cookies=dict(page.cookies),
                             data={"email": email, "password": password,
                                   "csrf_token": match.group(1)})
    assert response.status_code == 302, response.text[:500]
    cookies = {**dict(page.cookies), **dict(response.cookies)}
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class BoardClient:
    """A phone or the projector: a board kept in version order, synced over gaps."""

    def __init__(self, url: str, cookie: str | None = None) -> None:
        self.url = url
        self.cookie = cookie
        self.lock = threading.Lock()
        self.token: str | None = None
        self.workshop_id: int | None = None
        self.version: int | None = None
        self.cards: dict[int, dict] = {}
        self.applied: list[int] = []  # versions applied from events, in order
        self.early: dict[int, dict] = {}  # events that came before their predecessor
        self.gaps = 0
        self.tallies: list[dict] = []
        self.sio: socketio.Client | None = None

    # --- connection -------------------------------------------------------------------------

    def connect(self) -> BoardClient:
        self.sio = socketio.Client(reconnection=False)
        self._in_order(self.sio)
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        self.sio.on("tally", self._on_tally, namespace=NAMESPACE)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.sio.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"],
                         headers=headers, wait_timeout=10)
        return self

    @staticmethod
    def _in_order(client: socketio.Client) -> None:
        """Handle messages one at a time in arrival order, as a browser page does.

        python-engineio's client starts a thread per incoming message, so its handlers may
        see events (and acks) in another order than the server sent them; the board's
        JavaScript sees them in order, and these tests check the order the server sends.
        """
        trigger = client.eio._trigger_event

        def in_order(event, *args, **kwargs):
            kwargs.pop("run_async", None)
            return trigger(event, *args, **kwargs)

        client.eio._trigger_event = in_order

    def disconnect(self) -> None:
        """Drop the connection as a phone leaving the Wi-Fi does: the TCP connection ends.

        (A polite websocket close waits up to 3 s in websocket-client whenever its reading
        thread, not close(), happens to take the server's close frame.)
        """
        if self.sio is None:
            return
        connection = getattr(getattr(self.sio.eio, "ws", None), "sock", None)
        if connection is not None:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.sio.disconnect()  # joins the client's reading thread
        if connection is not None:
            connection.close()  # python-engineio leaves it open when the server went away
        self.sio = None

    def call(self, event: str, payload: dict, timeout: float = 15) -> dict:
        return self.sio.call(event, payload, namespace=NAMESPACE, timeout=timeout)

    # --- the protocol ------------------------------------------------------------------------

    def join(self, code: str, nickname: str) -> dict:
        ack = self.call("join", {"code": code, "nickname": nickname})
        assert ack["ok"], ack
        self.token, self.workshop_id = ack["token"], ack["workshop_id"]
        self._load(ack["snapshot"])
        return ack

    def facilitate(self, workshop_id: int) -> dict:
        ack = self.call("join", {"workshop_id": workshop_id})
        assert ack["ok"], ack
        self.workshop_id = workshop_id
        self._load(ack["snapshot"])
        return ack

    def sync(self) -> dict:
        who = {"token": self.token} if self.token else {"workshop_id": self.workshop_id}
        ack = self.call("sync", {**who, "since": self.version})
        assert ack["ok"], ack
        with self.lock:
            if "snapshot" in ack:
                self._load(ack["snapshot"], locked=True)
            else:
                for event in ack["events"]:
                    self._offer(event)
            self._drain()
        return ack

    def settle(self, version: int, timeout: float = 15) -> None:
        """Wait until the board reached `version`, syncing when an event went missing."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                reached, stuck = self.version >= version, bool(self.early)
            if reached:
                return
            if stuck:
                self.sync()
            time.sleep(0.02)
        raise AssertionError(f"board at {self.version}, not {version}")

    def _load(self, snapshot: dict, locked: bool = False) -> None:
        if not locked:
            with self.lock:
                return self._load(snapshot, locked=True)
        self.version = snapshot["version"]
        self.cards = {card["id"]: card for card in snapshot["cards"]}
        self.early = {v: e for v, e in self.early.items() if v > self.version}
        self._drain()
        return None

    def _on_event(self, event: dict) -> None:
        with self.lock:
            if self.version is None:  # sent after the snapshot, before its ack: keep it
                self.early.setdefault(event["version"], event)
                return
            if event["version"] > self.version + 1:
                self.gaps += 1
            self._offer(event)
            self._drain()

    def _on_tally(self, message: dict) -> None:
        with self.lock:
            self.tallies.append(message["tallies"])

    def _offer(self, event: dict) -> None:
        if event["version"] > self.version:
            self.early.setdefault(event["version"], event)

    def _drain(self) -> None:
        while self.version + 1 in self.early:
            event = self.early.pop(self.version + 1)
            self._apply(event)
            self.version = event["version"]
            self.applied.append(event["version"])

    def _apply(self, event: dict) -> None:
        data = event["data"]
        if event["type"].startswith("card:"):
            known = self.cards.get(data["id"], {})
            self.cards[data["id"]] = {**known, **data}  # keep a known text

    def texts(self) -> dict[int, str | None]:
        with self.lock:
            return {card_id: card.get("text") for card_id, card in self.cards.items()
                    if card["status"] == "visible"}


def _serve(port: int) -> None:
    """`flask --app wsgi serve --host 127.0.0.1 --port PORT`, as the CLI would run it."""
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    from participation.cli import serve_command
    from wsgi import app

    with app.app_context():
        serve_command.callback(host="127.0.0.1", port=port)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))


_opened = iter(range(1, 1_000_000))


def open_workshop(data_app, name: str, dots: int = 5) -> tuple[int, str, str]:
    """A new facilitator, process and open workshop in the served database, through the
    services: (workshop_id, join code, the facilitator's e-mail)."""
    from participation.accounts import services as account_services
    from participation.accounts.models import Role
    from participation.extensions import db
    from participation.processes import services as process_services
    from participation.workshops import services
    from tests.conftest import PASSWORD

    n = next(_opened)
    with data_app.app_context():
        user = account_services.create_user(f"{name}{n}@example.org", f"Moderation {n}",
                                            PASSWORD, role=Role.FACILITATOR, confirmed=True)
        process = process_services.create_process(f"{name}-{n}", "Live", "Live board")
        workshop = services.create_workshop(user, process, f"Werkstatt {n}",
                                            dots_per_participant=dots)
        code = services.open_workshop(user, workshop)
        db.session.commit()
        result = workshop.id, code, user.email
        db.session.remove()
    return result
