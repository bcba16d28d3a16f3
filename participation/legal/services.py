"""Accessibility feedback: the spam guard, storing the message, mailing it on."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..errors import InvalidInput
from ..extensions import db
from ..mail import send_mail
from ..models_base import utcnow
from .models import EMAIL_MAX, MESSAGE_MAX, NAME_MAX, PAGE_MAX, AccessibilityFeedback

log = logging.getLogger(__name__)
_SALT = "accessibility-feedback-form"


class SpamSuspected(InvalidInput):
    code = "spam_suspected"


@dataclass
class FeedbackInput:
    message: str
    name: str | None = None
    email: str | None = None
    page: str | None = None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def form_token() -> str:
    """A signed time stamp of the moment the form is shown."""
    return _serializer().dumps("feedback")


def check_form_token(token: str | None) -> None:
    """Refuse a form sent too soon after it was shown, too late, or without a valid token.

    Raises SpamSuspected.
    """
    config = current_app.config
    try:
        _value, issued = _serializer().loads(token or "", max_age=config["FEEDBACK_FORM_MAX_AGE"],
                                             return_timestamp=True)
    except SignatureExpired:
        raise SpamSuspected(_("The form was open for too long. Please send your message "
                              "again.")) from None
    except BadSignature:
        raise SpamSuspected(_("The form could not be checked. Please reload the page and send "
                              "your message again.")) from None
    if (utcnow() - issued).total_seconds() < config["FEEDBACK_MIN_SECONDS"]:
        raise SpamSuspected(_("The form was sent faster than a person can fill it in. Please "
                              "check your message and send it again."))


def _clean(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise InvalidInput(_("At most %(max)d characters, please.", max=limit))
    return value or None


def submit_feedback(data: FeedbackInput, *, started: str | None, honeypot: str | None,
                    locale: str | None) -> AccessibilityFeedback:
    """Store a feedback message, mail it to the accessibility contact and confirm it to the
    sender when an address was given. Raises SpamSuspected, InvalidInput."""
    if (honeypot or "").strip():
        raise SpamSuspected(_("Your message was not sent: the field “Leave this field empty” "
                              "must stay empty."))
    check_form_token(started)
    message = _clean(data.message, MESSAGE_MAX)
    if not message:
        raise InvalidInput(_("Please write your message."))
    email = _clean(data.email, EMAIL_MAX)
    if email and ("@" not in email or any(c in email for c in "\r\n<>,; ")):
        raise InvalidInput(_("Please enter a valid e-mail address."))
    feedback = AccessibilityFeedback(name=_clean(data.name, NAME_MAX), email=email,
                                     page=_clean(data.page, PAGE_MAX), message=message,
                                     locale=locale)
    db.session.add(feedback)
    db.session.flush()
    _mail_contact(feedback)
    if feedback.email:
        _mail_confirmation(feedback)
    log.info("accessibility feedback %s received", feedback.id)
    return feedback


def _mail_contact(feedback: AccessibilityFeedback) -> None:
    config = current_app.config
    with force_locale(config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Feedback on accessibility (%(site)s, no. %(id)d)",
                    site=config["SITE_NAME"], id=feedback.id)
        body = "\n".join([
            _("Someone sent feedback on the accessibility of %(site)s.",
              site=config["SITE_NAME"]),
            "",
            _("Name: %(name)s", name=feedback.name or "–"),
            _("E-mail address: %(email)s", email=feedback.email or "–"),
            _("Page: %(page)s", page=feedback.page or "–"),
            _("Language: %(language)s", language=feedback.locale or "–"),
            "",
            feedback.message,
            "",
            _("Please answer within the time the accessibility statement promises."),
        ])
    send_mail(config["ACCESSIBILITY_CONTACT_EMAIL"], subject, body)


def _mail_confirmation(feedback: AccessibilityFeedback) -> None:
    config = current_app.config
    subject = _("We received your feedback on accessibility")
    body = "\n".join([
        _("Thank you for your feedback on the accessibility of %(site)s of %(city)s.",
          site=config["SITE_NAME"], city=config["CITY_AUTHORITY"]),
        _("We will answer you as soon as we can, at the latest within six weeks."),
        "",
        _("Your message:"),
        feedback.message,
        "",
        _("If you did not write this message, you can ignore this e-mail."),
    ])
    send_mail(feedback.email, subject, body)
