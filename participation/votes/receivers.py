"""The votes domain's answers to the signals of the domains below it (connected once by
create_app through `connect`)."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts import signals as account_signals
from ..extensions import db
from ..models_base import iso
from ..processes import signals as process_signals
from .models import DotAllocation, PairwiseAnswer, Support


def personal_data(user, **_kwargs) -> dict:
    """The person's online votes (the privacy notice promises all stored data)."""
    def rows(model):
        return db.session.execute(
            select(model).where(model.user_id == user.id).order_by(model.id)).scalars()

    return {"votes": {
        "supports": [{"proposal_id": s.proposal_id, "created_at": iso(s.created_at)}
                     for s in rows(Support)],
        "dot_points": [{"proposal_id": d.proposal_id, "points": d.points,
                        "updated_at": iso(d.updated_at)} for d in rows(DotAllocation)],
        "pairwise_answers": [{"ideas": [a.low_id, a.high_id], "winner_id": a.winner_id,
                              "created_at": iso(a.created_at)} for a in rows(PairwiseAnswer)],
    }}


def votes_cast(process, **_kwargs) -> bool:
    """Whether anyone supported an idea or gave dots in the process."""
    return any(db.session.execute(select(model.id).where(model.process_id == process.id)
                                  .limit(1)).first() for model in (Support, DotAllocation))


def connect() -> None:
    account_signals.personal_data.connect(personal_data)
    process_signals.votes_cast.connect(votes_cast)
