"""The page cache for anonymous visitors (participation/pagecache.py): hits, freshness after
every kind of write, who never gets or fills it, its key, its age and size limits."""

from __future__ import annotations

import pytest
from flask import render_template_string
from sqlalchemy import event, text

from participation import pagecache
from participation.accounts.models import Role
from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.proposals import services as proposal_services
from participation.votes import services as vote_services
from tests.conftest import PASSWORD, login
from tests.projects_helpers import voted_process

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Referrer-Policy", "Permissions-Policy", "X-Request-ID")
LOGOUT_FORM = 'action="/account/logout"'


class Statements:
    """The SQL statements run inside the `with` block, on the app's engine."""

    def __init__(self):
        self.engine = _db.engine
        self.seen: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def proposal_queries(self) -> list[str]:
        return [s for s in self.seen if "FROM proposals" in s]


def _list(process) -> str:
    return f"/processes/{process.slug}/proposals"


def fetch(client, path: str, **kwargs):
    """GET the page; returns (response, statements it ran)."""
    with Statements() as statements:
        response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response, statements


def assert_cached(client, path: str, **kwargs) -> str:
    """GET twice: the second answer is the first, from the cache. Returns the page."""
    first, _ = fetch(client, path, **kwargs)
    second, statements = fetch(client, path, **kwargs)
    assert statements.proposal_queries == []
    assert second.data == first.data
    return second.get_data(as_text=True)


def assert_rendered(client, path: str, **kwargs) -> str:
    """GET: the view ran (it read the ideas). Returns the page."""
    response, statements = fetch(client, path, **kwargs)
    assert statements.proposal_queries
    return response.get_data(as_text=True)


def logged_in_client(app, user):
    client = app.test_client()
    login(client, user)
    return client


# --- hits ---------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["list", "ranking", "process"])
def test_a_second_anonymous_request_is_a_hit_with_the_usual_headers(app, make_proposal, page):
    proposal = make_proposal(title="Schattige Bänke am Teich")
    slug = proposal.process.slug
    path = {"list": f"/processes/{slug}/proposals", "ranking": f"/processes/{slug}/ranking",
            "process": f"/processes/{slug}"}[page]
    client = app.test_client()

    first, _ = fetch(client, path)
    second, statements = fetch(client, path)

    assert statements.seen == []  # not even the process is read
    assert second.data == first.data
    assert "Schattige Bänke am Teich" in second.get_data(as_text=True)
    assert second.content_type == "text/html; charset=utf-8"
    for header in SECURITY_HEADERS:
        assert second.headers.get(header), header
    for header in SECURITY_HEADERS[:-1]:
        assert second.headers[header] == first.headers[header]
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]  # this request's
    assert len(app.extensions["page_cache"]) == 1


# --- freshness: every write shows on the very next request ---------------------------------

def test_a_new_idea_shows_at_once(app, make_process, make_user):
    process = make_process()
    member = logged_in_client(app, make_user())
    visitor = app.test_client()
    assert "Trinkbrunnen am Bahnhof" not in assert_cached(visitor, _list(process))

    response = member.post(f"/processes/{process.slug}/proposals/new", data={
        "title": "Trinkbrunnen am Bahnhof", "body": "Im Sommer fehlt Wasser.",
        "topic": "", "district": "", "lat": "", "lon": "", "similar_seen": "1"})
    assert response.status_code == 302

    assert "Trinkbrunnen am Bahnhof" in visitor.get(_list(process)).get_data(as_text=True)


def test_a_vote_shows_at_once(app, make_process, make_proposal, make_user):
    process = make_process(phase=PhaseKind.VOTING)
    proposal = make_proposal(process=process)
    member = logged_in_client(app, make_user())
    visitor = app.test_client()
    ranking = f"/processes/{process.slug}/ranking"
    assert "1 Unterstützung" not in assert_cached(visitor, _list(process))
    ranked_before = assert_cached(visitor, ranking)

    assert member.post(f"/proposals/{proposal.id}/vote").status_code == 302

    assert "1 Unterstützung" in visitor.get(_list(process)).get_data(as_text=True)
    assert visitor.get(ranking).get_data(as_text=True) != ranked_before


def test_a_comment_shows_at_once(app, make_proposal, make_user):
    proposal = make_proposal()
    member = logged_in_client(app, make_user())
    visitor = app.test_client()
    assert "0 Kommentare" in assert_cached(visitor, _list(proposal.process))

    response = member.post(f"/proposals/{proposal.id}/comments", data={"body": "Gute Idee!"})
    assert response.status_code == 302

    assert "1 Kommentar<" in visitor.get(_list(proposal.process)).get_data(as_text=True)


def test_an_idea_hidden_by_a_moderator_is_gone_at_once(app, make_proposal, make_user):
    proposal = make_proposal(title="Kauft bei Firma X")
    moderator = logged_in_client(app, make_user(Role.FACILITATOR))
    visitor = app.test_client()
    for path in (_list(proposal.process), f"/processes/{proposal.process.slug}"):
        assert "Kauft bei Firma X" in assert_cached(visitor, path)

    response = moderator.post(f"/proposals/{proposal.id}/hide", data={"reason": "Werbung"})
    assert response.status_code == 302

    for path in (_list(proposal.process), f"/processes/{proposal.process.slug}"):
        assert "Kauft bei Firma X" not in visitor.get(path).get_data(as_text=True)


def test_a_status_change_shows_at_once(app, make_process, make_proposal, make_user):
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    planner = logged_in_client(app, make_user(Role.PLANNER))
    visitor = app.test_client()
    assert "status-not_selected" not in assert_cached(visitor, _list(process))

    response = planner.post(f"/proposals/{proposals[3].id}/why-not",
                            data={"reason": "Schon im Verkehrsplan."})
    assert response.status_code == 302

    assert 'status-not_selected">nicht ausgewählt<' in visitor.get(_list(process)).get_data(
        as_text=True)


def test_a_phase_change_shows_on_the_process_page_at_once(app, make_process):
    process = make_process()
    visitor = app.test_client()
    before = assert_cached(visitor, f"/processes/{process.slug}")

    process.current_phase = PhaseKind.VOTING.value
    _db.session.commit()  # what the admin's form does, here from the test's own session

    assert visitor.get(f"/processes/{process.slug}").get_data(as_text=True) != before


def test_a_write_through_another_app_in_the_process_shows_at_once(make_app, make_proposal):
    first = make_app()
    second = make_app()
    with first.app_context():
        proposal = make_proposal(title="Mehr Bäume")
        proposal_id, path = proposal.id, _list(proposal.process)
        assert "Mehr Bäume" in assert_cached(first.test_client(), path)
    with second.app_context():
        proposal_services.get_proposal(proposal_id).title = "Mehr Bäume und Hecken"
        _db.session.commit()
        _db.session.remove()
    with first.app_context():
        assert "Mehr Bäume und Hecken" in first.test_client().get(path).get_data(as_text=True)


def test_a_rolled_back_transaction_does_not_make_pages_stale(app, make_proposal, make_user):
    proposal = make_proposal()
    person = make_user()
    visitor = app.test_client()
    assert_cached(visitor, _list(proposal.process))
    generation = pagecache.current_generation()

    proposal_services.add_comment(person, proposal, "Wird zurückgenommen")
    _db.session.rollback()

    assert pagecache.current_generation() == generation
    _response, statements = fetch(visitor, _list(proposal.process))
    assert statements.proposal_queries == []
    # and a commit does: the check above can tell the two apart
    proposal_services.add_comment(person, proposal, "Bleibt")
    _db.session.commit()
    assert pagecache.current_generation() > generation
    assert "1 Kommentar<" in assert_rendered(visitor, _list(proposal.process))


def test_a_bulk_update_on_the_sessions_connection_makes_pages_stale(app, make_process,
                                                                     make_proposal, make_user):
    process = make_process(phase=PhaseKind.VOTING)
    proposal = make_proposal(process=process)
    vote_services.cast_vote(make_user(), proposal)
    _db.session.commit()
    visitor = app.test_client()
    assert "Rang 1" not in assert_cached(visitor, f"{_list(process)}?sort=comments")

    # INSERT into a temporary table and UPDATE ... FROM it, on db.session.connection()
    assert vote_services.refresh_stored_ranking(process, max_age_seconds=0)
    _db.session.commit()

    assert "Rang 1" in assert_rendered(visitor, f"{_list(process)}?sort=comments")


def test_a_text_update_on_a_connection_kept_open_shows_at_once(app, make_proposal):
    proposal = make_proposal(title="Mehr Bäume")
    proposal_id, path = proposal.id, _list(proposal.process)
    visitor = app.test_client()
    assert "Mehr Bäume" in assert_cached(visitor, path)

    with _db.engine.connect() as connection:
        connection.execute(text("UPDATE proposals SET title = :title WHERE id = :id"),
                           {"title": "Mehr Hecken", "id": proposal_id})
        connection.commit()
        # still open, no next transaction yet: the commit itself has moved the generation
        assert "Mehr Hecken" in visitor.get(path).get_data(as_text=True)


def test_the_generation_moves_again_when_the_commit_is_over(app, make_proposal, make_user):
    """A page rendered while the COMMIT runs may have read the rows as they were before it;
    the generation it was rendered under must be over once the commit is."""
    proposal = make_proposal()
    person = make_user()
    during = []

    def record(_conn):  # registered after the cache's own listener: runs after it
        during.append(pagecache.current_generation())

    event.listen(_db.engine, "commit", record)
    try:
        proposal_services.add_comment(person, proposal, "Noch eine Meinung")
        _db.session.commit()
    finally:
        event.remove(_db.engine, "commit", record)
    assert during and pagecache.current_generation() > during[-1]


def test_statements_that_write(app):
    assert pagecache.is_write("INSERT INTO t VALUES (1)", None)
    assert pagecache.is_write("  update t set x = 1", None)
    assert pagecache.is_write("WITH gone AS (DELETE FROM t RETURNING id) SELECT * FROM gone",
                              None)
    assert pagecache.is_write("CREATE TEMPORARY TABLE tmp (id INTEGER)", None)
    for statement in ("SELECT 1", "PRAGMA foreign_keys=ON", "BEGIN IMMEDIATE",
                      "SAVEPOINT sa_savepoint_1", "WITH x AS (SELECT 1) SELECT * FROM x",
                      "SELECT updated_at FROM proposals"):
        assert not pagecache.is_write(statement, None), statement


# --- who never gets or fills the cache -----------------------------------------------------

def test_logged_in_people_never_get_or_fill_the_cache(app, make_proposal, make_user):
    proposal = make_proposal()
    member = logged_in_client(app, make_user())
    path = _list(proposal.process)

    for _ in range(2):
        assert LOGOUT_FORM in assert_rendered(member, path)
    assert len(app.extensions["page_cache"]) == 0

    visitor = app.test_client()
    assert LOGOUT_FORM not in assert_cached(visitor, path)
    assert LOGOUT_FORM in assert_rendered(member, path)


def test_a_remember_cookie_that_logs_in_is_not_anonymous(app, make_proposal, make_user):
    proposal = make_proposal()
    user = make_user()
    member = app.test_client()
    member.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                        "remember": "y"})
    member.delete_cookie("session")  # the browser was closed; the remember cookie stays
    path = _list(proposal.process)
    assert_cached(app.test_client(), path)

    assert LOGOUT_FORM in assert_rendered(member, path)
    assert LOGOUT_FORM in assert_rendered(member, path)


def test_a_request_with_an_authorization_header_is_not_served_from_the_cache(
        app, make_proposal):
    proposal = make_proposal()
    path = _list(proposal.process)
    assert_cached(app.test_client(), path)
    caller = app.test_client()

    for _ in range(2):
        assert_rendered(caller, path, headers={"Authorization": "Bearer not-a-token"})


def test_a_flashed_message_is_neither_cached_nor_hidden_by_the_cache(app, make_proposal):
    proposal = make_proposal()
    path = _list(proposal.process)
    others = app.test_client()
    cached = assert_cached(others, path)
    visitor = app.test_client()

    # a page behind the login flashes "please log in" and sends the visitor to the login
    assert visitor.get(f"/processes/{proposal.process.slug}/proposals/new").status_code == 302
    with_flash = assert_rendered(visitor, path)

    assert 'class="flash flash-info"' in with_flash and 'class="flash' not in cached
    assert others.get(path).get_data(as_text=True) == cached
    assert visitor.get(path).get_data(as_text=True) == cached  # the message was shown once


def test_a_page_that_made_a_csrf_token_is_not_stored(make_app):
    app = make_app()
    rendered = []

    @pagecache.page_cache
    def with_token():
        rendered.append(1)
        return render_template_string("<form>{{ csrf_token() }}</form>")

    @pagecache.page_cache
    def without_token():
        rendered.append(1)
        return render_template_string("<p>{{ 6 * 7 }}</p>")

    app.add_url_rule("/with-token", view_func=with_token)
    app.add_url_rule("/without-token", view_func=without_token)
    with app.app_context():
        visitor = app.test_client()
        first = visitor.get("/with-token")
        second = app.test_client().get("/with-token")
        assert len(rendered) == 2 and first.data != second.data  # each has its own token
        other = app.test_client()  # (the visitor's session now holds the token's secret)
        other.get("/without-token")
        other.get("/without-token")
        assert len(rendered) == 3
        assert len(app.extensions["page_cache"]) == 1


def test_an_unknown_process_is_not_stored(app):
    for _ in range(2):
        assert app.test_client().get("/processes/nowhere/proposals").status_code == 404
    assert len(app.extensions["page_cache"]) == 0


# --- the key --------------------------------------------------------------------------------

def test_each_language_has_its_own_entry(app, make_proposal):
    path = _list(make_proposal().process)
    german = assert_cached(app.test_client(), path)
    english = assert_cached(app.test_client(), path, headers={"Accept-Language": "en"})
    chosen = app.test_client()
    chosen.get("/language/pl")
    chosen.get(path)  # Flask-Login marks the session not fresh: not stored this once
    polish = assert_cached(chosen, path)

    assert "<h1>Ideen</h1>" in german and "<h1>Ideas</h1>" in english
    assert len({german, english, polish}) == 3
    assert len(app.extensions["page_cache"]) == 3


def test_each_query_string_has_its_own_entry(app, make_proposal):
    proposal = make_proposal(title="Mehr Bäume am Markt")
    make_proposal(process=proposal.process, title="Ein Radweg")
    path = _list(proposal.process)
    visitor = app.test_client()

    everything = assert_cached(visitor, path)
    found = assert_cached(visitor, f"{path}?q=Radweg&sort=new")
    # the same pairs in another order: the page's links repeat the query as it was sent
    reordered = assert_cached(visitor, f"{path}?sort=new&q=Radweg")

    assert "Mehr Bäume am Markt" in everything and "Mehr Bäume am Markt" not in found
    assert "Ein Radweg" in found
    assert "sort%3Dnew%26q%3DRadweg" in reordered and reordered != found
    assert len(app.extensions["page_cache"]) == 3


# --- age and size ---------------------------------------------------------------------------

def test_page_cache_seconds_zero_switches_it_off(make_app, make_proposal):
    app = make_app(PAGE_CACHE_SECONDS=0)
    with app.app_context():
        path = _list(make_proposal().process)
        visitor = app.test_client()
        assert_rendered(visitor, path)
        assert_rendered(visitor, path)
        assert "page_cache" not in app.extensions


def test_an_entry_lives_page_cache_seconds(make_app, make_proposal, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(pagecache, "_clock", lambda: now[0])
    app = make_app(PAGE_CACHE_SECONDS=10)
    with app.app_context():
        path = _list(make_proposal().process)
        visitor = app.test_client()
        assert_cached(visitor, path)
        now[0] += 9.9
        assert fetch(visitor, path)[1].proposal_queries == []
        now[0] += 0.2
        assert_rendered(visitor, path)
        assert fetch(visitor, path)[1].proposal_queries == []  # stored again


def test_the_least_recently_used_page_is_dropped(make_app, make_proposal):
    app = make_app(PAGE_CACHE_ENTRIES=2)
    with app.app_context():
        path = _list(make_proposal().process)
        visitor = app.test_client()
        assert_cached(visitor, f"{path}?page=1")
        assert_cached(visitor, f"{path}?page=2")
        assert_cached(visitor, f"{path}?page=1")  # now the most recently used
        assert_cached(visitor, f"{path}?page=3")

        assert len(app.extensions["page_cache"]) == 2
        assert fetch(visitor, f"{path}?page=1")[1].proposal_queries == []
        assert_rendered(visitor, f"{path}?page=2")


def test_the_settings_come_from_the_environment():
    from participation.config import Config, ConfigurationError

    assert (Config.PAGE_CACHE_SECONDS, Config.PAGE_CACHE_ENTRIES) == (10, 500)
    assert Config.from_env({"PAGE_CACHE_SECONDS": "0", "PAGE_CACHE_ENTRIES": "50"}) == {
        "PAGE_CACHE_SECONDS": 0, "PAGE_CACHE_ENTRIES": 50}
    with pytest.raises(ConfigurationError):
        Config.from_env({"PAGE_CACHE_SECONDS": "-1"})
    with pytest.raises(ConfigurationError):
        Config.from_env({"PAGE_CACHE_ENTRIES": "0"})
