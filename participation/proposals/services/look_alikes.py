"""Similar ideas: the term index, the hints while writing, the planners' possible
duplicates (the method: proposals/similarity.py)."""

from __future__ import annotations

from sqlalchemy import Float, case, delete, func, insert, literal, or_, select, true
from sqlalchemy.orm import aliased

from ...extensions import db
from ...processes.models import Process
from .. import similarity
from ..models import PUBLIC_STATUSES, Proposal, ProposalSimilarity, ProposalTerm


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
