"""Notifications: authors and supporters hear what became of an idea, once each, in their
language, as they chose; mails go out after the commit and survive a failing mail server."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation import mail
from participation.accounts import services as account_services
from participation.extensions import db as _db
from participation.legal.purge import purge_personal_data
from participation.models_base import utcnow
from participation.notifications import sending
from participation.notifications import services as notifications
from participation.notifications.models import (
    MailState,
    Notification,
    NotificationKind,
    NotifyMode,
)
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services
from participation.votes.models import DotAllocation, Support
from tests.conftest import PASSWORD, link_in
from tests.test_cli import invoke
from tests.test_privacy_purge import RETENTION, _dates


def _support(proposal, *users):
    for user in users:
        _db.session.add(Support(process_id=proposal.process_id, proposal_id=proposal.id,
                                user_id=user.id))
    _db.session.commit()


def _dots(proposal, *users):
    for user in users:
        _db.session.add(DotAllocation(process_id=proposal.process_id, proposal_id=proposal.id,
                                      user_id=user.id, points=2))
    _db.session.commit()


def _rows(kind: str | None = None) -> list[Notification]:
    stmt = select(Notification).order_by(Notification.recipient_id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    return list(_db.session.execute(stmt).scalars())


def _comment(user, proposal, body="Gute Idee!"):
    comment = proposal_services.add_comment(user, proposal, body)
    _db.session.commit()
    return comment


def _recipients(messages) -> list[str]:
    return sorted(str(m["To"]) for m in messages)


@pytest.fixture
def idea(make_proposal, make_user):
    """An idea with its author, a supporter, a dot giver and one who did both."""
    author = make_user(name="Autorin")
    proposal = make_proposal(author=author, title="Mehr Bäume am Markt")
    supporter, dot_giver, both = make_user(), make_user(), make_user()
    _support(proposal, supporter, both)
    _dots(proposal, dot_giver, both)
    return proposal, author, [supporter, dot_giver, both]


# --- who is told ----------------------------------------------------------------------

def test_a_comment_tells_author_supporters_and_dot_givers_once_each_but_not_the_actor(
        app, idea, make_user, outbox):
    proposal, author, (supporter, dot_giver, both) = idea
    gone = make_user()
    _support(proposal, gone)
    account_services.delete_account(gone)
    _db.session.commit()

    _comment(supporter, proposal)

    rows = _rows()
    assert sorted(r.recipient_id for r in rows) == sorted([author.id, dot_giver.id, both.id])
    assert {r.kind for r in rows} == {"comment"}
    assert all(r.mail_state == MailState.PENDING.value for r in rows)
    assert rows[0].data["title"] == "Mehr Bäume am Markt"
    assert rows[0].process_id == proposal.process_id

    report = sending.send_due()
    assert report.sent == 3
    assert _recipients(outbox()) == sorted([author.email, dot_giver.email, both.email])
    assert sending.send_due().sent == 0  # sent once, not again
    assert len(outbox()) == 3


def test_hiding_an_idea_tells_its_people_with_the_reason(app, idea, make_user, outbox):
    proposal, author, people = idea
    moderator = make_user(role="facilitator")
    proposal_services.hide_proposal(moderator, proposal, "Werbung für ein Geschäft")
    _db.session.commit()

    rows = _rows("hidden")
    assert sorted(r.recipient_id for r in rows) == sorted([author.id] + [p.id for p in people])
    # the reason is for the author only, as on the idea's page
    assert {r.recipient_id: r.data.get("reason") for r in rows} == {
        author.id: "Werbung für ein Geschäft", **{p.id: None for p in people}}
    sending.send_due()
    bodies = {str(m["To"]): m.get_body(preferencelist=("plain",)).get_content()
              for m in outbox()}
    assert "Werbung für ein Geschäft" in bodies[author.email]
    for person in people:
        assert "Werbung" not in bodies[person.email]
        assert "Mehr Bäume am Markt" in bodies[person.email]
    to_author = next(m for m in outbox() if m["To"] == author.email)
    assert "Mehr Bäume am Markt" in str(to_author["Subject"])


def test_many_supporters_get_one_row_each(app, make_proposal, make_user):
    proposal = make_proposal()
    users = [account_services.create_user(f"fan{i}@example.org", f"Fan {i}", "x" * 12,
                                          confirmed=True) for i in range(150)]
    _db.session.commit()
    _support(proposal, *users)
    _dots(proposal, *users[:50])
    assert notifications.notify(proposal, NotificationKind.COMMENT, {}, actor=users[0]) == 150
    _db.session.commit()
    count = _db.session.execute(select(func.count(Notification.id))).scalar_one()
    assert count == 150


def test_every_kind_needs_its_data(app, make_proposal):
    proposal = make_proposal()
    with pytest.raises(ValueError, match="reason"):
        notifications.notify(proposal, "why_not", {})
    with pytest.raises(ValueError, match="project_title, status"):
        notifications.notify(proposal, "project_status", {})
    with pytest.raises(ValueError, match="no-such-kind"):
        notifications.notify(proposal, "no-such-kind", {})


@pytest.mark.parametrize(("kind", "data", "expected"), [
    ("merged", {"target_title": "Grüner Markt"}, "was merged into “Grüner Markt”"),
    ("project", {"project_title": "Schatten für die Altstadt"},
     "became (part of) the project “Schatten für die Altstadt”"),
    ("why_not", {"reason": "zu teuer"}, "was not selected for the project list. The reason: "
                                        "zu teuer"),
    ("project_status", {"project_title": "Schatten", "status": "in_implementation"},
     "has a new status: in implementation"),
])
def test_the_kinds_the_projects_trigger_are_sent_in_english_and_german(
        app, make_proposal, make_user, outbox, kind, data, expected):
    english, german = make_user(), make_user()
    english.locale = "en"
    proposal = make_proposal(author=english)
    _support(proposal, german)
    assert notifications.notify(proposal, kind, data) == 2
    _db.session.commit()
    assert sending.send_due().sent == 2
    bodies = {str(m["To"]): m.get_body(preferencelist=("plain",)).get_content()
              for m in outbox()}
    assert expected in bodies[english.email]
    assert expected not in bodies[german.email]
    assert "Mehr Bäume am Markt" in bodies[german.email]


# --- choices --------------------------------------------------------------------------

def test_a_kind_turned_off_adds_no_row(app, idea):
    proposal, author, (supporter, dot_giver, both) = idea
    notifications.set_preferences(author, NotifyMode.INSTANT, ["hidden", "project"])
    _db.session.commit()
    _comment(supporter, proposal)
    assert author.id not in {r.recipient_id for r in _rows()}
    assert both.id in {r.recipient_id for r in _rows()}


def test_mode_off_lists_but_mails_nothing_and_daily_waits_for_the_digest(app, idea, outbox):
    proposal, author, (supporter, dot_giver, both) = idea
    notifications.set_preferences(author, NotifyMode.OFF, list(NotificationKind))
    notifications.set_preferences(dot_giver, NotifyMode.DAILY, list(NotificationKind))
    _db.session.commit()
    _comment(supporter, proposal)
    states = {r.recipient_id: r.mail_state for r in _rows()}
    assert states == {author.id: "skipped", dot_giver.id: "digest", both.id: "pending"}
    sending.send_due()
    assert _recipients(outbox()) == [both.email]


def test_the_digest_command_sends_one_mail_per_person_and_marks_them_sent(
        app, idea, make_proposal, outbox):
    proposal, author, (supporter, dot_giver, both) = idea
    notifications.set_preferences(author, NotifyMode.DAILY, list(NotificationKind))
    _db.session.commit()
    _comment(supporter, proposal, "Erster Kommentar")
    _comment(dot_giver, proposal, "Zweiter Kommentar")
    second = make_proposal(author=author, title="Ein Trinkbrunnen am Bahnhof")
    _comment(supporter, second)
    sending.send_due()
    outbox_before = len(outbox())

    result = invoke(app, "notifications", "digest")
    assert result.exit_code == 0, result.output
    assert "Digests sent 1" in result.output
    digests = [m for m in outbox()[outbox_before:] if m["To"] == author.email]
    assert len(digests) == 1
    body = digests[0].get_body(preferencelist=("plain",)).get_content()
    assert body.count("Mehr Bäume am Markt") == 2
    assert "Ein Trinkbrunnen am Bahnhof" in body
    assert link_in(digests[0], "/notifications/unsubscribe/")
    assert {r.mail_state for r in _rows() if r.recipient_id == author.id} == {"sent"}
    assert invoke(app, "notifications", "digest").output.startswith("Digests sent 0")


def test_switching_to_daily_moves_waiting_mails_to_the_digest(app, idea, outbox):
    proposal, author, (supporter, *_rest) = idea
    _comment(supporter, proposal)
    notifications.set_preferences(author, NotifyMode.DAILY, list(NotificationKind))
    _db.session.commit()
    sending.send_due()
    assert author.email not in _recipients(outbox())
    assert [r.mail_state for r in _rows() if r.recipient_id == author.id] == ["digest"]


# --- after the commit, in the background ----------------------------------------------

def test_the_comment_request_sends_nothing_itself(app, client, idea, login_as, outbox):
    proposal, author, (supporter, *_rest) = idea
    login_as(supporter)
    response = client.post(f"/proposals/{proposal.id}/comments", data={"body": "Sehr gut!"})
    assert response.status_code == 302
    assert outbox() == []
    assert len(_rows()) == 3
    assert sending.send_due().sent == 3
    assert len(outbox()) == 3


def test_with_autosend_a_thread_sends_after_the_commit(make_app, idea_in_app):
    app, proposal_id, supporter_email, author_email, read_outbox = idea_in_app(
        NOTIFY_AUTOSEND=True)
    client = app.test_client()
    client.post("/account/login", data={"email": supporter_email, "password": PASSWORD})
    response = client.post(f"/proposals/{proposal_id}/comments", data={"body": "Sehr gut!"})
    assert response.status_code == 302
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(read_outbox()) < 3:
        time.sleep(0.05)
    assert len(read_outbox()) == 3
    assert author_email in [str(m["To"]) for m in read_outbox()]
    while time.monotonic() < deadline and sending._running.locked():
        time.sleep(0.05)  # let the thread finish before the database is wiped


def test_a_rolled_back_notification_starts_no_sending(app, idea, monkeypatch):
    proposal, author, (supporter, *_rest) = idea
    app.config["NOTIFY_AUTOSEND"] = True
    started = []
    monkeypatch.setattr(sending, "start_background_send", lambda *a: started.append(a))
    proposal_services.add_comment(supporter, proposal, "Doch nicht")
    _db.session.rollback()
    _db.session.commit()
    assert started == []
    _comment(supporter, proposal)
    assert len(started) == 1


@pytest.fixture
def idea_in_app(make_app, tmp_path):
    """An app built with extra config, with an idea, its author and a supporter."""
    from participation.accounts.models import Role
    from participation.processes import services as process_services

    def build(**config):
        app = make_app(**config)
        ctx = app.app_context()
        ctx.push()
        try:
            process = process_services.create_process("auto", "Auto", "Ein Verfahren",
                                                      phase=PhaseKind.IDEAS)
            author = account_services.create_user("author@example.org", "Autor", PASSWORD,
                                                  role=Role.CITIZEN, confirmed=True)
            supporter = account_services.create_user("fan@example.org", "Fan", PASSWORD,
                                                     confirmed=True)
            others = [account_services.create_user(f"o{i}@example.org", f"O {i}", PASSWORD,
                                                   confirmed=True) for i in range(2)]
            proposal = proposal_services.submit_proposal(
                author, process, proposal_services.ProposalInput("Mehr Bänke", "Zum Sitzen."))
            _db.session.commit()
            _support(proposal, supporter, *others)
            proposal_id = proposal.id
        finally:
            _db.session.remove()
            ctx.pop()
        folder = tmp_path / "outbox"

        def read_outbox():
            import email
            from email import policy

            return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
                    for p in sorted(folder.glob("*.eml"))] if folder.exists() else []

        return app, proposal_id, "fan@example.org", "author@example.org", read_outbox

    return build


# --- languages ------------------------------------------------------------------------

def test_each_mail_is_in_its_recipients_language(app, idea, outbox):
    proposal, author, (supporter, dot_giver, both) = idea
    author.locale = "en"
    dot_giver.locale = "pl"
    _db.session.commit()
    _comment(supporter, proposal)
    sending.send_due()
    by_person = {str(m["To"]): m for m in outbox()}
    assert str(by_person[author.email]["Subject"]) == "New comment on “Mehr Bäume am Markt”"
    german = by_person[both.email]
    assert "Kommentar" in str(german["Subject"])
    assert "Hallo" in german.get_body(preferencelist=("plain",)).get_content()
    assert "komentarz" in str(by_person[dot_giver.email]["Subject"]).lower()
    english_body = by_person[author.email].get_body(preferencelist=("plain",)).get_content()
    assert f"/proposals/{proposal.id}" in english_body
    assert "Choose which e-mails you get" in english_body


# --- failures and retries -------------------------------------------------------------

def test_a_failing_mail_server_keeps_the_notification_and_it_is_sent_once_later(
        app, make_proposal, make_user, outbox, monkeypatch):
    proposal = make_proposal()
    commenter = make_user()
    _comment(commenter, proposal)
    real_send = mail.send_mail

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail, "send_mail", broken)
    now = utcnow()
    report = sending.send_due(now=now)
    assert (report.sent, report.retry) == (0, 1)
    (row,) = _rows()
    assert row.mail_state == "pending"
    assert row.attempts == 1
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert row.last_error == "ConnectionRefusedError"

    monkeypatch.setattr(mail, "send_mail", real_send)
    assert sending.send_due(now=now + timedelta(seconds=30)).sent == 0  # not yet due
    assert outbox() == []
    assert sending.send_due(now=now + timedelta(minutes=2)).sent == 1
    assert sending.send_due(now=now + timedelta(hours=5)).sent == 0
    assert len(outbox()) == 1
    _db.session.expire_all()
    assert _rows()[0].mail_state == "sent"


def test_after_five_failures_the_mail_is_given_up_and_logged(
        app, make_proposal, make_user, monkeypatch, caplog):
    proposal = make_proposal()
    _comment(make_user(), proposal)

    def broken(*args, **kwargs):
        raise OSError("no route")

    monkeypatch.setattr(mail, "send_mail", broken)
    now = utcnow()
    waits = []
    for _attempt in range(5):
        sending.send_due(now=now)
        _db.session.expire_all()
        row = _rows()[0]
        if row.next_attempt_at:
            waits.append(row.next_attempt_at - now)
            now = row.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120)]
    assert (row.mail_state, row.attempts) == ("failed", 5)
    assert "gave up" in caplog.text or "giving up" in caplog.text
    assert sending.send_due(now=now + timedelta(days=1)).sent == 0


def test_two_senders_at_once_never_send_a_mail_twice(app, make_proposal, make_user,
                                                     monkeypatch):
    proposal = make_proposal()
    fans = [make_user() for _ in range(24)]
    _support(proposal, *fans)
    _comment(make_user(), proposal)
    sent_to: list[str] = []
    lock = threading.Lock()

    def slow_send(to, subject, body):
        time.sleep(0.005)
        with lock:
            sent_to.append(to)

    monkeypatch.setattr(mail, "send_mail", slow_send)
    errors = []
    start = threading.Barrier(2)

    def worker():
        try:
            with app.app_context():
                start.wait()
                while sending.send_due(limit=3).sent:
                    pass
                _db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(sent_to) == 25
    assert len(set(sent_to)) == 25
    _db.session.expire_all()
    assert {r.mail_state for r in _rows()} == {"sent"}


def test_a_row_left_sending_by_a_dead_sender_is_sent_after_the_lease(
        app, make_proposal, make_user, outbox):
    proposal = make_proposal()
    _comment(make_user(), proposal)
    now = utcnow()
    (row,) = _rows()
    row.mail_state = "sending"
    row.next_attempt_at = now + sending.LEASE
    _db.session.commit()
    assert sending.send_due(now=now).sent == 0
    assert sending.send_due(now=now + sending.LEASE + timedelta(seconds=1)).sent == 1
    assert len(outbox()) == 1


# --- unsubscribe ----------------------------------------------------------------------

def test_the_unsubscribe_link_works_without_login_and_only_a_post_changes_anything(
        app, client, idea, outbox):
    proposal, author, (supporter, *_rest) = idea
    _comment(supporter, proposal)
    sending.send_due()
    message = next(m for m in outbox() if m["To"] == author.email)
    path = link_in(message, "/notifications/unsubscribe/")

    page = client.get(path)
    assert page.status_code == 200
    assert "<form" in page.get_data(as_text=True)
    _db.session.refresh(author)
    assert author.notify_mode == "instant"

    done = client.post(path)
    assert done.status_code == 200
    _db.session.refresh(author)
    assert author.notify_mode == "off"
    _comment(supporter, proposal, "Noch einer")
    assert author.id in {r.recipient_id for r in _rows() if r.mail_state == "skipped"}


def test_a_forged_or_broken_unsubscribe_link_is_refused(app, client, make_user):
    user = make_user()
    token = notifications.unsubscribe_token(user)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for path in (f"/notifications/unsubscribe/{forged}", "/notifications/unsubscribe/nonsense"):
        response = client.get(path)
        assert response.status_code == 404
        assert "nicht gültig" in response.get_data(as_text=True)
        assert client.post(path).status_code == 404
    _db.session.refresh(user)
    assert user.notify_mode == "instant"
    other_salt = account_services.make_confirmation_token(user)
    assert client.get(f"/notifications/unsubscribe/{other_salt}").status_code == 404


# --- pages ----------------------------------------------------------------------------

def test_my_activity_lists_newest_first_and_marks_them_read(
        app, client, idea, make_proposal, login_as):
    proposal, author, (supporter, *_rest) = idea
    other = make_proposal(author=author, title="Ein Trinkbrunnen am Bahnhof")
    _comment(supporter, proposal)
    _comment(supporter, other)
    stranger_row = _rows()[0].id if _rows()[0].recipient_id != author.id else None
    login_as(author)
    page = client.get("/account/activity").get_data(as_text=True)
    assert page.index("Ein Trinkbrunnen am Bahnhof") < page.index("Mehr Bäume am Markt")
    assert page.count("activity-unread") == 2
    assert f'href="/proposals/{proposal.id}"' in page
    _db.session.expire_all()
    assert all(r.read_at for r in _rows() if r.recipient_id == author.id)
    if stranger_row:
        assert _db.session.get(Notification, stranger_row).read_at is None
    again = client.get("/account/activity").get_data(as_text=True)
    assert "activity-unread" not in again
    assert "Ein Trinkbrunnen am Bahnhof" in again


def test_my_activity_and_preferences_need_a_login(client):
    for path in ("/account/activity", "/account/notifications"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/account/login" in response.headers["Location"]


def test_the_account_page_links_activity_and_preferences(client, make_user, login_as):
    login_as(make_user())
    page = client.get("/account").get_data(as_text=True)
    assert 'href="/account/activity"' in page
    assert 'href="/account/notifications"' in page


def test_the_preferences_form_saves_and_rejects_bad_values(app, client, make_user, login_as):
    user = make_user()
    login_as(user)
    page = client.get("/account/notifications")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<input checked id="mode-0" name="mode" required type="radio" value="instant">' in html
    assert 'id="comment" name="comment" type="checkbox" value="y"' in html

    saved = client.post("/account/notifications",
                        data={"mode": "daily", "comment": "y", "project": "y"})
    assert saved.status_code == 302
    _db.session.refresh(user)
    assert user.notify_mode == "daily"
    assert [k.value for k in notifications.enabled_kinds(user)] == ["comment", "project"]

    for bad in ({"mode": "hourly", "comment": "y"}, {"comment": "y"}):
        response = client.post("/account/notifications", data=bad)
        assert response.status_code == 400
        assert "Bitte" in response.get_data(as_text=True)
    _db.session.refresh(user)
    assert user.notify_mode == "daily"


def test_the_preferences_page_is_translated(client, make_user, login_as):
    login_as(make_user())
    client.get("/language/en")
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Once a day, as a digest" in page
    client.get("/language/de")
    assert "Once a day, as a digest" not in client.get("/account/notifications").get_data(
        as_text=True)


# --- my data, deletion, retention -----------------------------------------------------

def test_download_my_data_holds_notifications_and_choices(app, client, idea, login_as):
    proposal, author, (supporter, *_rest) = idea
    notifications.set_preferences(author, NotifyMode.DAILY, ["comment"])
    _db.session.commit()
    _comment(supporter, proposal)
    login_as(author)
    data = client.get("/account/export").get_json()
    assert data["notification_settings"] == {"mode": "daily", "kinds": ["comment"]}
    assert [(n["kind"], n["proposal_id"]) for n in data["notifications"]] == [
        ("comment", proposal.id)]


def test_deleting_the_account_deletes_its_notifications(app, idea):
    proposal, author, (supporter, *_rest) = idea
    _comment(supporter, proposal)
    account_services.delete_account(author)
    _db.session.commit()
    assert author.id not in {r.recipient_id for r in _rows()}
    assert len(_rows()) == 2


def test_the_purge_deletes_notifications_of_expired_processes_only(
        app, make_process, make_proposal, make_user):
    old = make_process()
    running = make_process()
    commenter = make_user()
    for process in (old, running):
        _comment(commenter, make_proposal(process=process))
    today = utcnow().date()
    _dates(old, today - timedelta(days=RETENTION + 5))
    old.current_phase = PhaseKind.RESULTS.value
    _db.session.commit()

    report = purge_personal_data(RETENTION, today=today, dry_run=True)
    assert report.processes[0].counts["notifications"] == 1
    assert len(_rows()) == 2
    purge_personal_data(RETENTION, today=today)
    _db.session.commit()
    assert [r.process_id for r in _rows()] == [running.id]
    again = purge_personal_data(RETENTION, today=today)
    assert again.total == 0


def test_my_activity_costs_a_bounded_number_of_queries(app, client, db, make_proposal,
                                                       make_user, login_as):
    from sqlalchemy import event

    author = make_user()
    commenters = [make_user() for _ in range(3)]
    for i in range(30):
        proposal = make_proposal(author=author, title=f"Idee {i}")
        _comment(commenters[i % 3], proposal)
    login_as(author)
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get("/account/activity?page=1")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    first = response.get_data(as_text=True)
    assert first.count("activity-unread") == 20
    assert len(statements) <= 10, len(statements)
    assert "„Idee 29“" in first
    assert "„Idee 9“" not in first
    assert "„Idee 9“" in client.get("/account/activity?page=2").get_data(as_text=True)


def test_the_settings_come_from_the_environment():
    from participation.config import Config

    settings = Config.from_env({"NOTIFY_AUTOSEND": "false",
                                "PUBLIC_URL": "https://beteiligung.musterstadt.example"})
    assert settings["NOTIFY_AUTOSEND"] is False
    assert settings["PUBLIC_URL"] == "https://beteiligung.musterstadt.example"


# --- the project triggers, from the projects' services ------------------------------------------

def test_the_project_list_tells_the_ideas_people_when_it_is_public(app, db, make_process,
                                                                  make_proposal, make_user):
    from participation.notifications.models import Notification
    from participation.projects import services as project_services
    from tests.projects_helpers import make_project, voted_process

    process, ideas, voters = voted_process(make_process, make_proposal, make_user)
    planner = make_user(role="planner")
    merged = make_project(planner, process, ideas[:2], title="Grüner Marktplatz")
    single = make_project(planner, process, ideas[3:4], title="Radweg")
    project_services.answer_why_not(planner, ideas[2], "Liegt nicht in städtischer Hand.")
    db.session.commit()

    def kinds() -> dict:
        rows = db.session.execute(select(Notification)).scalars().all()
        found: dict = {}
        for row in rows:
            found.setdefault((row.kind, row.proposal_id), set()).add(row.recipient_id)
        db.session.commit()
        return found

    told = kinds()
    # drafts tell nobody; the "why not" answer is public at once, so its people hear it
    assert set(told) == {("why_not", ideas[2].id)}
    assert told[("why_not", ideas[2].id)] == {ideas[2].author_id, voters[0].id, voters[2].id}

    project_services.publish_projects(planner, process)
    db.session.commit()
    told = kinds()
    assert told[("merged", ideas[0].id)] == {ideas[0].author_id, voters[0].id, voters[1].id}
    assert told[("merged", ideas[1].id)] == {ideas[1].author_id, voters[0].id, voters[2].id}
    assert told[("project", ideas[3].id)] == {ideas[3].author_id, voters[3].id}

    project_services.set_status(planner, single, "in_implementation")
    db.session.commit()
    status = db.session.execute(select(Notification).where(
        Notification.kind == "project_status")).scalars().all()
    assert {n.recipient_id for n in status} == {ideas[3].author_id, voters[3].id}
    assert all(n.data["status"] == "in_implementation" and n.data["link"] ==
               f"/projects/{single.id}" for n in status)
    assert merged.published_at is not None
