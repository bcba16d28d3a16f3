"""Sending mail: SMTP in production, files in the instance outbox in development."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

log = logging.getLogger(__name__)


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="zukunftsstadt")
    msg.set_content(body)
    return msg


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text mail now, or write it to the outbox when no SMTP server is set."""
    msg = build_message(to, subject, body)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        outbox = config["MAIL_OUTBOX"]
        os.makedirs(outbox, exist_ok=True)
        path = os.path.join(outbox, f"{uuid.uuid4().hex}.eml")
        with open(path, "wb") as fh:
            fh.write(bytes(msg))
        log.info("mail to %s written to outbox %s: %s", to, path, subject)
        return
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(msg)
    log.info("mail sent to %s: %s", to, subject)
