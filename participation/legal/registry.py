"""What personal data the platform stores, why, on which legal basis and for how long.

The privacy notice renders this registry. Every model column that holds personal data carries
`info={"personal": "<category key>"}`; tests/test_privacy_registry.py fails when a marked
column has no entry here, when an entry names a column that is not marked, and when a column
whose name suggests personal data is neither marked nor listed in NOT_PERSONAL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import MetaData

# The legal basis of most data: the city involves its citizens as a public task.
PUBLIC_TASK = _l("Art. 6(1)(e) GDPR in conjunction with § 5 of the Brandenburg Data "
                 "Protection Act (BbgDSG): the city's task of involving its citizens in urban "
                 "development")


@dataclass(frozen=True)
class DataCategory:
    """One kind of personal data, as the privacy notice explains it."""

    key: str
    title: object
    purpose: object
    retention: object  # may use %(days)s (PRIVACY_RETENTION_DAYS) and %(log_days)s
    legal_basis: object = PUBLIC_TASK  # most data serves the city's task of participation
    # "table.column" -> what the person would call it; empty for data kept outside the database
    fields: dict[str, object] = field(default_factory=dict)
    extra: tuple[object, ...] = ()  # data kept outside the database tables (cookies, logs)


CATEGORIES: tuple[DataCategory, ...] = (
    DataCategory(
        key="account",
        title=_l("Your account"),
        purpose=_l("To let you log in, show your chosen name beside your contributions and "
                   "write to you about your account (confirmation, forgotten password)."),
        retention=_l("Until you delete your account. Deleting it erases your e-mail address, "
                     "name, password and language at once."),
        fields={
            "users.email": _l("e-mail address"),
            "users.display_name": _l("display name"),
            "users.password_hash": _l("password (only as a salted hash)"),
            "users.locale": _l("preferred language"),
        },
    ),
    DataCategory(
        key="api_tokens",
        title=_l("Personal API tokens"),
        purpose=_l("To let your own programs act for you through the JSON interface."),
        retention=_l("Until you revoke the token or delete your account."),
        fields={
            "api_tokens.user_id": _l("the account the token belongs to"),
            "api_tokens.name": _l("the name you gave the token"),
            "api_tokens.token_hash": _l("the token (only as a hash)"),
            "api_tokens.prefix": _l("the first characters of the token"),
            "api_tokens.last_used_at": _l("when the token was last used"),
        },
    ),
    DataCategory(
        key="contributions",
        title=_l("Your ideas and comments"),
        purpose=_l("To publish your contributions to the process with your display name, and "
                   "to let you edit or withdraw them."),
        retention=_l("The contributions stay public as part of the process record. %(days)s "
                     "days after the process closed, their link to your account is removed; "
                     "from then on they show no name."),
        fields={
            "proposals.author_id": _l("the author of an idea"),
            "comments.author_id": _l("the author of a comment"),
            "proposal_images.uploader_id": _l("who uploaded a picture of an idea"),
            "proposal_images.file_name": _l("the pictures you uploaded (stored without their "
                                            "metadata such as location or camera)"),
            "proposal_images.thumb_name": _l("a small copy of each of these pictures"),
        },
    ),
    DataCategory(
        key="votes",
        title=_l("Your votes"),
        purpose=_l("To count every person's say once and to show you how you voted."),
        retention=_l("%(days)s days after the process closed, the link between you and your "
                     "votes is deleted; the totals of each idea stay."),
        fields={
            "supports.user_id": _l("who supported an idea"),
            "dot_allocations.user_id": _l("who gave an idea points"),
            "dot_budgets.user_id": _l("how many points a person has spent"),
            "pairwise_answers.user_id": _l("who answered a pairwise comparison"),
        },
    ),
    DataCategory(
        key="notifications",
        title=_l("Notifications about your ideas"),
        purpose=_l("To tell you, on the “My activity” page and by e-mail as you chose, when an "
                   "idea you wrote or supported gets a comment, is hidden, merged, becomes a "
                   "project or gets an answer, and to send each e-mail once."),
        retention=_l("Until you delete your account; %(days)s days after the process closed, "
                     "the notifications about its ideas are deleted."),
        fields={
            "notifications.recipient_id": _l("whom a notification is for"),
            "users.notify_mode": _l("whether you get e-mails instantly, daily or not at all"),
            "users.notify_muted": _l("which kinds of notification you turned off"),
        },
    ),
    DataCategory(
        key="reports",
        title=_l("Reports of abuse"),
        purpose=_l("To let moderators check a report and to stop the same person from "
                   "reporting the same thing twice."),
        retention=_l("%(days)s days after the process closed, the link to the reporting "
                     "person is removed."),
        fields={"reports.reporter_id": _l("who reported a contribution")},
    ),
    DataCategory(
        key="staff",
        title=_l("Actions of the city's staff"),
        purpose=_l("To document who in the city moderated a report, prepared a workshop or "
                   "entered votes collected on paper or at events."),
        legal_basis=_l("Art. 6(1)(c) and (e) GDPR: documenting the administration's actions"),
        retention=_l("%(days)s days after the process closed, the link to the staff member is "
                     "removed."),
        fields={
            "reports.resolved_by_id": _l("who resolved a report"),
            "workshops.created_by_id": _l("who prepared a workshop"),
            "paper_vote_entries.entered_by_id": _l("who entered or corrected paper votes"),
            "project_images.uploader_id": _l("who added a picture to a candidate project"),
        },
    ),
    DataCategory(
        key="workshop",
        title=_l("Live workshops"),
        purpose=_l("To show your notes and dots on the board and to let your phone rejoin after "
                   "a dropped connection. You join with a nickname only, without an account."),
        retention=_l("%(days)s days after the process closed, every nickname is replaced by "
                     "a number and the participant tokens stop working; the notes and dots "
                     "stay, shown under that number."),
        fields={
            "workshop_participants.nickname": _l("your nickname"),
            "workshop_participants.token_hash": _l("your participant token (only as a hash)"),
            "workshop_cards.participant_id": _l("who wrote a note"),
            "workshop_dot_votes.participant_id": _l("who put dots on a note"),
            "workshop_events.private_to": _l("whose note awaits approval"),
            "workshop_command_receipts.actor": _l("who sent a change to the board"),
        },
    ),
    DataCategory(
        key="feedback",
        title=_l("Feedback on accessibility"),
        purpose=_l("To answer your message about barriers on this site and to remove them."),
        legal_basis=_l("Art. 6(1)(c) GDPR in conjunction with the Brandenburg Disability "
                       "Equality Act (BbgBGG), which requires this feedback procedure"),
        retention=_l("Deleted %(days)s days after it was sent."),
        fields={
            "accessibility_feedback.name": _l("your name, if you give it"),
            "accessibility_feedback.email": _l("your e-mail address, if you give it"),
            "accessibility_feedback.message": _l("your message"),
        },
    ),
    DataCategory(
        key="session",
        title=_l("Cookies and storage in your browser"),
        purpose=_l("Only what the site needs to work: the session cookie keeps your login, "
                   "your language and the protection against forged forms (CSRF); the "
                   "“stay logged in” cookie is set only when you ask for it; the workshop "
                   "board keeps your participant token and unsent notes in your browser's "
                   "local storage."),
        legal_basis=_l("§ 25(2) no. 2 TDDDG (strictly necessary storage, no consent needed) "
                       "and Art. 6(1)(e) GDPR"),
        retention=_l("The session cookie ends when you close the browser, or after "
                     "%(session_days)s days if you logged in; the “stay logged in” cookie "
                     "after %(remember_days)s days or when you log out."),
        extra=(_l("session cookie"), _l("“stay logged in” cookie"),
               _l("local storage of the workshop board")),
    ),
    DataCategory(
        key="server_logs",
        title=_l("Server logs"),
        purpose=_l("To keep the site secure and to find errors."),
        legal_basis=_l("Art. 6(1)(e) GDPR and Art. 32 GDPR (security of processing)"),
        retention=_l("The web server's access log is deleted after %(log_days)s days. The "
                     "application's own log keeps no full IP address: the last part of every "
                     "address is removed before it is written."),
        extra=(_l("shortened IP address"), _l("time and page of a request"),
               _l("browser identification")),
    ),
)

BY_KEY = {category.key: category for category in CATEGORIES}

# Columns whose name looks personal but that hold no personal data, and why.
NOT_PERSONAL = {
    "topics.name": "the name of a topic of a process",
    "districts.name": "the name of a district of the city",
    "project_images.file_name": "a picture of a candidate project, published by the city",
    "project_images.thumb_name": "the thumbnail of a candidate project's picture",
}

PERSONAL_LOOKING = re.compile(
    r"(^|_)(e_?mail|name|nickname|ip|ip_address|remote_addr|user_agent|phone|address|"
    r"password|password_hash|token|token_hash|user_id|author_id|reporter_id|participant_id|"
    r"by_id|actor)$")


def marked_columns(metadata: MetaData) -> dict[str, str]:
    """"table.column" -> category key of every column marked personal in the models."""
    out = {}
    for table in metadata.tables.values():
        for column in table.columns:
            key = column.info.get("personal")
            if key:
                out[f"{table.name}.{column.name}"] = key
    return out


def registered_fields() -> dict[str, str]:
    """"table.column" -> category key of every field the privacy notice describes."""
    return {name: category.key for category in CATEGORIES for name in category.fields}


def unmarked_personal_looking(metadata: MetaData) -> list[str]:
    """Columns whose name suggests personal data but are neither marked nor excused."""
    out = []
    for table in metadata.tables.values():
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if (PERSONAL_LOOKING.search(column.name) and not column.info.get("personal")
                    and name not in NOT_PERSONAL):
                out.append(name)
    return sorted(out)
