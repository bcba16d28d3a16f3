"""Votes counted on paper, at a stand or at an event: entries, corrections, the history."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ...errors import Conflict, InvalidInput, NotFound, require
from ...extensions import db
from ...models_base import MAX_INT
from ...processes.models import Process
from ...proposals.models import Proposal
from .. import rules
from ..models import PaperVoteEntry
from .counts import bump

log = logging.getLogger(__name__)

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
    require(rules.check_enter_paper_votes(user, proposal))
    if channel not in PAPER_CHANNELS:
        raise InvalidInput(_("Choose where the votes were collected."))
    count = _paper_count(count)
    note = _paper_text(note, _("The note may have at most %(max)d characters.",
                               max=PAPER_NOTE_MAX))
    entry = PaperVoteEntry(process_id=proposal.process_id, proposal_id=proposal.id,
                           count=count, channel=channel, note=note, entered_by_id=user.id)
    db.session.add(entry)
    db.session.flush()
    bump(proposal.id, paper_votes=count)
    log.info("paper votes: entry %s, %d for proposal %s by user %s", entry.id, count,
             proposal.id, user.id)
    return entry


def correct_paper_votes(user, entry: PaperVoteEntry, count: int, reason: str) -> PaperVoteEntry:
    """Replace an entry by a corrected one (the old one stays in the history).

    Raises what enter_paper_votes raises, InvalidInput without a reason, Conflict when the
    entry was already corrected (also by someone at the same moment).
    """
    proposal = entry.proposal
    require(rules.check_enter_paper_votes(user, proposal))
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
    bump(entry.proposal_id, paper_votes=count - entry.count)
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
