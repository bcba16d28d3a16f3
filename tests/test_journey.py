"""The "done when" of the foundation: the demo citizen's first visit, end to end over HTTP."""

from __future__ import annotations

import json

from sqlalchemy import select

from participation.demo import DEMO_PASSWORD, load_demo
from participation.proposals.models import Comment, Proposal
from tests.conftest import login


def test_demo_citizen_posts_comments_switches_language_and_downloads_data(app, db, client):
    load_demo()
    login(client, "citizen@demo.local", DEMO_PASSWORD)
    process_page = client.get("/processes/zukunft-2035").get_data(as_text=True)
    assert "Musterstadt" in process_page
    new_form = client.get("/processes/zukunft-2035/proposals/new")
    assert new_form.status_code == 200
    topic_id = new_form.get_data(as_text=True).split('<option value="', 3)[2].split('"')[0]
    idea = {"title": "Sitzbänke mit Schatten am Seeufer",
            "body": "Ältere Menschen brauchen auf dem Weg zum See Pausen im Schatten.",
            "topic": topic_id, "district": "", "lat": "", "lon": ""}
    response = client.post("/processes/zukunft-2035/proposals/new", data=idea)
    # the demo city already has ideas about benches and shade: they are shown first
    assert response.status_code == 200
    assert "Es gibt schon ähnliche Ideen" in response.get_data(as_text=True)
    response = client.post("/processes/zukunft-2035/proposals/new",
                           data={**idea, "similar_seen": "1"})
    assert response.status_code == 302
    mine = db.session.execute(
        select(Proposal).where(Proposal.title == "Sitzbänke mit Schatten am Seeufer")
    ).scalar_one()
    other = db.session.execute(
        select(Proposal).where(Proposal.author_id != mine.author_id).limit(1)).scalar_one()
    response = client.post(f"/proposals/{other.id}/comments",
                           data={"body": "Das unterstütze ich, gerade für Familien."})
    assert response.status_code == 302
    response = client.get(f"/language/en?next=/proposals/{other.id}")
    assert response.headers["Location"] == f"/proposals/{other.id}"
    page = client.get(f"/proposals/{other.id}").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Das unterstütze ich, gerade für Familien." in page
    download = client.get("/account/export")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["account"]["email"] == "citizen@demo.local"
    assert "Sitzbänke mit Schatten am Seeufer" in [p["title"] for p in data["proposals"]]
    assert "Das unterstütze ich, gerade für Familien." in [c["body"] for c in data["comments"]]
    assert data["account"]["language"] == "en"
    assert db.session.execute(select(Comment).where(Comment.proposal_id == other.id)).first()


def test_demo_has_what_the_issue_promises(app, db):
    from participation.processes.services import get_process

    load_demo()
    process = get_process("zukunft-2035")
    assert process.current_phase == "ideas"
    assert len(process.topics) == 7 and len(process.districts) == 6
    proposals = db.session.execute(
        select(Proposal).where(Proposal.process_id == process.id)).scalars().all()
    assert len(proposals) == 40
    assert sum(p.comment_count for p in proposals) >= 80
