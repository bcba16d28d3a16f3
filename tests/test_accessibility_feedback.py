"""The accessibility statement's feedback form: stored, mailed, confirmed, and guarded
against spam without a captcha (honeypot, signed minimum fill time, rate limit)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.legal.models import AccessibilityFeedback

MESSAGE = "Der Kontrast der Knöpfe im Workshop ist für mich zu schwach."


def form_token(client, language: str = "de") -> str:
    html = client.get("/accessibility", headers={"Accept-Language": language}).get_data(
        as_text=True)
    match = re.search(r'name="started" type="hidden" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def stored(db) -> list[AccessibilityFeedback]:
    db.session.rollback()
    return db.session.execute(select(AccessibilityFeedback)).scalars().all()


def send(client, token: str, language: str = "de", **fields):
    data = {"name": "Rita Rollstuhl", "email": "rita@example.org", "page": "/workshops/1",
            "message": MESSAGE, "website": "", "started": token, **fields}
    return client.post("/accessibility", data=data, headers={"Accept-Language": language})


@pytest.fixture
def no_wait(app):
    app.config["FEEDBACK_MIN_SECONDS"] = 0


def test_feedback_is_stored_sent_to_the_contact_and_confirmed(client, db, outbox, app, no_wait):
    response = send(client, form_token(client), language="en")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/accessibility#feedback")
    [feedback] = stored(db)
    assert (feedback.name, feedback.email, feedback.page, feedback.message, feedback.locale) == (
        "Rita Rollstuhl", "rita@example.org", "/workshops/1", MESSAGE, "en")
    to_city, to_sender = outbox()
    assert to_city["To"] == app.config["ACCESSIBILITY_CONTACT_EMAIL"]
    # the city's mail is in the default language, whatever the sender's language
    assert to_city["Subject"] == f"Feedback zur Barrierefreiheit (Zukunftsstadt, Nr. {feedback.id})"
    city_body = to_city.get_body().get_content()
    assert MESSAGE in city_body and "rita@example.org" in city_body and "/workshops/1" in city_body
    assert to_sender["To"] == "rita@example.org"
    assert to_sender["Subject"] == "We received your feedback on accessibility"
    assert MESSAGE in to_sender.get_body().get_content()
    page = client.get(response.headers["Location"], headers={"Accept-Language": "en"})
    assert "Thank you. Your feedback has been sent to Stadt Musterstadt." in page.get_data(
        as_text=True)


def test_without_an_address_only_the_contact_gets_a_mail(client, db, outbox, app, no_wait):
    response = send(client, form_token(client), name="", email="")
    assert response.status_code == 302
    [feedback] = stored(db)
    assert feedback.name is None and feedback.email is None
    [mail] = outbox()
    assert mail["To"] == app.config["ACCESSIBILITY_CONTACT_EMAIL"]


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client, db, outbox, no_wait):
    response = send(client, form_token(client), website="https://spam.example")
    assert response.status_code == 422
    assert "muss leer bleiben" in response.get_data(as_text=True)
    assert stored(db) == [] and outbox() == []


def test_a_form_sent_faster_than_a_person_can_is_refused(client, db, outbox, app):
    app.config["FEEDBACK_MIN_SECONDS"] = 60
    response = send(client, form_token(client), language="en")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "faster than a person can fill it in" in html
    assert MESSAGE in html  # what was typed is kept for the next try
    assert stored(db) == [] and outbox() == []


@pytest.mark.parametrize("token", ["", "forged", "ImZlZWRiYWNrIg.aaaaaa.bbbbbbbbbbbbbbbbbbbbb"])
def test_a_missing_or_forged_time_token_is_refused(client, db, outbox, no_wait, token):
    response = send(client, token, language="en")
    assert response.status_code == 422
    assert "could not be checked" in response.get_data(as_text=True)
    assert stored(db) == [] and outbox() == []


def test_a_token_of_another_app_secret_is_refused(client, db, make_app, no_wait):
    other = make_app(SECRET_KEY="another-secret").test_client()
    response = send(client, form_token(other), language="en")
    assert response.status_code == 422
    assert stored(db) == []


def test_an_empty_message_or_a_bad_address_is_refused(client, db, outbox, no_wait):
    token = form_token(client)
    response = send(client, token, message="   ")
    assert response.status_code == 400
    assert "Bitte füllen Sie dieses Feld aus." in response.get_data(as_text=True)
    response = send(client, token, email="not-an-address")
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.get_data(as_text=True)
    response = send(client, token, message="x" * 5001)
    assert response.status_code == 400
    assert stored(db) == [] and outbox() == []


def test_a_flood_of_feedback_is_rate_limited(make_app, db, outbox):
    app = make_app(RATELIMIT_ENABLED=True, FEEDBACK_RATE_LIMIT="2 per minute",
                   FEEDBACK_MIN_SECONDS=0)
    client = app.test_client()
    token = form_token(client)
    assert send(client, token).status_code == 302
    assert send(client, token).status_code == 302
    refused = send(client, token)
    assert refused.status_code == 429
    assert client.get("/accessibility").status_code == 200  # reading is never limited
    db.session.rollback()
    assert db.session.execute(select(func.count(AccessibilityFeedback.id))).scalar_one() == 2
