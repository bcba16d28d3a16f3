"""The combined ranking of a process (the method: votes/ranking.py), and its stored copy
that lets idea lists sort by rank in SQL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Column, Float, Integer, MetaData, Table, insert, select, update
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models_base import utcnow
from ...processes.models import PhaseKind, Process, VoteMethod
from ...proposals.models import Proposal, ProposalStatus
from .. import ranking, rules

_RANK_TMP = Table("rank_refresh", MetaData(), Column("id", Integer, primary_key=True),
                  Column("pos", Integer), Column("score", Float), prefixes=["TEMPORARY"])
# Ideas in the ranking: those open for votes, and those already decided against.
RANKED_STATUSES = (*rules.VOTABLE_STATUSES, ProposalStatus.NOT_SELECTED.value)


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

