"""Small shared helpers for models: UTC timestamps stored timezone-aware."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# The largest value of the database's integer columns: ids, counts and numbers from users
# beyond it cannot exist and would overflow PostgreSQL's INTEGER (and SQLite's binding).
MAX_INT = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(value: date | datetime | None) -> str | None:
    """A date or time as ISO 8601 text for JSON answers and exports; None stays None."""
    return value.isoformat() if value is not None else None


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
