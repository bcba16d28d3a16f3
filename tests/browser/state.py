"""Prepare the demo city so every page of tests/browser/pages.py has something to show.

Run against the live server's database in a subprocess (`prepare(live_app)`), with the same
environment as the server (tests/workshop_server.py's server_env), through the app's own
services, as the admin, facilitator and planner of the demo city would:

- pairwise comparison offered beside the support votes, already in the ideas phase;
- a paper vote entry (for /paper-votes/<id>/correct);
- a second workshop, opened, one note added, ended and published (its public record).

Prints the ids as JSON: {"paper_entry": ..., "published_workshop": ...}.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.workshop_server import ROOT, server_env

SLUG = "zukunft-2035"


RESULTS_SLUG = "altstadt-2030"  # the process at its shortlist, with projects


def _prepare() -> dict:
    from participation.accounts.services import find_user_by_email
    from participation.extensions import db
    from participation.processes.services import get_process
    from participation.proposals.services import get_proposal
    from participation.votes import services as votes
    from participation.workshops import results
    from participation.workshops import services as workshops
    from participation.workshops.commands import Actor

    process = get_process(SLUG)
    process.pairwise_enabled = True
    process.pairwise_in_ideas = True
    planner = find_user_by_email("planner@demo.local")
    entry = votes.enter_paper_votes(planner, get_proposal(2), 12, "stand", "Marktstand")
    facilitator = find_user_by_email("facilitator@demo.local")
    workshop = workshops.create_workshop(facilitator, process, "Werkstatt im Jugendzentrum",
                                         proposal_ids=[1, 2])
    workshops.open_workshop(facilitator, workshop)
    actor = Actor(user=facilitator)
    workshops.run_command(workshop.id, actor, "card:add", {"text": "Mehr Bänke im Park"})
    workshops.run_command(workshop.id, actor, "session:end", {})
    results.publish_results(facilitator, workshop, "cards")
    # a second process at its shortlist: candidate projects (one merging two ideas),
    # published, with a "why not" answer; the ideas process above stays as it is
    from participation.notifications import services as notifications
    from participation.processes import services as processes
    from participation.processes.models import PhaseKind
    from participation.projects import services as projects
    from participation.proposals import services as proposals

    citizen = find_user_by_email("citizen@demo.local")
    shortlist = processes.create_process(
        RESULTS_SLUG, "Altstadt 2030", "Welche Vorhaben setzt die Altstadt um?",
        phase=PhaseKind.IDEAS)
    ideas = [proposals.submit_proposal(citizen, shortlist, proposals.ProposalInput(
        title=title, body=body)) for title, body in (
        ("Mehr Bäume am Marktplatz", "Schatten für den Marktplatz im Sommer."),
        ("Bäume für den Marktplatz", "Der Marktplatz braucht Bäume und Schatten."),
        ("Radweg an der Havel", "Ein sicherer Radweg entlang des Flusses."))]
    processes.set_phase(shortlist, PhaseKind.SHORTLIST)
    project = projects.create_project(planner, shortlist, [ideas[0].id, ideas[1].id],
                                      projects.ProjectInput(title="Grüner Marktplatz",
                                                            cost_eur="12500,50"))
    projects.answer_why_not(planner, ideas[2], "Der Radweg wird schon vom Land gebaut.")
    projects.publish_projects(planner, shortlist)
    db.session.commit()
    return {"paper_entry": entry.id, "published_workshop": workshop.id,
            "project": project.id, "project_idea": ideas[2].id,
            "unsubscribe": notifications.unsubscribe_token(citizen)}


def prepare(database_url: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.browser.state"], cwd=ROOT,
                          env=server_env(database_url), capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"preparing the demo city failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    from wsgi import app

    with app.app_context():
        print(json.dumps(_prepare()))
