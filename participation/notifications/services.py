"""Who is told what about an idea, their choices, their activity list and unsubscribing.

`notify(proposal, kind, data, actor)` is the one call every trigger makes, inside the
caller's transaction. The data each kind needs (notify fills in "title", the idea's title):

| kind             | data                                                              |
|------------------|-------------------------------------------------------------------|
| comment          | {} (optionally "comment_id")                                      |
| hidden           | {"reason": the moderators' reason} (only the author is told it)   |
| merged           | {"target_title": title of the idea or project it was merged into} |
| project          | {"project_title": title of the candidate project}                 |
| why_not          | {"reason": why it was not selected}                               |
| project_status   | {"project_title": ..., "status": candidate, selected,             |
|                  |  in_implementation, done or dropped}                              |

Every kind may add "link": a path on this site ("/projects/3") the notice links to instead
of the idea's page. The mails go out after the commit (sending.py).
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, insert, select, union, update
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..proposals.models import Proposal
from ..votes.models import DotAllocation, Support
from .messages import AUTHOR_ONLY_DATA, REQUIRED_DATA
from .models import MailState, Notification, NotificationKind, NotifyMode

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications-unsubscribe"
# Set on the session when notify() added rows to mail now; the after-commit hook reads it.
SEND_AFTER_COMMIT = "notifications_to_send"

_STATE_FOR_MODE = {
    NotifyMode.INSTANT.value: MailState.PENDING.value,
    NotifyMode.DAILY.value: MailState.DIGEST.value,
    NotifyMode.OFF.value: MailState.SKIPPED.value,
}


def _people_of(proposal: Proposal):
    """The ids of the idea's author and of everyone who supported it or gave it points."""
    return union(
        select(Proposal.author_id.label("user_id")).where(Proposal.id == proposal.id,
                                                         Proposal.author_id.is_not(None)),
        select(Support.user_id.label("user_id")).where(Support.proposal_id == proposal.id),
        select(DotAllocation.user_id.label("user_id"))
        .where(DotAllocation.proposal_id == proposal.id),
    ).subquery()


def notify(proposal: Proposal, kind: NotificationKind | str, data: dict | None = None,
           actor: User | None = None) -> int:
    """Tell the idea's author and supporters (each once, never the actor, no deleted
    accounts, only who wants this kind) about an event; returns how many rows were added.

    The rows join the caller's transaction; mails go out after it commits.
    Raises ValueError for an unknown kind or data missing a key the kind needs.
    """
    kind = NotificationKind(kind)
    payload = {"title": proposal.title, **(data or {})}
    missing = [key for key in REQUIRED_DATA[kind] if payload.get(key) in (None, "")]
    if missing:
        raise ValueError(f"notification {kind.value} needs {', '.join(missing)} in its data")
    people = _people_of(proposal)
    stmt = select(User.id, User.notify_mode).where(
        User.id.in_(select(people.c.user_id)), User.deleted_at.is_(None),
        User.notify_muted.op("&")(kind.bit) == 0)
    if actor is not None:
        stmt = stmt.where(User.id != actor.id)
    now = utcnow()
    others_payload = {key: value for key, value in payload.items()
                      if key not in AUTHOR_ONLY_DATA.get(kind, ())}
    rows = [
        {"recipient_id": user_id, "process_id": proposal.process_id,
         "proposal_id": proposal.id, "kind": kind.value, "created_at": now,
         "data": payload if user_id == proposal.author_id else others_payload,
         "mail_state": _STATE_FOR_MODE[mode], "attempts": 0,
         "next_attempt_at": now if mode == NotifyMode.INSTANT.value else None}
        for user_id, mode in db.session.execute(stmt.order_by(User.id))
    ]
    if rows:
        db.session.execute(insert(Notification), rows)  # one executemany, however many
        if any(row["mail_state"] == MailState.PENDING.value for row in rows):
            db.session.info[SEND_AFTER_COMMIT] = True
    log.info("notification %s on proposal %s for %d people", kind.value, proposal.id, len(rows))
    return len(rows)


def enabled_kinds(user: User) -> list[NotificationKind]:
    return [kind for kind in NotificationKind if not user.notify_muted & kind.bit]


def set_preferences(user: User, mode: NotifyMode | str,
                    kinds: list[NotificationKind | str]) -> None:
    """Save how (instant, daily, off) and about what the person wants mail; notices not yet
    mailed follow the new choice. Raises InvalidInput for an unknown mode or kind."""
    try:
        mode = NotifyMode(mode)
        wanted = {NotificationKind(kind) for kind in kinds}
    except ValueError as exc:
        raise InvalidInput(_("Please choose one of the offered options.")) from exc
    user.notify_mode = mode.value
    user.notify_muted = sum(kind.bit for kind in NotificationKind if kind not in wanted)
    waiting = (Notification.recipient_id == user.id,
               Notification.mail_state.in_([MailState.PENDING.value, MailState.DIGEST.value]))
    muted = [kind.value for kind in NotificationKind if kind not in wanted]
    if muted:
        _move(waiting + (Notification.kind.in_(muted),), mail_state=MailState.SKIPPED.value)
    if mode is NotifyMode.OFF:
        _move(waiting, mail_state=MailState.SKIPPED.value)
    elif mode is NotifyMode.DAILY:
        _move(waiting, mail_state=MailState.DIGEST.value, next_attempt_at=None)
    else:
        _move(waiting, mail_state=MailState.PENDING.value, next_attempt_at=utcnow())
        db.session.info[SEND_AFTER_COMMIT] = True
    log.info("user %s chose notification mode %s", user.id, mode.value)


def _move(where, **values) -> None:
    db.session.execute(update(Notification).where(*where).values(**values)
                       .execution_options(synchronize_session=False))


def _serializer() -> URLSafeSerializer:
    # No expiry: a link in a mail from last year must still stop the mails.
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    return _serializer().dumps({"id": user.id})


def user_for_unsubscribe_token(token: str) -> User:
    """The account an unsubscribe link is for. Raises NotFound for a broken or forged link,
    or one of a deleted account."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise NotFound(_("This unsubscribe link is not valid. You can choose which e-mails "
                         "you get on your account page.")) from exc
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.is_deleted:
        raise NotFound(_("This unsubscribe link is not valid. You can choose which e-mails "
                         "you get on your account page."))
    return user


def unsubscribe(user: User) -> None:
    """Turn off every notification mail of the person (the activity page keeps listing)."""
    set_preferences(user, NotifyMode.OFF, enabled_kinds(user))


def activity(user: User, page: int = 1, per_page: int = 20):
    """One page of the person's notifications, newest first."""
    stmt = (select(Notification).where(Notification.recipient_id == user.id)
            .options(joinedload(Notification.proposal))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def mark_read(user: User, notification_ids: list[int]) -> None:
    """Mark these of the person's notifications as read (others' ids change nothing)."""
    if notification_ids:
        _move((Notification.recipient_id == user.id, Notification.id.in_(notification_ids),
               Notification.read_at.is_(None)), read_at=utcnow())


def forget(user: User) -> None:
    """Delete the person's notifications and choices (their account is being deleted)."""
    user.notify_mode = NotifyMode.INSTANT.value
    user.notify_muted = 0
    db.session.execute(delete(Notification).where(Notification.recipient_id == user.id))


def export_user_data(user: User) -> dict:
    """The person's notification settings and notifications, for "download my data"."""
    def iso(value):
        return value.isoformat() if value else None

    notes = db.session.execute(select(Notification).where(Notification.recipient_id == user.id)
                               .order_by(Notification.id)).scalars()
    return {
        "settings": {"mode": user.notify_mode,
                     "kinds": [kind.value for kind in enabled_kinds(user)]},
        "notifications": [
            {"kind": n.kind, "proposal_id": n.proposal_id, "data": n.data,
             "created_at": iso(n.created_at), "read_at": iso(n.read_at),
             "mail_state": n.mail_state, "sent_at": iso(n.sent_at)}
            for n in notes
        ],
    }
