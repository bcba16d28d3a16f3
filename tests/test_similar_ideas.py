"""Similar-idea hints: the terms, the score, the service, and the form with and without script."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event, func, select

from participation.proposals import services
from participation.proposals.models import Proposal, ProposalStatus, ProposalTerm
from participation.proposals.similarity import Corpus, score, stem, terms

# --- the pure part ---------------------------------------------------------------------------

def test_terms_are_folded_stemmed_and_free_of_stop_words():
    assert terms("Mehr Bäume für den Marktplatz", "Bäumen und Bänke") == {
        "baum": 3, "marktplatz": 2, "bank": 1}
    assert stem("pflanzungen") == "pflanz" and stem("haus") == "haus"
    assert terms("", "und oder 2035 ab") == {}


def test_the_score_prefers_rare_shared_words_and_drops_weak_matches():
    query = terms("Trinkbrunnen am Bahnhof")
    corpus = Corpus(documents=100, average_length=10,
                    document_frequency={"trinkbrunn": 2, "bahnhof": 30})
    postings = {
        1: (10, {"trinkbrunn": 2, "bahnhof": 1}),  # both words
        2: (10, {"trinkbrunn": 1}),  # the rare word only
        3: (10, {"bahnhof": 2}),  # the common word only: too weak
    }
    ranked = score(query, corpus, postings)
    assert [idea for idea, _share in ranked] == [1, 2]
    assert ranked[0][1] > ranked[1][1]
    assert score(terms("Radweg"), corpus, postings) == []


# --- the service -----------------------------------------------------------------------------

@pytest.fixture
def ideas(make_process, make_proposal):
    process = make_process()
    made = {
        "trees": make_proposal(process, title="Mehr Bäume am Marktplatz",
                               body="Im Sommer ist der Marktplatz heiß, Bäume geben Schatten."),
        "fountain": make_proposal(process, title="Trinkbrunnen in der Altstadt",
                                  body="Kostenloses Trinkwasser an heißen Tagen."),
        "bikes": make_proposal(process, title="Radweg an der Havel",
                               body="Ein sicherer Radweg entlang des Flusses."),
        "library": make_proposal(process, title="Bibliothek länger öffnen",
                                 body="Die Stadtbibliothek sollte abends geöffnet sein."),
    }
    return process, made


def test_a_new_text_finds_the_idea_it_repeats(ideas):
    process, made = ideas
    found = services.similar_proposals(process, "Baumpflanzung Marktplatz",
                                       "Mehr Schatten durch Bäume auf dem Markt")
    assert [p.id for p, _share in found][:1] == [made["trees"].id]
    assert made["bikes"].id not in [p.id for p, _share in found]
    assert services.similar_proposals(process, "Skatepark", "Eine Halfpipe für alle") == []


def test_only_public_ideas_of_the_same_process_are_suggested(ideas, make_process,
                                                             make_proposal, db):
    process, made = ideas
    other = make_proposal(make_process(), title="Mehr Bäume am Marktplatz")
    made["trees"].status = ProposalStatus.HIDDEN.value
    db.session.commit()
    found = services.similar_proposals(process, "Mehr Bäume am Marktplatz")
    assert [p.id for p, _share in found] == []
    assert other.id not in [p.id for p, _ in services.similar_proposals(
        process, "Bäume Marktplatz Schatten")]


def test_changing_an_idea_changes_its_terms(ideas, db):
    process, made = ideas
    bikes = made["bikes"]
    services.edit_proposal(bikes.author, bikes, services.ProposalInput(
        title="Fahrradstraße zum Bahnhof", body="Eine Fahrradstraße statt Autoverkehr."))
    db.session.commit()
    stored = set(db.session.execute(select(ProposalTerm.term).where(
        ProposalTerm.proposal_id == bikes.id)).scalars())
    assert "fahrradstrass" in stored and "radweg" not in stored
    found = services.similar_proposals(process, "Fahrradstraße zum Bahnhof")
    assert [p.id for p, _share in found] == [bikes.id]


def test_at_most_five_and_a_bounded_number_of_queries(make_process, make_proposal, db):
    process = make_process()
    for number in range(8):
        make_proposal(process, title=f"Sitzbänke im Park Nummer {number}",
                      body="Mehr Sitzbänke im Stadtpark, bitte.")
    make_proposal(process, title="Etwas ganz anderes", body="Parkplätze am Stadion.")
    assert process.slug  # loaded before counting
    statements = []

    def counted(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        found = services.similar_proposals(process, "Sitzbänke im Stadtpark")
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    assert len(found) == 5
    assert all("Sitzbänke" in p.title for p, _share in found)
    assert len([s for s in statements if s.startswith("SELECT")]) <= 4


# --- the pages -------------------------------------------------------------------------------

def _count(db) -> int:
    value = db.session.execute(select(func.count(Proposal.id))).scalar_one()
    db.session.commit()
    return value


def test_without_script_the_first_submit_shows_look_alikes_and_the_second_publishes(
        ideas, client, make_user, login_as, db):
    process, made = ideas
    login_as(make_user())
    before = _count(db)
    data = {"title": "Bäume für den Marktplatz", "body": "Schatten auf dem Marktplatz, bitte."}

    first = client.post(f"/processes/{process.slug}/proposals/new", data=data)

    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert f'href="/proposals/{made["trees"].id}"' in html
    assert 'name="similar_seen" type="hidden" value="1"' in html
    assert _count(db) == before  # nothing stored yet
    second = client.post(f"/processes/{process.slug}/proposals/new",
                         data={**data, "similar_seen": "1"})
    assert second.status_code == 302
    assert _count(db) == before + 1


def test_a_text_without_look_alikes_publishes_at_once(ideas, client, make_user, login_as, db):
    process, _made = ideas
    login_as(make_user())
    before = _count(db)
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data={"title": "Skatepark", "body": "Eine Halfpipe am Stadion."})
    assert response.status_code == 302
    assert _count(db) == before + 1


def test_the_form_script_gets_the_look_alikes_as_a_fragment(ideas, client):
    process, made = ideas
    response = client.get(f"/processes/{process.slug}/proposals/similar",
                          query_string={"title": "Trinkwasser", "body": "Trinkbrunnen bitte"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/proposals/{made["fountain"].id}"' in html and "<html" not in html
    assert response.headers["Cache-Control"] == "no-store"
    empty = client.get(f"/processes/{process.slug}/proposals/similar",
                       query_string={"title": "x" * 5000})
    assert empty.status_code == 200 and "<li>" not in empty.get_data(as_text=True)
    assert client.get("/processes/nope/proposals/similar").status_code == 404
    page = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    assert page  # the process page is unaffected


def test_the_database_scores_exactly_as_the_reference_formula(make_process, make_proposal, db):
    process = make_process()
    texts = [("Schattige Bäume am Markt", "Mehr Bäume, mehr Schatten am Marktplatz."),
             ("Bäume statt Parkplätze", "Bäume pflanzen, wo heute Autos stehen. Bäume!"),
             ("Schatten für den Spielplatz", "Ein Sonnensegel über dem Sandkasten."),
             ("Markt am Sonntag", "Ein Wochenmarkt am Sonntag auf dem Marktplatz."),
             ("Radweg zum Bahnhof", "Sicher mit dem Rad zum Bahnhof.")]
    for title, body in texts:
        make_proposal(process, title=title, body=body)
    query = terms("Bäume und Schatten am Marktplatz", "Bäume für den Markt")

    found = services.similar_proposals(process, "Bäume und Schatten am Marktplatz",
                                       "Bäume für den Markt")

    proposals = db.session.execute(select(Proposal).where(
        Proposal.process_id == process.id)).scalars().all()
    stored = db.session.execute(select(ProposalTerm)).scalars().all()
    corpus = Corpus(len(proposals), sum(p.term_count for p in proposals) / len(proposals),
                    dict(Counter(t.term for t in stored if t.term in query)))
    postings = {p.id: (p.term_count, {t.term: t.count for t in stored if t.proposal_id == p.id})
                for p in proposals}
    expected = score(query, corpus, postings)
    assert [p.id for p, _share in found] == [idea for idea, _share in expected]
    assert [round(share, 6) for _p, share in found] == \
        [round(share, 6) for _idea, share in expected]
    assert len(found) >= 2
