"""The proposals domain's answers to the signals of the domains below it (connected once
by create_app through `connect`)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..accounts import signals as account_signals
from ..extensions import db
from ..models_base import iso
from ..processes import signals as process_signals
from . import rules
from .models import PUBLIC_STATUSES, Comment, Proposal, ProposalImage, Report
from .serialize import image_json
from .services import delete_images, images_of_user, latest_of_each, latest_proposals


def personal_data(user, **_kwargs) -> dict:
    """The person's ideas, comments and reports, for "download my data"."""
    def rows(model, owner):
        return db.session.execute(select(model).where(owner == user.id)
                                  .order_by(model.id)).scalars()

    return {
        "proposals": [
            {"id": p.id, "process": p.process.slug, "title": p.title, "body": p.body,
             "topic": p.topic.name if p.topic else None,
             "district": p.district.name if p.district else None,
             "lat": p.lat, "lon": p.lon, "status": p.status, "status_reason": p.status_reason,
             "created_at": iso(p.created_at), "updated_at": iso(p.updated_at)}
            for p in rows(Proposal, Proposal.author_id)
        ],
        "comments": [
            {"id": c.id, "proposal_id": c.proposal_id, "reply_to": c.parent_id, "body": c.body,
             "status": c.status, "hidden_reason": c.hidden_reason,
             "created_at": iso(c.created_at)}
            for c in rows(Comment, Comment.author_id)
        ],
        "reports": [
            {"id": r.id, "target": r.target_key, "reason": r.reason,
             "created_at": iso(r.created_at)}
            for r in rows(Report, Report.reporter_id)
        ],
        # the files themselves by their addresses (the export is one JSON document)
        "pictures": [
            {**image_json(image), "proposal_id": image.proposal_id,
             "created_at": iso(image.created_at)}
            for image in images_of_user(user.id)
        ],
    }


def erase_pictures(user, **_kwargs) -> None:
    """A deleted account's pictures go, rows and files (they may show the person)."""
    delete_images(ProposalImage.uploader_id == user.id)


def _ideas_using(column, item_id: int) -> int:
    return db.session.execute(select(func.count(Proposal.id)).where(column == item_id)
                              ).scalar_one()


def ideas_with_topic(topic, **_kwargs) -> int:
    """How many ideas have this topic (it cannot be removed while any does)."""
    return _ideas_using(Proposal.topic_id, topic.id)


def ideas_in_district(district, **_kwargs) -> int:
    """How many ideas lie in this district (it cannot be removed while any does)."""
    return _ideas_using(Proposal.district_id, district.id)


def process_page(process, viewer, **_kwargs) -> dict:
    """The process page's ideas part: the latest five and the action for a new one."""
    return {"latest": latest_proposals(process, limit=5),
            "idea_action": rules.idea_action(viewer, process)}


def idea_counts(processes, viewer, **_kwargs) -> dict:
    """For each process's card: the number of ideas everyone sees, the three newest, and
    what the viewer may do about a new idea (rules.idea_action)."""
    ids = [p.id for p in processes]
    rows = db.session.execute(
        select(Proposal.process_id, func.count(Proposal.id))
        .where(Proposal.process_id.in_(ids), Proposal.status.in_(PUBLIC_STATUSES))
        .group_by(Proposal.process_id))
    counts = dict(rows.all())
    latest = latest_of_each(ids, per_process=3)
    return {p.id: {"ideas": counts.get(p.id, 0), "latest_ideas": latest[p.id],
                   "idea_action": rules.idea_action(viewer, p)}
            for p in processes}


def people_taking_part(process_ids, **_kwargs) -> list:
    """The authors of ideas and of comments, as (process_id, user_id) rows."""
    return [
        select(Proposal.process_id.label("process_id"), Proposal.author_id.label("user_id"))
        .where(Proposal.process_id.in_(process_ids), Proposal.author_id.is_not(None)),
        select(Proposal.process_id.label("process_id"), Comment.author_id.label("user_id"))
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .where(Proposal.process_id.in_(process_ids), Comment.author_id.is_not(None)),
    ]


def connect() -> None:
    process_signals.process_cards.connect(idea_counts)
    process_signals.participation.connect(people_taking_part)
    process_signals.process_page.connect(process_page)
    account_signals.personal_data.connect(personal_data)
    account_signals.account_deleted.connect(erase_pictures)
    process_signals.topic_in_use.connect(ideas_with_topic)
    process_signals.district_in_use.connect(ideas_in_district)
