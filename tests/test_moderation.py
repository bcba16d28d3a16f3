"""Reports of abuse and moderation: hide with a reason the author sees."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.errors import Conflict, NotAllowed
from participation.proposals import services
from participation.proposals.models import Comment, ProposalStatus, Report


def test_citizen_reports_an_idea_once(client, db, make_proposal, make_user, login_as):
    proposal = make_proposal()
    login_as(make_user())
    url = f"/proposals/{proposal.id}/report"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"reason": "Werbung für eine Firma"}).status_code == 302
    assert client.post(url, data={"reason": "Nochmal"}).status_code == 400
    assert client.post(url, data={"reason": ""}).status_code == 400
    reports = db.session.execute(select(Report)).scalars().all()
    assert [r.reason for r in reports] == ["Werbung für eine Firma"]


def test_moderator_hides_a_reported_idea_and_the_author_sees_why(
        client, db, make_proposal, make_user, login_as):
    author = make_user()
    proposal = make_proposal(author=author, title="Kauft bei Firma X")
    services.report(make_user(), "Werbung", proposal=proposal)
    db.session.commit()
    moderator = make_user(role="facilitator")
    login_as(moderator)
    queue = client.get("/moderation").get_data(as_text=True)
    assert "Kauft bei Firma X" in queue and "Werbung" in queue
    response = client.post(f"/proposals/{proposal.id}/hide",
                           data={"reason": "Werbung ist hier nicht erlaubt.", "back": "moderation"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.HIDDEN.value
    report = db.session.execute(select(Report)).scalar_one()
    assert report.resolution == "hidden" and report.resolved_by_id == moderator.id
    client.post("/account/logout")
    listing = client.get(f"/processes/{proposal.process.slug}/proposals").get_data(as_text=True)
    assert "Kauft bei Firma X" not in listing
    assert client.get(f"/proposals/{proposal.id}").status_code == 404
    login_as(author)
    page = client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    assert "Werbung ist hier nicht erlaubt." in page.get_data(as_text=True)


def test_hiding_needs_a_reason(client, db, make_proposal, make_user, login_as):
    proposal = make_proposal()
    login_as(make_user(role="admin"))
    client.post(f"/proposals/{proposal.id}/hide", data={"reason": " "})
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED.value


def test_hidden_comment_leaves_the_count_and_comes_back(app, db, make_proposal, make_user,
                                                        client, login_as):
    proposal = make_proposal()
    writer = make_user()
    comment = services.add_comment(writer, proposal, "Beleidigung!")
    db.session.commit()
    moderator = make_user(role="facilitator")
    services.hide_comment(moderator, comment, "Beleidigend")
    db.session.commit()
    db.session.refresh(proposal)
    assert proposal.comment_count == 0
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Beleidigung!" not in page
    login_as(writer)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Beleidigend" in page  # the author sees the reason
    with pytest.raises(Conflict):
        services.hide_comment(moderator, comment, "nochmal")
    services.unhide_comment(moderator, comment)
    db.session.commit()
    db.session.refresh(proposal)
    assert proposal.comment_count == 1


@pytest.mark.parametrize("role", ["citizen", "planner"])
def test_only_facilitators_and_admins_moderate(client, db, make_proposal, make_user, login_as,
                                               role):
    proposal = make_proposal()
    comment = services.add_comment(make_user(), proposal, "Text")
    db.session.commit()
    login_as(make_user(role=role))
    assert client.get("/moderation").status_code == 403
    assert client.post(f"/proposals/{proposal.id}/hide", data={"reason": "x"}).status_code == 403
    assert client.post(f"/comments/{comment.id}/hide", data={"reason": "x"}).status_code == 403
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED.value
    assert db.session.get(Comment, comment.id).status == "published"


def test_dismissing_a_report_keeps_the_idea(app, db, make_proposal, make_user):
    proposal = make_proposal()
    entry = services.report(make_user(), "Finde ich doof", proposal=proposal)
    db.session.commit()
    with pytest.raises(NotAllowed):
        services.dismiss_report(make_user(), entry.id)
    services.dismiss_report(make_user(role="facilitator"), entry.id)
    db.session.commit()
    db.session.refresh(entry)
    assert entry.resolution == "dismissed"
    assert proposal.status == ProposalStatus.PUBLISHED.value
    assert services.open_reports() == []
