"""What a process's card shows on the home page and its page's header: where it stands in
its timeline, how many people take part, and the figures the higher domains add.

Read-only, and a bounded number of queries however many processes there are: one per
answering domain for all processes together, and one for the people taking part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, union

from ..extensions import db
from ..signals import answers
from . import signals
from .models import PHASE_ORDER, PhaseKind, Process


@dataclass
class Progress:
    """How far a process is through its dated timeline, today."""

    starts_on: date | None
    ends_on: date | None
    today: date
    phase_ends_on: date | None

    @property
    def dated(self) -> bool:
        return self.starts_on is not None and self.ends_on is not None

    @property
    def total_days(self) -> int:
        return max((self.ends_on - self.starts_on).days, 1) if self.dated else 0

    @property
    def days_done(self) -> int:
        if not self.dated:
            return 0
        return min(max((self.today - self.starts_on).days, 0), self.total_days)

    @property
    def percent(self) -> int:
        return round(100 * self.days_done / self.total_days) if self.dated else 0

    @property
    def days_left_in_phase(self) -> int | None:
        """Days until the current phase ends (0 on its last day), None when it has no date
        or has already ended."""
        if self.phase_ends_on is None or self.phase_ends_on < self.today:
            return None
        return (self.phase_ends_on - self.today).days


def progress(process: Process, today: date | None = None) -> Progress:
    """Where the process stands in its timeline (from the first dated phase's start to the
    last one's end)."""
    today = today or date.today()
    dates = process.phase_dates()
    spans = [dates[k] for k in PHASE_ORDER if k in dates]
    current = dates.get(process.phase)
    return Progress(
        starts_on=spans[0].starts_on if spans else None,
        ends_on=spans[-1].ends_on if spans else None,
        today=today,
        phase_ends_on=current.ends_on if current else None,
    )


@dataclass
class Card:
    process: Process
    progress: Progress
    participants: int = 0
    facts: dict = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.process.phase != PhaseKind.RESULTS


def participant_counts(process_ids: list[int]) -> dict[int, int]:
    """How many accounts took part in each process (each person counted once)."""
    sources = [select_ for part in answers(signals.participation, process_ids)
               for select_ in part]
    if not process_ids or not sources:
        return {}
    rows = union(*sources).subquery()
    stmt = (select(rows.c.process_id, func.count(func.distinct(rows.c.user_id)))
            .where(rows.c.process_id.in_(process_ids)).group_by(rows.c.process_id))
    return dict(db.session.execute(stmt).all())


def cards(processes: list[Process], viewer, today: date | None = None) -> list[Card]:
    """The card of each process for this viewer, with the figures every domain adds
    (answers of `process_cards`; two domains giving the same key is refused)."""
    ids = [p.id for p in processes]
    facts: dict[int, dict] = {pid: {} for pid in ids}
    for part in answers(signals.process_cards, processes, viewer=viewer):
        for pid, values in part.items():
            clash = facts.setdefault(pid, {}).keys() & values.keys()
            if clash:
                raise ValueError(f"process-cards: two receivers answered {sorted(clash)}")
            facts[pid].update(values)
    people = participant_counts(ids)
    return [Card(process=p, progress=progress(p, today),
                 participants=people.get(p.id, 0) + facts[p.id].get("workshop_people", 0),
                 facts=facts[p.id]) for p in processes]


@dataclass
class Step:
    """One thing to do next: a link with its text and the name of its icon."""

    icon: str
    text: str
    url: str
    detail: str = ""


def next_step(card: Card, live_first: bool = True) -> Step:
    """The one action a process offers in its current phase: join its live workshop while one
    runs (unless `live_first` is false: the process page shows the workshop on its own), else
    what the phase is for (the pages of the higher domains, by endpoint name)."""
    slug = card.process.slug
    live = card.facts.get("live_workshop")
    if live is not None and live_first:
        return Step("workshop", _("Join the live workshop"),
                    url_for("workshops.join", code=live.join_code))
    phase = card.process.phase
    if phase == PhaseKind.IDEAS:
        action = card.facts.get("idea_action")
        if action == "post":
            return Step("add", _("Post an idea"), url_for("proposals.new", slug=slug))
        if action == "log_in":
            return Step("add", _("Post an idea"), url_for(
                "accounts.login", next=url_for("proposals.new", slug=slug)))
        return Step("idea", _("Read the ideas"), url_for("proposals.index", slug=slug))
    if phase == PhaseKind.VOTING:
        return Step("vote", _("Vote now"), url_for("proposals.index", slug=slug, sort="rank"))
    if phase == PhaseKind.SHORTLIST:
        return Step("ranking", _("See the ranking"), url_for("votes.ranking", slug=slug))
    if phase == PhaseKind.RESULTS:
        return Step("results", _("See the results"), url_for("projects.results", slug=slug))
    if phase == PhaseKind.WORKSHOPS:
        return Step("idea", _("Read the ideas"), url_for("proposals.index", slug=slug))
    return Step("info", _("Find out more"), url_for("processes.detail", slug=slug))


def timeline_with_today(process: Process, today: date | None = None) -> list[dict]:
    """The phase timeline, its current step marked with how far today is through it (in
    tenths, `tenths`; None without dates)."""
    today = today or date.today()
    steps = process.timeline()
    for step in steps:
        step["tenths"] = None
        if step["state"] == "current" and step["starts_on"] and step["ends_on"]:
            total = max((step["ends_on"] - step["starts_on"]).days, 1)
            done = min(max((today - step["starts_on"]).days, 0), total)
            step["tenths"] = round(10 * done / total)
    return steps
