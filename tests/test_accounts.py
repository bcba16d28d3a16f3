"""Accounts: registration, confirmation, login, passwords, profile, tokens, data and deletion.

Every request runs in its own application context (conftest's IsolatedClient), so session
and login tests can fail as they would on a real server.
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from participation.accounts import services
from participation.accounts.models import ApiToken, Role, User
from participation.proposals.models import Proposal
from participation.proposals.services import add_comment
from tests.conftest import PASSWORD, link_in

NEW_PASSWORD = "another-long-secret-42"


@pytest.fixture
def fresh(db):
    """The test's database session, with every cached object expired before it is returned.

    Requests use their own sessions, so what the test holds must be re-read after them.
    """

    def fresh():
        db.session.rollback()
        return db.session

    return fresh


def _location(response) -> str:
    """The path (with query) a redirect points to; fails for redirects to another host."""
    assert response.status_code in (301, 302, 303), response.status_code
    parts = urlsplit(response.headers["Location"])
    assert parts.netloc in ("", "localhost"), response.headers["Location"]
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _is_logged_in(client) -> bool:
    response = client.get("/account")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert _location(response).startswith("/account/login")
    return False


def _register_form(**overrides) -> dict:
    data = {"email": "Anna.Beispiel@Example.ORG", "display_name": "Anna B.",
            "password": PASSWORD, "password_repeat": PASSWORD, "accept_terms": "y"}
    data.update(overrides)
    return data


def _users(fresh, **where):
    query = select(User)
    for name, value in where.items():
        query = query.where(getattr(User, name) == value)
    return fresh().execute(query).scalars().all()


def _user_count(fresh) -> int:
    return fresh().execute(select(func.count(User.id))).scalar_one()


def _row_values(fresh, model) -> list[str]:
    rows = fresh().execute(select(model.__table__)).all()
    return [str(value) for row in rows for value in row]


# --- registration and confirmation ----------------------------------------------------------


def test_register_creates_an_unconfirmed_citizen_and_logs_in(client, fresh, outbox):
    response = client.post("/account/register", data=_register_form())

    assert response.status_code == 302
    assert _location(response) == "/account"
    user = fresh().execute(select(User)).scalar_one()
    assert user.email == "anna.beispiel@example.org"
    assert user.display_name == "Anna B."
    assert user.password_hash
    assert PASSWORD not in user.password_hash
    assert check_password_hash(user.password_hash, PASSWORD)
    assert user.role == Role.CITIZEN.value
    assert user.email_confirmed_at is None
    assert user.deleted_at is None
    assert _is_logged_in(client)
    mails = outbox()
    assert len(mails) == 1
    assert mails[0]["To"] == "anna.beispiel@example.org"


def test_link_in_the_registration_mail_confirms_the_address(client, fresh, outbox):
    client.post("/account/register", data=_register_form())
    link = link_in(outbox()[0], "/account/confirm/")

    response = client.get(link)

    assert response.status_code == 302
    assert _location(response) == "/account"
    user = fresh().execute(select(User)).scalar_one()
    assert user.email_confirmed_at is not None
    # Opening the link again (e.g. from another device while logged out) does no harm.
    again = client.application.test_client().get(link)
    assert again.status_code == 302
    assert _location(again) == "/"


def test_tampered_confirmation_link_is_refused(client, fresh, outbox):
    client.post("/account/register", data=_register_form())
    link = link_in(outbox()[0], "/account/confirm/")
    token = link.removeprefix("/account/confirm/")
    # The first character carries six full bits of the signed payload, so the signature breaks.
    tampered = ("B" if token[0] == "A" else "A") + token[1:]

    response = client.get(f"/account/confirm/{tampered}")

    assert response.status_code == 400
    assert fresh().execute(select(User)).scalar_one().email_confirmed_at is None


def test_confirmation_link_for_another_account_does_not_confirm_it(client, fresh, make_user):
    other = make_user(confirmed=False)
    token = services.make_confirmation_token(other)
    # Same id, other address: a link made before the address changed must not count.
    forged = services._serializer("confirm-email").dumps({"id": other.id,
                                                          "email": "someone@else.example"})

    assert client.get(f"/account/confirm/{forged}").status_code == 400
    assert fresh().get(User, other.id).email_confirmed_at is None
    assert client.get(f"/account/confirm/{token}").status_code == 302
    assert fresh().get(User, other.id).email_confirmed_at is not None


def test_expired_confirmation_link_is_refused(make_app, fresh, outbox):
    expiring = make_app(EMAIL_TOKEN_MAX_AGE=-1)
    client = expiring.test_client()
    assert client.post("/account/register", data=_register_form()).status_code == 302
    link = link_in(outbox()[0], "/account/confirm/")

    response = client.get(link)

    assert response.status_code == 400
    assert fresh().execute(select(User)).scalar_one().email_confirmed_at is None


@pytest.mark.parametrize("address", ["anna.beispiel@example.org", "ANNA.Beispiel@example.org"])
def test_an_address_can_be_registered_only_once(client, fresh, outbox, make_user, address):
    make_user(email="anna.beispiel@example.org")

    response = client.post("/account/register", data=_register_form(email=address))

    assert response.status_code == 400
    assert _user_count(fresh) == 1
    assert outbox() == []
    assert not _is_logged_in(client)


@pytest.mark.parametrize("overrides", [
    {"password": "short-pw1", "password_repeat": "short-pw1"},  # 9 characters
    {"password_repeat": PASSWORD + "x"},
    {"accept_terms": None},
    {"email": "not-an-address"},
    {"display_name": ""},
    {"display_name": "  A  "},
], ids=["password-too-short", "repeat-differs", "terms-not-accepted", "bad-email", "no-name",
        "name-too-short"])
def test_invalid_registration_creates_nobody(client, fresh, outbox, overrides):
    data = {k: v for k, v in _register_form(**overrides).items() if v is not None}

    response = client.post("/account/register", data=data)

    assert response.status_code == 400
    assert _user_count(fresh) == 0
    assert outbox() == []
    assert not _is_logged_in(client)


def test_password_of_exactly_ten_characters_is_accepted(client, fresh):
    response = client.post("/account/register",
                           data=_register_form(password="ten-chars!", password_repeat="ten-chars!"))
    assert response.status_code == 302
    assert _user_count(fresh) == 1


# --- login and logout -----------------------------------------------------------------------


def test_login_with_the_right_password_starts_a_session(client, make_user):
    user = make_user(email="clara@example.org")
    assert not _is_logged_in(client)

    response = client.post("/account/login",
                           data={"email": "Clara@Example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert _location(response) == "/"
    page = client.get("/account")
    assert page.status_code == 200
    assert user.email in page.get_data(as_text=True)
    # Another browser is not logged in.
    assert not _is_logged_in(client.application.test_client())


@pytest.mark.parametrize(("email", "password"), [
    ("clara@example.org", "wrong-password-123"),
    ("nobody@example.org", PASSWORD),
])
def test_login_with_wrong_credentials_is_refused(client, make_user, email, password):
    make_user(email="clara@example.org")

    response = client.post("/account/login", data={"email": email, "password": password})

    assert response.status_code == 400
    assert not _is_logged_in(client)


def test_deleted_account_cannot_log_in_and_loses_its_session(client, db, make_user, login_as):
    user = make_user(email="clara@example.org")
    login_as(user)
    assert _is_logged_in(client)

    services.delete_account(user)
    db.session.commit()

    assert not _is_logged_in(client)
    response = client.post("/account/login",
                           data={"email": "clara@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert not _is_logged_in(client)


def test_login_follows_a_local_next_path(client, make_user):
    user = make_user()

    response = client.post("/account/login",
                           query_string={"next": "/processes/zukunft-2035?page=2"},
                           data={"email": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert _location(response) == "/processes/zukunft-2035?page=2"


@pytest.mark.parametrize("target", [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
])
def test_login_ignores_a_next_to_another_site(client, make_user, target):
    user = make_user()

    response = client.post("/account/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert _is_logged_in(client)


def test_logout_needs_post_and_ends_the_session(client, make_user, login_as):
    login_as(make_user())

    assert client.get("/account/logout").status_code == 405
    assert _is_logged_in(client)

    response = client.post("/account/logout")

    assert response.status_code == 302
    assert _location(response) == "/"
    assert not _is_logged_in(client)


def test_english_error_message_after_switching_the_language(client, make_user):
    make_user(email="clara@example.org")
    assert client.get("/language/en").status_code == 302

    response = client.post("/account/login",
                           data={"email": "clara@example.org", "password": "wrong-password-1"})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "E-mail address or password is not correct." in html


# --- password reset -------------------------------------------------------------------------


def test_password_reset_link_sets_a_new_password_once(client, fresh, make_user, outbox):
    user = make_user(email="clara@example.org", confirmed=False)

    response = client.post("/account/password/forgot", data={"email": "clara@example.org"})

    assert response.status_code == 302
    assert _location(response) == "/account/login"
    mails = outbox()
    assert len(mails) == 1
    assert mails[0]["To"] == "clara@example.org"
    link = link_in(mails[0], "/account/password/reset/")
    assert client.get(link).status_code == 200

    new = {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    response = client.post(link, data=new)

    assert response.status_code == 302
    assert _location(response) == "/account/login"
    fresh()
    assert services.authenticate("clara@example.org", PASSWORD) is None
    assert services.authenticate("clara@example.org", NEW_PASSWORD).id == user.id
    # The link proves that the person reads mail at this address.
    assert fresh().get(User, user.id).email_confirmed_at is not None
    # Setting a password does not log anybody in.
    assert not _is_logged_in(client)

    # The same link cannot be used a second time.
    again = client.post(link, data={"password": "third-password-99",
                                    "password_repeat": "third-password-99"})
    assert again.status_code == 400
    fresh()
    assert services.authenticate("clara@example.org", NEW_PASSWORD) is not None
    assert services.authenticate("clara@example.org", "third-password-99") is None


def test_password_reset_for_an_unknown_address_looks_the_same(client, make_user, outbox):
    make_user(email="clara@example.org")

    known = client.post("/account/password/forgot", data={"email": "clara@example.org"})
    unknown = client.post("/account/password/forgot", data={"email": "nobody@example.org"})

    assert unknown.status_code == known.status_code == 302
    assert _location(unknown) == _location(known) == "/account/login"
    assert [m["To"] for m in outbox()] == ["clara@example.org"]


def test_password_reset_refuses_a_weak_or_tampered_password_change(client, make_user, outbox):
    make_user(email="clara@example.org")
    client.post("/account/password/forgot", data={"email": "clara@example.org"})
    link = link_in(outbox()[0], "/account/password/reset/")

    short = client.post(link, data={"password": "too-short", "password_repeat": "too-short"})
    tampered = client.post(link[:-1] + ("A" if link[-1] != "A" else "B") + "x",
                           data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})

    assert short.status_code == 400
    assert tampered.status_code == 400
    assert services.authenticate("clara@example.org", PASSWORD) is not None


def test_expired_password_reset_link_is_refused(make_app, make_user, outbox):
    make_user(email="clara@example.org")
    client = make_app(RESET_TOKEN_MAX_AGE=-1).test_client()
    client.post("/account/password/forgot", data={"email": "clara@example.org"})
    link = link_in(outbox()[0], "/account/password/reset/")

    response = client.post(link, data={"password": NEW_PASSWORD,
                                       "password_repeat": NEW_PASSWORD})

    assert response.status_code == 400
    assert services.authenticate("clara@example.org", PASSWORD) is not None


# --- profile --------------------------------------------------------------------------------


def test_profile_changes_display_name_and_mail_language(client, fresh, make_user, login_as):
    user = make_user()
    login_as(user)

    response = client.post("/account/profile",
                           data={"display_name": "  Clara N.  ", "language": "en"})

    assert response.status_code == 302
    assert _location(response) == "/account"
    saved = fresh().get(User, user.id)
    assert saved.display_name == "Clara N."
    assert saved.locale == "en"


@pytest.mark.parametrize("data", [
    {"display_name": "Clara N.", "language": "xx"},
    {"display_name": "C", "language": "de"},
    {"display_name": "   C   ", "language": "de"},
])
def test_profile_refuses_invalid_input(client, fresh, make_user, login_as, data):
    user = make_user(name="Clara")
    login_as(user)

    response = client.post("/account/profile", data=data)

    assert response.status_code == 400
    saved = fresh().get(User, user.id)
    assert (saved.display_name, saved.locale) == ("Clara", None)


def test_profile_needs_login(client):
    response = client.post("/account/profile", data={"display_name": "X Y", "language": "en"})
    assert response.status_code == 302
    assert _location(response).startswith("/account/login")


# --- personal API tokens --------------------------------------------------------------------


def _create_token(client, name: str = "my script") -> str:
    response = client.post("/account/tokens", data={"name": name})
    assert response.status_code == 200
    found = re.findall(r"zk_[A-Za-z0-9_\-]{20,}", response.get_data(as_text=True))
    assert len(set(found)) == 1, found
    return found[0]


def test_token_is_shown_once_and_stored_only_as_a_hash(client, fresh, make_user, login_as):
    user = make_user()
    login_as(user)

    plain = _create_token(client)

    assert plain.startswith("zk_")
    token = fresh().execute(select(ApiToken)).scalar_one()
    assert token.user_id == user.id
    assert token.name == "my script"
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert not any(plain in value for value in _row_values(fresh, ApiToken))
    # The profile page afterwards no longer shows it.
    assert plain not in client.get("/account").get_data(as_text=True)


def test_bearer_token_authenticates_its_owner_on_the_api_only(client, fresh, make_user,
                                                             login_as, make_process):
    user = make_user(email="clara@example.org")
    make_user(email="other@example.org")
    process = make_process()
    login_as(user)
    plain = _create_token(client)
    stranger = client.application.test_client()
    bearer = {"Authorization": f"Bearer {plain}"}

    idea = stranger.post(f"/api/v1/processes/{process.slug}/proposals", headers=bearer,
                         json={"title": "Per Skript", "body": "Eine Idee aus einem Skript."})

    assert idea.status_code == 201, idea.get_data(as_text=True)
    assert idea.get_json()["author"] == user.display_name
    assert fresh().execute(select(ApiToken)).scalar_one().last_used_at is not None
    # On the pages a token logs nobody in: a leaked token cannot open the account page.
    page = stranger.get("/account", headers=bearer)
    assert page.status_code == 302 and _location(page).startswith("/account/login")
    assert not _is_logged_in(stranger)
    wrong = stranger.get("/api/v1/processes", headers={"Authorization": f"Bearer {plain}xx"})
    assert wrong.status_code == 401


def test_revoked_token_no_longer_authenticates(client, fresh, make_user, login_as):
    login_as(make_user())
    plain = _create_token(client)
    token_id = fresh().execute(select(ApiToken.id)).scalar_one()

    response = client.post(f"/account/tokens/{token_id}/revoke")

    assert response.status_code == 302
    assert _location(response) == "/account"
    assert fresh().get(ApiToken, token_id).revoked_at is not None
    stranger = client.application.test_client()
    refused = stranger.get("/api/v1/processes", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "invalid_token"


def test_nobody_can_revoke_another_persons_token(client, db, fresh, make_user, login_as):
    owner = make_user()
    token, plain = services.create_api_token(owner, "owner's script")
    db.session.commit()
    login_as(make_user())

    response = client.post(f"/account/tokens/{token.id}/revoke")

    assert response.status_code == 404
    assert fresh().get(ApiToken, token.id).revoked_at is None
    assert services.user_for_token(plain).id == owner.id


def test_token_needs_a_name(client, fresh, make_user, login_as):
    login_as(make_user())

    assert client.post("/account/tokens", data={"name": "   "}).status_code == 400
    assert client.post("/account/tokens", data={"name": "x" * 61}).status_code == 400
    assert fresh().execute(select(func.count(ApiToken.id))).scalar_one() == 0


# --- my data --------------------------------------------------------------------------------


def test_export_contains_my_data_and_no_password_hash(client, db, fresh, make_user, make_proposal,
                                                      login_as):
    user = make_user(email="clara@example.org", name="Clara N.")
    other = make_user()
    mine = make_proposal(author=user, title="Trinkbrunnen am Markt")
    theirs = make_proposal(author=other, title="Ein Vorschlag von jemand anderem")
    comment = add_comment(user, theirs, "Gute Idee, ich bin dafür.")
    add_comment(other, mine, "Das ist ein fremder Kommentar.")
    services.create_api_token(user, "my script")
    db.session.commit()
    password_hash = user.password_hash
    login_as(user)

    response = client.get("/account/export")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".json" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data["account"]["email"] == "clara@example.org"
    assert data["account"]["display_name"] == "Clara N."
    assert [p["title"] for p in data["proposals"]] == ["Trinkbrunnen am Markt"]
    assert [p["id"] for p in data["proposals"]] == [mine.id]
    assert [c["id"] for c in data["comments"]] == [comment.id]
    assert data["comments"][0]["body"] == "Gute Idee, ich bin dafür."
    assert [t["name"] for t in data["api_tokens"]] == ["my script"]
    assert password_hash not in text
    assert "password" not in text.lower()
    assert "token_hash" not in text
    for token in fresh().execute(select(ApiToken.token_hash)).scalars():
        assert token not in text


def test_export_needs_login(client):
    response = client.get("/account/export")
    assert response.status_code == 302
    assert _location(response).startswith("/account/login")


# --- deleting the account -------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    {"password": "wrong-password-123", "confirm": "y"},
    {"password": PASSWORD},
], ids=["wrong-password", "not-confirmed"])
def test_account_is_not_deleted_without_password_and_confirmation(client, fresh, make_user,
                                                                   login_as, data):
    user = make_user(email="clara@example.org", name="Clara")
    login_as(user)

    response = client.post("/account/delete", data=data)

    assert response.status_code == 400
    saved = fresh().get(User, user.id)
    assert (saved.email, saved.display_name, saved.deleted_at) == (
        "clara@example.org", "Clara", None)
    assert check_password_hash(saved.password_hash, PASSWORD)
    assert _is_logged_in(client)


def test_deleting_the_account_erases_the_person_but_keeps_the_content(
        client, db, fresh, make_user, make_proposal, login_as):
    user = make_user(email="clara@example.org", name="Clara Neumann", role=Role.FACILITATOR)
    proposal = make_proposal(author=user, title="Trinkbrunnen am Markt")
    _token, plain = services.create_api_token(user, "my script")
    db.session.commit()
    user_id, proposal_id = user.id, proposal.id
    login_as(user)

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})

    assert response.status_code == 302
    assert _location(response) == "/"
    deleted = fresh().get(User, user_id)
    assert deleted is not None
    assert (deleted.email, deleted.display_name, deleted.password_hash) == (None, None, None)
    assert deleted.deleted_at is not None
    assert deleted.role == Role.CITIZEN.value
    assert fresh().execute(select(func.count(ApiToken.id))).scalar_one() == 0
    assert services.user_for_token(plain) is None
    assert not _is_logged_in(client)
    assert "clara@example.org" not in _row_values(fresh, User)
    assert "Clara Neumann" not in _row_values(fresh, User)

    assert fresh().get(Proposal, proposal_id).author_id == user_id
    page = client.get(f"/proposals/{proposal_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Trinkbrunnen am Markt" in html
    assert str(escape(str(fresh().get(User, user_id).public_name))) in html
    assert "Clara Neumann" not in html

    # The address is free again.
    again = client.post("/account/register", data=_register_form(email="clara@example.org"))
    assert again.status_code == 302
    assert [u.id != user_id for u in _users(fresh, email="clara@example.org")] == [True]


def test_delete_needs_login(client):
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert _location(response).startswith("/account/login")


# --- security -------------------------------------------------------------------------------


def test_login_without_csrf_token_is_refused(make_app, make_user):
    user = make_user()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()

    refused = client.post("/account/login", data={"email": user.email, "password": PASSWORD})

    assert refused.status_code == 400
    assert not _is_logged_in(client)

    form = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    assert token, form
    accepted = client.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                                   "csrf_token": token.group(1)})
    assert accepted.status_code == 302
    assert _is_logged_in(client)


def test_logout_without_csrf_token_does_not_log_out(make_app, make_user):
    user = make_user()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    form = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    client.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                        "csrf_token": token})

    assert client.post("/account/logout").status_code == 400
    assert _is_logged_in(client)


def test_session_cookies_are_http_only_and_same_site(client, make_user):
    user = make_user()

    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                                    "remember": "y"})

    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert {"session", "remember_token"} <= set(cookies)
    for name in ("session", "remember_token"):
        attributes = [a.strip().lower() for a in cookies[name].split(";")]
        assert "httponly" in attributes, cookies[name]
        assert "samesite=lax" in attributes, cookies[name]


@pytest.mark.parametrize("path", ["/", "/account/login", "/account/register",
                                  "/account/password/forgot", "/account", "/account/delete",
                                  "/does-not-exist"])
def test_every_page_has_a_strict_content_security_policy(client, make_user, login_as, path):
    if path in ("/account", "/account/delete"):
        login_as(make_user())

    response = client.get(path)

    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # The policy would block inline code, so the page must not rely on any.
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


# --- rate limits ----------------------------------------------------------------------------


def test_fourth_login_attempt_in_a_minute_is_refused(make_app):
    client = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute").test_client()
    data = {"email": "nobody@example.org", "password": "wrong-password-123"}

    statuses = [client.post("/account/login", data=data).status_code for _ in range(3)]
    limited = client.post("/account/login", data=data)

    assert statuses == [400, 400, 400]
    assert limited.status_code == 429
    assert limited.mimetype == "text/html"
    assert "<main" in limited.get_data(as_text=True)
    # Only sending the form counts; the login page itself still opens.
    assert client.get("/account/login").status_code == 200


def test_third_registration_in_an_hour_is_refused(make_app, fresh):
    client = make_app(RATELIMIT_ENABLED=True, REGISTER_RATE_LIMIT="2 per hour").test_client()

    statuses = []
    for n in range(3):
        fresh_browser = client.application.test_client()
        response = fresh_browser.post("/account/register",
                                      data=_register_form(email=f"person{n}@example.org"))
        statuses.append(response.status_code)

    assert statuses == [302, 302, 429]
    assert _user_count(fresh) == 2


def test_an_account_without_password_cannot_log_in_until_one_is_set(app):
    from participation.errors import Conflict

    user = services.create_user_without_password(" Voter1@Demo.Local ", "Anke W.",
                                                 confirmed=True)
    assert user.email == "voter1@demo.local" and user.role == Role.CITIZEN.value
    assert user.password_hash is None and user.is_confirmed
    assert services.authenticate("voter1@demo.local", "") is None
    assert services.authenticate("voter1@demo.local", "any-password-at-all") is None
    with pytest.raises(Conflict):
        services.create_user_without_password("voter1@demo.local", "Someone else")
    token = services.make_reset_token(user)
    services.reset_password(token, "a-new-password-123")
    assert services.authenticate("voter1@demo.local", "a-new-password-123") == user
