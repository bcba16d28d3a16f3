"""Mobilität 2030, a finished process in its results phase: the ideas and their supports
from a year ago, the planners' candidate projects (several ideas merged into one where they
belong together) scored on the five jury criteria of "Meine Stadt der Zukunft", published,
and followed through their statuses since; the ideas that did not become a project carry
the planners' answer why not."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ..accounts.models import Role, User
from ..models_base import utcnow
from ..processes import services as process_services
from ..processes.models import PhaseKind, Process
from ..projects import services as project_services
from ..proposals.models import Proposal
from ..votes import services as vote_services
from .common import city_midnight, create_process, post_ideas, process_exists, read, weighted_sample

SLUG = "mobilitaet-2030"


def load(accounts: dict[Role, User], people: dict[str, User], today: date) -> bool:
    """Create the process unless it exists; True when it was created."""
    data = read("mobilitaet-2030.json")
    if process_exists(data["process"]["slug"]):
        return False
    rng = random.Random(2030)
    everyone = list(people.values())
    process, topic_ids = create_process(data, today)
    ideas = dict(zip((item["key"] for item in data["ideas"]),
                     post_ideas(process, topic_ids, data["ideas"], people, everyone, rng),
                     strict=True))
    phases = data["phases"]

    def day(kind: str, offset: int = 0) -> datetime:
        return city_midnight(today + timedelta(days=phases[kind][0] + offset))

    process_services.set_phase(process, PhaseKind.VOTING)
    appeal = [(ideas[item["key"]], item["appeal"]) for item in data["ideas"]]
    _support(rng.sample(everyone, data["supporters"]), appeal, day("voting"), rng)
    staff = accounts[Role.FACILITATOR]
    for item in data["paper_votes"]:
        entry = vote_services.enter_paper_votes(staff, ideas[item["idea"]], item["count"],
                                                item["channel"], item["note"])
        entry.entered_at = utcnow() - timedelta(days=item["days_ago"])
    process_services.set_phase(process, PhaseKind.SHORTLIST)
    vote_services.refresh_stored_ranking(process, max_age_seconds=0)
    planner = accounts[Role.PLANNER]
    made = [_make_project(planner, process, ideas, spec, day("shortlist", 10))
            for spec in data["projects"]]
    for item in data["why_not"]:
        project_services.answer_why_not(planner, ideas[item["idea"]], item["reason"])
    project_services.publish_projects(planner, process)
    process_services.set_phase(process, PhaseKind.RESULTS)
    for project, spec in zip(made, data["projects"], strict=True):
        project.published_at = day("shortlist", 20)
        for status, offset, note in spec["statuses"]:  # offset: days from today
            project_services.set_status(planner, project, status, note)
            changed = city_midnight(today + timedelta(days=offset)).replace(hour=10)
            project.history[-1].changed_at = project.updated_at = changed
    vote_services.refresh_stored_ranking(process, max_age_seconds=0)
    return True


def _support(voters: list[User], appeal: list[tuple[Proposal, float]], starts: datetime,
             rng: random.Random) -> None:
    """Each voter supports the few ideas they like, on one day of the voting weeks."""
    for voter in voters:
        when = starts + timedelta(days=rng.uniform(0, 28))
        chosen = weighted_sample(rng, [p for p, _a in appeal], [a ** 1.5 for _p, a in appeal],
                                 rng.randint(2, 6))
        for proposal in chosen:
            support = vote_services.cast_support(voter, proposal)
            support.created_at = when


def _make_project(planner: User, process: Process, ideas: dict[str, Proposal], spec: dict,
                  made_at: datetime):
    districts = {d.name: d.id for d in process.districts}
    project = project_services.create_project(
        planner, process, [ideas[key].id for key in spec["ideas"]],
        project_services.ProjectInput(
            title=spec["title"], summary=spec["summary"], department=spec["department"],
            cost_eur=spec["cost_eur"], time_frame=spec["time_frame"],
            district_id=districts.get(spec["district"]), scores=spec["scores"],
            comments=spec["comments"]))
    project.created_at = made_at
    project.history[0].changed_at = made_at
    return project
