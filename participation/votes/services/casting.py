"""Supports and dot points: casting them, taking them back, within the person's budget.

Each function runs inside the caller's transaction and leaves it to the caller to commit;
on a domain error the caller rolls back (every transport does), which also undoes a budget
step taken before a later check failed.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ...errors import (
    AlreadyVoted,
    InvalidInput,
    NotVoted,
    TooManyPoints,
    VoteBudgetExceeded,
    WrongVoteMethod,
    require,
)
from ...extensions import db
from ...models_base import utcnow
from ...processes.models import Process, VoteMethod
from ...proposals.models import Proposal
from .. import rules
from ..models import DotAllocation, DotBudget, Support
from .counts import bump


def cast_support(user, proposal: Proposal) -> Support:
    """Support an idea once. Raises AlreadyVoted on a second support (also under a race),
    PhaseClosed outside the voting phase, WrongVoteMethod where the process votes with dots,
    NotAllowed/EmailNotConfirmed/Locked."""
    require(rules.check_vote(user, proposal))
    if proposal.process.method != VoteMethod.SUPPORTS:
        raise WrongVoteMethod(_("This process votes with points; say how many."))
    support = Support(process_id=proposal.process_id, proposal_id=proposal.id, user_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(support)
            db.session.flush()
    except IntegrityError as exc:
        raise AlreadyVoted() from exc
    bump(proposal.id, vote_count=1, voter_count=1)
    return support


def withdraw_support(user, proposal: Proposal) -> None:
    """Take a support back. Raises NotVoted when there is none, PhaseClosed after voting."""
    require(rules.check_take_back(user, proposal))
    result = db.session.execute(delete(Support).where(
        Support.user_id == user.id, Support.proposal_id == proposal.id))
    if result.rowcount != 1:
        raise NotVoted()
    bump(proposal.id, vote_count=-1, voter_count=-1)


def cast_vote(user, proposal: Proposal, points: int | None = None) -> None:
    """Vote in the way the process chose: a support, or `points` dots (default 1).

    Raises WrongVoteMethod when points are given where the process votes with supports, and
    the errors of cast_support / add_points.
    """
    if proposal.process.method == VoteMethod.DOTS:
        add_points(user, proposal, 1 if points is None else points)
    elif points is not None:
        raise WrongVoteMethod(_("Points can only be given where the process votes with "
                                "dots."))
    else:
        cast_support(user, proposal)


def take_back_vote(user, proposal: Proposal, points: int | None = None) -> None:
    """Take back a support, or `points` dots (default all).

    Raises WrongVoteMethod for points where the process votes with supports, and the errors
    of withdraw_support / remove_points.
    """
    if proposal.process.method == VoteMethod.DOTS:
        remove_points(user, proposal, points)
    elif points is not None:
        raise WrongVoteMethod(_("Points can only be given where the process votes with "
                                "dots."))
    else:
        withdraw_support(user, proposal)


def _budget_row(user, process: Process) -> int:
    existing = db.session.execute(select(DotBudget.id).where(
        DotBudget.user_id == user.id, DotBudget.process_id == process.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            row = DotBudget(user_id=user.id, process_id=process.id, points_used=0)
            db.session.add(row)
            db.session.flush()
            return row.id
    except IntegrityError:  # created by a concurrent request of the same person
        return db.session.execute(select(DotBudget.id).where(
            DotBudget.user_id == user.id, DotBudget.process_id == process.id)).scalar_one()


def add_points(user, proposal: Proposal, points: int = 1) -> DotAllocation:
    """Give an idea `points` more dots from the person's budget.

    The budget row is updated first with a condition that keeps it within the budget; that
    UPDATE also locks the row (PostgreSQL) or the database (SQLite), so the per-idea limit
    checked after it cannot be raced. Raises VoteBudgetExceeded, TooManyPoints,
    WrongVoteMethod where the process votes with supports, InvalidInput for a points value
    below 1, and the errors of check_vote.
    """
    require(rules.check_vote(user, proposal))
    process = proposal.process
    if process.method != VoteMethod.DOTS:
        raise WrongVoteMethod(_("This process votes with supports, not points."))
    if not isinstance(points, int) or isinstance(points, bool) or points < 1:
        raise InvalidInput(_("Give at least one point."))
    if points > process.dot_max_per_proposal:
        raise TooManyPoints(_("At most %(max)d points per idea.",
                              max=process.dot_max_per_proposal))
    budget_id = _budget_row(user, process)
    spent = db.session.execute(
        update(DotBudget)
        .where(DotBudget.id == budget_id,
               DotBudget.points_used + points <= process.dot_budget)
        .values(points_used=DotBudget.points_used + points)
        .execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        raise VoteBudgetExceeded()
    allocation = db.session.execute(select(DotAllocation).where(
        DotAllocation.user_id == user.id, DotAllocation.proposal_id == proposal.id)
    ).scalar_one_or_none()
    if allocation is None:
        allocation = DotAllocation(process_id=process.id, proposal_id=proposal.id,
                                   user_id=user.id, points=points)
        db.session.add(allocation)
        db.session.flush()
        bump(proposal.id, vote_count=points, voter_count=1)
    else:
        if allocation.points + points > process.dot_max_per_proposal:
            raise TooManyPoints(_("At most %(max)d points per idea.",
                                  max=process.dot_max_per_proposal))
        allocation.points += points
        allocation.updated_at = utcnow()
        bump(proposal.id, vote_count=points)
    return allocation


def remove_points(user, proposal: Proposal, points: int | None = None) -> int:
    """Take back `points` (default: all) of the person's points on an idea; returns how many
    remain. Raises NotVoted when the person gave none, InvalidInput for a bad number."""
    require(rules.check_take_back(user, proposal))
    if points is not None and (not isinstance(points, int) or isinstance(points, bool)
                               or points < 1):
        raise InvalidInput(_("Give at least one point."))
    budget_id = _budget_row(user, proposal.process)
    # lock order as in add_points: the budget row first
    db.session.execute(update(DotBudget).where(DotBudget.id == budget_id)
                       .values(points_used=DotBudget.points_used)
                       .execution_options(synchronize_session=False))
    allocation = db.session.execute(select(DotAllocation).where(
        DotAllocation.user_id == user.id, DotAllocation.proposal_id == proposal.id)
    ).scalar_one_or_none()
    if allocation is None:
        raise NotVoted()
    taken = allocation.points if points is None else min(points, allocation.points)
    remaining = allocation.points - taken
    if remaining == 0:
        db.session.delete(allocation)
        bump(proposal.id, vote_count=-taken, voter_count=-1)
    else:
        allocation.points = remaining
        allocation.updated_at = utcnow()
        bump(proposal.id, vote_count=-taken)
    db.session.execute(update(DotBudget).where(DotBudget.id == budget_id)
                       .values(points_used=DotBudget.points_used - taken)
                       .execution_options(synchronize_session=False))
    db.session.flush()
    return remaining
