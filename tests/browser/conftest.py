"""Real-browser tests: Debian's Chromium, driven by Playwright, against the real dev server.

The app runs as in tests/test_workshop_realtime.py: `flask --app wsgi serve` in a subprocess
(tests/workshop_server.py's WorkshopServer) on a free port of 127.0.0.1, on a SQLite file
prepared once per session with `flask --app wsgi db upgrade`, `flask --app wsgi demo` and
`flask --app wsgi workshops open 1`. Every test gets its own copy of that file and its own
server, which is stopped (terminate, then kill) by a fixture finalizer, also when it fails.

Playwright's own browser download is not used (it does not work on CI): the browser is the
system's Chromium (`apt-get install chromium`; .ci/run installs it when it runs as root).
The tests are SKIPPED, with the reason in pytest's summary, when

- TEST_DATABASE_URL is set: that is the PostgreSQL pass of `make test`; these tests check
  the browser client, not the database, so they run once, in the SQLite pass;
- the playwright package is missing (`pip install -e ".[dev]"` installs it);
- there is no Chromium at BROWSER_EXECUTABLE.

Environment variables read here:

BROWSER_EXECUTABLE
    The Chromium binary to drive (default /usr/bin/chromium). Point it at a missing file to
    see the skip, e.g. `BROWSER_EXECUTABLE=/nonexistent pytest tests/browser -rs`.

Every page opened through the `open_page` fixture records its requests, websockets, console
errors and uncaught script errors (`Traffic`), so a test can assert that no page made a
third-party request and that nothing failed in the browser (a CSP violation shows as a
console error). Every wait is bounded: actions and `expect` give up after TIMEOUT_MS.
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.workshop_server import ROOT, WorkshopServer, flask_command, server_env

DEFAULT_EXECUTABLE = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 10_000  # every action and every expect
DEMO_WORKSHOP_ID = 1  # the one workshop `flask --app wsgi demo` prepares


def _why_no_browser() -> str | None:
    """The reason the browser tests cannot run here, or None."""
    if os.environ.get("TEST_DATABASE_URL"):
        return ("TEST_DATABASE_URL is set: browser tests run only in the SQLite pass of "
                "`make test` (they test the browser client, not the database)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return (f"playwright is not installed ({exc}): browser tests skipped "
                "(pip install -e '.[dev]')")
    executable = browser_executable()
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        return (f"Chromium not found at {executable}: browser tests skipped "
                "(apt-get install chromium, or set BROWSER_EXECUTABLE)")
    return None


def browser_executable() -> str:
    return os.environ.get("BROWSER_EXECUTABLE") or DEFAULT_EXECUTABLE


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (skips the test when there is none)."""
    reason = _why_no_browser()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=browser_executable(), headless=True, args=CHROMIUM_ARGS,
            timeout=30_000)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def demo_database(browser, tmp_path_factory) -> tuple[Path, str]:
    """A SQLite file with the schema, the demo city and its workshop open: (file, join code).

    Prepared once with the real commands; each test serves a copy of it.
    """
    path = tmp_path_factory.mktemp("browser-db") / "demo.db"
    env = server_env(f"sqlite:///{path}")

    def flask(*args: str) -> str:
        done = subprocess.run(flask_command(*args), cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    flask("db", "upgrade")
    flask("demo")
    code = flask("workshops", "open", str(DEMO_WORKSHOP_ID)).strip().splitlines()[-1]
    assert code.isalnum(), code
    return path, code


@dataclass
class LiveApp:
    url: str
    code: str
    workshop_id: int
    server: WorkshopServer
    outbox: Path  # the server's MAIL_OUTBOX: every mail it sends, one .eml file each
    uploads: Path | None = None  # the server's UPLOAD_DIR

    def flask(self, *args: str) -> str:
        """Run `flask --app wsgi ARGS` on the server's database (as an operator would)."""
        done = subprocess.run(flask_command(*args), cwd=ROOT,
                              env=server_env(self.server.database_url), capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def mails(self) -> list:
        """The mails in the outbox, oldest first, as email.message.EmailMessage."""
        if not self.outbox.is_dir():
            return []
        files = sorted(self.outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in files]

    @property
    def board_url(self) -> str:
        return f"{self.url}/w/{self.code}"

    @property
    def control_url(self) -> str:
        return f"{self.url}/workshops/{self.workshop_id}/control"


@pytest.fixture
def live_app(demo_database, tmp_path, monkeypatch):
    """The dev server on a fresh copy of the demo database; stopped even when the test fails.

    Its mail goes to a folder of this test (MAIL_OUTBOX), not to the repository's instance.
    """
    template, code = demo_database
    database = tmp_path / "board.db"
    shutil.copyfile(template, database)
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("MAIL_OUTBOX", str(outbox))  # server_env passes it on
    monkeypatch.setenv("UPLOAD_DIR", str(tmp_path / "uploads"))  # pictures, not in instance/
    server = WorkshopServer(f"sqlite:///{database}", tmp_path / "server.log")
    try:
        server.start()
        yield LiveApp(server.url, code, DEMO_WORKSHOP_ID, server, outbox, tmp_path / "uploads")
    finally:
        server.stop()  # terminate, then kill after 5 s


@dataclass
class Traffic:
    """What one page did on the network and in its console."""

    name: str
    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign(self, origin: str) -> list[str]:
        """Every URL this page asked for that is not on `origin` (scheme://host:port)."""
        own = urlsplit(origin)
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme == "data":  # inline, no request leaves the browser
                continue
            if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
                out.append(url)
        socket_scheme = "wss" if own.scheme == "https" else "ws"
        out += [url for url in self.websockets
                if (urlsplit(url).scheme, urlsplit(url).netloc) != (socket_scheme, own.netloc)]
        return out

    def problems(self, origin: str) -> list[str]:
        """Third-party requests and errors in the browser console: both must be empty."""
        return ([f"request to another origin: {url}" for url in self.foreign(origin)]
                + [f"console error: {text}" for text in self.console_errors]
                + [f"script error: {text}" for text in self.page_errors])


@pytest.fixture
def open_page(browser):
    """Open a page in a new browser context (its own cookies and storage): a new person.

    `open_page(name, **context_options)` returns (page, traffic). The contexts are English
    (Accept-Language en-GB) so the test reads the English interface. All contexts are
    closed after the test, also when it failed.
    """
    contexts = []

    def open_(name: str, **options):
        context = browser.new_context(locale="en-GB", **options)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page = context.new_page()
        traffic = Traffic(name)
        page.on("request", lambda request: traffic.requests.append(request.url))
        page.on("websocket", lambda socket: traffic.websockets.append(socket.url))

        def console(message):
            if message.type == "error":
                traffic.console_errors.append(f"{message.text} ({message.location})")

        page.on("console", console)
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        return page, traffic

    yield open_
    for context in contexts:
        context.close()

