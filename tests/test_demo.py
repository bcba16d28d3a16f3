"""The demo city shows everything without a command line: a process in each of the ideas,
voting and results phases, a ranking with real parts, published projects, another city's
projects, and a workshop running now that anyone can join by its code."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.demo import live_workshop, load_demo, musterstadt
from participation.extensions import db as _db
from participation.notifications.models import Notification
from participation.processes.models import Process
from participation.projects.models import CandidateProject, ImportedFeed, ImportedProject
from participation.proposals.models import Comment, Proposal
from participation.votes import services as vote_services
from participation.votes.models import DotAllocation, PairwiseAnswer, PaperVoteEntry, Support
from participation.workshops import services as workshop_services
from participation.workshops.models import BoardEvent, Card, DotVote, Participant, Workshop
from tests.test_cli import invoke

TABLES = (User, Process, Proposal, Comment, Support, DotAllocation, PairwiseAnswer,
          PaperVoteEntry, Workshop, Card, DotVote, Participant, BoardEvent, CandidateProject,
          ImportedFeed, ImportedProject, Notification)


def _counts() -> dict[str, int]:
    return {model.__name__: _db.session.execute(select(func.count()).select_from(model))
            .scalar_one() for model in TABLES}


@pytest.fixture
def demo(app):
    load_demo()
    return app


def _process(slug: str) -> Process:
    return _db.session.execute(select(Process).where(Process.slug == slug)).scalar_one()


def test_three_processes_in_the_ideas_voting_and_results_phases(demo):
    phases = dict(_db.session.execute(select(Process.slug, Process.current_phase)).all())
    assert phases == {"zukunft-2035": "ideas", "klimaquartier-nord": "voting",
                      "mobilitaet-2030": "results"}
    ideas = _db.session.execute(select(Proposal.process_id, func.count()).group_by(
        Proposal.process_id)).all()
    by_slug = {_db.session.get(Process, pid).slug: n for pid, n in ideas}
    assert by_slug["zukunft-2035"] == 40
    assert 20 <= by_slug["klimaquartier-nord"] <= 25
    voting = _process("klimaquartier-nord")
    assert _db.session.execute(select(func.count(Comment.id)).join(Proposal).where(
        Proposal.process_id == voting.id)).scalar_one() >= 30


def test_the_voting_ranking_has_real_parts_from_every_channel(demo, client):
    ranking = client.get("/api/v1/processes/klimaquartier-nord/ranking").get_json()
    items = ranking["items"]
    assert len(items) >= 20
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.5
    assert len(set(scores)) == len(scores)  # an uneven, believable distribution
    contributing = {part["channel"] for item in items for part in item["parts"]
                    if part["contribution"] > 0}
    assert contributing == {"online", "workshop", "paper", "pairwise"}
    top_parts = [p for p in items[0]["parts"] if p["contribution"] > 0]
    assert len(top_parts) >= 3
    assert sum(p["contribution"] for p in items[0]["parts"]) == pytest.approx(items[0]["score"])
    # ideas born at the workshop had fewer days to collect online votes
    exposure = {item["proposal"]["id"]: item["parts"][0]["detail"]["exposure_days"]
                for item in items}
    born = _db.session.execute(select(Proposal.id).where(
        Proposal.process_id == _process("klimaquartier-nord").id,
        Proposal.origin == "workshop")).scalars().all()
    assert len(born) >= 3
    online = [days for pid, days in exposure.items() if pid not in born]
    assert max(exposure[pid] for pid in born) < min(online)


def test_the_votes_came_through_every_channel_and_the_demo_citizen_may_still_vote(demo):
    process = _process("klimaquartier-nord")
    of_process = {"DotAllocation": DotAllocation, "PairwiseAnswer": PairwiseAnswer,
                  "PaperVoteEntry": PaperVoteEntry}
    counts = {name: _db.session.execute(select(func.count()).select_from(model).where(
        model.process_id == process.id)).scalar_one() for name, model in of_process.items()}
    assert counts["DotAllocation"] >= 60
    assert counts["PairwiseAnswer"] >= 60
    assert counts["PaperVoteEntry"] >= 8
    voters = _db.session.execute(select(func.count(func.distinct(DotAllocation.user_id)))
                                 .where(DotAllocation.process_id == process.id)).scalar_one()
    assert voters >= 25
    workshop = _db.session.execute(select(Workshop).where(
        Workshop.process_id == process.id)).scalar_one()
    assert workshop.status == "closed" and workshop.results_published_at is not None
    assert _db.session.execute(select(func.sum(DotVote.dots)).where(
        DotVote.workshop_id == workshop.id)).scalar_one() >= 60
    assert _db.session.execute(select(func.count(BoardEvent.id)).where(
        BoardEvent.workshop_id == workshop.id)).scalar_one() == workshop.version
    citizen = _db.session.execute(select(User).where(
        User.email == "citizen@demo.local")).scalar_one()
    idea = _db.session.execute(select(Proposal).where(
        Proposal.process_id == process.id).order_by(Proposal.id)).scalars().first()
    vote_services.cast_vote(citizen, idea, 3)  # raises if the demo had spent their budget
    assert vote_services.next_pair(citizen, process) is not None


def test_the_finished_process_publishes_scored_projects_and_says_why_not(demo, client):
    data = client.get("/api/v1/processes/mobilitaet-2030/projects").get_json()
    projects = data["projects"]
    assert len(projects) >= 5
    assert {p["status"] for p in projects} >= {"selected", "in_implementation", "done",
                                               "dropped"}
    for project in projects:
        assert project["summary"] and project["department"] and project["time_frame"]
        assert project["estimated_cost"]["cents"] > 0 and project["district"]
        assert all(c["score"] is not None for c in project["criteria"].values())
        assert project["support"]["online_votes"] > 0
        assert project["published_at"] is not None
    assert max(len(p["origin"]) for p in projects) >= 3  # ideas merged into one project
    history = [h["changed_at"] for h in projects[0]["status_history"]]
    assert history == sorted(history) and len(history) >= 3
    assert len(data["not_selected"]) >= 3
    assert all(len(item["reason"]) > 40 for item in data["not_selected"])
    page = client.get("/processes/mobilitaet-2030/projects").get_data(as_text=True)
    assert "Mobilstation am Bahnhof" in page


def test_the_finished_process_exports_real_content(demo, client):
    def download(fmt: str) -> bytes:
        response = client.get(f"/api/v1/processes/mobilitaet-2030/export.{fmt}")
        assert response.status_code == 200, fmt
        return response.get_data()

    assert "Rufbus Kiefernheide" in download("csv").decode("utf-8-sig")
    cells = [c.value for row in load_workbook(io.BytesIO(download("xlsx"))).active.iter_rows()
             for c in row]
    assert "Rufbus Kiefernheide" in cells
    assert "Rufbus Kiefernheide" in [p["title"] for p in json.loads(download("json"))["projects"]]
    pdf = download("pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_other_cities_shows_the_imported_neighbour(demo, client):
    page = client.get("/other-cities").get_data(as_text=True)
    assert "Beispielstadt an der Havel" in page
    assert "Havelpromenade mit Schatten und Sitzplätzen" in page
    feed = _db.session.execute(select(ImportedFeed)).scalar_one()
    assert len(feed.projects) == 5


def test_a_live_workshop_is_open_and_joinable_by_the_printed_code(app):
    result = invoke(app, "demo")
    assert result.exit_code == 0, result.output
    running = live_workshop()
    assert running is not None
    workshop, code = running
    assert workshop.status == "open" and workshop.process.slug == "zukunft-2035"
    assert f"join code {code}" in result.output
    cards = _db.session.execute(select(func.count(Card.id)).where(
        Card.workshop_id == workshop.id)).scalar_one()
    assert cards >= 5
    participant, token = workshop_services.join_workshop(code, "Besucherin")
    assert participant.workshop_id == workshop.id and token
    assert app.test_client().get(f"/w/{code}").status_code == 200


def test_the_prepared_workshop_is_still_the_first_one(demo):
    first = _db.session.get(Workshop, 1)
    assert first.title == "Zukunftswerkstatt im Rathaussaal" and first.status == "draft"


def test_loading_again_changes_nothing(demo):
    before = _counts()
    assert before["Notification"] > 0 and before["ImportedProject"] == 5

    assert load_demo() is False

    assert _counts() == before


def test_an_older_demo_gets_the_missing_parts(app):
    from participation.demo.common import ensure_demo_accounts

    musterstadt.load(ensure_demo_accounts(), date.today())
    _db.session.commit()
    assert _db.session.execute(select(func.count(Process.id))).scalar_one() == 1

    assert load_demo() is True

    assert _db.session.execute(select(func.count(Process.id))).scalar_one() == 3
    assert live_workshop() is not None
