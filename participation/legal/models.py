"""Feedback on the accessibility of the site (the statement's feedback mechanism)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import UTCDateTime, utcnow


class AccessibilityFeedback(db.Model):
    """A message about a barrier on the site; name and address are optional."""

    __tablename__ = "accessibility_feedback"
    __table_args__ = (CheckConstraint("message <> ''", name="message_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(100), info={"personal": "feedback"})
    email: Mapped[str | None] = mapped_column(String(254), info={"personal": "feedback"})
    page: Mapped[str | None] = mapped_column(String(500))
    message: Mapped[str] = mapped_column(Text, info={"personal": "feedback"})
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
