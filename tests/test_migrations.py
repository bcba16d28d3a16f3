"""`flask db upgrade` on an empty database gives exactly the schema of the models."""

from __future__ import annotations

import os
import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db


def _upgrade_and_diff(url: str) -> tuple[list, set[str]]:
    app = create_app({**{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
                      "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        try:
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
                tables = set(inspect(conn).get_table_names())
        finally:
            db.session.remove()
            db.engine.dispose()
    return diff, tables


def test_upgrade_on_empty_sqlite_matches_the_models(tmp_path):
    diff, tables = _upgrade_and_diff(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert diff == []
    assert set(db.metadata.tables) <= tables


@pytest.fixture
def empty_postgres():
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL is not a PostgreSQL database (CI sets one)")
    name = f"zukunft_mig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_on_empty_postgresql_matches_the_models(empty_postgres):
    diff, tables = _upgrade_and_diff(empty_postgres)
    assert diff == []
    assert set(db.metadata.tables) <= tables


def test_upgrading_keeps_existing_ideas_and_indexes_their_terms(tmp_path):
    """Ideas posted before an upgrade survive it (SQLite recreates changed tables: without
    foreign keys switched off, copying `processes` would cascade-delete every idea) and
    the similar-ideas revision indexes them."""
    app = create_app({**{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        flask_migrate.upgrade(revision="c1406cc47151")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO processes (id, slug, title, description, current_phase, created_at) "
                "VALUES (1, 'alt', 'Alt', 'Ein Verfahren', 'ideas', '2026-01-01 00:00:00')"))
            conn.execute(text(
                "INSERT INTO proposals (id, process_id, title, body, status, origin, "
                "search_text, comment_count, vote_count, voter_count, pair_wins, pair_losses, "
                "pair_ties, workshop_dots, created_at) VALUES (1, 1, 'Mehr Bäume', "
                "'Schattige Bäume am Markt', 'published', 'online', '', 0, 0, 0, 0, 0, 0, 0, "
                "'2026-01-02 00:00:00')"))
        flask_migrate.upgrade()
        try:
            with db.engine.connect() as conn:
                stored = dict(conn.execute(text(
                    "SELECT term, count FROM proposal_terms WHERE proposal_id = 1")).all())
                length = conn.execute(text(
                    "SELECT term_count FROM proposals WHERE id = 1")).scalar_one()
        finally:
            db.session.remove()
            db.engine.dispose()
    assert stored == {"baum": 3, "schattig": 1, "markt": 1}  # title words count twice
    assert length == 5
