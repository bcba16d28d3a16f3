"""Posting, editing, withdrawing, finding and discussing ideas."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from participation.errors import InvalidInput, Locked, NotAllowed, PhaseClosed
from participation.processes.models import PhaseKind
from participation.proposals import services
from participation.proposals.models import Comment, Proposal, ProposalStatus


def _form(process, **overrides):
    data = {"title": "Trinkbrunnen am Markt", "body": "Im Sommer fehlt Wasser.\n\nBitte!",
            "topic": str(process.topics[0].id), "district": str(process.districts[0].id),
            "lat": "", "lon": ""}
    data.update(overrides)
    return data


def test_citizen_posts_an_idea_in_the_ideas_phase(client, db, make_process, make_user,
                                                   login_as):
    process = make_process()
    user = make_user()
    login_as(user)
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data=_form(process, lat="52,4125", lon="13.0573"))
    assert response.status_code == 302
    proposal = db.session.execute(select(Proposal)).scalar_one()
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert proposal.author_id == user.id
    assert proposal.topic_id == process.topics[0].id
    assert (proposal.lat, proposal.lon) == (52.4125, 13.0573)
    assert proposal.status == ProposalStatus.PUBLISHED.value
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Trinkbrunnen am Markt" in page
    assert "<p>Im Sommer fehlt Wasser.</p>" in page


@pytest.mark.parametrize("phase", [p for p in PhaseKind if p != PhaseKind.IDEAS])
def test_no_new_idea_outside_the_ideas_phase(client, db, make_process, make_user, login_as,
                                             phase):
    process = make_process(phase=phase)
    login_as(make_user())
    response = client.post(f"/processes/{process.slug}/proposals/new", data=_form(process))
    assert response.status_code == 409
    assert db.session.execute(select(Proposal)).first() is None


def test_unconfirmed_account_cannot_post(client, db, make_process, make_user, login_as):
    process = make_process()
    login_as(make_user(confirmed=False))
    response = client.post(f"/processes/{process.slug}/proposals/new", data=_form(process))
    assert response.status_code == 403
    assert db.session.execute(select(Proposal)).first() is None


def test_anonymous_is_sent_to_login(client, make_process):
    process = make_process()
    response = client.get(f"/processes/{process.slug}/proposals/new")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize(("field", "value"), [
    ("title", ""), ("title", "   "), ("title", "x" * 121), ("body", ""), ("body", "y" * 5001),
    ("lat", "north"), ("lat", "95"), ("lon", "13.1"),
])
def test_bad_input_gets_an_error_and_stores_nothing(client, db, make_process, make_user,
                                                    login_as, field, value):
    process = make_process()
    login_as(make_user())
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data=_form(process, **{field: value}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="form-errors"' in html
    assert db.session.execute(select(Proposal)).first() is None


def test_limits_are_exactly_120_and_5000(app, make_process, make_user):
    process = make_process()
    user = make_user()
    ok = services.submit_proposal(user, process, services.ProposalInput("t" * 120, "b" * 5000))
    assert len(ok.title) == 120
    with pytest.raises(InvalidInput):
        services.submit_proposal(user, process, services.ProposalInput("t" * 121, "b"))


def test_topic_of_another_process_is_refused(app, make_process, make_user):
    process, other = make_process(), make_process()
    with pytest.raises(InvalidInput):
        services.submit_proposal(make_user(), process, services.ProposalInput(
            "Titel", "Text", topic_id=other.topics[0].id))


def test_author_edits_until_there_are_comments(client, db, make_proposal, make_user, login_as):
    author = make_user()
    proposal = make_proposal(author=author)
    login_as(author)
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=_form(proposal.process, title="Neuer Titel"))
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.title == "Neuer Titel"
    assert proposal.updated_at is not None
    services.add_comment(make_user(), proposal, "Gute Idee")
    db.session.commit()
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=_form(proposal.process, title="Noch einer"))
    assert response.status_code == 409
    db.session.refresh(proposal)
    assert proposal.title == "Neuer Titel"


def test_only_the_author_can_edit_or_withdraw(client, db, make_proposal, make_user, login_as):
    proposal = make_proposal()
    login_as(make_user())
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 403
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 403
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED.value


def test_withdraw_hides_the_idea_from_lists(client, db, make_proposal, make_user, login_as):
    author = make_user()
    proposal = make_proposal(author=author, title="Zurückgezogene Idee")
    login_as(author)
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.WITHDRAWN.value
    listing = client.get(f"/processes/{proposal.process.slug}/proposals").get_data(as_text=True)
    assert "Zurückgezogene Idee" not in listing
    # the author still sees the page with its state; others get 404
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
    client.post("/account/logout")
    assert client.get(f"/proposals/{proposal.id}").status_code == 404


def test_withdraw_refused_once_commented(app, db, make_proposal, make_user):
    author = make_user()
    proposal = make_proposal(author=author)
    services.add_comment(make_user(), proposal, "Dazu habe ich eine Frage.")
    with pytest.raises(Locked):
        services.withdraw_proposal(author, proposal)


def test_comments_and_one_level_of_replies(client, db, make_proposal, make_user, login_as):
    proposal = make_proposal()
    login_as(make_user())
    response = client.post(f"/proposals/{proposal.id}/comments", data={"body": "Erster!"})
    assert response.status_code == 302
    first = db.session.execute(select(Comment)).scalar_one()
    assert response.headers["Location"].endswith(f"#comment-{first.id}")
    response = client.post(f"/proposals/{proposal.id}/comments",
                           data={"body": "Antwort", "parent_id": str(first.id)})
    assert response.status_code == 302
    reply = db.session.execute(select(Comment).where(Comment.parent_id == first.id)).scalar_one()
    response = client.post(f"/proposals/{proposal.id}/comments",
                           data={"body": "Antwort auf Antwort", "parent_id": str(reply.id)})
    assert response.status_code == 400
    db.session.refresh(proposal)
    assert proposal.comment_count == 2
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert page.index("Erster!") < page.index("Antwort")


def test_reply_to_a_comment_of_another_idea_is_refused(app, make_proposal, make_user):
    a, b = make_proposal(), make_proposal()
    comment = services.add_comment(make_user(), a, "Hallo")
    with pytest.raises(NotAllowed):
        services.add_comment(make_user(), b, "Falscher Faden", parent_id=comment.id)


@pytest.mark.parametrize("body", ["", "   ", "z" * 2001])
def test_comment_length(client, db, make_proposal, make_user, login_as, body):
    proposal = make_proposal()
    login_as(make_user())
    assert client.post(f"/proposals/{proposal.id}/comments", data={"body": body}).status_code \
        == 400
    assert db.session.execute(select(Comment)).first() is None


def test_no_comments_outside_the_discussion_phases(app, make_proposal, make_user, db):
    proposal = make_proposal()
    proposal.process.current_phase = PhaseKind.SHORTLIST.value
    db.session.commit()
    with pytest.raises(PhaseClosed):
        services.add_comment(make_user(), proposal, "Zu spät")


def _titles(client, url):
    html = client.get(url).get_data(as_text=True)
    return [t for t in ("Radweg Seestraße", "Bäume für den Markt", "WLAN im Bahnhof")
            if t in html]


def test_filters_search_and_sorts(client, db, make_process, make_proposal, make_user):
    process = make_process()
    climate, mobility = process.topics
    old_town, north = process.districts
    a = make_proposal(process, title="Radweg Seestraße", body="Sicher zur Schule",
                      topic_id=mobility.id, district_id=north.id)
    b = make_proposal(process, title="Bäume für den Markt", body="Schatten und Kühle",
                      topic_id=climate.id, district_id=old_town.id)
    c = make_proposal(process, title="WLAN im Bahnhof", body="Digitale Wartezeit")
    services.add_comment(make_user(), b, "Ja")
    services.add_comment(make_user(), b, "Unbedingt")
    services.add_comment(make_user(), a, "Gut")
    db.session.commit()
    base = f"/processes/{process.slug}/proposals"
    assert _titles(client, f"{base}?topic={mobility.id}") == ["Radweg Seestraße"]
    assert _titles(client, f"{base}?district={old_town.id}") == ["Bäume für den Markt"]
    # search ignores case and umlauts, and searches the body too
    assert _titles(client, f"{base}?q=BAUME") == ["Bäume für den Markt"]
    assert _titles(client, f"{base}?q=kühle") == ["Bäume für den Markt"]
    assert _titles(client, f"{base}?q=schule+radweg") == ["Radweg Seestraße"]
    assert _titles(client, f"{base}?q=100%25") == []
    html = client.get(f"{base}?sort=comments").get_data(as_text=True)
    assert html.index("Bäume für den Markt") < html.index("Radweg Seestraße") \
        < html.index("WLAN im Bahnhof")
    html = client.get(f"{base}?sort=new").get_data(as_text=True)
    assert html.index(c.title) < html.index(a.title)
    services.hide_proposal(make_user(role="facilitator"), c, "Werbung")
    db.session.commit()
    assert _titles(client, f"{base}?status=hidden") == ["Radweg Seestraße", "Bäume für den Markt"]


def test_pagination_splits_the_list(make_app, make_process, make_proposal):
    app = make_app(PROPOSALS_PER_PAGE=5)
    with app.app_context():
        process = make_process()
        for i in range(12):
            make_proposal(process, title=f"Idee Nummer {i:02d}")
        client = app.test_client()
        base = f"/processes/{process.slug}/proposals"
        first = client.get(base).get_data(as_text=True)
        third = client.get(f"{base}?page=3").get_data(as_text=True)
        assert first.count('class="card proposal-card"') == 5
        assert third.count('class="card proposal-card"') == 2
        assert "Idee Nummer 11" in first and "Idee Nummer 00" in third
        assert 'rel="next"' in first
        assert client.get(f"{base}?page=99").status_code == 200


def test_list_page_costs_a_bounded_number_of_queries(app, db, client, make_process,
                                                     make_proposal, make_user):
    process = make_process()
    authors = [make_user() for _ in range(5)]
    for i in range(40):
        make_proposal(process, author=authors[i % 5], title=f"Idee {i}",
                      topic_id=process.topics[i % 2].id, district_id=process.districts[0].id)
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(f"/processes/{process.slug}/proposals?sort=comments")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    assert len(statements) <= 10, len(statements)
