"""Comments on ideas: writing one, the thread of a page, the count kept on the idea."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ...errors import InvalidInput, require
from ...extensions import db
from .. import rules, signals
from ..models import Comment, Proposal

log = logging.getLogger(__name__)


def count_comments(proposal_id: int, delta: int) -> None:
    """Move the idea's comment count by `delta` in SQL (a new, hidden or shown comment)."""
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
    count_comments(proposal.id, 1)
    signals.comment_added.send(proposal, comment=comment, actor=user)
    log.info("comment %s on proposal %s by user %s", comment.id, proposal.id, user.id)
    return comment



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

