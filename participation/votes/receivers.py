"""The votes domain's answers to the signals of the domains below it (connected once by
create_app through `connect`)."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts import signals as account_signals
from ..extensions import db
from ..models_base import iso
from ..processes import signals as process_signals
from ..proposals import signals as proposal_signals
from . import services
from .models import DotAllocation, PairwiseAnswer, Support
from .serialize import my_vote


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


def vote_box(process, proposals, viewer, **_kwargs) -> dict:
    """The vote box of the ideas on an idea page (list or detail)."""
    return {"vote": services.vote_box(viewer, process, proposals)}


def fresh_ranking(process, max_age_seconds: float, **_kwargs) -> bool:
    """Bring the stored ranking up to date before ideas are listed by rank; True when it
    was rewritten."""
    return services.refresh_stored_ranking(process, max_age_seconds)


def my_vote_part(proposal, viewer, **_kwargs) -> dict:
    """What the caller gave the idea, in its JSON (None for anonymous callers)."""
    return {"my_vote": my_vote(viewer, proposal.process, proposal)}


def voters(process_ids, **_kwargs) -> list:
    """Everyone who supported, gave points or compared ideas, as (process_id, user_id)."""
    return [select(model.process_id.label("process_id"), model.user_id.label("user_id"))
            .where(model.process_id.in_(process_ids))
            for model in (Support, DotAllocation, PairwiseAnswer)]


def connect() -> None:
    process_signals.participation.connect(voters)
    account_signals.personal_data.connect(personal_data)
    process_signals.votes_cast.connect(votes_cast)
    proposal_signals.page_parts.connect(vote_box)
    proposal_signals.ranking_needed.connect(fresh_ranking)
    proposal_signals.json_parts.connect(my_vote_part)
