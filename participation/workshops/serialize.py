"""The board as plain data: cards, clusters, tallies, snapshots and events per viewer.

The wire protocol that carries this data is fixed in PROTOCOL.md in this folder.

A viewer is a participant (sees every visible note, its own pending notes, and tallies once
revealed) or a facilitator (sees everything, tallies always).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import BoardEvent, Card, CardStatus, Cluster, DotVote, Participant, Workshop

# A client further behind than this gets a snapshot instead of the events it missed.
MAX_REPLAY = 500


@dataclass(frozen=True)
class Viewer:
    participant_id: int | None = None
    facilitator: bool = False


def card_data(card: Card, public: bool = False) -> dict:
    """A note as the board shows it; `public` hides the text of a note awaiting approval."""
    data = {"id": card.id, "status": card.status, "cluster_id": card.cluster_id,
            "position": card.position, "participant_id": card.participant_id,
            "proposal_id": card.proposal_id,
            "point": {"lat": card.lat, "lon": card.lon} if card.lat is not None else None}
    if not public or card.status != CardStatus.PENDING.value:
        data["text"] = card.text
        data["author"] = card.participant.nickname if card.participant else None
    return data


def cluster_data(cluster: Cluster) -> dict:
    return {"id": cluster.id, "title": cluster.title, "position": cluster.position}


def tallies(workshop: Workshop) -> dict[str, int]:
    """Dots per visible note (keys are card ids as text, for JSON)."""
    rows = db.session.execute(select(Card.id, Card.dot_count).where(
        Card.workshop_id == workshop.id, Card.status == CardStatus.VISIBLE.value)).all()
    return {str(card_id): count for card_id, count in rows}


def tallies_visible(workshop: Workshop, viewer: Viewer) -> bool:
    return viewer.facilitator or workshop.results_revealed


def workshop_data(workshop: Workshop) -> dict:
    return {
        "id": workshop.id, "title": workshop.title, "status": workshop.status,
        "phase": workshop.board_phase, "locked": workshop.locked,
        "results_revealed": workshop.results_revealed,
        "timer_ends_at": workshop.timer_ends_at.isoformat() if workshop.timer_ends_at else None,
        "dots_per_participant": workshop.dots_per_participant,
        "approval_required": workshop.approval_required,
    }


def _card_for(card: Card, viewer: Viewer) -> dict | None:
    if card.status == CardStatus.HIDDEN.value and not viewer.facilitator:
        return None
    if card.status == CardStatus.PENDING.value and not (
            viewer.facilitator or card.participant_id == viewer.participant_id):
        return None
    return card_data(card)


def snapshot(workshop: Workshop, viewer: Viewer) -> dict:
    """The whole board at its current version, as this viewer may see it."""
    # the authors in one query, not one per note (a board of 1,000 phones)
    cards = db.session.execute(select(Card).where(Card.workshop_id == workshop.id)
                               .options(selectinload(Card.participant))
                               .order_by(Card.position, Card.id)).scalars()
    clusters = db.session.execute(select(Cluster).where(Cluster.workshop_id == workshop.id)
                                  .order_by(Cluster.position, Cluster.id)).scalars()
    data = {
        "version": workshop.version,
        "workshop": workshop_data(workshop),
        "cards": [c for c in (_card_for(card, viewer) for card in cards) if c is not None],
        "clusters": [cluster_data(c) for c in clusters],
        "tallies": tallies(workshop) if tallies_visible(workshop, viewer) else None,
        "me": None,
    }
    if viewer.participant_id is not None:
        participant = db.session.get(Participant, viewer.participant_id)
        mine = db.session.execute(select(DotVote.card_id, DotVote.dots).where(
            DotVote.participant_id == viewer.participant_id)).all()
        data["me"] = {
            "participant_id": participant.id, "nickname": participant.nickname,
            "dots_left": workshop.dots_per_participant - participant.dots_used,
            "my_dots": {str(card_id): dots for card_id, dots in mine},
        }
    return data


def event_for(event: BoardEvent, viewer: Viewer) -> dict:
    """The event as this viewer receives it."""
    data = event.data
    if event.private_data is not None and (
            viewer.facilitator or event.private_to == viewer.participant_id):
        data = event.private_data
    return {"version": event.version, "type": event.type, "data": data}


def events_since(workshop: Workshop, since: int, viewer: Viewer) -> list[dict] | None:
    """The events after version `since`, or None when a snapshot is the better answer."""
    if since < 0 or since > workshop.version or workshop.version - since > MAX_REPLAY:
        return None
    events = db.session.execute(select(BoardEvent).where(
        BoardEvent.workshop_id == workshop.id, BoardEvent.version > since)
        .order_by(BoardEvent.version)).scalars()
    out = [event_for(event, viewer) for event in events]
    if not viewer.facilitator:
        # The log keeps what was said when; a note hidden since then is replayed without text.
        hidden = set(db.session.execute(select(Card.id).where(
            Card.workshop_id == workshop.id,
            Card.status == CardStatus.HIDDEN.value)).scalars())
        for item in out:
            data = item["data"]
            if item["type"].startswith("card:") and data.get("id") in hidden:
                item["data"] = {k: v for k, v in data.items() if k not in ("text", "author")}
    return out
