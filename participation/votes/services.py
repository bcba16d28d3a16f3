"""Every vote write: supports, dot points, pairwise answers; and the combined ranking.

Each function runs inside the caller's transaction and leaves it to the caller to commit;
on a domain error the caller rolls back (every transport does), which also undoes a budget
step taken before a later check failed.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Column, Float, Integer, MetaData, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..errors import (
    AlreadyVoted,
    Conflict,
    InvalidInput,
    NotFound,
    NotVoted,
    TooManyPoints,
    VoteBudgetExceeded,
    require,
)
from ..extensions import db
from ..models_base import MAX_INT, utcnow
from ..processes.models import PhaseKind, Process, VoteMethod
from ..proposals.models import Proposal, ProposalStatus
from . import ranking, rules
from .models import DotAllocation, DotBudget, PairwiseAnswer, PaperVoteEntry, Support

log = logging.getLogger(__name__)
PAIR_TOKEN_MAX_AGE = 6 * 3600
_RANK_TMP = Table("rank_refresh", MetaData(), Column("id", Integer, primary_key=True),
                  Column("pos", Integer), Column("score", Float), prefixes=["TEMPORARY"])
# Ideas in the ranking: those open for votes, and those already decided against.
RANKED_STATUSES = (*rules.VOTABLE_STATUSES, ProposalStatus.NOT_SELECTED.value)



def _bump(proposal_id: int, **deltas: int) -> None:
    values = {name: getattr(Proposal, name) + delta for name, delta in deltas.items()}
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id).values(**values)
                       .execution_options(synchronize_session=False))


def cast_support(user, proposal: Proposal) -> Support:
    """Support an idea once. Raises AlreadyVoted on a second support (also under a race),
    PhaseClosed outside the voting phase, NotAllowed/EmailNotConfirmed/Locked."""
    require(rules.check_vote(user, proposal))
    if proposal.process.method != VoteMethod.SUPPORTS:
        raise InvalidInput(_("This process votes with points; say how many."))
    support = Support(process_id=proposal.process_id, proposal_id=proposal.id, user_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(support)
            db.session.flush()
    except IntegrityError as exc:
        raise AlreadyVoted() from exc
    _bump(proposal.id, vote_count=1, voter_count=1)
    return support


def withdraw_support(user, proposal: Proposal) -> None:
    """Take a support back. Raises NotVoted when there is none, PhaseClosed after voting."""
    require(rules.check_take_back(user, proposal))
    result = db.session.execute(delete(Support).where(
        Support.user_id == user.id, Support.proposal_id == proposal.id))
    if result.rowcount != 1:
        raise NotVoted()
    _bump(proposal.id, vote_count=-1, voter_count=-1)


def cast_vote(user, proposal: Proposal, points: int | None = None) -> None:
    """Vote in the way the process chose: a support, or `points` dots (default 1).

    Raises InvalidInput when points are given where the process votes with supports, and the
    errors of cast_support / add_points.
    """
    if proposal.process.method == VoteMethod.DOTS:
        add_points(user, proposal, 1 if points is None else points)
    elif points is not None:
        raise InvalidInput(_("Points can only be given where the process votes with dots."))
    else:
        cast_support(user, proposal)


def take_back_vote(user, proposal: Proposal, points: int | None = None) -> None:
    """Take back a support, or `points` dots (default all).

    Raises InvalidInput for points where the process votes with supports, and the errors of
    withdraw_support / remove_points.
    """
    if proposal.process.method == VoteMethod.DOTS:
        remove_points(user, proposal, points)
    elif points is not None:
        raise InvalidInput(_("Points can only be given where the process votes with dots."))
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
    InvalidInput for a points value below 1, and the errors of check_vote.
    """
    require(rules.check_vote(user, proposal))
    process = proposal.process
    if process.method != VoteMethod.DOTS:
        raise InvalidInput(_("This process votes with supports, not points."))
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
        _bump(proposal.id, vote_count=points, voter_count=1)
    else:
        if allocation.points + points > process.dot_max_per_proposal:
            raise TooManyPoints(_("At most %(max)d points per idea.",
                                  max=process.dot_max_per_proposal))
        allocation.points += points
        allocation.updated_at = utcnow()
        _bump(proposal.id, vote_count=points)
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
        _bump(proposal.id, vote_count=-taken, voter_count=-1)
    else:
        allocation.points = remaining
        allocation.updated_at = utcnow()
        _bump(proposal.id, vote_count=-taken)
    db.session.execute(update(DotBudget).where(DotBudget.id == budget_id)
                       .values(points_used=DotBudget.points_used - taken)
                       .execution_options(synchronize_session=False))
    db.session.flush()
    return remaining


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


# --- pairwise comparison ---------------------------------------------------------------

def _pair_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="pairwise")


def _pair_candidates(process: Process) -> list[tuple[int, int]]:
    return list(db.session.execute(
        select(Proposal.id, Proposal.pair_wins + Proposal.pair_losses + Proposal.pair_ties)
        .where(Proposal.process_id == process.id, Proposal.status.in_(rules.VOTABLE_STATUSES))
    ).all())


def next_pair(user, process: Process, rng: random.Random | None = None):
    """Two ideas for the person to compare, and a signed token for the answer; None when the
    person has answered every pair. Ideas with few comparisons are chosen more often (the
    adaptive idea of All Our Ideas): the first idea is drawn with weight 1/(1+comparisons)."""
    require(rules.check_pairwise(user, process))
    rng = rng or random.SystemRandom()
    candidates = _pair_candidates(process)
    if len(candidates) < 2:
        return None
    answered = {tuple(row) for row in db.session.execute(
        select(PairwiseAnswer.low_id, PairwiseAnswer.high_id).where(
            PairwiseAnswer.user_id == user.id, PairwiseAnswer.process_id == process.id)
    ).all()}
    ids = [c[0] for c in candidates]
    weights = [1.0 / (1 + c[1]) for c in candidates]
    for _attempt in range(50):
        first = rng.choices(ids, weights=weights)[0]
        open_partners = [(i, w) for i, w in zip(ids, weights, strict=True)
                         if i != first and (min(i, first), max(i, first)) not in answered]
        if open_partners:
            second = rng.choices([p[0] for p in open_partners],
                                 weights=[p[1] for p in open_partners])[0]
            left, right = (first, second) if rng.random() < 0.5 else (second, first)
            token = _pair_serializer().dumps([user.id, process.id, left, right])
            proposals = {p.id: p for p in db.session.execute(
                select(Proposal).where(Proposal.id.in_([left, right]))).scalars()}
            return proposals[left], proposals[right], token
    return None


def answer_pair(user, process: Process, token: str, winner_id: int | None) -> PairwiseAnswer:
    """Record the person's answer to a pair the server offered.

    Raises InvalidInput for a foreign, forged or expired token or a winner outside the pair,
    AlreadyVoted when the person answered this pair before, and the errors of check_pairwise.
    """
    require(rules.check_pairwise(user, process))
    try:
        data = _pair_serializer().loads(token, max_age=PAIR_TOKEN_MAX_AGE)
        owner, process_id, left, right = data
    except SignatureExpired as exc:
        raise InvalidInput(_("This pair has expired; here is a new one.")) from exc
    except (BadSignature, TypeError, ValueError) as exc:
        raise InvalidInput(_("This pair is not valid.")) from exc
    if owner != user.id or process_id != process.id:
        raise InvalidInput(_("This pair is not valid."))
    if winner_id is not None and winner_id not in (left, right):
        raise InvalidInput(_("Choose one of the two ideas, or “can't decide”."))
    low, high = min(left, right), max(left, right)
    answer = PairwiseAnswer(process_id=process.id, user_id=user.id, low_id=low, high_id=high,
                            winner_id=winner_id)
    try:
        with db.session.begin_nested():
            db.session.add(answer)
            db.session.flush()
    except IntegrityError as exc:
        raise AlreadyVoted(_("You have already compared these two ideas.")) from exc
    if winner_id is None:
        _bump(low, pair_ties=1)
        _bump(high, pair_ties=1)
    else:
        _bump(winner_id, pair_wins=1)
        _bump(high if winner_id == low else low, pair_losses=1)
    return answer


def pairs_answered(user, process: Process) -> int:
    return db.session.execute(select(func.count(PairwiseAnswer.id)).where(
        PairwiseAnswer.user_id == user.id, PairwiseAnswer.process_id == process.id)
    ).scalar_one()


# --- ranking ------------------------------------------------------------------------------

def ranking_settings(process: Process) -> ranking.RankingSettings:
    dates = process.phase_dates()
    voting = dates.get(PhaseKind.VOTING)
    starts = ends = None
    if voting is not None:  # whole days in the city's time zone
        tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        starts = datetime.combine(voting.starts_on, datetime.min.time(), tzinfo=tz)
        ends = datetime.combine(voting.ends_on, datetime.max.time(), tzinfo=tz)
    return ranking.RankingSettings(
        online_weight=process.weight_online, workshop_weight=process.weight_workshop,
        paper_weight=process.weight_paper,
        pairwise_weight=process.weight_pairwise if process.has_pairwise else 0.0,
        voting_starts_at=starts, voting_ends_at=ends,
    )


def idea_input(process: Process, proposal: Proposal) -> ranking.IdeaInput:
    """The plain figures of one idea that the ranking works on."""
    return ranking.IdeaInput(
        proposal_id=proposal.id, posted_at=proposal.created_at,
        online_votes=proposal.vote_count if process.method != VoteMethod.PAIRWISE else 0,
        workshop_dots=proposal.workshop_dots, paper_votes=proposal.paper_votes,
        pairwise_wins=proposal.pair_wins,
        pairwise_losses=proposal.pair_losses, pairwise_ties=proposal.pair_ties,
    )


def ranking_for(process: Process, now: datetime | None = None,
                with_details: bool = True) -> list[tuple[ranking.RankedIdea, Proposal]]:
    """The combined ranking of the process's votable and decided ideas, best first.

    Workshop dots come from Proposal.workshop_dots, fed when a workshop publishes results.
    `with_details` also loads author, topic and district, for pages that show them.
    """
    stmt = select(Proposal).where(Proposal.process_id == process.id,
                                  Proposal.status.in_(RANKED_STATUSES))
    if with_details:
        stmt = stmt.options(joinedload(Proposal.author), joinedload(Proposal.topic),
                            joinedload(Proposal.district))
    proposals = list(db.session.execute(stmt).scalars())
    inputs = [idea_input(process, p) for p in proposals]
    by_id = {p.id: p for p in proposals}
    ranked = ranking.rank(inputs, ranking_settings(process), now or utcnow())
    return [(r, by_id[r.proposal_id]) for r in ranked]


def refresh_stored_ranking(process: Process, max_age_seconds: float = 60.0,
                           now: datetime | None = None) -> bool:
    """Store every idea's place in the combined ranking, so lists sort by rank in SQL.

    Recomputed only when older than `max_age_seconds`; returns True when it recomputed.
    """
    now = now or utcnow()
    computed = process.ranking_computed_at
    if computed is not None and (now - computed).total_seconds() < max_age_seconds:
        return False
    ranked = ranking_for(process, now=now, with_details=False)
    db.session.execute(
        update(Proposal).where(Proposal.process_id == process.id)
        .values(rank_position=None, rank_score=None)
        .execution_options(synchronize_session=False))
    if ranked:
        # A bulk INSERT into a temporary table and one UPDATE ... FROM it, instead of one
        # UPDATE per idea (10,000 round trips took seconds on PostgreSQL).
        connection = db.session.connection()
        _RANK_TMP.create(connection)
        try:
            connection.execute(insert(_RANK_TMP), [
                {"id": r.proposal_id, "pos": r.rank, "score": r.score} for r, _p in ranked])
            connection.execute(
                update(Proposal).where(Proposal.id == _RANK_TMP.c.id)
                .values(rank_position=_RANK_TMP.c.pos, rank_score=_RANK_TMP.c.score))
        finally:
            _RANK_TMP.drop(connection)
    process.ranking_computed_at = now
    return True


# --- paper and event votes ------------------------------------------------------------------

PAPER_CHANNELS = ("paper", "stand", "event")
PAPER_MAX = 1_000_000  # votes in one entry
PAPER_NOTE_MAX = 500


def _paper_count(count) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= PAPER_MAX:
        raise InvalidInput(_("The number of votes must be a whole number from 0 to "
                             "%(max)d.", max=PAPER_MAX))
    return count


def _paper_text(text: str, too_long: str) -> str:
    text = (text or "").strip()
    if len(text) > PAPER_NOTE_MAX:
        raise InvalidInput(too_long)
    return text


def _add_paper_votes(proposal_id: int, delta: int) -> None:
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id)
                       .values(paper_votes=Proposal.paper_votes + delta)
                       .execution_options(synchronize_session=False))


def paper_vote_target(process: Process, proposal_id: int | None) -> Proposal:
    """The idea of this process that paper votes are entered for, by its number.
    Raises NotFound for a number that is not an idea of this process."""
    in_range = proposal_id is not None and 0 < proposal_id <= MAX_INT
    proposal = db.session.get(Proposal, proposal_id) if in_range else None
    if proposal is None or proposal.process_id != process.id:
        raise NotFound(_("This process has no idea with this number."))
    return proposal


def enter_paper_votes(user, proposal: Proposal, count: int, channel: str,
                      note: str = "") -> PaperVoteEntry:
    """Record votes for an idea counted on paper, at a stand or at an event.

    Raises NotAllowed, PhaseClosed or Locked (rules), InvalidInput for a count outside
    0..PAPER_MAX, an unknown channel or a note that is too long.
    """
    problem = rules.check_enter_paper_votes(user, proposal)
    if problem is not None:
        raise problem
    if channel not in PAPER_CHANNELS:
        raise InvalidInput(_("Choose where the votes were collected."))
    count = _paper_count(count)
    note = _paper_text(note, _("The note may have at most %(max)d characters.",
                               max=PAPER_NOTE_MAX))
    entry = PaperVoteEntry(process_id=proposal.process_id, proposal_id=proposal.id,
                           count=count, channel=channel, note=note, entered_by_id=user.id)
    db.session.add(entry)
    db.session.flush()
    _add_paper_votes(proposal.id, count)
    log.info("paper votes: entry %s, %d for proposal %s by user %s", entry.id, count,
             proposal.id, user.id)
    return entry


def correct_paper_votes(user, entry: PaperVoteEntry, count: int, reason: str) -> PaperVoteEntry:
    """Replace an entry by a corrected one (the old one stays in the history).

    Raises what enter_paper_votes raises, InvalidInput without a reason, Conflict when the
    entry was already corrected (also by someone at the same moment).
    """
    proposal = entry.proposal
    problem = rules.check_enter_paper_votes(user, proposal)
    if problem is not None:
        raise problem
    count = _paper_count(count)
    reason = _paper_text(reason, _("The reason may have at most %(max)d characters.",
                                   max=PAPER_NOTE_MAX))
    if not reason:
        raise InvalidInput(_("Please say why the entry is corrected."))
    if replacement_of(entry) is not None:
        raise Conflict(_("This entry has already been corrected."))
    correction = PaperVoteEntry(process_id=entry.process_id, proposal_id=entry.proposal_id,
                                count=count, channel=entry.channel, note=entry.note,
                                entered_by_id=user.id, replaces_id=entry.id, reason=reason)
    try:
        with db.session.begin_nested():
            db.session.add(correction)
            db.session.flush()
    except IntegrityError as exc:  # corrected by someone else at the same moment
        raise Conflict(_("This entry has already been corrected.")) from exc
    _add_paper_votes(entry.proposal_id, count - entry.count)
    log.info("paper votes: entry %s corrected by entry %s (%d -> %d) by user %s", entry.id,
             correction.id, entry.count, count, user.id)
    return correction


def get_paper_entry(entry_id: int) -> PaperVoteEntry:
    entry = db.session.get(PaperVoteEntry, entry_id)
    if entry is None:
        raise NotFound(_("This entry does not exist."))
    return entry


def replacement_of(entry: PaperVoteEntry) -> PaperVoteEntry | None:
    return db.session.execute(select(PaperVoteEntry).where(
        PaperVoteEntry.replaces_id == entry.id)).scalar_one_or_none()


def paper_vote_entries(process: Process, page: int = 1, per_page: int = 50):
    """The history of paper and event votes of the process, newest first, every entry with
    its idea and who entered it; `replaced_ids` says which entries a correction replaced."""
    return db.paginate(
        select(PaperVoteEntry).where(PaperVoteEntry.process_id == process.id)
        .options(joinedload(PaperVoteEntry.proposal), joinedload(PaperVoteEntry.entered_by))
        .order_by(PaperVoteEntry.entered_at.desc(), PaperVoteEntry.id.desc()),
        page=max(page, 1), per_page=per_page, error_out=False)


def replaced_ids(entries) -> set[int]:
    ids = [entry.id for entry in entries]
    if not ids:
        return set()
    return set(db.session.execute(select(PaperVoteEntry.replaces_id).where(
        PaperVoteEntry.replaces_id.in_(ids))).scalars())
