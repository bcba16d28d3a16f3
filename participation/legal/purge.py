"""Retention: personal data of processes closed longer than PRIVACY_RETENTION_DAYS goes.

A process is closed when it is in its last phase (results) and that phase's end date has
passed. What is personal data of a process, and what happens to it:

- authors of its ideas and comments, reporters and the staff who resolved reports, prepared
  workshops or entered paper votes: the link to the account is removed (the contributions
  stay, shown without a name; accounts themselves belong to no process and stay until their
  owner deletes them);
- online votes (supports, dot points and budgets, pairwise answers): the rows that say who
  voted are deleted; the totals kept on each idea stay, so results and ranking do not change;
- notifications about its ideas (who was told what): deleted;
- workshop participants: the nickname is replaced by a number ("#17"), the participant token
  is made unusable, the nickname is replaced in the board's event log too, and the commands'
  idempotency receipts are deleted. Notes and dots stay, shown under the number.

Accessibility feedback is deleted PRIVACY_RETENTION_DAYS after it was sent.
Every step selects only what is still personal, so running the purge again changes nothing.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, func, or_, select, update

from ..extensions import db
from ..models_base import utcnow
from ..notifications.models import Notification
from ..processes.models import Phase, PhaseKind, Process
from ..projects.models import CandidateProject, ProjectImage
from ..proposals import services as proposal_services
from ..proposals.models import Comment, Proposal, ProposalImage, Report
from ..votes.models import DotAllocation, DotBudget, PairwiseAnswer, PaperVoteEntry, Support
from ..workshops.models import BoardEvent, CommandReceipt, Participant, Workshop
from .models import AccessibilityFeedback

log = logging.getLogger(__name__)
PURGED_TOKEN = "purged-"  # noqa: S105 - token_hash of a pseudonymised participant; never a SHA-256 hex


@dataclass
class ProcessPurge:
    slug: str
    closed_on: date
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class PurgeReport:
    cutoff: date
    processes: list[ProcessPurge] = field(default_factory=list)
    feedback: int = 0

    @property
    def total(self) -> int:
        return self.feedback + sum(sum(p.counts.values()) for p in self.processes)


def pseudonym(participant_id: int) -> str:
    return f"#{participant_id}"


def expired_processes(cutoff: date) -> list[tuple[Process, date]]:
    """Processes in their results phase whose results phase ended before `cutoff`."""
    rows = db.session.execute(
        select(Process, Phase.ends_on).join(Phase, Phase.process_id == Process.id)
        .where(Process.current_phase == PhaseKind.RESULTS.value,
               Phase.kind == PhaseKind.RESULTS.value, Phase.ends_on < cutoff)
        .order_by(Process.id)).all()
    return [(process, ends_on) for process, ends_on in rows]


def purge_personal_data(retention_days: int, today: date | None = None,
                        dry_run: bool = False) -> PurgeReport:
    """Remove or pseudonymise the personal data of processes closed longer than
    `retention_days`, and delete older accessibility feedback. With `dry_run` only count.
    Flushes; the caller commits. Raises nothing."""
    today = today or utcnow().date()
    cutoff = today - timedelta(days=retention_days)
    report = PurgeReport(cutoff=cutoff)
    for process, closed_on in expired_processes(cutoff):
        counts = _purge_process(process, dry_run)
        if any(counts.values()):
            report.processes.append(ProcessPurge(process.slug, closed_on, counts))
    old_feedback = AccessibilityFeedback.created_at < _start_of(cutoff)
    report.feedback = _count(select(func.count(AccessibilityFeedback.id)).where(old_feedback))
    if not dry_run and report.feedback:
        db.session.execute(delete(AccessibilityFeedback).where(old_feedback))
    if not dry_run:
        db.session.flush()
        log.info("privacy purge before %s: %d items in %d processes, %d feedback messages",
                 cutoff, report.total - report.feedback, len(report.processes), report.feedback)
    return report


def _start_of(day: date):
    from datetime import UTC, datetime, time

    return datetime.combine(day, time.min, tzinfo=UTC)


def _count(statement) -> int:
    return db.session.execute(statement).scalar_one()


def _purge_process(process: Process, dry_run: bool) -> dict[str, int]:
    proposal_ids = select(Proposal.id).where(Proposal.process_id == process.id)
    comment_ids = select(Comment.id).where(Comment.proposal_id.in_(proposal_ids))
    workshop_ids = select(Workshop.id).where(Workshop.process_id == process.id)
    report_of_process = or_(Report.proposal_id.in_(proposal_ids),
                            Report.comment_id.in_(comment_ids))
    unlink = [  # (summary key, model, condition, column to set NULL)
        ("idea authors", Proposal, Proposal.process_id == process.id, "author_id"),
        ("comment authors", Comment, Comment.proposal_id.in_(proposal_ids), "author_id"),
        ("reporters", Report, report_of_process, "reporter_id"),
        ("report moderators", Report, report_of_process, "resolved_by_id"),
        ("workshop organisers", Workshop, Workshop.process_id == process.id, "created_by_id"),
        ("staff who entered paper votes", PaperVoteEntry,
         PaperVoteEntry.process_id == process.id, "entered_by_id"),
        ("staff who added project pictures", ProjectImage, ProjectImage.project_id.in_(
            select(CandidateProject.id).where(CandidateProject.process_id == process.id)),
         "uploader_id"),
    ]
    counts: dict[str, int] = {}
    for key, model, condition, column_name in unlink:
        column = getattr(model, column_name)
        where = (condition, column.is_not(None))
        counts[key] = _count(select(func.count()).select_from(model).where(*where))
        if counts[key] and not dry_run:
            db.session.execute(update(model).where(*where).values({column_name: None})
                               .execution_options(synchronize_session=False))
    for key, model in (("supports", Support), ("dot points", DotAllocation),
                       ("dot budgets", DotBudget), ("pairwise answers", PairwiseAnswer)):
        where = model.process_id == process.id
        counts[key] = _count(select(func.count(model.id)).where(where))
        if counts[key] and not dry_run:
            db.session.execute(delete(model).where(where))
    where = Notification.process_id == process.id
    counts["notifications"] = _count(select(func.count(Notification.id)).where(where))
    if counts["notifications"] and not dry_run:
        db.session.execute(delete(Notification).where(where))
    # the pictures may show people: rows and files go (the ideas' text stays, without author)
    picture_of_process = ProposalImage.proposal_id.in_(proposal_ids)
    counts["pictures"] = _count(select(func.count(ProposalImage.id)).where(picture_of_process))
    if counts["pictures"] and not dry_run:
        proposal_services.delete_images(picture_of_process)
    counts.update(_purge_workshops(workshop_ids, dry_run))
    return counts


def _purge_workshops(workshop_ids, dry_run: bool) -> dict[str, int]:
    participants = db.session.execute(select(Participant).where(
        Participant.workshop_id.in_(workshop_ids),
        Participant.token_hash.not_like(PURGED_TOKEN + "%"))).scalars().all()
    receipts = CommandReceipt.workshop_id.in_(workshop_ids)
    counts = {"workshop nicknames": len(participants),
              "workshop command receipts": _count(
                  select(func.count(CommandReceipt.id)).where(receipts))}
    if dry_run:
        return counts
    if counts["workshop command receipts"]:
        db.session.execute(delete(CommandReceipt).where(receipts))
    by_workshop: dict[int, dict[int, str]] = {}
    for participant in participants:
        by_workshop.setdefault(participant.workshop_id, {})[participant.id] = participant.nickname
        participant.nickname = pseudonym(participant.id)
        participant.token_hash = f"{PURGED_TOKEN}{participant.id}"
    for workshop_id, nicknames in by_workshop.items():
        _rewrite_events(workshop_id, nicknames)
    return counts


def _rewrite_events(workshop_id: int, nicknames: dict[int, str]) -> None:
    """Replace the nicknames in the workshop's event log (cards carry their author's name)."""
    events = db.session.execute(select(BoardEvent).where(
        BoardEvent.workshop_id == workshop_id)).scalars()
    for event in events:
        for attribute in ("data", "private_data"):
            value = getattr(event, attribute)
            if value is None:
                continue
            new = copy.deepcopy(value)
            if _replace_names(new, nicknames):
                setattr(event, attribute, new)


def _replace_names(value, nicknames: dict[int, str]) -> bool:
    changed = False
    if isinstance(value, dict):
        owner = value.get("participant_id")
        for key in ("author", "nickname"):
            if owner in nicknames and isinstance(value.get(key), str):
                value[key] = pseudonym(owner)
                changed = True
        for item in value.values():
            changed = _replace_names(item, nicknames) or changed
    elif isinstance(value, list):
        for item in value:
            changed = _replace_names(item, nicknames) or changed
    return changed
