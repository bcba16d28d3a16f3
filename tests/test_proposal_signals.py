"""The signals proposals sends to the domains above it (proposals/signals.py): events that
notifications turns into notices, and the parts votes and workshops add to idea pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db as _db
from participation.notifications.models import Notification
from participation.processes.models import PhaseKind
from participation.proposals import services, signals
from participation.proposals.models import Comment, Proposal
from participation.votes import services as vote_services
from participation.votes.services import VoteBox


def _count(model) -> int:
    return _db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_comment_notifies_through_the_signal(make_proposal, make_user):
    proposal = make_proposal()
    writer = make_user()
    assert signals.comment_added.receivers  # notifications connected at start-up

    services.add_comment(writer, proposal, "Gute Idee!")
    _db.session.commit()

    notices = _db.session.execute(select(Notification)).scalars().all()
    assert [(n.kind, n.recipient_id) for n in notices] == [("comment", proposal.author_id)]


def test_a_failing_receiver_leaves_no_half_written_comment(make_proposal, make_user):
    proposal = make_proposal()
    heard = []

    def broken(sender, **kwargs):
        heard.append(_count(Notification))  # the notice is written before this receiver
        raise RuntimeError("receiver on fire")

    with signals.comment_added.connected_to(broken), pytest.raises(RuntimeError):
        services.add_comment(make_user(), proposal, "Gute Idee!")
    _db.session.rollback()

    assert heard == [1]
    assert (_count(Comment), _count(Notification)) == (0, 0)
    assert _db.session.get(Proposal, proposal.id).comment_count == 0


def test_hiding_and_showing_an_idea_are_announced(make_proposal, make_user):
    proposal = make_proposal()
    moderator = make_user(role="facilitator")
    heard = []

    def listen(sender, **kwargs):
        heard.append((sender.id, sorted(kwargs)))

    with signals.proposal_hidden.connected_to(listen), \
            signals.proposal_unhidden.connected_to(listen):
        services.hide_proposal(moderator, proposal, "Beleidigend")
        services.unhide_proposal(moderator, proposal)
    _db.session.commit()

    assert heard == [(proposal.id, ["actor", "reason"]), (proposal.id, ["actor"])]
    assert [n.kind for n in _db.session.execute(select(Notification)).scalars()] == ["hidden"]


def test_the_detail_page_gets_the_vote_box_and_the_workshop(make_process, make_proposal,
                                                             make_user):
    process = make_process(phase=PhaseKind.VOTING)
    proposal = make_proposal(process)
    voter = make_user()

    detail = services.page_parts(process, [proposal], voter, "detail")
    listed = services.page_parts(process, [proposal], voter, "list")

    assert set(detail) == {"vote", "origin_workshop"} and detail["origin_workshop"] is None
    assert set(listed) == {"vote"}  # the workshop only on the idea's own page
    box = listed["vote"]
    assert isinstance(box, VoteBox)
    assert (box.open, box.visible, box.votable, box.my.supports) == (
        True, True, {proposal.id}, set())


def test_the_vote_box_says_what_a_person_gave_and_may_give(make_process, make_proposal,
                                                            make_user):
    process = make_process(phase=PhaseKind.VOTING)
    given, other = make_proposal(process), make_proposal(process)
    voter = make_user()
    vote_services.cast_vote(voter, given)
    _db.session.commit()

    box = vote_services.vote_box(voter, process, [given, other])

    assert box.my.supports == {given.id} and box.votable == {given.id, other.id}
    anonymous = vote_services.vote_box(None, process, [given])
    assert (anonymous.votable, anonymous.my.supports) == (set(), set())


def test_two_domains_answering_one_key_is_an_error(make_process, make_proposal, make_user):
    process = make_process()
    proposal = make_proposal(process)

    def rival(sender, **kwargs):
        return {"vote": "mine"}

    with signals.page_parts.connected_to(rival), pytest.raises(ValueError, match="vote"):
        services.page_parts(process, [proposal], make_user(), "list")


def test_listing_by_rank_asks_for_a_fresh_ranking(app, client, make_process, make_proposal):
    process = make_process(phase=PhaseKind.VOTING)
    first, second = make_proposal(process), make_proposal(process)
    asked = []

    def spy(sender, **kwargs):
        asked.append((sender.id, kwargs))

    with signals.ranking_needed.connected_to(spy):
        page = client.get(f"/processes/{process.slug}/proposals?sort=rank")
        client.get(f"/processes/{process.slug}/proposals?sort=new")
        api = client.get(f"/api/v1/processes/{process.slug}/proposals?sort=rank")

    assert page.status_code == 200 and api.status_code == 200
    max_age = app.config["RANKING_MAX_AGE"]
    assert asked == [(process.id, {"max_age_seconds": max_age})] * 2
    _db.session.expire_all()
    assert {_db.session.get(Proposal, p.id).rank_position for p in (first, second)} == {1, 2}


def test_the_api_gets_my_vote_from_the_votes_domain(client, make_process, make_proposal,
                                                    make_user, login_as):
    process = make_process(phase=PhaseKind.VOTING)
    proposal = make_proposal(process)
    voter = make_user()
    vote_services.cast_vote(voter, proposal)
    _db.session.commit()

    assert services.json_parts(proposal, voter) == {
        "my_vote": {"supported": True, "points": 0, "points_left": None}}
    anonymous = client.get(f"/api/v1/proposals/{proposal.id}").get_json()
    assert anonymous["my_vote"] is None
    login_as(voter)
    assert client.get(f"/api/v1/proposals/{proposal.id}").get_json()["my_vote"]["supported"]
