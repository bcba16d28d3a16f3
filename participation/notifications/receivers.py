"""The notifications domain's answers to the signals of the domains below it (connected
once by create_app through `connect`)."""

from __future__ import annotations

from ..accounts import signals as account_signals
from . import services


def personal_data(user, **_kwargs) -> dict:
    """The person's notification settings and notifications, for "download my data"."""
    data = services.export_user_data(user)
    return {"notification_settings": data["settings"], "notifications": data["notifications"]}


def forget(user, **_kwargs) -> None:
    """The account is being deleted: its notifications and choices go with it."""
    services.forget(user)


def connect() -> None:
    account_signals.personal_data.connect(personal_data)
    account_signals.account_deleted.connect(forget)
