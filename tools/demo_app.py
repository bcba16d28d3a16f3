"""A fresh demo city, served for a look at it: `make screenshots` and `make audit` start it here.

`running_demo()` prepares a SQLite file in a temporary folder with the app's own commands
(`flask --app wsgi db upgrade`, `flask --app wsgi demo`, `flask --app wsgi workshops open ID`),
serves it with the development server of `flask --app wsgi serve` on a free port of
127.0.0.1 (the server `make run` uses, with the live board), and yields a `DemoApp` that
knows the demo's process, one of its ideas and its open workshop. The server is stopped and
the folder removed afterwards, also when the caller fails. Nothing is written to the
repository's instance folder: the demo's mail goes to the temporary folder too.

The ids are found through the app, not assumed: the workshop with `flask --app wsgi
workshops list`, the idea through the JSON API (the most discussed idea of the process).

The browser is Debian's Chromium (`apt-get install chromium`), as in tests/browser;
BROWSER_EXECUTABLE points elsewhere. The process handling (wait until the server answers,
terminate, then kill) is tests/workshop_server.py's `ServerProcess`.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

from tests.workshop_server import ROOT, ServerProcess, flask_command, server_env

SLUG = "zukunft-2035"  # the demo process (SPEC.md: stable)
PASSWORD = "demo-password"  # noqa: S105 - the published demo credential (SPEC.md)
ACCOUNTS = {role: f"{role}@demo.local" for role in ("citizen", "facilitator", "planner",
                                                     "admin")}
DEFAULT_BROWSER = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
COMMAND_TIMEOUT = 180  # seconds for one flask command (the demo loads in a few)


class SetupError(Exception):
    """Something this machine lacks (Chromium, npm) or a command that failed; the message
    says what to do."""


def browser_executable() -> str:
    """Debian's Chromium (or BROWSER_EXECUTABLE); SetupError with the way to install it."""
    executable = os.environ.get("BROWSER_EXECUTABLE") or DEFAULT_BROWSER
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        raise SetupError(
            f"Chromium not found at {executable}.\n"
            "Install Debian's Chromium:  sudo apt-get install chromium\n"
            "(or point BROWSER_EXECUTABLE at another Chromium binary). Playwright's own "
            "browser download is not used.")
    return executable


@dataclass(frozen=True)
class DemoApp:
    url: str  # http://127.0.0.1:PORT
    slug: str  # the demo process
    idea_id: int  # the process's most discussed idea
    workshop_id: int  # the demo's workshop, open
    join_code: str

    def api(self, path: str) -> dict:
        """GET /api/v1/PATH as an anonymous visitor, decoded."""
        with urlopen(f"{self.url}/api/v1/{path}", timeout=30) as response:  # noqa: S310 - our loopback server
            return json.load(response)


class DemoServer(ServerProcess):
    """`flask --app wsgi serve` on a free loopback port, on the given database."""

    health_path = "/healthz"
    start_timeout = 60.0  # two shared cores: the first import of the app takes a while

    def __init__(self, env: dict, log_path: Path) -> None:
        super().__init__(log_path)
        self.env = env

    def command(self) -> list[str]:
        return flask_command("serve", "--host", "127.0.0.1", "--port", str(self.port))

    def environment(self) -> dict:
        return self.env


def _environment(folder: Path) -> dict:
    env = server_env(f"sqlite:///{folder / 'demo.db'}")
    env.update(SECRET_KEY=secrets.token_urlsafe(32), MAIL_OUTBOX=str(folder / "outbox"),
               UPLOAD_DIR=str(folder / "uploads"), NOTIFY_AUTOSEND="false")
    return env


def _flask(env: dict, *args: str) -> str:
    done = subprocess.run(flask_command(*args), cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
    if done.returncode != 0:
        raise SetupError(f"flask --app wsgi {' '.join(args)} failed "
                         f"(exit {done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def _demo_workshop(env: dict) -> int:
    """The id of the demo process's workshop, from `flask --app wsgi workshops list`
    (one line per workshop: id, process slug, status, join code, title; tab-separated)."""
    for line in _flask(env, "workshops", "list").splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[1] == SLUG and fields[0].isdigit():
            return int(fields[0])
    raise SetupError(f"the demo has no workshop in the process {SLUG}")


def _most_discussed_idea(url: str) -> int:
    path = f"{url}/api/v1/processes/{quote(SLUG)}/proposals?sort=comments"
    with urlopen(path, timeout=30) as response:  # noqa: S310 - our loopback server
        items = json.load(response)["items"]
    if not items:
        raise SetupError(f"the demo process {SLUG} has no ideas")
    return int(items[0]["id"])


@contextmanager
def running_demo(say: Callable[[str], None] = print) -> Iterator[DemoApp]:
    """The demo city on a fresh database, served until the block ends."""
    with tempfile.TemporaryDirectory(prefix="zukunft-demo-") as name:
        folder = Path(name)
        env = _environment(folder)
        say("Preparing a fresh demo database (db upgrade, demo, workshops open) ...")
        _flask(env, "db", "upgrade")
        _flask(env, "demo")
        workshop_id = _demo_workshop(env)
        code = _flask(env, "workshops", "open", str(workshop_id)).strip().splitlines()[-1]
        if not code.isalnum():
            raise SetupError(f"flask --app wsgi workshops open {workshop_id} printed {code!r}")
        server = DemoServer(env, folder / "server.log")
        try:
            server.start()
        except RuntimeError as exc:
            raise SetupError(str(exc)) from exc
        try:
            app = DemoApp(server.url, SLUG, _most_discussed_idea(server.url), workshop_id, code)
            say(f"Demo app on {app.url} (workshop {workshop_id} open, code {code}; "
                f"idea {app.idea_id})")
            yield app
        finally:
            server.stop()


def main_guard(run: Callable[[], int]) -> None:
    """Run a tool's main: its exit status; a SetupError is one message and status 2."""
    try:
        status = run()
    except SetupError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        status = 2
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)
