"""The vote figures kept on each idea, moved in the transaction of the vote that moves them."""

from __future__ import annotations

from sqlalchemy import update

from ...extensions import db
from ...proposals.models import Proposal


def bump(proposal_id: int, **deltas: int) -> None:
    """Add each delta to the idea's column of that name (vote_count=1, paper_votes=-3 …),
    in SQL, so concurrent votes add up instead of overwriting each other."""
    values = {name: getattr(Proposal, name) + delta for name, delta in deltas.items()}
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id).values(**values)
                       .execution_options(synchronize_session=False))
