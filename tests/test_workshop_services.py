"""The board's commands and rules at the service level: phases, lock, budget, approval,
permissions, idempotency, gap-free versions, per-viewer snapshots, results and exports."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from participation.errors import (
    BoardLocked,
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    PhaseClosed,
    RateLimited,
    VoteBudgetExceeded,
    WorkshopClosed,
)
from participation.proposals.models import Proposal
from participation.workshops import results, services
from participation.workshops.models import BoardEvent, Card, DotVote
from participation.workshops.serialize import Viewer, events_since, snapshot
from participation.workshops.services import Actor
from tests.conftest import run_in_threads


@pytest.fixture
def board(db, make_user, make_process, make_proposal):
    """An open workshop with a facilitator and two participants."""

    def build(**options):
        facilitator = make_user(role="facilitator")
        process = make_process()
        imported = make_proposal(process, title="Trinkbrunnen am Markt")
        workshop = services.create_workshop(facilitator, process, "Zukunftswerkstatt",
                                            proposal_ids=[imported.id], **options)
        services.open_workshop(facilitator, workshop)
        anna, _token = services.join_workshop(workshop.join_code, "Anna")
        ben, _token = services.join_workshop(workshop.join_code, "Ben")
        db.session.commit()
        return (workshop, Actor(user=facilitator), Actor(participant_id=anna.id),
                Actor(participant_id=ben.id), imported)

    return build


def run(db, workshop, actor, name, payload=None, key=None):
    outcome = services.run_command(workshop.id, actor, name, payload or {}, key)
    db.session.commit()
    return outcome


def test_preparing_imports_ideas_as_cards_and_opening_gives_a_code(app, db, board):
    workshop, _fac, _anna, _ben, imported = board()
    card = db.session.execute(select(Card).where(Card.workshop_id == workshop.id)).scalar_one()
    assert card.proposal_id == imported.id and card.text == "Trinkbrunnen am Markt"
    assert len(workshop.join_code) == 6
    assert services.workshop_by_code(workshop.join_code.lower()).id == workshop.id


def test_only_facilitators_prepare_and_open(app, make_user, make_process):
    with pytest.raises(NotAllowed):
        services.create_workshop(make_user(role="planner"), make_process(), "W")


@pytest.mark.parametrize("dots", [0, 51, "5"])
def test_dot_number_is_checked(app, make_user, make_process, dots):
    with pytest.raises(InvalidInput):
        services.create_workshop(make_user(role="facilitator"), make_process(), "W",
                                 dots_per_participant=dots)


def test_every_change_takes_the_next_version(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    start = workshop.version
    run(db, workshop, anna, "card:add", {"text": "Mehr Bänke"})
    run(db, workshop, fac, "cluster:add", {"title": "Aufenthalt"})
    run(db, workshop, fac, "phase:set", {"phase": "cluster"})
    versions = db.session.execute(select(BoardEvent.version).where(
        BoardEvent.workshop_id == workshop.id).order_by(BoardEvent.version)).scalars().all()
    assert versions == list(range(1, start + 4))
    db.session.refresh(workshop)
    assert workshop.version == start + 3


def test_a_failed_command_changes_nothing(app, db, board):
    workshop, _fac, anna, _ben, _imported = board()
    before = workshop.version
    with pytest.raises(InvalidInput):
        services.run_command(workshop.id, anna, "card:add", {"text": "x" * 281})
    db.session.rollback()
    db.session.refresh(workshop)
    assert workshop.version == before
    assert db.session.execute(select(func.count(Card.id))).scalar_one() == 1


@pytest.mark.parametrize("payload", [{}, {"text": 5}, {"text": "   "}, {"text": None}])
def test_note_text_is_checked(app, db, board, payload):
    workshop, _fac, anna, _ben, _imported = board()
    with pytest.raises(InvalidInput):
        services.run_command(workshop.id, anna, "card:add", payload)


def test_unknown_commands_and_non_object_payloads(app, db, board):
    workshop, _fac, anna, _ben, _imported = board()
    with pytest.raises(InvalidInput):
        services.run_command(workshop.id, anna, "card:explode", {})
    with pytest.raises(InvalidInput):
        services.run_command(workshop.id, anna, "card:add", ["text"])


@pytest.mark.parametrize("command", ["phase:set", "timer:start", "timer:stop", "board:lock",
                                     "card:hide", "card:approve", "cluster:add",
                                     "cluster:rename", "card:cluster", "results:reveal",
                                     "session:end"])
def test_participants_cannot_run_facilitator_commands(app, db, board, command):
    workshop, _fac, anna, _ben, _imported = board()
    with pytest.raises(NotAllowed):
        services.run_command(workshop.id, anna, command, {"phase": "vote", "seconds": 60})


def test_notes_only_while_collecting_and_unlocked(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    run(db, workshop, fac, "board:lock", {"locked": True})
    with pytest.raises(BoardLocked):
        services.run_command(workshop.id, anna, "card:add", {"text": "Gesperrt"})
    db.session.rollback()
    run(db, workshop, fac, "board:lock", {"locked": False})
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    with pytest.raises(PhaseClosed):
        services.run_command(workshop.id, anna, "card:add", {"text": "Zu spät"})


def test_participants_edit_and_move_only_their_own_notes(app, db, board):
    workshop, fac, anna, ben, _imported = board()
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    run(db, workshop, anna, "card:edit", {"card_id": card_id, "text": "Mehr Bänke"})
    with pytest.raises(NotAllowed):
        services.run_command(workshop.id, ben, "card:edit", {"card_id": card_id, "text": "Nö"})
    db.session.rollback()
    cluster_id = run(db, workshop, fac, "cluster:add", {"title": "Platz"}).ack["cluster_id"]
    run(db, workshop, anna, "card:move", {"card_id": card_id, "cluster_id": cluster_id})
    assert db.session.get(Card, card_id).cluster_id == cluster_id
    assert db.session.get(Card, card_id).text == "Mehr Bänke"


def test_a_participant_cannot_act_in_another_workshop(app, db, board):
    first = board()
    second = board()
    with pytest.raises(NotAllowed):
        services.run_command(second[0].id, first[2], "card:add", {"text": "Fremd"})


def test_note_rate_limit(make_app, db, board):
    app = make_app(WORKSHOP_NOTES_PER_MINUTE=3)
    with app.app_context():
        workshop, _fac, anna, _ben, _imported = board()
        for i in range(3):
            run(db, workshop, anna, "card:add", {"text": f"Notiz {i}"})
        with pytest.raises(RateLimited):
            services.run_command(workshop.id, anna, "card:add", {"text": "Eine zu viel"})


def test_a_new_note_is_stored_logged_and_broadcast_alike(app, db, board):
    """card:add runs on a short path (notes.py): the note, the next version and the event in
    the log must be what the broadcast said, for everyone and for the author."""
    workshop, fac, anna, ben, _imported = board(approval_required=True)
    before = workshop.version
    mine = run(db, workshop, anna, "card:add", {"text": "  Schatten am Spielplatz "})
    theirs = run(db, workshop, fac, "card:add", {"text": "Von vorn"})
    assert (mine.version, theirs.version) == (before + 1, before + 2)
    db.session.refresh(workshop)
    assert workshop.version == before + 2
    card = db.session.get(Card, mine.ack["card_id"])
    assert (card.text, card.status, card.participant_id, card.dot_count) == (
        "Schatten am Spielplatz", "pending", anna.participant_id, 0)
    assert db.session.get(Card, theirs.ack["card_id"]).position == card.position + 1
    logged = events_since(workshop, before, Viewer(facilitator=True))
    broadcast = [{"version": e.version, "type": e.type, "data": e.private_data or e.data}
                 for e in mine.events + theirs.events]
    assert logged == broadcast
    assert logged[0]["data"]["author"] == "Anna" and logged[1]["data"]["author"] is None
    assert events_since(workshop, before, Viewer(participant_id=anna.participant_id)) == logged
    public = events_since(workshop, before, Viewer(participant_id=ben.participant_id))
    assert "text" not in public[0]["data"] and "author" not in public[0]["data"]
    assert public[0]["data"]["id"] == card.id and public[1] == logged[1]


def test_a_refused_note_changes_nothing(make_app, db, board):
    app = make_app(WORKSHOP_NOTES_PER_MINUTE=1)
    with app.app_context():
        workshop, _fac, anna, _ben, _imported = board()
        run(db, workshop, anna, "card:add", {"text": "Eine"})
        version, cards = workshop.version, db.session.scalar(select(func.count(Card.id)))
        for payload, error in (({"text": "Zwei"}, RateLimited), ({"text": " "}, InvalidInput)):
            with pytest.raises(error):
                services.run_command(workshop.id, anna, "card:add", payload, "k-refused")
            db.session.rollback()
        db.session.refresh(workshop)
        assert workshop.version == version
        assert db.session.scalar(select(func.count(Card.id))) == cards
        assert db.session.scalar(select(func.count(BoardEvent.id)).where(
            BoardEvent.workshop_id == workshop.id, BoardEvent.version > version)) == 0


def test_idempotency_key_applies_a_command_once(app, db, board):
    workshop, _fac, anna, ben, _imported = board()
    first = run(db, workshop, anna, "card:add", {"text": "Einmal"}, key="k-1")
    again = run(db, workshop, anna, "card:add", {"text": "Einmal"}, key="k-1")
    assert again.ack == {**first.ack, "replayed": True}
    assert again.events == []
    # keys are per participant: Ben may use the same key
    run(db, workshop, ben, "card:add", {"text": "Auch einmal"}, key="k-1")
    texts = db.session.execute(select(Card.text).where(Card.participant_id.is_not(None))
                               ).scalars().all()
    assert sorted(texts) == ["Auch einmal", "Einmal"]


def test_dot_budget_and_vote_phase(app, db, board):
    workshop, fac, anna, _ben, _imported = board(dots_per_participant=2)
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    with pytest.raises(PhaseClosed):
        services.run_command(workshop.id, anna, "vote:add", {"card_id": card_id})
    db.session.rollback()
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    assert run(db, workshop, anna, "vote:add", {"card_id": card_id}).ack["dots_left"] == 1
    ack = run(db, workshop, anna, "vote:add", {"card_id": card_id}).ack
    assert ack == {"card_id": card_id, "my_dots": 2, "dots_left": 0}
    with pytest.raises(VoteBudgetExceeded):
        services.run_command(workshop.id, anna, "vote:add", {"card_id": card_id})
    db.session.rollback()
    assert db.session.get(Card, card_id).dot_count == 2
    assert run(db, workshop, anna, "vote:remove", {"card_id": card_id}).ack["dots_left"] == 1
    with pytest.raises(NotAllowed):
        services.run_command(workshop.id, fac, "vote:add", {"card_id": card_id})


def test_votes_do_not_move_the_version(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    db.session.refresh(workshop)
    before = workshop.version
    outcome = run(db, workshop, anna, "vote:add", {"card_id": card_id})
    assert outcome.tally_changed and outcome.events == []
    db.session.refresh(workshop)
    assert workshop.version == before


def _dot_state(db, participant_id, card_ids):
    from participation.workshops.models import Participant
    used = db.session.get(Participant, participant_id).dots_used
    counts = [db.session.get(Card, card_id).dot_count for card_id in card_ids]
    mine = dict(db.session.execute(select(DotVote.card_id, DotVote.dots).where(
        DotVote.participant_id == participant_id)).all())
    db.session.commit()
    return used, counts, mine


def test_taking_back_a_dot_from_a_note_without_one_changes_nothing(app, db, board):
    workshop, fac, anna, _ben, _imported = board(dots_per_participant=3)
    first = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    second = run(db, workshop, anna, "card:add", {"text": "Bäume"}).ack["card_id"]
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    run(db, workshop, anna, "vote:add", {"card_id": first})
    run(db, workshop, anna, "vote:add", {"card_id": first})
    with pytest.raises(NotFound):
        services.run_command(workshop.id, anna, "vote:remove", {"card_id": second})
    db.session.rollback()
    assert _dot_state(db, anna.participant_id, [first, second]) == (2, [2, 0], {first: 2})
    ack = run(db, workshop, anna, "vote:remove", {"card_id": first}).ack
    assert ack == {"card_id": first, "my_dots": 1, "dots_left": 2}
    ack = run(db, workshop, anna, "vote:remove", {"card_id": first}).ack
    assert ack == {"card_id": first, "my_dots": 0, "dots_left": 3}
    assert _dot_state(db, anna.participant_id, [first, second]) == (0, [0, 0], {})
    with pytest.raises(NotFound):
        services.run_command(workshop.id, anna, "vote:remove", {"card_id": first})


def test_dots_only_on_this_boards_notes_and_by_its_participants(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    other, other_fac, stranger, _x, _y = board()
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    run(db, other, other_fac, "phase:set", {"phase": "vote"})
    with pytest.raises(NotAllowed):  # a participant of the other board, on this board
        services.run_command(workshop.id, stranger, "vote:add", {"card_id": card_id})
    db.session.rollback()
    with pytest.raises(NotFound):  # this board's note, asked for on the other board
        services.run_command(other.id, stranger, "vote:add", {"card_id": card_id})
    db.session.rollback()
    for payload in ({}, {"card_id": "1"}, {"card_id": True}, {"card_id": 10**12}):
        with pytest.raises((InvalidInput, NotFound)):
            services.run_command(workshop.id, anna, "vote:add", payload)
        db.session.rollback()
    assert _dot_state(db, stranger.participant_id, [card_id]) == (0, [0], {})


def test_a_resent_dot_counts_once(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    first = run(db, workshop, anna, "vote:add", {"card_id": card_id}, key="dot-1")
    again = run(db, workshop, anna, "vote:add", {"card_id": card_id}, key="dot-1")
    assert again.ack == {**first.ack, "replayed": True} and again.version == first.version
    assert _dot_state(db, anna.participant_id, [card_id]) == (1, [1], {card_id: 1})


def test_parallel_dots_never_exceed_the_budget(app, db, board):
    """Eight taps at once from one participant with three dots: exactly three land."""
    workshop, fac, anna, _ben, _imported = board(dots_per_participant=3)
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    workshop_id = workshop.id
    db.session.commit()  # the test's own session holds no lock while the taps run
    outcomes = run_in_threads(app, 8, lambda _index: services.run_command(
        workshop_id, anna, "vote:add", {"card_id": card_id}))
    assert sorted(outcomes) == ["VoteBudgetExceeded"] * 5 + ["ok"] * 3
    assert _dot_state(db, anna.participant_id, [card_id]) == (3, [3], {card_id: 3})


def test_hidden_notes_take_no_dots_and_vanish_for_participants(app, db, board):
    workshop, fac, anna, ben, _imported = board()
    card_id = run(db, workshop, anna, "card:add", {"text": "Werbung"}).ack["card_id"]
    run(db, workshop, fac, "card:hide", {"card_id": card_id, "hidden": True})
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    with pytest.raises(NotAllowed):
        services.run_command(workshop.id, ben, "vote:add", {"card_id": card_id})
    db.session.rollback()
    ids = [c["id"] for c in snapshot(workshop, Viewer(participant_id=ben.participant_id))["cards"]]
    assert card_id not in ids
    assert card_id in [c["id"] for c in snapshot(workshop, Viewer(facilitator=True))["cards"]]


def test_approval_keeps_a_note_private_until_approved(app, db, board):
    workshop, fac, anna, ben, _imported = board(approval_required=True)
    outcome = run(db, workshop, anna, "card:add", {"text": "Geheim bis geprüft"})
    assert outcome.ack["pending"] is True
    event = outcome.events[0]
    assert "text" not in event.data and event.private_data["text"] == "Geheim bis geprüft"
    ben_view = snapshot(workshop, Viewer(participant_id=ben.participant_id))
    anna_view = snapshot(workshop, Viewer(participant_id=anna.participant_id))
    assert "Geheim bis geprüft" not in str(ben_view)
    assert "Geheim bis geprüft" in str(anna_view)
    run(db, workshop, fac, "card:approve", {"card_id": outcome.ack["card_id"]})
    assert "Geheim bis geprüft" in str(snapshot(workshop, Viewer(
        participant_id=ben.participant_id)))
    with pytest.raises(Conflict):
        services.run_command(workshop.id, fac, "card:approve",
                             {"card_id": outcome.ack["card_id"]})


def test_tallies_are_hidden_until_revealed(app, db, board):
    workshop, fac, anna, ben, _imported = board()
    card_id = run(db, workshop, anna, "card:add", {"text": "Bänke"}).ack["card_id"]
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    run(db, workshop, ben, "vote:add", {"card_id": card_id})
    assert snapshot(workshop, Viewer(participant_id=anna.participant_id))["tallies"] is None
    assert snapshot(workshop, Viewer(facilitator=True))["tallies"][str(card_id)] == 1
    event = run(db, workshop, fac, "results:reveal", {"revealed": True}).events[0]
    assert event.data["tallies"][str(card_id)] == 1
    assert snapshot(workshop, Viewer(participant_id=anna.participant_id))["tallies"] == {
        str(card_id): 1, **{k: v for k, v in event.data["tallies"].items()
                            if k != str(card_id)}}


def test_timer_is_an_end_time(app, db, board):
    workshop, fac, _anna, _ben, _imported = board()
    ack = run(db, workshop, fac, "timer:start", {"seconds": 120}).ack
    db.session.refresh(workshop)
    assert ack["ends_at"] == workshop.timer_ends_at.isoformat()
    with pytest.raises(InvalidInput):
        services.run_command(workshop.id, fac, "timer:start", {"seconds": 2})
    db.session.rollback()
    run(db, workshop, fac, "timer:stop")
    db.session.refresh(workshop)
    assert workshop.timer_ends_at is None


def test_sync_returns_exactly_what_was_missed(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    db.session.refresh(workshop)
    seen = workshop.version
    run(db, workshop, anna, "card:add", {"text": "Eins"})
    run(db, workshop, fac, "phase:set", {"phase": "cluster"})
    missed = events_since(workshop, seen, Viewer(participant_id=anna.participant_id))
    assert [e["version"] for e in missed] == [seen + 1, seen + 2]
    assert [e["type"] for e in missed] == ["card:added", "phase:changed"]
    assert events_since(workshop, workshop.version + 5, Viewer()) is None
    assert events_since(workshop, -1, Viewer()) is None


def test_ending_closes_the_code_and_the_board(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    code = workshop.join_code
    run(db, workshop, fac, "session:end")
    with pytest.raises(NotFound):
        services.workshop_by_code(code)
    with pytest.raises(WorkshopClosed):
        services.run_command(workshop.id, anna, "card:add", {"text": "Nach Schluss"})
    db.session.rollback()
    with pytest.raises(Conflict):
        services.open_workshop(fac.user, workshop)


def test_facilitators_write_notes_while_preparing_and_not_after_the_end(app, db, make_user,
                                                                        make_process):
    facilitator = make_user(role="facilitator")
    workshop = services.create_workshop(facilitator, make_process(), "Vorbereitung")
    db.session.commit()
    fac = Actor(user=facilitator)
    prepared = run(db, workshop, fac, "card:add", {"text": "Leitfrage: Wo fehlt Schatten?"})
    assert prepared.version == 1 and prepared.ack["pending"] is False
    services.open_workshop(facilitator, workshop)
    run(db, workshop, fac, "session:end")
    with pytest.raises(WorkshopClosed):
        services.run_command(workshop.id, fac, "card:add", {"text": "Zu spät"})
    db.session.rollback()
    texts = db.session.execute(select(Card.text).where(Card.workshop_id == workshop.id)
                               ).scalars().all()
    assert texts == ["Leitfrage: Wo fehlt Schatten?"]


def test_results_become_proposals_and_ranking_input(app, db, board):
    workshop, fac, anna, ben, imported = board()
    note = run(db, workshop, anna, "card:add", {"text": "Schattenplätze am Markt"}).ack
    grouped = run(db, workshop, ben, "card:add", {"text": "Sonnensegel"}).ack
    cluster = run(db, workshop, fac, "cluster:add", {"title": "Hitze im Sommer"}).ack
    run(db, workshop, fac, "card:cluster", {"card_id": grouped["card_id"],
                                            "cluster_id": cluster["cluster_id"]})
    run(db, workshop, fac, "phase:set", {"phase": "vote"})
    imported_card = db.session.execute(select(Card.id).where(
        Card.proposal_id == imported.id)).scalar_one()
    for actor, card_id in ((anna, imported_card), (ben, imported_card),
                           (anna, grouped["card_id"]), (ben, note["card_id"])):
        run(db, workshop, actor, "vote:add", {"card_id": card_id})
    with pytest.raises(Conflict):
        results.publish_results(fac.user, workshop, "clusters")  # still open
    db.session.rollback()
    run(db, workshop, fac, "session:end")
    created = results.publish_results(fac.user, workshop, "clusters")
    db.session.commit()
    titles = {p.title: p for p in created}
    assert set(titles) == {"Hitze im Sommer", "Schattenplätze am Markt"}
    assert titles["Hitze im Sommer"].workshop_dots == 1
    assert "Sonnensegel" in titles["Hitze im Sommer"].body
    assert all(p.origin == "workshop" and p.workshop_id == workshop.id for p in created)
    db.session.refresh(imported)
    assert imported.workshop_dots == 2
    with pytest.raises(Conflict):
        results.publish_results(fac.user, workshop, "cards")
    from participation.votes.services import ranking_for

    ranked = ranking_for(imported.process)
    assert ranked[0][1].id == imported.id  # most workshop dots, the only active channel


def test_board_csv_opens_in_a_german_excel_and_is_inert(app, db, board):
    workshop, _fac, anna, _ben, _imported = board()
    run(db, workshop, anna, "card:add", {"text": "=HYPERLINK(\"http://x\")"})
    text = results.board_csv(results.board_rows(workshop))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:3] == ["id", "text", "group"]
    assert rows[2][1] == "'=HYPERLINK(\"http://x\")"
    assert db.session.execute(select(func.count(DotVote.id))).scalar_one() == 0


def test_proposals_from_the_board_keep_their_origin(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    run(db, workshop, anna, "card:add", {"text": "Eine Idee aus dem Saal"})
    run(db, workshop, fac, "session:end")
    created = results.publish_results(fac.user, workshop, "cards")
    db.session.commit()
    proposal = db.session.get(Proposal, created[0].id)
    assert proposal.author_id is None and proposal.origin == "workshop"


def test_a_hidden_note_does_not_come_back_through_sync(app, db, board):
    workshop, fac, anna, ben, _imported = board()
    db.session.refresh(workshop)
    seen = workshop.version
    card_id = run(db, workshop, anna, "card:add", {"text": "Beleidigung"}).ack["card_id"]
    hidden = run(db, workshop, fac, "card:hide", {"card_id": card_id, "hidden": True})
    assert "text" not in hidden.events[0].data
    replay = events_since(workshop, seen, Viewer(participant_id=ben.participant_id))
    assert "Beleidigung" not in str(replay)
    assert [e["type"] for e in replay] == ["card:added", "card:hidden"]
    assert "Beleidigung" in str(events_since(workshop, seen, Viewer(facilitator=True)))
