"""`flask --app wsgi privacy purge`: personal data of processes closed longer than
PRIVACY_RETENTION_DAYS is removed or pseudonymised; contributions and totals stay; a process
still running is not touched; --dry-run changes nothing; a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.extensions import db as _db
from participation.legal.models import AccessibilityFeedback
from participation.legal.purge import purge_personal_data
from participation.models_base import utcnow
from participation.processes import services as process_services
from participation.processes.models import PHASE_ORDER, PhaseKind
from participation.proposals import services as proposal_services
from participation.proposals.models import Comment, Proposal, Report
from participation.votes import services as vote_services
from participation.votes.models import DotBudget, PairwiseAnswer, PaperVoteEntry, Support
from participation.workshops.models import (
    BoardEvent,
    Card,
    CommandReceipt,
    DotVote,
    Participant,
    Workshop,
)
from tests.test_cli import invoke

RETENTION = 365


def _dates(process, last_day):
    """Six consecutive phases of ten days that end on `last_day`."""
    start = last_day - timedelta(days=10 * len(PHASE_ORDER) - 1)
    dates = {}
    for i, kind in enumerate(PHASE_ORDER):
        begin = start + timedelta(days=10 * i)
        dates[kind] = (begin, begin + timedelta(days=9))
    process_services.set_phase_dates(process, dates)


def _populate(process, author, voter, reporter, facilitator, nickname):
    """Ideas, a comment, a report, votes, and a workshop with a participant, in `process`."""
    proposal = _submit(process, author)
    other = _submit(process, voter, title="Ein Trinkbrunnen am Bahnhof")
    process.current_phase = PhaseKind.IDEAS.value
    comment = proposal_services.add_comment(voter, proposal, "Gute Idee, mit Bänken bitte.")
    entry = proposal_services.report(reporter, "Beleidigend", comment=comment)
    entry.resolved_by_id = facilitator.id
    process.current_phase = PhaseKind.VOTING.value
    vote_services.cast_vote(voter, proposal)
    vote_services.cast_vote(reporter, proposal)
    low, high = sorted((proposal.id, other.id))
    _db.session.add(PairwiseAnswer(process_id=process.id, user_id=voter.id, low_id=low,
                                   high_id=high, winner_id=proposal.id))
    _db.session.add(DotBudget(process_id=process.id, user_id=voter.id, points_used=0))
    _db.session.add(PaperVoteEntry(process_id=process.id, proposal_id=proposal.id, count=12,
                                   channel="paper", entered_by_id=facilitator.id))
    proposal.paper_votes = 12
    workshop = Workshop(process_id=process.id, title="Werkstatt", created_by_id=facilitator.id)
    _db.session.add(workshop)
    _db.session.flush()
    participant = Participant(workshop_id=workshop.id, nickname=nickname, token_hash="a" * 64
                              if nickname == "Kim" else "b" * 64)
    _db.session.add(participant)
    _db.session.flush()
    card = Card(workshop_id=workshop.id, participant_id=participant.id, text="Mehr Schatten")
    _db.session.add(card)
    _db.session.flush()
    _db.session.add(DotVote(workshop_id=workshop.id, card_id=card.id,
                            participant_id=participant.id, dots=2))
    card_data = {"id": card.id, "participant_id": participant.id, "author": nickname,
                 "text": "Mehr Schatten"}
    _db.session.add(BoardEvent(workshop_id=workshop.id, version=1, type="card:add",
                               data={"card": card_data}, private_data={"card": card_data},
                               private_to=participant.id))
    _db.session.add(CommandReceipt(workshop_id=workshop.id, actor=f"p:{participant.id}",
                                   key="k1", ack={"ok": True}))
    process.current_phase = PhaseKind.RESULTS.value
    _db.session.commit()
    return proposal, workshop


def _submit(process, author, title="Mehr Bäume am Markt"):
    process.current_phase = PhaseKind.IDEAS.value
    proposal = proposal_services.submit_proposal(
        author, process, proposal_services.ProposalInput(title=title, body="Es ist heiß."))
    _db.session.flush()
    return proposal


@pytest.fixture
def two_processes(app, make_user, make_process):
    """An old process closed long ago, and one still running with the same people."""
    people = [make_user() for _ in range(4)]
    today = utcnow().date()
    old = make_process(slug="altstadt-2020")
    old.vote_method = "supports"
    _dates(old, today - timedelta(days=RETENTION + 30))
    old_proposal, old_workshop = _populate(old, *people, nickname="Kim")
    running = make_process(slug="zukunft-2035")
    _dates(running, today + timedelta(days=30))
    new_proposal, new_workshop = _populate(running, *people, nickname="Lou")
    running.current_phase = PhaseKind.VOTING.value
    _db.session.add(AccessibilityFeedback(message="alt", email="a@example.org",
                                          created_at=utcnow() - timedelta(days=RETENTION + 1)))
    _db.session.add(AccessibilityFeedback(message="neu", email="n@example.org"))
    _db.session.commit()
    return {"old": (old.id, old_proposal.id, old_workshop.id),
            "running": (running.id, new_proposal.id, new_workshop.id), "people": people}


def _snapshot(process_id, proposal_id, workshop_id) -> dict:
    """Everything personal about one process, and the figures that must survive."""
    s = _db.session
    s.expire_all()
    proposal = s.get(Proposal, proposal_id)
    participant = s.execute(select(Participant).where(
        Participant.workshop_id == workshop_id)).scalar_one()
    event = s.execute(select(BoardEvent).where(BoardEvent.workshop_id == workshop_id)).scalar_one()
    reports = s.execute(select(Report).join(Comment).join(Proposal).where(
        Proposal.process_id == process_id)).scalars().all()
    return {
        "authors": sorted(str(a) for a in s.execute(select(Proposal.author_id).where(
            Proposal.process_id == process_id)).scalars()),
        "comment_authors": [c.author_id for c in s.execute(select(Comment).join(Proposal).where(
            Proposal.process_id == process_id)).scalars()],
        "reporters": [(r.reporter_id, r.resolved_by_id) for r in reports],
        "supports": s.execute(select(func.count(Support.id)).where(
            Support.process_id == process_id)).scalar_one(),
        "pairs": s.execute(select(func.count(PairwiseAnswer.id)).where(
            PairwiseAnswer.process_id == process_id)).scalar_one(),
        "budgets": s.execute(select(func.count(DotBudget.id)).where(
            DotBudget.process_id == process_id)).scalar_one(),
        "nickname": participant.nickname,
        "token_hash": participant.token_hash,
        "event_author": (event.data["card"]["author"], event.private_data["card"]["author"]),
        "receipts": s.execute(select(func.count(CommandReceipt.id)).where(
            CommandReceipt.workshop_id == workshop_id)).scalar_one(),
        "organiser": s.get(Workshop, workshop_id).created_by_id,
        "paper_staff": list(s.execute(select(PaperVoteEntry.entered_by_id).where(
            PaperVoteEntry.process_id == process_id)).scalars()),
        # what must stay
        "vote_count": proposal.vote_count, "voter_count": proposal.voter_count,
        "pair_wins": proposal.pair_wins, "title": proposal.title,
        "paper_votes": proposal.paper_votes,
        "comments": proposal.comment_count,
        "cards": s.execute(select(func.count(Card.id)).where(
            Card.workshop_id == workshop_id)).scalar_one(),
        "dots": s.execute(select(func.sum(DotVote.dots)).where(
            DotVote.workshop_id == workshop_id)).scalar_one(),
    }


def test_purge_pseudonymises_the_expired_process_only(app, client, two_processes):
    old_before = _snapshot(*two_processes["old"])
    running_before = _snapshot(*two_processes["running"])
    assert old_before["supports"] == 2 and old_before["nickname"] == "Kim"

    report = purge_personal_data(RETENTION)
    _db.session.commit()

    assert [p.slug for p in report.processes] == ["altstadt-2020"]
    counts = report.processes[0].counts
    assert counts["idea authors"] == 2 and counts["comment authors"] == 1
    assert counts["supports"] == 2 and counts["workshop nicknames"] == 1
    assert report.feedback == 1

    old = _snapshot(*two_processes["old"])
    participant_id = _db.session.execute(select(Participant.id).where(
        Participant.workshop_id == two_processes["old"][2])).scalar_one()
    assert old["authors"] == ["None", "None"]
    assert old["comment_authors"] == [None]
    assert old["reporters"] == [(None, None)]
    assert (old["supports"], old["pairs"], old["budgets"]) == (0, 0, 0)
    assert old["nickname"] == f"#{participant_id}"
    assert old["token_hash"] == f"purged-{participant_id}"
    assert old["event_author"] == (f"#{participant_id}", f"#{participant_id}")
    assert old["receipts"] == 0 and old["organiser"] is None
    assert old_before["paper_staff"] != [None] and old["paper_staff"] == [None]
    for kept in ("vote_count", "voter_count", "pair_wins", "title", "comments", "cards", "dots",
                 "paper_votes"):
        assert old[kept] == old_before[kept], kept

    assert _snapshot(*two_processes["running"]) == running_before
    messages = [f.message for f in _db.session.execute(select(AccessibilityFeedback)).scalars()]
    assert messages == ["neu"]

    # the contributions stay public, shown without a name
    html = client.get(f"/proposals/{two_processes['old'][1]}",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Mehr Bäume am Markt" in html
    assert "anonymised participant" in html

    # the accounts themselves belong to no process and stay
    for person in two_processes["people"]:
        _db.session.refresh(person)
        assert person.email is not None


def test_purge_is_idempotent(app, two_processes):
    purge_personal_data(RETENTION)
    _db.session.commit()
    after_first = _snapshot(*two_processes["old"])
    report = purge_personal_data(RETENTION)
    _db.session.commit()
    assert report.total == 0 and report.processes == []
    assert _snapshot(*two_processes["old"]) == after_first


def test_a_longer_retention_keeps_everything(app, two_processes):
    before = _snapshot(*two_processes["old"])
    report = purge_personal_data(RETENTION + 60)
    _db.session.commit()
    assert report.processes == [] and report.feedback == 0
    assert _snapshot(*two_processes["old"]) == before


def test_dry_run_lists_and_changes_nothing(app, two_processes):
    before = {key: _snapshot(*two_processes[key]) for key in ("old", "running")}
    result = invoke(app, "privacy", "purge", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "altstadt-2020" in result.output and "zukunft-2035" not in result.output
    assert "2 supports" in result.output and "1 workshop nicknames" in result.output
    assert "accessibility feedback: 1" in result.output
    assert "Nothing was changed (dry run)." in result.output
    assert {key: _snapshot(*two_processes[key]) for key in ("old", "running")} == before
    assert _db.session.execute(select(func.count(AccessibilityFeedback.id))).scalar_one() == 2


def test_the_command_purges_and_prints_a_summary(app, two_processes):
    result = invoke(app, "privacy", "purge")
    assert result.exit_code == 0, result.output
    assert "Removed or pseudonymised" in result.output
    assert _snapshot(*two_processes["old"])["supports"] == 0
    again = invoke(app, "privacy", "purge")
    assert "Removed or pseudonymised 0 items in 0 processes." in again.output


def test_a_process_not_in_its_results_phase_is_not_closed(app, two_processes):
    process_id = two_processes["old"][0]
    from participation.processes.models import Process

    _db.session.get(Process, process_id).current_phase = PhaseKind.SHORTLIST.value
    _db.session.commit()
    report = purge_personal_data(RETENTION)
    assert report.processes == []


def test_logrotate_example_gets_the_configured_retention(make_app):
    app = make_app(LOG_RETENTION_DAYS=3)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["privacy", "logrotate"])
    assert result.exit_code == 0, result.output
    assert "    maxage 3" in result.output and "    rotate 3" in result.output
    assert "maxage 7" not in result.output
