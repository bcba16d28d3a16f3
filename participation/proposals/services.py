"""Every write and query on proposals, comments and reports; rules come from rules.py."""

from __future__ import annotations

import logging
import math
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Float, case, delete, func, insert, literal, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..errors import Conflict, InvalidInput, Locked, NotFound, require
from ..extensions import db
from ..models_base import utcnow
from ..notifications import services as notifications
from ..notifications.models import NotificationKind
from ..processes.models import District, Process, Topic
from . import rules, similarity
from .models import (
    PUBLIC_STATUSES,
    Comment,
    CommentStatus,
    Proposal,
    ProposalOrigin,
    ProposalSimilarity,
    ProposalStatus,
    ProposalTerm,
    Report,
)

log = logging.getLogger(__name__)

SORTS = ("new", "comments", "rank")
MAX_SEARCH_TERMS = 8



def fold_for_search(text: str) -> str:
    """Lower case without accents and with ß as ss, so "Bäume" finds "baume" and "Bäume"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


@dataclass
class ProposalInput:
    title: str
    body: str
    topic_id: int | None = None
    district_id: int | None = None
    lat: float | None = None
    lon: float | None = None


def _clean_input(process: Process, data: ProposalInput) -> ProposalInput:
    config = current_app.config
    title = " ".join((data.title or "").split())
    body = (data.body or "").strip().replace("\r\n", "\n")
    if not title:
        raise InvalidInput(_("Please give your idea a title."))
    if len(title) > config["TITLE_MAX"]:
        raise InvalidInput(_("The title may have at most %(max)d characters.",
                             max=config["TITLE_MAX"]))
    if not body:
        raise InvalidInput(_("Please describe your idea."))
    if len(body) > config["BODY_MAX"]:
        raise InvalidInput(_("The description may have at most %(max)d characters.",
                             max=config["BODY_MAX"]))
    if data.topic_id is not None:
        topic = db.session.get(Topic, data.topic_id)
        if topic is None or topic.process_id != process.id:
            raise InvalidInput(_("Please choose one of the topics of this process."))
    if data.district_id is not None:
        district = db.session.get(District, data.district_id)
        if district is None or district.process_id != process.id:
            raise InvalidInput(_("Please choose one of the districts of this process."))
    if (data.lat is None) != (data.lon is None):
        raise InvalidInput(_("Please give both latitude and longitude, or neither."))
    if data.lat is not None:
        if not (math.isfinite(data.lat) and math.isfinite(data.lon)):
            raise InvalidInput(_("Latitude and longitude must be numbers."))
        if not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180):
            raise InvalidInput(_("Latitude must be between -90 and 90, longitude between -180 "
                                 "and 180."))
    return ProposalInput(title, body, data.topic_id, data.district_id, data.lat, data.lon)


def submit_proposal(user, process: Process, data: ProposalInput,
                    origin: ProposalOrigin = ProposalOrigin.ONLINE) -> Proposal:
    """Post a new idea in the process.

    Raises PhaseClosed outside the ideas phase, NotAllowed/EmailNotConfirmed for the person,
    InvalidInput for empty, too long or inconsistent input.
    """
    require(rules.check_create_proposal(user, process))
    clean = _clean_input(process, data)
    proposal = Proposal(
        process=process, author_id=user.id, title=clean.title, body=clean.body,
        topic_id=clean.topic_id, district_id=clean.district_id, lat=clean.lat, lon=clean.lon,
        origin=origin.value, search_text=fold_for_search(f"{clean.title} {clean.body}"),
    )
    db.session.add(proposal)
    db.session.flush()
    index_terms(proposal)
    log.info("proposal %s submitted in %s by user %s", proposal.id, process.slug, user.id)
    return proposal


def edit_proposal(user, proposal: Proposal, data: ProposalInput) -> None:
    """Change an idea; only its author, in the ideas phase, while it has no comments.

    Raises NotAllowed, PhaseClosed, Locked or InvalidInput.
    """
    require(rules.check_edit_proposal(user, proposal))
    clean = _clean_input(proposal.process, data)
    # The comment count is checked again in the UPDATE itself: a comment arriving meanwhile wins.
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.comment_count == 0,
               Proposal.status == ProposalStatus.PUBLISHED.value)
        .values(title=clean.title, body=clean.body, topic_id=clean.topic_id,
                district_id=clean.district_id, lat=clean.lat, lon=clean.lon,
                search_text=fold_for_search(f"{clean.title} {clean.body}"), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Locked(_("This idea has comments, so it can no longer be changed or withdrawn."))
    db.session.refresh(proposal)
    index_terms(proposal)


def withdraw_proposal(user, proposal: Proposal) -> None:
    """The author takes an idea back. Raises NotAllowed, PhaseClosed or Locked."""
    require(rules.check_withdraw_proposal(user, proposal))
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.comment_count == 0,
               Proposal.status == ProposalStatus.PUBLISHED.value)
        .values(status=ProposalStatus.WITHDRAWN.value, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Locked(_("This idea has comments, so it can no longer be changed or withdrawn."))
    db.session.refresh(proposal)
    log.info("proposal %s withdrawn by its author", proposal.id)


def get_proposal(proposal_id: int) -> Proposal:
    """The proposal with this id. Raises NotFound."""
    proposal = db.session.get(
        Proposal, proposal_id,
        options=[joinedload(Proposal.author), joinedload(Proposal.topic),
                 joinedload(Proposal.district), joinedload(Proposal.process)],
    )
    if proposal is None:
        raise NotFound(_("This idea does not exist."))
    return proposal


def get_visible_proposal(viewer, proposal_id: int) -> Proposal:
    """The proposal with this id, if the viewer may see it (hidden and withdrawn ideas only
    to their author and moderators). Raises NotFound otherwise, as if it did not exist."""
    proposal = get_proposal(proposal_id)
    if not rules.can_see_proposal(viewer, proposal):
        raise NotFound(_("This idea does not exist."))
    return proposal


def _bump_comment_count(proposal_id: int, delta: int) -> None:
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal_id)
        .values(comment_count=Proposal.comment_count + delta)
        .execution_options(synchronize_session=False)
    )


def add_comment(user, proposal: Proposal, body: str, parent_id: int | None = None) -> Comment:
    """Comment on an idea, or reply to a top-level comment.

    Raises PhaseClosed, NotAllowed, EmailNotConfirmed, Locked or InvalidInput.
    """
    parent = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None:
            raise InvalidInput(_("The comment you reply to does not exist."))
    require(rules.check_comment(user, proposal, parent))
    body = (body or "").strip().replace("\r\n", "\n")
    if not body:
        raise InvalidInput(_("Please write a comment."))
    limit = current_app.config["COMMENT_MAX"]
    if len(body) > limit:
        raise InvalidInput(_("A comment may have at most %(max)d characters.", max=limit))
    comment = Comment(proposal_id=proposal.id, author_id=user.id, body=body,
                      parent_id=parent.id if parent else None)
    db.session.add(comment)
    db.session.flush()
    _bump_comment_count(proposal.id, 1)
    notifications.notify(proposal, NotificationKind.COMMENT, {"comment_id": comment.id},
                         actor=user)
    log.info("comment %s on proposal %s by user %s", comment.id, proposal.id, user.id)
    return comment


def _resolve_reports(moderator, target_key: str, resolution: str) -> None:
    db.session.execute(
        update(Report)
        .where(Report.target_key == target_key, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id, resolution=resolution)
        .execution_options(synchronize_session=False)
    )


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please give a reason; the author will see it."))
    if len(reason) > 1000:
        raise InvalidInput(_("The reason may have at most %(max)d characters.", max=1000))
    return reason


def hide_proposal(moderator, proposal: Proposal, reason: str) -> None:
    """Hide an idea with a reason the author sees. Raises NotAllowed, InvalidInput, Conflict."""
    require(rules.check_moderate(moderator))
    reason = _check_reason(reason)
    if proposal.status == ProposalStatus.HIDDEN.value:
        raise Conflict(_("This idea is already hidden."))
    if proposal.status == ProposalStatus.WITHDRAWN.value:
        raise Conflict(_("This idea was withdrawn by its author."))
    proposal.status = ProposalStatus.HIDDEN.value
    proposal.status_reason = reason
    _resolve_reports(moderator, f"proposal:{proposal.id}", "hidden")
    notifications.notify(proposal, NotificationKind.HIDDEN, {"reason": reason}, actor=moderator)
    log.info("proposal %s hidden by user %s", proposal.id, moderator.id)


def unhide_proposal(moderator, proposal: Proposal) -> None:
    """Show a hidden idea again. Raises NotAllowed or Conflict."""
    require(rules.check_moderate(moderator))
    if proposal.status != ProposalStatus.HIDDEN.value:
        raise Conflict(_("This idea is not hidden."))
    proposal.status = ProposalStatus.PUBLISHED.value
    proposal.status_reason = None
    log.info("proposal %s shown again by user %s", proposal.id, moderator.id)


def hide_comment(moderator, comment: Comment, reason: str) -> None:
    """Hide a comment with a reason its author sees. Raises NotAllowed, InvalidInput, Conflict."""
    require(rules.check_moderate(moderator))
    reason = _check_reason(reason)
    if comment.is_hidden:
        raise Conflict(_("This comment is already hidden."))
    comment.status = CommentStatus.HIDDEN.value
    comment.hidden_reason = reason
    _bump_comment_count(comment.proposal_id, -1)
    _resolve_reports(moderator, f"comment:{comment.id}", "hidden")
    log.info("comment %s hidden by user %s", comment.id, moderator.id)


def unhide_comment(moderator, comment: Comment) -> None:
    """Show a hidden comment again. Raises NotAllowed or Conflict."""
    require(rules.check_moderate(moderator))
    if not comment.is_hidden:
        raise Conflict(_("This comment is not hidden."))
    comment.status = CommentStatus.PUBLISHED.value
    comment.hidden_reason = None
    _bump_comment_count(comment.proposal_id, 1)


def report(user, reason: str, proposal: Proposal | None = None,
           comment: Comment | None = None) -> Report:
    """Report an idea or a comment as abusive; once per person and target.

    Raises NotAllowed, InvalidInput, or Conflict when the person reported it already.
    """
    require(rules.check_report(user))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please tell us what is wrong with it."))
    if len(reason) > 1000:
        raise InvalidInput(_("The reason may have at most %(max)d characters.", max=1000))
    key = f"proposal:{proposal.id}" if proposal is not None else f"comment:{comment.id}"
    entry = Report(reporter_id=user.id, proposal_id=proposal.id if proposal else None,
                   comment_id=comment.id if comment else None, target_key=key, reason=reason)
    try:
        with db.session.begin_nested():  # add inside: begin_nested() flushes pending rows
            db.session.add(entry)
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("You have already reported this. Thank you, the moderators will "
                         "look at it.")) from exc
    log.info("report %s on %s", entry.id, key)
    return entry


def dismiss_report(moderator, report_id: int) -> None:
    """Close a report without hiding anything. Raises NotAllowed or NotFound."""
    require(rules.check_moderate(moderator))
    entry = db.session.get(Report, report_id)
    if entry is None:
        raise NotFound()
    _resolve_reports(moderator, entry.target_key, "dismissed")


def open_reports(limit: int = 200) -> list[Report]:
    return list(db.session.execute(
        select(Report).where(Report.resolved_at.is_(None))
        .options(joinedload(Report.proposal), joinedload(Report.comment),
                 joinedload(Report.reporter))
        .order_by(Report.created_at).limit(limit)
    ).scalars())


@dataclass
class ProposalQuery:
    topic_id: int | None = None
    district_id: int | None = None
    status: str | None = None
    q: str | None = None
    sort: str = "new"
    page: int = 1


def list_proposals(process: Process, query: ProposalQuery, viewer=None, per_page: int = 20):
    """One page of ideas of the process, filtered, searched and sorted in SQL."""
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
    stmt = select(Proposal).where(*conditions)
    if query.sort == "rank":  # the stored ranking (votes.services.refresh_stored_ranking)
        stmt = stmt.order_by(Proposal.rank_position.asc().nulls_last(),
                             Proposal.created_at.desc(), Proposal.id.desc())
    elif query.sort == "comments":
        stmt = stmt.order_by(Proposal.comment_count.desc(), Proposal.created_at.desc(),
                             Proposal.id.desc())
    else:
        stmt = stmt.order_by(Proposal.created_at.desc(), Proposal.id.desc())
    stmt = stmt.options(joinedload(Proposal.author), joinedload(Proposal.topic),
                        joinedload(Proposal.district))
    count = select(func.count()).select_from(Proposal).where(*conditions)
    return _paginate(stmt, count, max(query.page, 1), per_page)


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
        .options(joinedload(Proposal.author), joinedload(Proposal.topic))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc()).limit(limit)
    ).scalars())


def comment_thread(proposal: Proposal) -> list[Comment]:
    """Top-level comments, oldest first, each with `replies` loaded (one query each level)."""
    comments = list(db.session.execute(
        select(Comment).where(Comment.proposal_id == proposal.id)
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    ).scalars())
    replies: dict[int, list[Comment]] = {}
    top: list[Comment] = []
    for comment in comments:
        if comment.parent_id is None:
            top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in top:
        comment.replies = replies.get(comment.id, [])
    return top


def create_from_workshop(workshop, title: str, body: str, workshop_dots: int = 0) -> Proposal:
    """A proposal born on a workshop board (origin "workshop", linked to the workshop).

    Raises InvalidInput for an empty title or body.
    """
    title = " ".join((title or "").split())[: current_app.config["TITLE_MAX"]]
    body = (body or "").strip()[: current_app.config["BODY_MAX"]]
    if not title or not body:
        raise InvalidInput(_("A note without text cannot become an idea."))
    proposal = Proposal(
        process_id=workshop.process_id, author_id=None, title=title, body=body,
        origin=ProposalOrigin.WORKSHOP.value, workshop_id=workshop.id,
        workshop_dots=workshop_dots, search_text=fold_for_search(f"{title} {body}"),
    )
    db.session.add(proposal)
    db.session.flush()
    index_terms(proposal)
    return proposal


# --- similar ideas (the method: similarity.py) ------------------------------------------------

def index_terms(proposal: Proposal) -> None:
    """Store the idea's terms for the similar-idea hints, and its look-alike pairs for the
    planners (after it was written or changed)."""
    _store_terms(proposal)
    _pair_with_look_alikes(proposal)


def _store_terms(proposal: Proposal) -> None:
    counts = similarity.terms(proposal.title, proposal.body)
    db.session.execute(delete(ProposalTerm).where(ProposalTerm.proposal_id == proposal.id))
    if counts:
        db.session.execute(insert(ProposalTerm), [
            {"proposal_id": proposal.id, "process_id": proposal.process_id, "term": term,
             "count": count} for term, count in counts.items()])
    proposal.term_count = sum(counts.values())
    db.session.flush()


def _pair_with_look_alikes(proposal: Proposal) -> None:
    """Store the idea's look-alikes as pairs for the planners' list of possible duplicates."""
    db.session.execute(delete(ProposalSimilarity).where(or_(
        ProposalSimilarity.proposal_id == proposal.id,
        ProposalSimilarity.similar_id == proposal.id)))
    found = similar_proposals(proposal.process, proposal.title, proposal.body,
                              exclude_id=proposal.id)
    if found:
        db.session.execute(insert(ProposalSimilarity), [
            {"proposal_id": min(proposal.id, other.id), "similar_id": max(proposal.id, other.id),
             "process_id": proposal.process_id, "share": round(share, 6)}
            for other, share in found])
    db.session.flush()


DUPLICATE_SHARE = 0.5  # pairs this alike are listed as possible duplicates


def possible_duplicates(process: Process, page: int = 1, per_page: int = 20):
    """A page of pairs of public ideas that look alike, most alike first:
    (share, idea, look-alike) rows, each idea loaded with its vote figures."""
    first, second = aliased(Proposal), aliased(Proposal)
    stmt = (select(ProposalSimilarity.share, first, second)
            .join(first, first.id == ProposalSimilarity.proposal_id)
            .join(second, second.id == ProposalSimilarity.similar_id)
            .where(ProposalSimilarity.process_id == process.id,
                   ProposalSimilarity.share >= DUPLICATE_SHARE,
                   first.status.in_(PUBLIC_STATUSES), second.status.in_(PUBLIC_STATUSES))
            .order_by(ProposalSimilarity.share.desc(), ProposalSimilarity.proposal_id,
                      ProposalSimilarity.similar_id))
    total = db.session.execute(select(func.count()).select_from(
        stmt.order_by(None).subquery())).scalar_one()
    rows = db.session.execute(stmt.limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return rows, total


def reindex_process(process: Process) -> int:
    """Index every idea of the process again (terms and look-alike pairs); returns how many.
    For ideas written before the index existed, or after the method changed."""
    proposals = list(db.session.execute(select(Proposal).where(
        Proposal.process_id == process.id).order_by(Proposal.id)).scalars())
    for proposal in proposals:
        _store_terms(proposal)
    for proposal in proposals:  # pairs only once every idea's terms are there
        _pair_with_look_alikes(proposal)
    return len(proposals)


def similar_proposals(process: Process, title: str, body: str = "", limit: int = 5,
                      exclude_id: int | None = None) -> list[tuple[Proposal, float]]:
    """Up to `limit` public ideas of the process that look like this text, best first, with
    the share of a perfect match (the method: similarity.py). Four queries, each reading a
    bounded part of the term index, whatever the size of the process. `exclude_id`: the idea
    this text belongs to, left out of the results and of the corpus figures."""
    query = similarity.terms((title or "")[:1000], (body or "")[:5000])
    if not query:
        return []
    others = Proposal.id != exclude_id if exclude_id is not None else true()
    public = (Proposal.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES))
    documents, average = db.session.execute(
        select(func.count(Proposal.id), func.avg(Proposal.term_count))
        .where(*public, others)).one()
    if not documents:
        return []
    frequency = dict(db.session.execute(
        select(ProposalTerm.term, func.count())
        .where(ProposalTerm.process_id == process.id, ProposalTerm.term.in_(list(query)),
               ProposalTerm.proposal_id != exclude_id if exclude_id is not None else true())
        .group_by(ProposalTerm.term)).all())
    corpus = similarity.Corpus(documents, float(average or 0) or 1.0, frequency)
    term_weights = similarity.weights(query, corpus)
    if not term_weights:
        return []
    k1, b = similarity.K1, similarity.B
    norm = k1 * (1 - b + b * Proposal.term_count / literal(corpus.average_length, Float))
    total = func.sum(case(term_weights, value=ProposalTerm.term) * ProposalTerm.count
                     * (k1 + 1) / (ProposalTerm.count + norm))
    share = (total / similarity.perfect_score(term_weights)).label("share")
    stmt = (select(ProposalTerm.proposal_id, share).join(Proposal)
            .where(ProposalTerm.process_id == process.id,
                   ProposalTerm.term.in_(list(term_weights)), *public)
            .group_by(ProposalTerm.proposal_id)
            .having(share >= similarity.MIN_SHARE)
            .order_by(share.desc(), ProposalTerm.proposal_id).limit(limit))
    if exclude_id is not None:
        stmt = stmt.where(ProposalTerm.proposal_id != exclude_id)
    best = db.session.execute(stmt).all()
    if not best:
        return []
    found = {p.id: p for p in db.session.execute(
        select(Proposal).where(Proposal.id.in_([i for i, _s in best]))).scalars()}
    return [(found[i], float(s)) for i, s in best if i in found]
