"""Sending notification mails: after the commit, in the background, retried with a backoff.

A row is claimed with one conditional UPDATE (pending → sending, or a "sending" row whose
lease ran out because its sender died) that returns the ids it changed: two senders, in
threads or processes, never get the same row. PostgreSQL also skips rows another sender
has locked. A failed mail goes back to pending with the next attempt after 1, 5, 30 and
120 minutes; after MAX_ATTEMPTS it is "failed" and logged. The activity page lists the
notification either way, so no failure loses it.

The request never sends: an after-commit hook on the session starts a background thread
(NOTIFY_AUTOSEND) that runs send_due in a fresh app context. Mails whose retry is due later,
and the daily digest, go out through `flask notifications send` / `digest` from a timer.
"""

from __future__ import annotations

import logging
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context, has_request_context, request, url_for
from flask_babel import force_locale
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, select, update
from sqlalchemy.orm import joinedload

from .. import mail
from ..accounts.models import User
from ..extensions import db
from ..models_base import utcnow
from . import messages
from .models import MailState, Notification, NotifyMode
from .services import SEND_AFTER_COMMIT, unsubscribe_token

log = logging.getLogger(__name__)

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
           timedelta(minutes=120))
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(minutes=10)  # a claimed row is claimable again after this (sender died)


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    skipped: int = 0


def _due(now: datetime):
    return (Notification.mail_state.in_([MailState.PENDING.value, MailState.SENDING.value]),
            Notification.next_attempt_at <= now)


def _claim(where, limit: int, now: datetime) -> list[int]:
    """Set matching rows to "sending" for LEASE and return their ids; commits."""
    ids = select(Notification.id).where(*where).order_by(Notification.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        ids = ids.with_for_update(skip_locked=True)
    claimed = db.session.execute(
        update(Notification).where(Notification.id.in_(ids), *where)
        .values(mail_state=MailState.SENDING.value, next_attempt_at=now + LEASE)
        .returning(Notification.id).execution_options(synchronize_session=False)
    ).scalars().all()
    db.session.commit()
    return sorted(claimed)


def _finish(ids: list[int], **values) -> None:
    """Leave "sending" for another state; only rows this sender still holds change."""
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.mail_state == MailState.SENDING.value)
        .values(**values).execution_options(synchronize_session=False))
    db.session.commit()


def _base_url(base_url: str | None) -> str:
    found = current_app.config.get("PUBLIC_URL") or base_url
    if not found and current_app.config["APP_ENV"] == "production":
        log.warning("PUBLIC_URL is not set: links in notification mails point to localhost")
    return found or "http://localhost"


def _link_context(base_url: str | None):
    """Links in mails need a request context for url_for: the current one, or one for
    PUBLIC_URL (timers and background threads have no request)."""
    if has_request_context() and not current_app.config.get("PUBLIC_URL"):
        return nullcontext()
    return current_app.test_request_context("/", base_url=_base_url(base_url))


def _wants_no_mail(user: User, note: Notification) -> bool:
    return (user.is_deleted or not user.email or user.notify_mode == NotifyMode.OFF.value
            or bool(user.notify_muted & note.kind_enum.bit))


def _failure(note: Notification, now: datetime, exc: Exception) -> str:
    attempts = note.attempts + 1
    error = type(exc).__name__[:200]  # not the message: it may name the address
    if attempts >= MAX_ATTEMPTS:
        log.error("notification %s failed %d times, giving up: %s", note.id, attempts, error)
        _finish([note.id], mail_state=MailState.FAILED.value, attempts=attempts,
                next_attempt_at=None, last_error=error)
        return "failed"
    log.warning("notification %s not sent (attempt %d): %s", note.id, attempts, error)
    _finish([note.id], mail_state=MailState.PENDING.value, attempts=attempts,
            next_attempt_at=now + BACKOFF[attempts - 1], last_error=error)
    return "retry"


def _deliver(note_id: int, now: datetime, base_url: str | None) -> str:
    note = db.session.get(Notification, note_id,
                          options=[joinedload(Notification.recipient)], populate_existing=True)
    user = note.recipient
    if _wants_no_mail(user, note):
        _finish([note.id], mail_state=MailState.SKIPPED.value, next_attempt_at=None)
        return "skipped"
    if user.notify_mode == NotifyMode.DAILY.value:  # chose the digest since notify()
        _finish([note.id], mail_state=MailState.DIGEST.value, next_attempt_at=None)
        return "skipped"
    try:
        _mail_to(user, base_url, lambda name, link: messages.single_mail(note, name, link))
    except Exception as exc:  # any mail failure: keep the notice and retry later
        db.session.rollback()
        return _failure(note, now, exc)
    _finish([note.id], mail_state=MailState.SENT.value, sent_at=utcnow(), next_attempt_at=None,
            attempts=note.attempts + 1, last_error=None)
    return "sent"


def _mail_to(user: User, base_url: str | None, compose) -> None:
    """Write a mail in the person's language, `compose(name, unsubscribe_link)` giving its
    subject and body, and send it; a mail failure is raised to the caller, which retries."""
    with _link_context(base_url), force_locale(_locale(user)):
        subject, body = compose(user.display_name or "", _unsubscribe_link(user))
    mail.send_mail(user.email, subject, body)


def _locale(user: User) -> str:
    locale = user.locale
    if locale not in current_app.config["LANGUAGES"]:
        locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    return locale


def _unsubscribe_link(user: User) -> str:
    return url_for("notifications.unsubscribe", token=unsubscribe_token(user), _external=True)


def send_due(now: datetime | None = None, limit: int = 200,
             base_url: str | None = None) -> SendReport:
    """Send the notification mails that are due, each in its recipient's language.

    Commits after each mail. A failing mail is retried later (BACKOFF); raises nothing.
    """
    now = now or utcnow()
    report = SendReport()
    for note_id in _claim(_due(now), limit, now):
        outcome = _deliver(note_id, now, base_url)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def send_digests(now: datetime | None = None, base_url: str | None = None) -> SendReport:
    """Send one mail per person listing their notifications kept for the digest.

    Commits per person; a failed digest stays for the next run (up to MAX_ATTEMPTS).
    Raises nothing.
    """
    now = now or utcnow()
    report = SendReport()
    people = db.session.execute(
        select(Notification.recipient_id).where(Notification.mail_state == MailState.DIGEST.value)
        .distinct().order_by(Notification.recipient_id)).scalars().all()
    for user_id in people:
        where = (Notification.recipient_id == user_id,
                 Notification.mail_state == MailState.DIGEST.value)
        claimed = _claim(where, 500, now)
        if claimed:
            outcome = _deliver_digest(user_id, claimed, now, base_url)
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _deliver_digest(user_id: int, ids: list[int], now: datetime, base_url: str | None) -> str:
    user = db.session.get(User, user_id, populate_existing=True)
    notes = db.session.execute(
        select(Notification).where(Notification.id.in_(ids))
        .order_by(Notification.created_at, Notification.id)
        .execution_options(populate_existing=True)).scalars().all()
    unwanted = [n.id for n in notes if _wants_no_mail(user, n)]
    if unwanted:
        _finish(unwanted, mail_state=MailState.SKIPPED.value, next_attempt_at=None)
    notes = [n for n in notes if n.id not in unwanted]
    if not notes:
        return "skipped"
    try:
        _mail_to(user, base_url, lambda name, link: messages.digest_mail(notes, name, link))
    except Exception as exc:  # any mail failure: keep them for the next digest
        db.session.rollback()
        attempts = max(n.attempts for n in notes) + 1
        state = MailState.FAILED if attempts >= MAX_ATTEMPTS else MailState.DIGEST
        log.warning("digest for user %s not sent (attempt %d): %s", user_id, attempts,
                    type(exc).__name__)
        _finish([n.id for n in notes], mail_state=state.value, attempts=attempts,
                next_attempt_at=None, last_error=type(exc).__name__[:200])
        return "failed" if state is MailState.FAILED else "retry"
    _finish([n.id for n in notes], mail_state=MailState.SENT.value, sent_at=utcnow(),
            next_attempt_at=None, last_error=None)
    return "sent"


# --- after the commit, in the background ----------------------------------------------

_running = threading.Lock()
_wanted = threading.Event()


def start_background_send(app: Flask, base_url: str | None = None) -> threading.Thread | None:
    """Run send_due in a thread with its own app context, unless one is running already
    (it then makes one more round). Returns the thread started, or None."""
    _wanted.set()
    if _running.locked():
        return None
    thread = threading.Thread(target=_send_in_background, args=(app, base_url),
                              name="notification-mails", daemon=True)
    thread.start()
    return thread


def _send_in_background(app: Flask, base_url: str | None) -> None:
    while _running.acquire(blocking=False):
        try:
            while _wanted.is_set():
                _wanted.clear()
                with app.app_context():
                    try:
                        send_due(base_url=base_url)
                    except Exception:
                        log.exception("sending notification mails failed")
                    finally:
                        db.session.remove()
        finally:
            _running.release()
        if not _wanted.is_set():  # nobody asked while we were finishing
            return


def _after_commit(session) -> None:
    if not session.info.pop(SEND_AFTER_COMMIT, False) or not has_app_context():
        return
    app = current_app._get_current_object()
    if app.config.get("NOTIFY_AUTOSEND"):
        start_background_send(app, request.url_root if has_request_context() else None)


def _after_rollback(session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(SEND_AFTER_COMMIT, None)


def install_hooks() -> None:
    """Listen for commits of the app's database sessions (once per process)."""
    if not event.contains(FlaskSession, "after_commit", _after_commit):
        event.listen(FlaskSession, "after_commit", _after_commit)
        event.listen(FlaskSession, "after_soft_rollback", _after_rollback)


__all__ = ["BACKOFF", "MAX_ATTEMPTS", "SendReport", "install_hooks", "send_digests",
           "send_due", "start_background_send"]
