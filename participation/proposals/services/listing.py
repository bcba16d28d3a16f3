"""Listing and searching the ideas of a process, paginated in SQL."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from ...extensions import db
from ...processes.models import District, Process, Topic
from .. import rules
from ..models import PUBLIC_STATUSES, Proposal, ProposalImage

SORTS = ("new", "comments", "rank")
MAX_SEARCH_TERMS = 8


def fold_for_search(text: str) -> str:
    """Lower case without accents and with ß as ss, so "Bäume" finds "baume" and "Bäume"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())



@dataclass
class ProposalQuery:
    topic_id: int | None = None
    district_id: int | None = None
    status: str | None = None
    q: str | None = None
    sort: str = "new"
    page: int = 1


def list_conditions(process: Process, query: ProposalQuery, viewer=None) -> list:
    """The WHERE conditions of a list of the process's ideas: the viewer's visible statuses,
    the filters and the search words (the list, its map and its GeoJSON share them)."""
    conditions = [Proposal.process_id == process.id]
    statuses = rules.filterable_statuses(viewer)
    if query.status and query.status in statuses:
        conditions.append(Proposal.status == query.status)
    else:
        conditions.append(Proposal.status.in_(statuses))
    if query.topic_id:
        conditions.append(Proposal.topic_id == query.topic_id)
    if query.district_id:
        conditions.append(Proposal.district_id == query.district_id)
    for term in fold_for_search(query.q or "").split()[:MAX_SEARCH_TERMS]:
        conditions.append(Proposal.search_text.contains(term[:60], autoescape=True))
    return conditions


def list_proposals(process: Process, query: ProposalQuery, viewer=None, per_page: int = 20):
    """One page of ideas of the process, filtered, searched and sorted in SQL."""
    conditions = list_conditions(process, query, viewer)
    stmt = select(Proposal).where(*conditions)
    if query.sort == "rank":  # the stored ranking (votes.services.refresh_stored_ranking)
        stmt = stmt.order_by(Proposal.rank_position.asc().nulls_last(),
                             Proposal.created_at.desc(), Proposal.id.desc())
    elif query.sort == "comments":
        stmt = stmt.order_by(Proposal.comment_count.desc(), Proposal.created_at.desc(),
                             Proposal.id.desc())
    else:
        stmt = stmt.order_by(Proposal.created_at.desc(), Proposal.id.desc())
    # The pictures in one more query for the whole page (the cards show the first one).
    stmt = stmt.options(joinedload(Proposal.author), joinedload(Proposal.topic),
                        joinedload(Proposal.district), selectinload(Proposal.pictures))
    count = select(func.count()).select_from(Proposal).where(*conditions)
    return _paginate(stmt, count, max(query.page, 1), per_page)


def map_rows(process: Process, query: ProposalQuery, viewer=None) -> list:
    """The ideas of the list (same filters and visibility) that have a point, as plain rows
    (id, title, status, lat, lon, place, vote_count, district id, topic id) from one query
    over the needed columns of one table: a map of 10,000 ideas builds no ORM objects, and
    the few names of districts and topics come from `map_names`."""
    conditions = list_conditions(process, query, viewer)
    p = Proposal.__table__.c
    stmt = (
        select(p.id, p.title, p.status, p.lat, p.lon, p.place, p.vote_count, p.district_id,
               p.topic_id)
        .where(*conditions, p.lat.is_not(None), p.lon.is_not(None))
        .order_by(p.id)
    )
    # On the connection (Core): plain tuples, without the ORM's per-row loading.
    return db.session.connection().execute(stmt).all()


def map_names(process: Process) -> tuple[dict[int, str], dict[int, str]]:
    """The names of the process's districts and topics by id (one small query)."""
    d, t = District.__table__.c, Topic.__table__.c
    rows = db.session.connection().execute(union_all(
        select(literal(0), d.id, d.name).where(d.process_id == process.id),
        select(literal(1), t.id, t.name).where(t.process_id == process.id)))
    names: tuple[dict[int, str], dict[int, str]] = ({}, {})
    for kind, key, name in rows:
        names[kind][key] = name
    return names


def map_pictures(process: Process) -> dict[int, tuple[str, str]]:
    """idea id -> (thumbnail file, alt text) of the first shown picture of each idea of the
    process that has one: one query over the pictures only (most ideas have none)."""
    i, p = ProposalImage.__table__.c, Proposal.__table__.c
    rows = db.session.connection().execute(
        select(i.proposal_id, i.thumb_name, i.alt)
        .select_from(ProposalImage.__table__.join(Proposal.__table__, p.id == i.proposal_id))
        .where(p.process_id == process.id, i.position.is_not(None))
        .order_by(i.proposal_id, i.position.desc()))
    return {pid: (thumb, alt) for pid, thumb, alt in rows}  # the lowest position wins


def idea_points(process: Process) -> list[tuple[float, float]]:
    """(lat, lon) of every idea of the process that has a point and everyone sees."""
    return [(lat, lon) for lat, lon in db.session.execute(
        select(Proposal.lat, Proposal.lon).where(
            Proposal.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES),
            Proposal.lat.is_not(None), Proposal.lon.is_not(None)))]


def district_idea_counts(process: Process, viewer=None) -> dict[int, int]:
    """How many ideas the viewer sees in each district of the process (one grouped query)."""
    conditions = list_conditions(process, ProposalQuery(), viewer)
    rows = db.session.execute(
        select(Proposal.district_id, func.count())
        .where(*conditions, Proposal.district_id.is_not(None))
        .group_by(Proposal.district_id))
    return {district_id: count for district_id, count in rows}


def _paginate(stmt, count, page: int, per_page: int):
    """db.paginate, counting with `count` (the filters alone) instead of db.paginate's count
    over the whole statement, its eager-load joins and every column."""
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=False)
    shown = len(pagination.items)
    if shown < per_page and (shown or page == 1):  # the last page: the total is known
        pagination.total = (page - 1) * per_page + shown
    else:
        pagination.total = db.session.execute(count).scalar_one()
    return pagination


def latest_proposals(process: Process, limit: int = 5) -> list[Proposal]:
    return list(db.session.execute(
        select(Proposal)
        .where(Proposal.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES))
        .options(joinedload(Proposal.author), joinedload(Proposal.topic),
                 selectinload(Proposal.pictures))  # the cards' thumbnails, one query
        .order_by(Proposal.created_at.desc(), Proposal.id.desc()).limit(limit)
    ).scalars())



def latest_of_each(process_ids: list[int], per_process: int = 3) -> dict[int, list[Proposal]]:
    """The newest ideas everyone sees, `per_process` of each process, in one query."""
    if not process_ids:
        return {}
    newest = func.row_number().over(
        partition_by=Proposal.process_id,
        order_by=(Proposal.created_at.desc(), Proposal.id.desc())).label("n")
    ranked = (select(Proposal.id, newest)
              .where(Proposal.process_id.in_(process_ids), Proposal.status.in_(PUBLIC_STATUSES))
              .subquery())
    rows = db.session.execute(
        select(Proposal).join(ranked, ranked.c.id == Proposal.id)
        .where(ranked.c.n <= per_process)
        .options(joinedload(Proposal.topic), joinedload(Proposal.district),
                 selectinload(Proposal.pictures))  # the strip's thumbnails, one query
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())).scalars()
    out: dict[int, list[Proposal]] = {pid: [] for pid in process_ids}
    for proposal in rows:
        out[proposal.process_id].append(proposal)
    return out
