"""Every write on processes: create, edit, phase dates, topics, districts, the current phase."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..errors import Conflict, InvalidInput, Locked, NotFound
from ..extensions import db
from ..signals import answers
from . import signals
from .models import PHASE_ORDER, District, Phase, PhaseKind, Process, Topic, VoteMethod

log = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$")


def get_process(slug: str) -> Process:
    """The process with this slug. Raises NotFound."""
    process = db.session.execute(select(Process).where(Process.slug == slug)).scalar_one_or_none()
    if process is None:
        raise NotFound(_("This process does not exist."))
    return process


def _check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidInput(_("The short name may contain only lower-case letters, digits and "
                             "hyphens (3 to 60 characters)."))
    return slug


def create_process(slug: str, title: str, description: str = "",
                   phase: PhaseKind | str = PhaseKind.INFORMATION) -> Process:
    """Create a process. Raises InvalidInput for a bad slug, Conflict when the slug is taken."""
    slug = _check_slug(slug)
    if db.session.execute(select(Process.id).where(Process.slug == slug)).first():
        raise Conflict(_("A process with this short name already exists."))
    process = Process(slug=slug, title=title.strip(), description=description.strip(),
                      current_phase=PhaseKind(phase).value)
    try:
        with db.session.begin_nested():  # add inside: begin_nested() flushes pending rows
            db.session.add(process)
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("A process with this short name already exists.")) from exc
    log.info("process %s created", slug)
    return process


def update_process(process: Process, title: str, description: str,
                   slug: str | None = None) -> None:
    """Change title, description and (optionally) the slug.

    Raises InvalidInput for a bad slug, Conflict when the new slug is taken.
    """
    if slug is not None:
        slug = _check_slug(slug)
        if slug != process.slug:
            if db.session.execute(select(Process.id).where(Process.slug == slug)).first():
                raise Conflict(_("A process with this short name already exists."))
            process.slug = slug
    process.title = title.strip()
    process.description = description.strip()


def set_phase(process: Process, phase: PhaseKind | str) -> None:
    """Move the process to a phase. Raises InvalidInput for an unknown phase."""
    try:
        kind = PhaseKind(phase)
    except ValueError as exc:
        raise InvalidInput(_("Unknown phase. Possible phases: %(phases)s",
                             phases=", ".join(p.value for p in PhaseKind))) from exc
    process.current_phase = kind.value
    log.info("process %s moved to phase %s", process.slug, kind.value)


def set_phase_dates(process: Process, dates: dict[PhaseKind, tuple[date, date] | None]) -> None:
    """Set the dates of the phases; a phase given None has no dates.

    Raises InvalidInput when a phase ends before it starts or starts before the one before it.
    """
    previous_start: date | None = None
    for kind in PHASE_ORDER:
        pair = dates.get(kind)
        if pair is None:
            continue
        start, end = pair
        if end < start:
            raise InvalidInput(_("The phase “%(phase)s” ends before it starts.",
                                 phase=kind.label))
        if previous_start is not None and start < previous_start:
            raise InvalidInput(_("The phase “%(phase)s” starts before the phase before it.",
                                 phase=kind.label))
        previous_start = start
    existing = process.phase_dates()
    for kind in PHASE_ORDER:
        pair = dates.get(kind)
        phase = existing.get(kind)
        if pair is None:
            if phase is not None:
                process.phases.remove(phase)
        elif phase is None:
            process.phases.append(Phase(kind=kind.value, starts_on=pair[0], ends_on=pair[1]))
        else:
            phase.starts_on, phase.ends_on = pair


def _sync_named(process: Process, model: type[Topic] | type[District],
                collection: list, names: Sequence[str], in_use_signal) -> None:
    wanted: list[str] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > 60:
            raise InvalidInput(_("“%(name)s” is longer than 60 characters.", name=name[:60]))
        if name.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(name)
    by_name = {item.name.casefold(): item for item in collection}
    keep = {name.casefold() for name in wanted}
    for key, item in by_name.items():
        if key in keep or item.id is None:
            continue
        in_use = sum(answers(in_use_signal, item))
        if in_use:
            raise InvalidInput(ngettext("“%(name)s” cannot be removed: %(num)d idea uses it.",
                                        "“%(name)s” cannot be removed: %(num)d ideas use it.",
                                        in_use, name=item.name))
        collection.remove(item)
    for position, name in enumerate(wanted):
        item = by_name.get(name.casefold())
        if item is None:
            collection.append(model(name=name, position=position))
        else:
            item.name = name
            item.position = position


def set_topics(process: Process, names: Sequence[str]) -> None:
    """Set the process's topics in this order. Raises InvalidInput if a used one would go."""
    _sync_named(process, Topic, process.topics, names, signals.topic_in_use)


def set_districts(process: Process, names: Sequence[str]) -> None:
    """Set the process's districts in this order. Raises InvalidInput if a used one would go."""
    _sync_named(process, District, process.districts, names, signals.district_in_use)


def set_vote_settings(process: Process, *, method: str, pairwise_enabled: bool,
                      pairwise_in_ideas: bool, dot_budget: int, dot_max_per_proposal: int,
                      votes_hidden: bool,
                      weights: tuple[float, float, float, float]) -> None:
    """Choose how the process votes and how the ranking weighs its channels; `weights` are
    those of online votes, workshop dots, paper and event votes, and pairwise comparisons.

    Raises InvalidInput for values out of range, Locked when the method or the dot budget
    would change after votes were cast (the figures would no longer mean the same).
    """
    try:
        method = VoteMethod(method).value
    except ValueError as exc:
        raise InvalidInput(_("Unknown voting method.")) from exc
    if not 1 <= dot_budget <= 1000:
        raise InvalidInput(_("The dot budget must be between 1 and 1000."))
    if not 1 <= dot_max_per_proposal <= dot_budget:
        raise InvalidInput(_("The points per idea must be between 1 and the dot budget."))
    if any(w < 0 or w > 100 for w in weights):
        raise InvalidInput(_("Weights must be between 0 and 100."))
    changes_meaning = (method != process.vote_method or dot_budget < process.dot_budget
                       or dot_max_per_proposal < process.dot_max_per_proposal)
    if (changes_meaning and process.id is not None
            and any(answers(signals.votes_cast, process))):
        raise Locked(_("Votes have been cast: the voting method cannot change any more, "
                       "and the budget can only grow."))
    process.vote_method = method
    process.pairwise_enabled = pairwise_enabled or method == VoteMethod.PAIRWISE.value
    process.pairwise_in_ideas = pairwise_in_ideas
    process.dot_budget = dot_budget
    process.dot_max_per_proposal = dot_max_per_proposal
    process.votes_hidden = votes_hidden
    (process.weight_online, process.weight_workshop, process.weight_paper,
     process.weight_pairwise) = weights


def list_processes(page: int = 1, per_page: int = 20):
    """A page of processes, newest first, with phases, topics and districts loaded."""
    stmt = (select(Process).order_by(Process.created_at.desc(), Process.id.desc())
            .options(selectinload(Process.phases), selectinload(Process.topics),
                     selectinload(Process.districts)))
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def all_processes() -> list[Process]:
    """Every process, newest first (a city runs a handful)."""
    return list(db.session.execute(
        select(Process).order_by(Process.created_at.desc(), Process.id.desc())).scalars())
