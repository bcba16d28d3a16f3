"""How the domains meet (ARCHITECTURE.md): the signals through which a lower domain lets
higher ones act (who answers each, what their answers add up to, a clash refused), and the
API document assembled from the domains' parts."""

from __future__ import annotations

import weakref

import pytest
from blinker import Namespace

from participation.accounts import services as account_services
from participation.accounts import signals as account_signals
from participation.api.openapi import build_document
from participation.apikit.docs import ApiDoc
from participation.errors import InvalidInput, Locked
from participation.notifications.models import Notification
from participation.processes import api as processes_api
from participation.processes import services as process_services
from participation.processes import signals as process_signals
from participation.processes.models import PhaseKind
from participation.signals import answers, merged_answers
from participation.votes import services as vote_services


def _modules(signal) -> set[str]:
    found = set()
    for receiver in signal.receivers.values():
        target = receiver() if isinstance(receiver, weakref.ref) else receiver
        found.add(target.__module__)
    return found


def test_every_signal_is_answered_by_the_domains_above_after_start_up(app):
    assert _modules(account_signals.personal_data) == {
        "participation.proposals.receivers", "participation.votes.receivers",
        "participation.notifications.receivers"}
    # notifications forget the person; the person's idea pictures go with the account
    assert _modules(account_signals.account_deleted) == {
        "participation.notifications.receivers", "participation.proposals.receivers"}
    assert _modules(process_signals.topic_in_use) == {"participation.proposals.receivers"}
    assert _modules(process_signals.district_in_use) == {"participation.proposals.receivers"}
    assert _modules(process_signals.votes_cast) == {"participation.votes.receivers"}
    assert _modules(process_signals.process_page) >= {"participation.proposals.receivers"}


def test_a_second_app_does_not_connect_the_receivers_twice(app, make_app):
    before = len(account_signals.personal_data.receivers)
    make_app()
    assert len(account_signals.personal_data.receivers) == before


def test_personal_data_holds_every_domains_part(app, db, make_user, make_proposal):
    user = make_user(confirmed=True)
    make_proposal(author=user, title="Schatten für den Marktplatz")
    data = account_services.export_user_data(user)
    assert data["account"]["email"] == user.email
    assert [p["title"] for p in data["proposals"]] == ["Schatten für den Marktplatz"]
    assert {"comments", "reports", "votes", "notification_settings", "notifications"} <= set(data)
    assert set(data["votes"]) == {"supports", "dot_points", "pairwise_answers"}


def test_deleting_an_account_lets_notifications_forget_the_person(app, db, make_user,
                                                                  make_proposal):
    author = make_user(confirmed=True)
    proposal = make_proposal(author=author)
    db.session.add(Notification(recipient_id=author.id, proposal_id=proposal.id,
                                kind="comment", data={}))
    db.session.commit()
    account_services.delete_account(author)
    db.session.commit()
    assert db.session.query(Notification).filter_by(recipient_id=author.id).count() == 0


def test_a_topic_in_use_by_an_idea_stays(app, db, make_process, make_proposal):
    process = make_process()
    process_services.set_topics(process, ["Klima", "Mobilität"])
    db.session.commit()
    make_proposal(process=process, topic_id=process.topics[0].id)
    with pytest.raises(InvalidInput, match="Klima"):  # the count comes from proposals
        process_services.set_topics(process, ["Mobilität"])


def test_the_vote_method_is_locked_once_a_vote_is_cast(app, db, make_user, make_process,
                                                         make_proposal):
    process = make_process()
    proposal = make_proposal(process=process)
    process_services.set_phase(process, PhaseKind.VOTING)
    db.session.commit()
    vote_services.cast_vote(make_user(confirmed=True), proposal)
    db.session.commit()
    assert answers(process_signals.votes_cast, process) == [True]
    with pytest.raises(Locked):
        process_services.set_vote_settings(
            process, method="dots", pairwise_enabled=False, pairwise_in_ideas=False,
            dot_budget=5, dot_max_per_proposal=3, votes_hidden=False,
            weights=(1.0, 1.0, 1.0, 1.0))


def test_two_receivers_answering_the_same_key_are_refused():
    signal = Namespace().signal("test-clash")

    def one(sender, **_kwargs):
        return {"part": 1}

    def other(sender, **_kwargs):
        return {"part": 2}

    signal.connect(one)
    signal.connect(other)
    with pytest.raises(ValueError, match="part"):
        merged_answers(signal, object())


def test_the_api_document_refuses_two_domains_naming_one_path(app):
    class Twin:
        __name__ = "twin"

        @staticmethod
        def api_doc():
            return ApiDoc(paths={"/processes": {}})

    with app.test_request_context(), pytest.raises(ValueError, match="/processes"):
        build_document((processes_api, Twin))
