"""After the session: the board becomes proposals and ranking input, and can be exported."""

from __future__ import annotations

import csv
import io
import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..errors import Conflict, InvalidInput, require
from ..extensions import db
from ..models_base import utcnow
from ..proposals.models import Proposal
from ..proposals.services import create_from_workshop
from . import rules
from .models import Card, CardStatus, Cluster, Workshop, WorkshopStatus

log = logging.getLogger(__name__)
MODES = ("cards", "clusters")



def _origin_line(workshop: Workshop) -> str:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("From the workshop “%(title)s”.", title=workshop.title)


def publish_results(user, workshop: Workshop, mode: str = "cards") -> list[Proposal]:
    """Turn the closed board into proposals (one per note, or one per group) and add its dots
    to the ranking as workshop dots. Notes imported from an idea give their dots to that idea.

    Raises NotAllowed, InvalidInput for an unknown mode, Conflict when the board is still open
    or its results were already published.
    """
    require(rules.check_facilitate(user))
    if mode not in MODES:
        raise InvalidInput(_("Choose notes or groups."))
    if workshop.status != WorkshopStatus.CLOSED.value:
        raise Conflict(_("End the session before publishing its results."))
    if workshop.results_published_at is not None:
        raise Conflict(_("The results of this workshop are already published."))
    cards = list(db.session.execute(select(Card).where(
        Card.workshop_id == workshop.id, Card.status == CardStatus.VISIBLE.value)
        .order_by(Card.position, Card.id)).scalars())
    created: list[Proposal] = []
    for card in cards:
        if card.proposal_id is not None and card.dot_count:
            db.session.execute(update(Proposal).where(Proposal.id == card.proposal_id)
                               .values(workshop_dots=Proposal.workshop_dots + card.dot_count)
                               .execution_options(synchronize_session=False))
    origin = _origin_line(workshop)
    own = [c for c in cards if c.proposal_id is None]
    if mode == "clusters":
        clusters = list(db.session.execute(select(Cluster).where(
            Cluster.workshop_id == workshop.id).order_by(Cluster.position)).scalars())
        for cluster in clusters:
            members = [c for c in own if c.cluster_id == cluster.id]
            if not members:
                continue
            body = "\n".join(f"– {c.text}" for c in members) + "\n\n" + origin
            proposal = create_from_workshop(workshop, cluster.title, body,
                                            sum(c.dot_count for c in members))
            cluster.result_proposal_id = proposal.id
            for card in members:
                card.result_proposal_id = proposal.id
            created.append(proposal)
        own = [c for c in own if c.cluster_id is None]
    for card in own:
        title = card.text.split("\n", 1)[0][:current_app.config["TITLE_MAX"]]
        proposal = create_from_workshop(workshop, title, f"{card.text}\n\n{origin}",
                                        card.dot_count)
        card.result_proposal_id = proposal.id
        created.append(proposal)
    workshop.results_published_at = utcnow()
    log.info("workshop %s published %d proposals", workshop.id, len(created))
    return created


def published_proposals(workshop: Workshop) -> list[Proposal]:
    """The ideas this workshop's results became."""
    return list(db.session.execute(select(Proposal).where(
        Proposal.workshop_id == workshop.id).order_by(Proposal.id)).scalars())


def public_record(workshop: Workshop) -> dict:
    """What everyone may see of a workshop once its results are published: the visible notes
    by group with their dots, a few figures, and the ideas it became. No nicknames: the room
    saw them, the web does not need them."""
    from .models import Participant

    clusters = list(db.session.execute(select(Cluster).where(
        Cluster.workshop_id == workshop.id).order_by(Cluster.position, Cluster.id)).scalars())
    cards = list(db.session.execute(select(Card).where(
        Card.workshop_id == workshop.id, Card.status == CardStatus.VISIBLE.value)
        .order_by(Card.dot_count.desc(), Card.position, Card.id)).scalars())
    participants = db.session.execute(select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop.id)).scalar_one()

    def note(card: Card) -> dict:
        return {"text": card.text, "dots": card.dot_count,
                "proposal_id": card.proposal_id or card.result_proposal_id}

    groups = [{"title": cluster.title, "proposal_id": cluster.result_proposal_id,
               "notes": [note(c) for c in cards if c.cluster_id == cluster.id]}
              for cluster in clusters]
    return {"participants": participants, "notes": len(cards),
            "dots": sum(c.dot_count for c in cards),
            "groups": [g for g in groups if g["notes"]],
            "ungrouped": [note(c) for c in cards if c.cluster_id is None],
            "proposals": published_proposals(workshop)}


def board_rows(workshop: Workshop) -> list[dict]:
    """Every note of the board with its group and dots, as plain rows for exports."""
    clusters = {c.id: c.title for c in db.session.execute(
        select(Cluster).where(Cluster.workshop_id == workshop.id)).scalars()}
    cards = db.session.execute(select(Card).where(Card.workshop_id == workshop.id)
                               .order_by(Card.position, Card.id)).scalars()
    return [{"id": c.id, "text": c.text, "group": clusters.get(c.cluster_id, ""),
             "author": c.participant.nickname if c.participant else "",
             "status": c.status, "dots": c.dot_count,
             "created_at": c.created_at.isoformat(),
             "proposal_id": c.proposal_id or c.result_proposal_id} for c in cards]


def _neutralise(value) -> str:
    """Spreadsheets run text starting with = + - @ or a tab as a formula: prefix a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def board_csv(rows: list[dict]) -> str:
    """CSV that a German Excel opens as it is: semicolons, UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    columns = ["id", "text", "group", "author", "status", "dots", "created_at", "proposal_id"]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_neutralise(row[c]) for c in columns])
    return "\ufeff" + out.getvalue()
