"""Sessions end with a new password; secrets are not cached; logins are limited per account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts import services
from participation.accounts.models import User
from tests.conftest import PASSWORD, link_in


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_new_password_ends_every_other_session(app, db, client, make_user, outbox):
    user = make_user()
    other_device = app.test_client()
    other_device.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                              "remember": "y"})
    assert _logged_in(other_device)
    client.post("/account/password/forgot", data={"email": user.email})
    link = link_in(outbox()[-1], "/account/password/reset/")
    client.post(link, data={"password": "brand-new-password-1",
                            "password_repeat": "brand-new-password-1"})
    assert not _logged_in(other_device)
    # the remember cookie does not bring the old session back either
    other_device.delete_cookie("session")
    assert not _logged_in(other_device)


def test_token_page_and_data_export_are_not_cached(client, make_user, login_as):
    login_as(make_user())
    created = client.post("/account/tokens", data={"name": "Skript"})
    assert created.headers["Cache-Control"] == "no-store"
    assert client.get("/account/export").headers["Cache-Control"] == "no-store"


def test_login_attempts_are_limited_per_account_from_any_address(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute",
                   LOGIN_ACCOUNT_RATE_LIMIT="3 per hour")
    with app.app_context():
        user = make_user()
        statuses = []
        for i in range(4):
            client = app.test_client()
            statuses.append(client.post(
                "/account/login", data={"email": user.email, "password": "wrong-password-x"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"}).status_code)
        assert statuses == [400, 400, 400, 429]
        # another account from the same addresses is not affected
        other = make_user()
        response = app.test_client().post(
            "/account/login", data={"email": other.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert response.status_code == 302


def test_registration_survives_a_broken_mail_server(make_app):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_USE_TLS=False)
    with app.app_context():
        client = app.test_client()
        response = client.post("/account/register", data={
            "email": "neu@example.org", "display_name": "Neu", "password": PASSWORD,
            "password_repeat": PASSWORD, "accept_terms": "y"})
        assert response.status_code == 302
        page = client.get(response.headers["Location"])
        assert page.status_code == 200
        assert 'class="flash flash-error"' in page.get_data(as_text=True)
        from participation.extensions import db

        user = db.session.execute(select(User).where(User.email == "neu@example.org")).scalar_one()
        assert user.email_confirmed_at is None


@pytest.mark.parametrize("tampered", ["1", "1.", "x.abc", "1.0000000000000000"])
def test_a_forged_session_id_is_not_a_login(app, make_user, tampered):
    make_user()
    from participation.extensions import login_manager

    assert login_manager._user_callback(tampered) is None


def test_token_use_is_recorded_at_most_once_a_minute(app, db, make_user):
    user = make_user()
    token, plain = services.create_api_token(user, "Skript")
    db.session.commit()
    assert services.user_for_token(plain).id == user.id
    first = token.last_used_at
    assert first is not None
    services.user_for_token(plain)
    db.session.refresh(token)
    assert token.last_used_at == first
