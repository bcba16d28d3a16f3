"""Engine settings that make SQLite behave like a real transactional database."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_engine(engine: Engine) -> None:
    """On SQLite: enforce foreign keys, and let SQLAlchemy own BEGIN so SAVEPOINTs work.

    Python's sqlite3 driver otherwise begins transactions lazily and breaks nested
    transactions (see SQLAlchemy's "Serializable isolation / Savepoints" notes for pysqlite).
    Every transaction starts with BEGIN IMMEDIATE: it takes SQLite's one write lock up front,
    so two requests that read and then write (a vote checking the dot budget) queue up
    instead of failing with "database is locked" when both try to upgrade their lock. That
    serialises requests on the embedded default; production runs on PostgreSQL.
    """
    if engine.dialect.name != "sqlite" or getattr(engine, "_zukunft_configured", False):
        return
    engine._zukunft_configured = True

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # no implicit BEGIN by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers outside transactions never block
        # With WAL, NORMAL syncs at checkpoints instead of at every commit: a crashed or killed
        # server process loses nothing (the WAL is in the operating system's hands at commit),
        # and the database is never corrupted; only a power cut or kernel crash can undo the
        # last commits. SQLite recommends this pairing; FULL costs one fsync per dot vote.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
