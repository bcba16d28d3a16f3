"""Workshop pages: preparing and opening a board, joining by code, the board pages that
board.js takes over, and what happens after the session (publishing, exports)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import event, func, select

from participation import branding
from participation.accounts.models import Role
from participation.proposals.models import Proposal, ProposalStatus
from participation.workshops import services
from participation.workshops.models import Card, Workshop
from participation.workshops.services import Actor


@pytest.fixture
def facilitator(make_user, login_as):
    user = make_user(role=Role.FACILITATOR)
    login_as(user)
    return user


@pytest.fixture
def make_workshop(db, make_user, make_process):
    """A prepared workshop (optionally opened), made through the services."""

    def factory(process=None, opened=False, **fields):
        owner = make_user(role=Role.FACILITATOR)
        workshop = services.create_workshop(owner, process or make_process(), "Werkstatt Markt",
                                            **fields)
        if opened:
            services.open_workshop(owner, workshop)
        db.session.commit()
        workshop.owner = owner
        return workshop

    return factory


def command(db, workshop, actor, name, payload=None):
    outcome = services.run_command(workshop.id, actor, name, payload or {})
    db.session.commit()
    return outcome


def count(db, model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


# --- preparing ---------------------------------------------------------------------------------

def test_facilitator_creates_a_workshop_with_imported_ideas(client, db, facilitator,
                                                            make_process, make_proposal):
    process = make_process()
    first = make_proposal(process=process, title="Mehr Bäume am Markt")
    second = make_proposal(process=process, title="Trinkbrunnen am Bahnhof")
    form = client.get(f"/processes/{process.slug}/workshops/new").get_data(as_text=True)
    assert f'value="{first.id}"' in form and "Trinkbrunnen am Bahnhof" in form
    assert '<label for="title">' in form

    response = client.post(f"/processes/{process.slug}/workshops/new", data={
        "title": "Werkstatt Innenstadt", "starts_at": "2035-05-14T18:00",
        "dots_per_participant": "7", "approval_required": "y",
        "proposals": [str(first.id), str(second.id)]})

    workshop = db.session.execute(select(Workshop)).scalar_one()
    assert response.status_code == 302
    assert response.location.endswith(f"/workshops/{workshop.id}/control")
    assert (workshop.title, workshop.dots_per_participant, workshop.approval_required) == (
        "Werkstatt Innenstadt", 7, True)
    assert workshop.starts_at.isoformat() == "2035-05-14T16:00:00+00:00"  # Berlin summer time
    cards = db.session.execute(select(Card).where(Card.workshop_id == workshop.id)).scalars()
    assert {(c.proposal_id, c.text) for c in cards} == {
        (first.id, "Mehr Bäume am Markt"), (second.id, "Trinkbrunnen am Bahnhof")}


@pytest.mark.parametrize(("field", "value"), [
    ("title", ""), ("title", "x" * 121), ("dots_per_participant", "0"),
    ("dots_per_participant", "51"), ("dots_per_participant", "viele"), ("starts_at", "morgen"),
    ("proposals", "foreign"),
])
def test_bad_input_stores_nothing(client, db, facilitator, make_process, make_proposal,
                                  field, value):
    process = make_process()
    own = make_proposal(process=process)
    foreign = make_proposal(process=make_process(), title="Anderswo")
    data = {"title": "Werkstatt", "dots_per_participant": "5", "proposals": [str(own.id)]}
    data[field] = [str(own.id), str(foreign.id)] if value == "foreign" else value

    response = client.post(f"/processes/{process.slug}/workshops/new", data=data)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="form-errors"' in html and 'class="error"' in html
    assert count(db, Workshop) == 0
    assert count(db, Card) == 0


def test_hidden_ideas_are_not_offered_for_import(client, db, facilitator, make_process,
                                                 make_proposal):
    process = make_process()
    hidden = make_proposal(process=process, title="Versteckte Idee")
    hidden.status = ProposalStatus.HIDDEN.value
    make_proposal(process=process, title="Sichtbare Idee")
    html = client.get(f"/processes/{process.slug}/workshops/new").get_data(as_text=True)
    assert "Sichtbare Idee" in html
    assert "Versteckte Idee" not in html


FACILITATOR_PAGES = [
    ("get", "/workshops"), ("get", "/processes/{slug}/workshops/new"),
    ("post", "/processes/{slug}/workshops/new"), ("get", "/workshops/{id}/control"),
    ("post", "/workshops/{id}/open"), ("get", "/workshops/{id}/projector"),
    ("get", "/workshops/{id}/qr.svg"), ("get", "/workshops/{id}/results"),
    ("post", "/workshops/{id}/results"), ("get", "/workshops/{id}/export.csv"),
    ("get", "/workshops/{id}/export.json"),
]


@pytest.mark.parametrize(("method", "path"), FACILITATOR_PAGES)
def test_citizens_may_not_use_facilitator_pages(client, db, make_user, login_as,
                                                make_workshop, method, path):
    workshop = make_workshop(opened=True)
    login_as(make_user(role=Role.CITIZEN))
    url = path.format(slug=workshop.process.slug, id=workshop.id)
    response = getattr(client, method)(url, data={"title": "X", "mode": "cards"})
    assert response.status_code == 403
    assert count(db, Workshop) == 1
    assert db.session.get(Workshop, workshop.id).results_published_at is None


@pytest.mark.parametrize(("method", "path"), FACILITATOR_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, make_workshop, method, path):
    workshop = make_workshop(opened=True)
    url = path.format(slug=workshop.process.slug, id=workshop.id)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/account/login" in response.location


def test_workshop_list_shows_status_and_join_code(client, facilitator, make_workshop):
    draft = make_workshop()
    running = make_workshop(opened=True)
    html = client.get("/workshops").get_data(as_text=True)
    assert f"/workshops/{draft.id}/control" in html
    assert running.join_code in html
    assert html.count("Werkstatt Markt") >= 2


# --- opening and joining -----------------------------------------------------------------------

def test_open_shows_the_code_and_the_qr_code_only_while_open(client, db, facilitator,
                                                             make_workshop):
    workshop = make_workshop()
    assert client.get(f"/workshops/{workshop.id}/qr.svg").status_code == 404
    assert f'action="/workshops/{workshop.id}/open"' in client.get(
        f"/workshops/{workshop.id}/control").get_data(as_text=True)

    response = client.post(f"/workshops/{workshop.id}/open")
    assert response.status_code == 302
    code = db.session.get(Workshop, workshop.id).join_code
    assert code and len(code) == 6
    html = client.get(f"/workshops/{workshop.id}/control").get_data(as_text=True)
    assert f'<strong class="join-code">{code}</strong>' in html
    assert f'href="http://localhost/w/{code}"' in html
    assert re.search(rf'<img[^>]+src="/workshops/{workshop.id}/qr.svg"[^>]+alt="[^"]+"', html)

    qr = client.get(f"/workshops/{workshop.id}/qr.svg")
    assert qr.status_code == 200
    assert qr.content_type.startswith("image/svg+xml")
    assert "<svg" in qr.get_data(as_text=True)

    command(db, workshop, Actor(user=facilitator), "session:end")
    assert client.get(f"/workshops/{workshop.id}/qr.svg").status_code == 404


def test_join_form_normalises_the_code(client):
    page = client.get("/join")
    assert page.status_code == 200
    assert '<label for="code">' in page.get_data(as_text=True)
    response = client.get("/join?code=abc-234")
    assert response.status_code == 302
    assert response.location.endswith("/w/ABC234")
    posted = client.post("/join", data={"code": " xy z7 8 9 "})
    assert posted.status_code == 302
    assert posted.location.endswith("/w/XYZ789")
    assert client.post("/join", data={"code": "--"}).status_code == 400
    assert client.get("/w/abc234").location.endswith("/w/ABC234")


def test_unknown_or_closed_code_is_a_404_page_with_a_way_back(client, db, make_workshop):
    page = client.get("/w/WRONG")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert 'class="skip-link"' in html and html.count("<main") == 1
    assert 'href="/join"' in html

    workshop = make_workshop(opened=True)
    code = workshop.join_code
    assert client.get(f"/w/{code}").status_code == 200
    command(db, workshop, Actor(user=workshop.owner), "session:end")
    assert client.get(f"/w/{code}").status_code == 404


def test_participant_page_has_nickname_form_note_form_and_board(client, db, make_workshop,
                                                                make_proposal):
    idea = make_proposal(title="Mehr Bäume am Markt")
    workshop = make_workshop(process=idea.process, opened=True, proposal_ids=[idea.id])
    html = client.get(f"/w/{workshop.join_code}").get_data(as_text=True)

    assert html.count("<main") == 1 and html.count("<h1") == 1
    assert '<label for="join-nickname">' in html and 'id="join-nickname"' in html
    assert '<label for="note-text">' in html
    assert re.search(r'<textarea id="note-text"[^>]*maxlength="280"', html)
    assert 'aria-live="polite"' in html and 'role="status"' in html
    assert f'data-workshop-id="{workshop.id}"' in html
    assert f'data-code="{workshop.join_code}"' in html
    assert 'data-mode="participant"' in html
    card = db.session.execute(select(Card)).scalar_one()
    assert re.search(r'<ul class="note-list" id="board-loose-list">\s*'
                     rf'<li class="note note-visible" id="note-{card.id}"[^>]*'
                     rf'aria-labelledby="note-{card.id}-text"', html)
    assert f'<p class="note-text" id="note-{card.id}-text">Mehr Bäume am Markt</p>' in html


def test_pending_and_hidden_notes_stay_off_the_participants_page(client, db, login_as,
                                                                 make_workshop):
    workshop = make_workshop(opened=True, approval_required=True)
    anna, _token = services.join_workshop(workshop.join_code, "Anna")
    db.session.commit()
    command(db, workshop, Actor(participant_id=anna.id), "card:add", {"text": "Wartet noch"})
    outcome = command(db, workshop, Actor(user=workshop.owner), "card:add", {"text": "Weg damit"})
    command(db, workshop, Actor(user=workshop.owner), "card:hide",
            {"card_id": outcome.ack["card_id"], "hidden": True})

    public = client.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    assert "Wartet noch" not in public and "Weg damit" not in public
    login_as(workshop.owner)
    control = client.get(f"/workshops/{workshop.id}/control").get_data(as_text=True)
    assert "Wartet noch" in control and "Weg damit" in control
    projector = client.get(f"/workshops/{workshop.id}/projector").get_data(as_text=True)
    assert "Wartet noch" not in projector and "Weg damit" not in projector


BOARD_PAGES = ["/w/{code}", "/workshops/{id}/control", "/workshops/{id}/projector"]


@pytest.mark.parametrize("path", BOARD_PAGES)
def test_board_pages_load_our_scripts_and_nothing_inline(client, facilitator, make_workshop,
                                                         path):
    workshop = make_workshop(opened=True)
    html = client.get(path.format(code=workshop.join_code, id=workshop.id)).get_data(
        as_text=True)
    assert '<script src="/static/vendor/socket.io.min.js" defer></script>' in html
    assert '<script src="/static/js/board.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/css/board.css">' in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S):
        assert body == "" or json.loads(body)  # only data, never code
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    # one inline style only: the brand tokens, allowed by their hash in the CSP
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    assert styles == [branding.style_sheet(client.application.config["BRAND_COLOR"])]


@pytest.mark.parametrize("path", ["/static/vendor/socket.io.min.js", "/static/js/board.js",
                                  "/static/js/board-view.js", "/static/css/board.css"])
def test_board_assets_are_served_from_our_own_site(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.get_data()
    response.close()


def test_the_socket_io_client_is_the_official_v4_build(client):
    response = client.get("/static/vendor/socket.io.min.js")
    assert response.get_data(as_text=True).startswith("/*!\n * Socket.IO v4.")
    response.close()


def test_projector_shows_results_only_when_revealed(client, db, facilitator, make_workshop):
    workshop = make_workshop(opened=True)
    anna, _token = services.join_workshop(workshop.join_code, "Anna")
    db.session.commit()
    added = command(db, workshop, Actor(participant_id=anna.id), "card:add",
                    {"text": "Schattige Bänke"})
    command(db, workshop, Actor(user=facilitator), "phase:set", {"phase": "vote"})
    command(db, workshop, Actor(participant_id=anna.id), "vote:add",
            {"card_id": added.ack["card_id"]})
    results_box = re.compile(r'<section id="board-results"[^>]*>')

    html = client.get(f"/workshops/{workshop.id}/projector").get_data(as_text=True)
    assert workshop.join_code in html and f"/workshops/{workshop.id}/qr.svg" in html
    assert " hidden" in results_box.search(html).group(0)

    command(db, workshop, Actor(user=facilitator), "results:reveal", {"revealed": True})
    html = client.get(f"/workshops/{workshop.id}/projector").get_data(as_text=True)
    assert " hidden" not in results_box.search(html).group(0)
    assert re.search(r'<span class="result-text">Schattige Bänke</span>\s*'
                     r'<span class="result-count">[^<]*1</span></span>\s*'
                     r'<span class="result-bar" aria-hidden="true"><span class="result-fill '
                     r'bar-20">', html)


def test_participant_page_stays_bounded_in_queries(client, db, make_workshop):
    workshop = make_workshop(opened=True)
    for number in range(25):
        person, _token = services.join_workshop(workshop.join_code, f"Person {number}")
        db.session.flush()
        services.run_command(workshop.id, Actor(participant_id=person.id), "card:add",
                             {"text": f"Notiz {number}"})
    db.session.commit()
    statements = []
    engine = db.engine

    def counted(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", counted)
    try:
        html = client.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    assert "Notiz 24" in html and "Person 24" in html
    assert len(statements) <= 10, statements


# --- after the session -------------------------------------------------------------------------

def _closed_board(db, workshop, facilitator_user):
    anna, _token = services.join_workshop(workshop.join_code, "Anna")
    db.session.commit()
    actor = Actor(participant_id=anna.id)
    command(db, workshop, actor, "card:add", {"text": "=HYPERLINK(\"http://evil\")"})
    command(db, workshop, actor, "card:add", {"text": "Mehr Schatten; weniger Beton"})
    command(db, workshop, Actor(user=facilitator_user), "session:end")


def test_publishing_cards_creates_workshop_proposals(client, db, facilitator, make_workshop):
    workshop = make_workshop(opened=True)
    _closed_board(db, workshop, facilitator)
    page = client.get(f"/workshops/{workshop.id}/results")
    assert page.status_code == 200 and 'name="mode"' in page.get_data(as_text=True)

    response = client.post(f"/workshops/{workshop.id}/results", data={"mode": "cards"})

    assert response.status_code == 302
    created = db.session.execute(select(Proposal).order_by(Proposal.id)).scalars().all()
    assert [(p.origin, p.workshop_id) for p in created] == [("workshop", workshop.id)] * 2
    html = client.get(f"/workshops/{workshop.id}/results").get_data(as_text=True)
    for proposal in created:
        assert f'href="/proposals/{proposal.id}"' in html
    assert client.post(f"/workshops/{workshop.id}/results",
                       data={"mode": "cards"}).status_code == 409
    assert count(db, Proposal) == 2


def test_a_published_workshop_has_a_public_record_its_ideas_link_to(app, client, db,
                                                                     facilitator, make_workshop):
    workshop = make_workshop(opened=True)
    _closed_board(db, workshop, facilitator)
    anonymous = app.test_client()
    assert anonymous.get(f"/workshops/{workshop.id}").status_code == 404  # not published yet
    client.post(f"/workshops/{workshop.id}/results", data={"mode": "cards"})
    created = db.session.execute(select(Proposal).order_by(Proposal.id)).scalars().all()

    record = anonymous.get(f"/workshops/{workshop.id}")

    assert record.status_code == 200
    html = record.get_data(as_text=True)
    assert workshop.title in html and "Mehr Schatten; weniger Beton" in html
    assert "Anna" not in html  # nicknames stay in the room
    for proposal in created:
        assert f'href="/proposals/{proposal.id}"' in html
        idea = anonymous.get(f"/proposals/{proposal.id}").get_data(as_text=True)
        assert f'href="/workshops/{workshop.id}"' in idea
        assert f"aus dem Workshop „{workshop.title}“" in idea
    assert anonymous.get("/workshops/999999").status_code == 404


@pytest.mark.parametrize("mode", ["", "everything"])
def test_publishing_needs_a_known_mode(client, db, facilitator, make_workshop, mode):
    workshop = make_workshop(opened=True)
    _closed_board(db, workshop, facilitator)
    assert client.post(f"/workshops/{workshop.id}/results",
                       data={"mode": mode}).status_code == 400
    assert count(db, Proposal) == 0


def test_publishing_an_open_board_is_refused(client, db, facilitator, make_workshop):
    workshop = make_workshop(opened=True)
    response = client.post(f"/workshops/{workshop.id}/results", data={"mode": "cards"})
    assert response.status_code == 409
    assert count(db, Proposal) == 0


def test_csv_export_opens_in_german_excel_and_neutralises_formulas(client, db, facilitator,
                                                                   make_workshop):
    workshop = make_workshop(opened=True)
    _closed_board(db, workshop, facilitator)
    response = client.get(f"/workshops/{workshop.id}/export.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;text;group;")
    assert ";'=HYPERLINK" in text or ';"\'=HYPERLINK' in text
    assert ";=HYPERLINK" not in text and ';"=HYPERLINK' not in text
    assert '"Mehr Schatten; weniger Beton"' in text


def test_json_export_has_the_rows_and_the_workshop(client, db, facilitator, make_workshop):
    workshop = make_workshop(opened=True)
    _closed_board(db, workshop, facilitator)
    response = client.get(f"/workshops/{workshop.id}/export.json")
    assert response.status_code == 200
    assert response.content_type.startswith("application/json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["workshop"]["id"] == workshop.id
    assert data["workshop"]["status"] == "closed"
    assert [row["text"] for row in data["rows"]] == ['=HYPERLINK("http://evil")',
                                                     "Mehr Schatten; weniger Beton"]
    assert {row["author"] for row in data["rows"]} == {"Anna"}
