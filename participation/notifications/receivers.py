"""The notifications domain's answers to the signals of the domains below it (connected
once by create_app through `connect`).

The events of ideas people are told about (proposals/signals.py) add their notifications to
the sender's transaction; the mails go out after it commits (sending.py), and a rollback
takes them back with the event itself.
"""

from __future__ import annotations

from ..accounts import signals as account_signals
from ..proposals import signals as proposal_signals
from . import services
from .models import NotificationKind


def personal_data(user, **_kwargs) -> dict:
    """The person's notification settings and notifications, for "download my data"."""
    data = services.export_user_data(user)
    return {"notification_settings": data["settings"], "notifications": data["notifications"]}


def forget(user, **_kwargs) -> None:
    """The account is being deleted: its notifications and choices go with it."""
    services.forget(user)


def comment_added(proposal, comment, actor, **_kwargs) -> None:
    """Tell the idea's author and supporters about a new comment (not its writer)."""
    services.notify(proposal, NotificationKind.COMMENT, {"comment_id": comment.id},
                    actor=actor)


def proposal_hidden(proposal, reason: str, actor, **_kwargs) -> None:
    """Tell the author (with the moderators' reason) and supporters that an idea is hidden."""
    services.notify(proposal, NotificationKind.HIDDEN, {"reason": reason}, actor=actor)


def connect() -> None:
    account_signals.personal_data.connect(personal_data)
    account_signals.account_deleted.connect(forget)
    proposal_signals.comment_added.connect(comment_added)
    proposal_signals.proposal_hidden.connect(proposal_hidden)
