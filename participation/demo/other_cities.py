"""The neighbouring demo city's published project list, imported as an administrator
would: other-city-feed.json is an open-data feed in our own schema (the one the JSON export
writes), checked and stored by the real import, so "Other cities" shows what they did."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..projects import feed
from ..projects.models import ImportedFeed
from .common import CONTENT

FEED_FILE = "other-city-feed.json"


def load(admin: User) -> bool:
    """Import the feed unless it was imported before; True when it was imported now."""
    data = feed.parse_feed((CONTENT / FEED_FILE).read_bytes())
    imported = db.session.execute(select(ImportedFeed.id).where(
        ImportedFeed.city == data["city"],
        ImportedFeed.process_slug == data["process"]["slug"])).first()
    if imported:
        return False
    feed.import_feed(admin, data)
    return True
