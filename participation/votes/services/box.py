"""What one person has given in a process, and what the vote box of each idea shows them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...processes.models import PhaseKind, Process, VoteMethod
from ...processes.rules import votes_visible
from .. import rules
from ..models import DotAllocation, DotBudget, Support


@dataclass
class MyVotes:
    """What one person has given in a process, for pages and the API."""

    supports: set[int]
    points: dict[int, int]
    points_used: int
    budget: int

    @property
    def points_left(self) -> int:
        return max(self.budget - self.points_used, 0)


def my_votes(user, process: Process, proposal_ids: list[int] | None = None) -> MyVotes:
    """The person's supports and points in the process (limited to some ideas if given)."""
    if not getattr(user, "is_authenticated", False):
        return MyVotes(set(), {}, 0, process.dot_budget)
    supports = select(Support.proposal_id).where(Support.user_id == user.id,
                                                 Support.process_id == process.id)
    points = select(DotAllocation.proposal_id, DotAllocation.points).where(
        DotAllocation.user_id == user.id, DotAllocation.process_id == process.id)
    if proposal_ids is not None:
        supports = supports.where(Support.proposal_id.in_(proposal_ids))
        points = points.where(DotAllocation.proposal_id.in_(proposal_ids))
    used = db.session.execute(select(DotBudget.points_used).where(
        DotBudget.user_id == user.id, DotBudget.process_id == process.id)).scalar_one_or_none()
    return MyVotes(
        supports=set(db.session.execute(supports).scalars()),
        points=dict(db.session.execute(points).all()),
        points_used=used or 0, budget=process.dot_budget,
    )



@dataclass
class VoteBox:
    """What the vote box of each idea on a page shows one person: plain data, no rules left
    for the template to apply."""

    my: MyVotes
    visible: bool  # the vote figures (hidden until the results where the process says so)
    open: bool  # supports or points can be given now
    compare_open: bool  # pairwise comparison is open
    votable: set[int] = field(default_factory=set)  # ideas the person may vote on now


def vote_box(user, process: Process, proposals) -> VoteBox:
    """The vote box data for these ideas of the process, as `user` sees them (anyone,
    logged in or not). Raises nothing."""
    return VoteBox(
        my=my_votes(user, process, [p.id for p in proposals]),
        visible=votes_visible(process),
        open=process.phase == PhaseKind.VOTING and process.method != VoteMethod.PAIRWISE,
        compare_open=rules.pairwise_open(process),
        votable={p.id for p in proposals if rules.can_vote(user, p)},
    )
