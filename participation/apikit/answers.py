"""Pieces every API answer shares: dates, named items and pages of a list."""

from __future__ import annotations

from typing import Any

from ..models_base import iso  # noqa: F401  (answers give dates like every export)


def named(item) -> dict[str, Any] | None:
    """A topic or district as {id, name}."""
    return {"id": item.id, "name": item.name} if item is not None else None


def page_json(pagination, items: list[dict]) -> dict[str, Any]:
    return {"items": items, "page": pagination.page, "pages": pagination.pages,
            "total": pagination.total}
