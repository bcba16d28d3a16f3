"""Notifications: what happened to an idea a person wrote or supported, and the mail about it.

One row per person and event. The row is the person's "my activity" entry and, at the same
time, the state of the mail about it (pending → sending → sent, retried with a backoff; or
kept for the daily digest; or skipped when the person wants no mail).
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..models_base import UTCDateTime, utcnow
from ..proposals.models import Proposal


class NotificationKind(enum.StrEnum):
    COMMENT = "comment"
    HIDDEN = "hidden"
    MERGED = "merged"
    PROJECT = "project"
    WHY_NOT = "why_not"
    PROJECT_STATUS = "project_status"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])

    @property
    def bit(self) -> int:
        """The kind's bit in User.notify_muted (a set bit: the person wants no notice)."""
        return 1 << list(NotificationKind).index(self)


KIND_LABELS = {
    NotificationKind.COMMENT: _l("A new comment on the idea"),
    NotificationKind.HIDDEN: _l("The idea was hidden by the moderators"),
    NotificationKind.MERGED: _l("The idea was merged with another one"),
    NotificationKind.PROJECT: _l("The idea became (part of) a project"),
    NotificationKind.WHY_NOT: _l("The idea was not selected, with the reason"),
    NotificationKind.PROJECT_STATUS: _l("The status of the idea's project changed"),
}


class NotifyMode(enum.StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    OFF = "off"

    @property
    def label(self) -> str:
        return str(MODE_LABELS[self])


MODE_LABELS = {
    NotifyMode.INSTANT: _l("Instantly, one e-mail per event"),
    NotifyMode.DAILY: _l("Once a day, as a digest"),
    NotifyMode.OFF: _l("No e-mails (the events stay listed under “My activity”)"),
}


class MailState(enum.StrEnum):
    PENDING = "pending"  # to be sent at next_attempt_at
    SENDING = "sending"  # claimed by a sender until next_attempt_at (then claimable again)
    SENT = "sent"
    DIGEST = "digest"  # waits for the daily digest
    SKIPPED = "skipped"  # the person wants no mail
    FAILED = "failed"  # given up after MAX_ATTEMPTS


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(NotificationKind)})", name="kind_valid"),
        CheckConstraint(f"mail_state IN ({_in(MailState)})", name="mail_state_valid"),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
        Index("ix_notifications_recipient_created", "recipient_id", "created_at"),
        Index("ix_notifications_mail_state_due", "mail_state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              info={"personal": "notifications"})
    # The process, so the retention purge finds the rows even when the idea is gone.
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # What the message needs (see services.notify): the idea's title, a reason, a project.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mail_state: Mapped[str] = mapped_column(String(10), default=MailState.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(200))

    recipient: Mapped[User] = relationship()
    proposal: Mapped[Proposal | None] = relationship()

    @property
    def kind_enum(self) -> NotificationKind:
        return NotificationKind(self.kind)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
