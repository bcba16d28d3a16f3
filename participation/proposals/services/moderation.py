"""Moderation: reports of abuse, and moderators hiding and showing ideas and comments."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ...errors import Conflict, InvalidInput, NotFound, require
from ...extensions import db
from ...models_base import utcnow
from .. import rules, signals
from ..models import Comment, CommentStatus, Proposal, ProposalStatus, Report
from .comments import count_comments

log = logging.getLogger(__name__)


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
    signals.proposal_hidden.send(proposal, reason=reason, actor=moderator)
    log.info("proposal %s hidden by user %s", proposal.id, moderator.id)


def unhide_proposal(moderator, proposal: Proposal) -> None:
    """Show a hidden idea again. Raises NotAllowed or Conflict."""
    require(rules.check_moderate(moderator))
    if proposal.status != ProposalStatus.HIDDEN.value:
        raise Conflict(_("This idea is not hidden."))
    proposal.status = ProposalStatus.PUBLISHED.value
    proposal.status_reason = None
    signals.proposal_unhidden.send(proposal, actor=moderator)
    log.info("proposal %s shown again by user %s", proposal.id, moderator.id)


def hide_comment(moderator, comment: Comment, reason: str) -> None:
    """Hide a comment with a reason its author sees. Raises NotAllowed, InvalidInput, Conflict."""
    require(rules.check_moderate(moderator))
    reason = _check_reason(reason)
    if comment.is_hidden:
        raise Conflict(_("This comment is already hidden."))
    comment.status = CommentStatus.HIDDEN.value
    comment.hidden_reason = reason
    count_comments(comment.proposal_id, -1)
    _resolve_reports(moderator, f"comment:{comment.id}", "hidden")
    log.info("comment %s hidden by user %s", comment.id, moderator.id)


def unhide_comment(moderator, comment: Comment) -> None:
    """Show a hidden comment again. Raises NotAllowed or Conflict."""
    require(rules.check_moderate(moderator))
    if not comment.is_hidden:
        raise Conflict(_("This comment is not hidden."))
    comment.status = CommentStatus.PUBLISHED.value
    comment.hidden_reason = None
    count_comments(comment.proposal_id, 1)


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
