"""People with accounts, their roles and their personal API tokens."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import UTCDateTime, utcnow


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    FACILITATOR = "facilitator"
    PLANNER = "planner"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.PLANNER: _l("Planner"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('citizen', 'facilitator', 'planner', 'admin')", name="role_valid"
        ),
        CheckConstraint("notify_mode IN ('instant', 'daily', 'off')", name="notify_mode_valid"),
        CheckConstraint("notify_muted >= 0", name="notify_muted_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erased (NULL) when the account is deleted; unique while it exists.
    email: Mapped[str | None] = mapped_column(String(254), unique=True,
                                              info={"personal": "account"})
    display_name: Mapped[str | None] = mapped_column(String(60), info={"personal": "account"})
    password_hash: Mapped[str | None] = mapped_column(String(255),
                                                      info={"personal": "account"})
    role: Mapped[str] = mapped_column(String(20), default=Role.CITIZEN.value)
    locale: Mapped[str | None] = mapped_column(String(10), info={"personal": "account"})
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Notifications (participation/notifications): how mails about the person's ideas go out
    # (instant, daily or off), and the kinds the person turned off, one bit per kind.
    notify_mode: Mapped[str] = mapped_column(String(10), default="instant",
                                             server_default="instant",
                                             info={"personal": "notifications"})
    notify_muted: Mapped[int] = mapped_column(default=0, server_default="0",
                                              info={"personal": "notifications"})

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: deleted accounts cannot log in
        return self.deleted_at is None

    def get_id(self) -> str:
        """The id kept in the session and the remember cookie, bound to the password:
        a new password (or deleting the account) ends every other session."""
        return f"{self.id}.{self.session_fingerprint}"

    @property
    def session_fingerprint(self) -> str:
        digest = hashlib.sha256((self.password_hash or "deleted").encode()).hexdigest()
        return digest[:16]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {Role(r).value for r in roles}

    @property
    def public_name(self) -> str:
        """The name shown beside the person's content."""
        if self.is_deleted or not self.display_name:
            return str(_l("deleted account"))
        return self.display_name

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 hash is stored, the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         info={"personal": "api_tokens"})
    name: Mapped[str] = mapped_column(String(60), info={"personal": "api_tokens"})
    token_hash: Mapped[str] = mapped_column(String(64), unique=True,
                                            info={"personal": "api_tokens"})
    prefix: Mapped[str] = mapped_column(String(12), info={"personal": "api_tokens"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(),
                                                         info={"personal": "api_tokens"})
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
