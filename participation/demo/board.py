"""A workshop evening played through the board's real write path: the facilitator prepares
and opens the board, participants join by its code with a nickname, write notes and give
their dots, the facilitator groups and moderates, reveals the results, ends the session and
publishes the board as ideas; then everything is dated back to the evening it happened."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..accounts.models import User
from ..extensions import db
from ..processes.models import Process
from ..proposals.models import Proposal
from ..workshops import results
from ..workshops import services as workshop_services
from ..workshops.commands import Actor
from ..workshops.models import BoardEvent, Card, Participant, Workshop


def open_board(facilitator: User, process: Process, title: str, starts_at: datetime,
               dots: int, imported: list[Proposal]) -> tuple[Workshop, str]:
    """A workshop with these ideas on its board, opened: the workshop and its join code."""
    workshop = workshop_services.create_workshop(
        facilitator, process, title, starts_at=starts_at, dots_per_participant=dots,
        proposal_ids=[p.id for p in imported])
    return workshop, workshop_services.open_workshop(facilitator, workshop)


def write_notes(workshop: Workshop, code: str, nicknames: list[str],
                notes: list[dict]) -> tuple[list[Participant], list[int]]:
    """The participants join by the code and write their notes (`by`: a nickname's index);
    returns the participants and the new notes' ids."""
    people = [workshop_services.join_workshop(code, nickname)[0] for nickname in nicknames]
    card_ids = []
    for note in notes:
        outcome = workshop_services.run_command(
            workshop.id, Actor(participant_id=people[note["by"]].id), "card:add",
            {"text": note["text"]})
        card_ids.append(outcome.ack["card_id"])
    return people, card_ids


def play_evening(facilitator: User, process: Process, spec: dict, ideas: list[Proposal],
                 evening: datetime, rng: random.Random) -> list[tuple[Proposal, float]]:
    """The whole evening of `spec` (see klimaquartier-nord.json); returns the ideas the board
    became, each with how much people like it (for the online votes that follow)."""
    imported = [ideas[i] for i in spec["imported"]]
    workshop, code = open_board(facilitator, process, spec["title"], evening,
                                spec["dots_per_participant"], imported)
    host = Actor(user=facilitator)

    def run(actor: Actor, name: str, payload: dict):
        return workshop_services.run_command(workshop.id, actor, name, payload)

    people, card_ids = write_notes(workshop, code, spec["participants"], spec["notes"])
    clusters = [run(host, "cluster:add", {"title": title}).ack["cluster_id"]
                for title in spec["clusters"]]
    imported_cards = dict(db.session.execute(select(Card.proposal_id, Card.id).where(
        Card.workshop_id == workshop.id, Card.proposal_id.is_not(None))).all())
    targets = [(imported_cards[p.id], appeal)
               for p, appeal in zip(imported, spec["imported_appeal"], strict=True)]
    note_appeal = {}
    for card_id, note in zip(card_ids, spec["notes"], strict=True):
        if note.get("hidden"):
            run(host, "card:hide", {"card_id": card_id})
            continue
        if note["cluster"] is not None:
            run(host, "card:cluster", {"card_id": card_id, "cluster_id": clusters[note["cluster"]]})
        targets.append((card_id, note["appeal"]))
        note_appeal[card_id] = note["appeal"]
    run(host, "phase:set", {"phase": "vote"})
    for participant in people:
        for card_id in rng.choices([t[0] for t in targets], weights=[t[1] for t in targets],
                                   k=spec["dots_per_participant"]):
            run(Actor(participant_id=participant.id), "vote:add", {"card_id": card_id})
    run(host, "results:reveal", {})
    run(host, "session:end", {})
    born = results.publish_results(facilitator, workshop, "clusters")
    _date_back(workshop, evening, born)
    return [(proposal, _appeal_of(proposal, note_appeal)) for proposal in born]


def _appeal_of(proposal: Proposal, note_appeal: dict[int, float]) -> float:
    cards = db.session.execute(select(Card.id).where(
        Card.result_proposal_id == proposal.id)).scalars()
    return max((note_appeal.get(card_id, 1) for card_id in cards), default=1)


def _date_back(workshop: Workshop, evening: datetime, born: list[Proposal]) -> None:
    """Move the evening's rows to the evening: the board opened at 18:00, notes came in
    during the first hour, the results were published at 20:30."""
    published = evening + timedelta(hours=2, minutes=30)
    workshop.opened_at = evening
    workshop.closed_at = evening + timedelta(hours=2, minutes=15)
    workshop.results_published_at = published
    workshop.created_at = evening - timedelta(days=6)
    for table, column in ((Card, Card.created_at), (Participant, Participant.created_at),
                          (BoardEvent, BoardEvent.created_at)):
        db.session.execute(update(table).where(table.workshop_id == workshop.id)
                           .values({column: evening + timedelta(minutes=20)})
                           .execution_options(synchronize_session=False))
    for proposal in born:
        proposal.created_at = published
