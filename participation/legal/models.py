"""Feedback on the accessibility of the site (the statement's feedback mechanism)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import UTCDateTime, utcnow

# Lengths of a feedback message's fields, read by the columns, the form and the service.
NAME_MAX = 100
EMAIL_MAX = 254
PAGE_MAX = 500
MESSAGE_MAX = 5000

class AccessibilityFeedback(db.Model):
    """A message about a barrier on the site; name and address are optional."""

    __tablename__ = "accessibility_feedback"
    __table_args__ = (CheckConstraint("message <> ''", name="message_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(NAME_MAX), info={"personal": "feedback"})
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX), info={"personal": "feedback"})
    page: Mapped[str | None] = mapped_column(String(PAGE_MAX))
    message: Mapped[str] = mapped_column(Text, info={"personal": "feedback"})
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
