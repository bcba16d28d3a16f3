"""Pairwise comparison: the next pair to compare, and the person's answer to it."""

from __future__ import annotations

import random

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ...errors import AlreadyVoted, InvalidInput, require
from ...extensions import db
from ...processes.models import Process
from ...proposals.models import Proposal
from .. import rules
from ..models import PairwiseAnswer
from .counts import bump

PAIR_TOKEN_MAX_AGE = 6 * 3600

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
        bump(low, pair_ties=1)
        bump(high, pair_ties=1)
    else:
        bump(winner_id, pair_wins=1)
        bump(high if winner_id == low else low, pair_losses=1)
    return answer


def pairs_answered(user, process: Process) -> int:
    return db.session.execute(select(func.count(PairwiseAnswer.id)).where(
        PairwiseAnswer.user_id == user.id, PairwiseAnswer.process_id == process.id)
    ).scalar_one()

