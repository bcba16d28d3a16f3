"""The board's one write path (workshops/board_log.py): every versioned command claims the
next version with the lock, and logs exactly one event under it; a refused or replayed
command leaves version and log as they were; concurrent writers get gap-free versions and
see the board as the commands before them left it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.errors import BoardLocked, InvalidInput, NotAllowed, NotFound
from participation.workshops import board_log, services
from participation.workshops.models import BoardEvent, Workshop
from participation.workshops.services import Actor
from tests import test_workshop_services
from tests.conftest import run_in_threads
from tests.test_workshop_services import run

board = test_workshop_services.board  # the fixture: an open board, a facilitator, two people


def _facilitator(db, user_id: int) -> Actor:
    """The facilitator as this thread's session knows them (a user object is per session)."""
    return Actor(user=db.session.get(User, user_id))


def _log(db, workshop_id: int) -> tuple[int, list[tuple[int, str]]]:
    """(the workshop's version, its log as (version, type) in order), freshly read."""
    db.session.expire_all()
    version = db.session.get(Workshop, workshop_id).version
    log = [tuple(row) for row in db.session.execute(
        select(BoardEvent.version, BoardEvent.type).where(
            BoardEvent.workshop_id == workshop_id).order_by(BoardEvent.version))]
    db.session.commit()
    return version, log


def test_each_command_logs_one_event_under_the_version_its_ack_names(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    outcomes = [run(db, workshop, anna, "card:add", {"text": "Bänke"})]
    card_id = outcomes[0].ack["card_id"]
    for name, payload in (("card:edit", {"card_id": card_id, "text": "Mehr Bänke"}),
                          ("cluster:add", {"title": "Aufenthalt"}),
                          ("timer:start", {"seconds": 60}), ("board:lock", {"locked": True}),
                          ("card:hide", {"card_id": card_id}),
                          ("results:reveal", {"revealed": True}), ("session:end", {})):
        outcomes.append(run(db, workshop, fac if name != "card:edit" else anna, name, payload))
    version, log = _log(db, workshop.id)
    assert [o.version for o in outcomes] == [e.version for o in outcomes for e in o.events]
    assert log[-len(outcomes):] == [(e.version, e.type) for o in outcomes for e in o.events]
    assert [v for v, _type in log] == list(range(1, version + 1))


@pytest.mark.parametrize(("who", "name", "payload", "error"), [
    ("fac", "phase:set", {"phase": "dance"}, InvalidInput),
    ("fac", "card:hide", {"card_id": 10**6}, NotFound),
    ("anna", "phase:set", {"phase": "vote"}, NotAllowed),
    ("anna", "card:add", {"text": " "}, InvalidInput),
])
def test_a_refused_command_changes_neither_version_nor_log(app, db, board, who, name,
                                                            payload, error):
    workshop, fac, anna, _ben, _imported = board()
    before = _log(db, workshop.id)
    with pytest.raises(error):
        services.run_command(workshop.id, {"fac": fac, "anna": anna}[who], name, payload)
    db.session.rollback()
    assert _log(db, workshop.id) == before


def test_a_replayed_command_takes_no_version(app, db, board):
    workshop, fac, anna, _ben, _imported = board()
    first = run(db, workshop, anna, "card:add", {"text": "Einmal"}, key="k-note")
    lock = run(db, workshop, fac, "board:lock", {"locked": False}, key="k-lock")
    before = _log(db, workshop.id)
    again = [run(db, workshop, anna, "card:add", {"text": "Einmal"}, key="k-note"),
             run(db, workshop, fac, "board:lock", {"locked": False}, key="k-lock")]
    assert [o.version for o in again] == [first.version, lock.version]
    assert _log(db, workshop.id) == before
    assert run(db, workshop, fac, "timer:stop").version == before[0] + 1  # no gap after


def test_a_claim_locks_the_board_and_takes_the_next_version(app, db, board):
    workshop, _fac, _anna, _ben, _imported = board()
    version, _log_before = _log(db, workshop.id)
    claimed = board_log.claim(workshop.id)
    assert (claimed.id, claimed.version, claimed.status) == (workshop.id, version + 1, "open")
    board_log.give_back(claimed)
    db.session.commit()
    assert _log(db, workshop.id)[0] == version
    with pytest.raises(NotFound):
        board_log.claim(10**6)


def test_concurrent_writers_get_gap_free_versions(app, db, board):
    """Notes (the short path) and facilitators' commands (the ORM path) at once, from
    threads with their own transactions: every one gets its own next version, in order."""
    workshop, fac, anna, ben, _imported = board()
    workshop_id, user_id = workshop.id, fac.user.id
    start = _log(db, workshop_id)[0]  # and the test's transaction ends: no lock held

    def write(index: int) -> None:
        if index % 3 == 0:
            services.run_command(workshop_id, _facilitator(db, user_id), "cluster:add",
                                 {"title": f"Gruppe {index}"})
        else:
            services.run_command(workshop_id, (anna, ben)[index % 2], "card:add",
                                 {"text": f"Notiz {index}"})

    assert run_in_threads(app, 12, write) == ["ok"] * 12
    version, log = _log(db, workshop_id)
    assert version == start + 12
    assert [v for v, _type in log] == list(range(1, version + 1))


def test_concurrent_notes_see_the_board_lock_that_came_before_them(app, db, board):
    """The rules read the board under the claim: a note either comes before the lock's
    version or is refused, never after it."""
    workshop, fac, anna, ben, _imported = board()
    workshop_id, user_id = workshop.id, fac.user.id
    db.session.commit()  # the test holds no lock while the threads write

    def write(index: int) -> None:
        if index == 4:
            services.run_command(workshop_id, _facilitator(db, user_id), "board:lock",
                                 {"locked": True})
        else:
            services.run_command(workshop_id, (anna, ben)[index % 2], "card:add",
                                 {"text": f"Notiz {index}"})

    outcomes = run_in_threads(app, 10, write)
    assert set(outcomes) <= {"ok", BoardLocked.__name__}
    version, log = _log(db, workshop_id)
    locked_at = next(v for v, type_ in log if type_ == "board:locked")
    notes = [v for v, type_ in log if type_ == "card:added" and v > 1]  # 1: the imported idea
    assert all(v < locked_at for v in notes)
    assert len(notes) == outcomes.count("ok") - 1
    assert [v for v, _type in log] == list(range(1, version + 1))
    assert db.session.scalar(select(func.count(BoardEvent.id))) == version
