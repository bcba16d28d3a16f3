"""Possible duplicates: look-alike pairs kept when ideas are written, listed for planners with
a one-click merge into a project that keeps every vote and counts a person once."""

from __future__ import annotations

from sqlalchemy import delete, select

from participation.notifications.models import Notification
from participation.processes.models import PhaseKind
from participation.projects import services as project_services
from participation.proposals import services
from participation.proposals.models import ProposalSimilarity, ProposalStatus, ProposalTerm
from participation.votes import services as vote_services
from tests.projects_helpers import make_project

TREES = ("Mehr Bäume am Marktplatz", "Der Marktplatz braucht Bäume und Schatten im Sommer.")
TREES_AGAIN = ("Bäume für den Marktplatz", "Schatten durch Bäume auf dem Marktplatz, bitte.")
BIKES = ("Radweg an der Havel", "Ein sicherer Radweg entlang des Flusses.")


def _pairs(db) -> dict:
    rows = db.session.execute(select(ProposalSimilarity)).scalars().all()
    found = {(r.proposal_id, r.similar_id): r.share for r in rows}
    db.session.commit()
    return found


def _ideas(make_process, make_proposal, *texts):
    process = make_process()
    return process, [make_proposal(process, title=t, body=b) for t, b in texts]


def test_a_look_alike_pair_is_kept_when_ideas_are_written_or_changed(db, make_process,
                                                                     make_proposal):
    _process, (trees, bikes, again) = _ideas(make_process, make_proposal, TREES, BIKES,
                                             TREES_AGAIN)
    pairs = _pairs(db)
    assert list(pairs) == [(trees.id, again.id)]
    assert pairs[(trees.id, again.id)] >= services.DUPLICATE_SHARE
    services.edit_proposal(again.author, again, services.ProposalInput(
        title="Skatepark am Stadion", body="Eine Halfpipe für alle."))
    db.session.commit()
    assert _pairs(db) == {}
    assert bikes.id  # an unrelated idea never pairs


def test_planners_see_pairs_of_public_ideas_most_alike_first(client, db, make_process,
                                                             make_proposal, make_user,
                                                             login_as):
    process, (trees, _bikes, again) = _ideas(make_process, make_proposal, TREES, BIKES,
                                             TREES_AGAIN)
    login_as(make_user(role="planner"))
    html = client.get(f"/processes/{process.slug}/projects/duplicates").get_data(as_text=True)
    assert f'href="/proposals/{trees.id}"' in html and f'href="/proposals/{again.id}"' in html
    assert "zusammenführen" not in html  # projects are made from the shortlist on
    process.current_phase = PhaseKind.SHORTLIST.value
    db.session.commit()
    html = client.get(f"/processes/{process.slug}/projects/duplicates").get_data(as_text=True)
    assert "In ein neues Projekt zusammenführen" in html
    again.status = ProposalStatus.HIDDEN.value
    db.session.commit()
    html = client.get(f"/processes/{process.slug}/projects/duplicates").get_data(as_text=True)
    assert f'href="/proposals/{again.id}"' not in html
    assert "Keine Ideen dieses Verfahrens" in html


def test_one_click_merges_a_pair_and_a_person_counts_once(client, db, make_process,
                                                           make_proposal, make_user, login_as):
    process, (trees, bikes, again) = _ideas(make_process, make_proposal, TREES, BIKES,
                                            TREES_AGAIN)
    process.current_phase = PhaseKind.VOTING.value
    voter = make_user()
    vote_services.cast_vote(voter, trees)
    vote_services.cast_vote(voter, again)
    process.current_phase = PhaseKind.SHORTLIST.value
    db.session.commit()
    planner = make_user(role="planner")
    login_as(planner)
    # the pair's button: a new project from both ideas (the form comes prefilled)
    response = client.post(f"/processes/{process.slug}/projects/choose",
                           data={"target": "new", "proposal": [str(trees.id), str(again.id)]})
    assert response.status_code == 302
    assert f"proposal={trees.id}" in response.headers["Location"]
    assert f"proposal={again.id}" in response.headers["Location"]
    # when one of them is in a project already, one click adds the other to it
    project = make_project(planner, process, [trees], title="Grüner Marktplatz")
    project_services.publish_projects(planner, process)
    db.session.commit()
    page = client.get(f"/processes/{process.slug}/projects/duplicates").get_data(as_text=True)
    assert "Zu „Grüner Marktplatz“ hinzufügen" in page
    response = client.post(f"/processes/{process.slug}/projects/choose",
                           data={"target": str(project.id), "proposal": str(again.id)})
    assert response.status_code == 302
    figures = project_services.project_figures(process)[project.id]
    assert (figures.ideas, figures.supporters, figures.online_votes) == (2, 1, 2)
    # the idea's people hear that it was merged into the public project
    told = db.session.execute(select(Notification.recipient_id).where(
        Notification.kind == "merged", Notification.proposal_id == again.id)).scalars().all()
    assert sorted(told) == sorted({again.author_id, voter.id})
    assert bikes.id not in {i for pair in _pairs(db) for i in pair}


def test_reindexing_rebuilds_terms_and_pairs(app, db, make_process, make_proposal):
    process, (trees, _bikes, again) = _ideas(make_process, make_proposal, TREES, BIKES,
                                             TREES_AGAIN)
    db.session.execute(delete(ProposalSimilarity))
    db.session.execute(delete(ProposalTerm))
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["processes", "reindex", process.slug])
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    assert list(_pairs(db)) == [(trees.id, again.id)]
    assert runner.invoke(args=["processes", "reindex", "nope"]).exit_code != 0
