"""The texts of notifications, for the "my activity" page and the mails, in every language.

The templates are lazy strings formatted with the notification's data only when shown, so
the same row reads in German on one person's page and in Polish in another person's mail.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from .models import Notification, NotificationKind

LINES = {
    NotificationKind.COMMENT: _l("There is a new comment on the idea “%(title)s”."),
    NotificationKind.HIDDEN: _l("The idea “%(title)s” was hidden by the moderators. Their "
                                "reason: %(reason)s"),
    NotificationKind.MERGED: _l("The idea “%(title)s” was merged into “%(target_title)s”."),
    NotificationKind.PROJECT: _l("The idea “%(title)s” became (part of) the project "
                                 "“%(project_title)s”."),
    NotificationKind.WHY_NOT: _l("The idea “%(title)s” was not selected for the project list. "
                                 "The reason: %(reason)s"),
    NotificationKind.PROJECT_STATUS: _l("The project “%(project_title)s”, which grew from the "
                                        "idea “%(title)s”, has a new status: %(status)s."),
}

# A hidden idea's reason is shown to its author only (as on the idea's page): supporters
# read that it was hidden, without the reason.
HIDDEN_WITHOUT_REASON = _l("The idea “%(title)s” was hidden by the moderators.")
AUTHOR_ONLY_DATA = {NotificationKind.HIDDEN: ("reason",)}

SUBJECTS = {
    NotificationKind.COMMENT: _l("New comment on “%(title)s”"),
    NotificationKind.HIDDEN: _l("“%(title)s” was hidden"),
    NotificationKind.MERGED: _l("“%(title)s” was merged"),
    NotificationKind.PROJECT: _l("“%(title)s” became a project"),
    NotificationKind.WHY_NOT: _l("“%(title)s” was not selected"),
    NotificationKind.PROJECT_STATUS: _l("New status of the project “%(project_title)s”"),
}

# The statuses of candidate projects (SPEC: candidate, selected, in implementation, done,
# dropped), for the project_status message.
PROJECT_STATUSES = {
    "candidate": lazy_pgettext("project status", "candidate"),
    "selected": lazy_pgettext("project status", "selected"),
    "in_implementation": lazy_pgettext("project status", "in implementation"),
    "done": lazy_pgettext("project status", "done"),
    "dropped": lazy_pgettext("project status", "dropped"),
}

# The keys each kind's data needs besides "title" (which notify() fills in itself).
REQUIRED_DATA = {
    NotificationKind.COMMENT: (),
    NotificationKind.HIDDEN: ("reason",),
    NotificationKind.MERGED: ("target_title",),
    NotificationKind.PROJECT: ("project_title",),
    NotificationKind.WHY_NOT: ("reason",),
    NotificationKind.PROJECT_STATUS: ("project_title", "status"),
}


def _values(note: Notification) -> dict:
    data = note.data or {}
    values = {key: str(data.get(key) or "") for key in ("title", *REQUIRED_DATA[note.kind_enum])}
    if note.kind_enum is NotificationKind.PROJECT_STATUS:
        status = values["status"]
        values["status"] = str(PROJECT_STATUSES.get(status, status))
    return values


def describe(note: Notification) -> str:
    """The one-sentence text of the notification, in the current language."""
    values = _values(note)
    if note.kind_enum is NotificationKind.HIDDEN and not values["reason"]:
        return str(HIDDEN_WITHOUT_REASON) % values
    return str(LINES[note.kind_enum]) % values


def subject(note: Notification) -> str:
    return str(SUBJECTS[note.kind_enum]) % _values(note)


def link(note: Notification) -> str | None:
    """Where the notification leads: the `link` path of its data, else the idea's page."""
    path = (note.data or {}).get("link")
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//"):
        return url_for("web.index", _external=True).rstrip("/") + path
    if note.proposal_id is None:
        return None
    return url_for("proposals.detail", proposal_id=note.proposal_id, _external=True)


def footer(unsubscribe_link: str) -> str:
    return _(
        "You get this e-mail because you wrote or supported the idea on %(site)s.\n"
        "Choose which e-mails you get: %(settings)s\n"
        "No more e-mails about ideas: %(unsubscribe)s",
        site=current_app.config["SITE_NAME"],
        settings=url_for("notifications.preferences", _external=True),
        unsubscribe=unsubscribe_link,
    )


def single_mail(note: Notification, name: str, unsubscribe_link: str) -> tuple[str, str]:
    """Subject and body of the mail about one notification, in the current language."""
    target = link(note)
    body = _("Hello %(name)s,", name=name) + "\n\n" + describe(note) + "\n"
    if target:
        body += "\n" + _("Read more: %(link)s", link=target) + "\n"
    return subject(note), body + "\n-- \n" + footer(unsubscribe_link)


def digest_mail(notes: list[Notification], name: str,
                unsubscribe_link: str) -> tuple[str, str]:
    """Subject and body of the daily digest listing the notifications, oldest first."""
    site = current_app.config["SITE_NAME"]
    lines = [_("Hello %(name)s,", name=name), "",
             _("this is what happened to the ideas you wrote or supported:"), ""]
    for note in notes:
        lines.append("- " + describe(note))
        target = link(note)
        if target:
            lines.append("  " + target)
    lines += ["", "-- ", footer(unsubscribe_link)]
    return _("Your daily summary from %(site)s", site=site), "\n".join(lines)
