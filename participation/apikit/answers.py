"""Pieces every API answer shares: dates, named items and pages of a list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def named(item) -> dict[str, Any] | None:
    """A topic or district as {id, name}."""
    return {"id": item.id, "name": item.name} if item is not None else None


def page_json(pagination, items: list[dict]) -> dict[str, Any]:
    return {"items": items, "page": pagination.page, "pages": pagination.pages,
            "total": pagination.total}
