"""Helpers for the project tests: a process whose ideas got votes and is now in the
shortlist phase, where planners make candidate projects."""

from __future__ import annotations

from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.projects import services
from participation.votes import services as vote_services


def voted_process(make_process, make_proposal, make_user, titles=("Mehr Bäume am Markt",
                  "Schattige Sitzplätze", "Trinkbrunnen in der Altstadt", "Radweg Nordend"),
                  method: str = "supports"):
    """A process with ideas and votes, moved on to the shortlist phase.

    Returns (process, proposals, voters): voter 0 supports the first three ideas, voter 1 the
    first, voter 2 the second and third, voter 3 only the fourth.
    """
    process = make_process(phase=PhaseKind.VOTING)
    process.vote_method = method
    proposals = [make_proposal(process=process, title=t, body=f"Beschreibung: {t}")
                 for t in titles]
    voters = [make_user() for _ in range(4)]
    plan = {0: (0, 1, 2), 1: (0,), 2: (1, 2), 3: (3,)}
    for voter, indexes in plan.items():
        for index in indexes:
            if index < len(proposals):
                vote_services.cast_vote(voters[voter], proposals[index],
                                        2 if method == "dots" else None)
    _db.session.commit()
    process.current_phase = PhaseKind.SHORTLIST.value
    _db.session.commit()
    return process, proposals, voters


def make_project(planner, process, proposals, title="Grüner Marktplatz", **fields):
    data = services.ProjectInput(title=title, **fields)
    project = services.create_project(planner, process, [p.id for p in proposals], data)
    _db.session.commit()
    return project
