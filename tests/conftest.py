"""Fixtures: an app on SQLite (or PostgreSQL with TEST_DATABASE_URL), clients, factories.

The schema is created once per test session; after every test all rows are removed, even
when the test failed, so each test starts from an empty database.
"""

from __future__ import annotations

import contextvars
import email
import itertools
import os
import re
import threading
import time
from email import policy
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from participation import create_app
from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.config import TestConfig
from participation.extensions import db as _db
from participation.processes import services as process_services
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services

PASSWORD = "correct-horse-battery"  # noqa: S105
_counter = itertools.count(1)


def _database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_dir / 'test.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = _database_url(tmp_path_factory.mktemp("db"))
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        _db.engine.dispose()
    yield url
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


def _config_dict() -> dict:
    return {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}


def _wipe(url: str) -> None:
    engine = create_engine(url)
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    for attempt in range(5):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                      + " RESTART IDENTITY CASCADE"))
                else:
                    for table in tables:
                        conn.execute(text(f'DELETE FROM "{table}"'))
            break
        except OperationalError as exc:
            # A live board's tally round of the test that just ended may still be reading
            # (tests build one app per test; its thread ends on its own): PostgreSQL breaks
            # the lock cycle by aborting the TRUNCATE, which then simply runs again.
            if "deadlock" not in str(exc).lower() or attempt == 4:
                raise
            time.sleep(0.2)
    engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets a fresh application context, as on a server.

    Tests hold an app context open; without this, Flask's `g` (where Flask-Login keeps the
    user and Flask-Babel the locale) and the database session would be shared by all
    requests of a test. Before each request the test's own transaction is committed: what
    the test set up is visible to the request, the test holds no SQLite lock the request
    would wait for, and the test's objects are expired, so they are re-read afterwards.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app with extra config; every app built is cleaned up after the test."""
    built = []

    def factory(**overrides):
        config = {**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_url,
                  "MAIL_OUTBOX": str(tmp_path / "outbox"), **overrides}
        app = create_app(config)
        app.test_client_class = IsolatedClient
        built.append(app)
        return app

    yield factory
    for app in built:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()
    _wipe(database_url)


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def make_user(app):
    def factory(role: Role | str = Role.CITIZEN, confirmed: bool = True, email: str | None = None,
                name: str | None = None, password: str = PASSWORD):
        n = next(_counter)
        user = account_services.create_user(
            email or f"person{n}@example.org", name or f"Person {n}", password,
            role=Role(role), confirmed=confirmed,
        )
        _db.session.commit()
        return user

    return factory


@pytest.fixture
def make_process(app):
    def factory(phase: PhaseKind | str = PhaseKind.IDEAS, slug: str | None = None,
                topics=("Klima", "Mobilität"), districts=("Altstadt", "Nordend")):
        process = process_services.create_process(
            slug or f"process-{next(_counter)}", "Innenstadt 2035", "Wie soll die Innenstadt "
            "2035 aussehen?", phase=PhaseKind.IDEAS)
        process_services.set_topics(process, topics)
        process_services.set_districts(process, districts)
        process_services.set_phase(process, phase)
        _db.session.commit()
        return process

    return factory


@pytest.fixture
def make_proposal(app, make_user, make_process):
    def factory(process=None, author=None, title: str = "Mehr Bäume am Markt",
                body: str = "Der Marktplatz ist im Sommer zu heiß.", **fields):
        process = process or make_process()
        author = author or make_user()
        phase = process.current_phase
        process.current_phase = PhaseKind.IDEAS.value
        proposal = proposal_services.submit_proposal(
            author, process, proposal_services.ProposalInput(title=title, body=body, **fields))
        process.current_phase = phase
        _db.session.commit()
        return proposal

    return factory


def login(client, user_or_email, password: str = PASSWORD):
    address = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    response = client.post("/account/login", data={"email": address, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def login_as(client):
    def do(user, password: str = PASSWORD):
        return login(client, user, password)

    return do


@pytest.fixture
def outbox(app):
    """The mails the app wrote to its outbox, oldest first, as email.message objects."""
    folder = Path(app.config["MAIL_OUTBOX"])

    def read():
        if not folder.exists():
            return []
        files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    return read


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in the mail body that starts with path_prefix."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def clients():
    """Connected Socket.IO board clients (tests/workshop_server.py's BoardClient) made by
    `clients(url, cookie=None)`; all disconnected after the test, also when it failed."""
    from tests.workshop_server import BoardClient

    made = []

    def make(url, cookie=None):
        client = BoardClient(url, cookie).connect()
        made.append(client)
        return client

    yield make
    for client in made:
        client.disconnect()


def run_in_threads(app, count, work):
    """Run `work(index)` in `count` threads that start together, each in its own app context
    and session, committing after it; returns each thread's outcome: "ok" or the name of the
    exception it raised (after a rollback)."""
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def run(index):
        with app.app_context():
            barrier.wait()
            try:
                work(index)
                _db.session.commit()
                result = "ok"
            except Exception as exc:  # noqa: BLE001 - every outcome is counted below
                _db.session.rollback()
                result = type(exc).__name__
            finally:
                _db.session.remove()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes
