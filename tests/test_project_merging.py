"""Merging ideas into a candidate project: the first idea leads ("shortlisted"), every other
one is "merged" into it and leaves the shortlist; taking ideas out or deleting a draft makes
them "published" again. The project's figures count all its ideas, a person once."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.errors import Conflict
from participation.extensions import db as _db
from participation.projects import services
from participation.projects.models import CandidateProject, ProjectProposal
from participation.proposals.models import Proposal
from participation.votes import services as vote_services
from tests.projects_helpers import make_project, voted_process


@pytest.fixture
def planner(make_user):
    return make_user(Role.PLANNER)


@pytest.fixture
def voted(make_process, make_proposal, make_user):
    """(process, proposals): voter 0 supports ideas 0-2, voter 1 idea 0, voter 2 ideas 1-2,
    voter 3 idea 3 (tests/projects_helpers.py)."""
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    return process, proposals


def _statuses(proposals) -> list[str]:
    _db.session.expire_all()
    return [_db.session.get(Proposal, p.id).status for p in proposals]


def _links(project) -> list[tuple[int, int]]:
    return [(position, proposal_id) for position, proposal_id in _db.session.execute(
        select(ProjectProposal.position, ProjectProposal.proposal_id)
        .where(ProjectProposal.project_id == project.id)
        .order_by(ProjectProposal.position))]


def _ranked_ids(process) -> set[int]:
    return {p.id for _r, p in vote_services.ranking_for(process)}


def test_the_first_idea_leads_and_the_others_are_merged_into_it(app, voted, planner):
    process, proposals = voted
    project = make_project(planner, process, [proposals[2], proposals[0], proposals[1]])

    assert _statuses(proposals) == ["merged", "merged", "shortlisted", "published"]
    assert _links(project) == [(0, proposals[2].id), (1, proposals[0].id), (2, proposals[1].id)]
    # one entry in the shortlist for the project, and the figures of all three ideas
    assert _ranked_ids(process) == {proposals[2].id, proposals[3].id}
    figures = services.project_figures(process)[project.id]
    assert (figures.ideas, figures.supporters, figures.online_votes) == (3, 3, 6)


def test_ideas_merged_in_later_are_merged_and_the_lead_stays(app, voted, planner):
    process, proposals = voted
    project = make_project(planner, process, proposals[:1])
    assert _statuses(proposals) == ["shortlisted", "published", "published", "published"]

    services.add_proposals(planner, project, [proposals[3].id, proposals[1].id])
    _db.session.commit()

    assert _statuses(proposals) == ["shortlisted", "merged", "published", "merged"]
    assert _links(project) == [(0, proposals[0].id), (1, proposals[3].id), (2, proposals[1].id)]
    assert services.project_figures(process)[project.id].supporters == 4  # everyone once


def test_taking_out_the_lead_makes_the_next_idea_lead(app, voted, planner):
    process, proposals = voted
    project = make_project(planner, process, proposals[:3])

    services.remove_proposal(planner, project, proposals[0].id)
    _db.session.commit()
    assert _statuses(proposals[:3]) == ["published", "shortlisted", "merged"]
    assert _links(project) == [(0, proposals[1].id), (1, proposals[2].id)]
    assert proposals[0].id in _ranked_ids(process)  # back in the shortlist on its own

    services.remove_proposal(planner, project, proposals[2].id)
    _db.session.commit()
    assert _statuses(proposals[:3]) == ["published", "shortlisted", "published"]
    assert _links(project) == [(0, proposals[1].id)]
    # voter 0 and voter 2 supported the idea that is left
    assert services.project_figures(process)[project.id].supporters == 2


def test_deleting_a_draft_makes_all_its_ideas_published(app, voted, planner):
    process, proposals = voted
    project = make_project(planner, process, proposals[:3])

    services.delete_project(planner, project)
    _db.session.commit()

    assert _statuses(proposals) == ["published"] * 4
    assert _ranked_ids(process) == {p.id for p in proposals}


def test_a_merged_idea_belongs_to_its_project(app, voted, planner):
    process, proposals = voted
    project = make_project(planner, process, proposals[:2])

    with pytest.raises(Conflict):
        services.create_project(planner, process, [proposals[3].id, proposals[1].id],
                                services.ProjectInput(title="Noch eins"))
    _db.session.rollback()
    with pytest.raises(Conflict):
        services.add_proposals(planner, project, [proposals[1].id])
    _db.session.rollback()
    with pytest.raises(Conflict):
        services.answer_why_not(planner, proposals[1], "Ist schon zusammengeführt")
    _db.session.rollback()

    assert _statuses(proposals) == ["shortlisted", "merged", "published", "published"]
    assert len(_db.session.execute(select(CandidateProject)).all()) == 1


def test_pages_list_a_merged_idea_as_merged_with_its_project(client, voted, planner,
                                                             login_as):
    process, proposals = voted
    login_as(planner)
    # the workspace's (and the duplicates page's) form: two ideas into a new project
    saved = client.post(f"/processes/{process.slug}/projects/new", data={
        "proposal": [proposals[1].id, proposals[2].id], "title": "Kühle Plätze"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    project = _db.session.execute(select(CandidateProject)).scalar_one()
    services.publish_projects(planner, process)
    _db.session.commit()

    def listed(status: str) -> set[str]:
        html = client.get(f"/processes/{process.slug}/proposals?status={status}").get_data(
            as_text=True)
        return {p.title for p in proposals if p.title in html}

    assert listed("shortlisted") == {proposals[1].title}
    assert listed("merged") == {proposals[2].title}
    workspace = client.get(f"/processes/{process.slug}/projects/workspace").get_data(
        as_text=True)
    assert f'id="idea-{proposals[1].id}"' in workspace
    assert f'id="idea-{proposals[2].id}"' not in workspace
    idea = client.get(f"/proposals/{proposals[2].id}").get_data(as_text=True)
    assert "zusammengeführt" in idea
    assert f'href="/projects/{project.id}">Kühle Plätze</a>' in idea

    removed = client.post(f"/projects/{project.id}/proposals/{proposals[1].id}/remove")
    assert removed.status_code == 302
    assert _statuses(proposals[1:3]) == ["published", "shortlisted"]


def test_exports_list_merged_ideas_with_their_votes_and_project(client, voted, planner):
    process, proposals = voted
    project = make_project(planner, process, proposals[:3])
    services.publish_projects(planner, process)
    _db.session.commit()

    document = client.get(f"/api/v1/processes/{process.slug}/export.json").get_json()
    rows = {r["id"]: r for r in document["proposals"]}
    assert set(rows) == {p.id for p in proposals}
    merged = rows[proposals[1].id]
    assert (merged["status"], merged["rank"], merged["score"], merged["project_id"],
            merged["votes"]) == ("merged", None, None, project.id, 2)
    assert rows[proposals[0].id]["status"] == "shortlisted"
    assert rows[proposals[0].id]["rank"] is not None
    body = client.get(f"/api/v1/processes/{process.slug}/export.csv?table=proposals").data
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    statuses = {int(r[0]): r[table[0].index("Status")] for r in table[1:]}
    assert statuses[proposals[1].id] == statuses[proposals[2].id] == "zusammengeführt"
