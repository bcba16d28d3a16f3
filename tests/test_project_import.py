"""Knowledge transfer: another deployment imports our feed (from an address or a file) and
shows it as "what other cities did"; bad feeds are refused with a clear error, storing
nothing."""

from __future__ import annotations

import io
import json
import threading
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.errors import InvalidInput
from participation.extensions import db as _db
from participation.projects import feed, services
from participation.projects.models import ImportedFeed, ImportedProject
from tests.conftest import login
from tests.projects_helpers import make_project, voted_process


@contextmanager
def serving(body: bytes, status: int = 200):
    """An HTTP server on 127.0.0.1 that answers every GET with `body`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1/processes/x/projects"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def our_feed(client, make_process, make_proposal, make_user):
    """The published feed of this deployment (Musterstadt), as bytes."""
    planner = make_user(Role.PLANNER)
    process, proposals, _voters = voted_process(make_process, make_proposal, make_user)
    make_project(planner, process, proposals[:3], title="Grüner Marktplatz", cost_eur="80000",
                 summary="Bäume und Trinkbrunnen")
    make_project(planner, process, proposals[3:], title="Radweg Nordend")
    services.publish_projects(planner, process)
    _db.session.commit()
    response = client.get(f"/api/v1/processes/{process.slug}/projects")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.data


@pytest.fixture
def other_city(make_app, make_user):
    """A second deployment (another city) with a logged-in admin."""
    app = make_app(CITY_NAME="Beispielstadt", PROJECT_FEED_MAX_BYTES=64 * 1024,
                   FEED_FETCH_LOCAL=True)  # the test feeds are served on 127.0.0.1
    admin = make_user(Role.ADMIN)
    client = app.test_client()
    login(client, admin)
    return client


def stored() -> tuple[int, int]:
    return (_db.session.execute(select(func.count(ImportedFeed.id))).scalar_one(),
            _db.session.execute(select(func.count(ImportedProject.id))).scalar_one())


def test_another_city_imports_our_feed_from_an_address(our_feed, other_city):
    with serving(our_feed) as url:
        response = other_city.post("/admin/feeds", data={"url": url})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored() == (1, 2)

    page = other_city.get("/other-cities").get_data(as_text=True)
    assert "Grüner Marktplatz" in page and "Radweg Nordend" in page
    assert '<span class="tag">Musterstadt</span>' in page  # marked with its city
    assert "80.000,00\xa0€" in page

    with serving(our_feed) as url:  # importing again replaces, never doubles
        assert other_city.post("/admin/feeds", data={"url": url}).status_code == 302
    assert stored() == (1, 2)


def test_a_feed_file_can_be_uploaded(our_feed, other_city):
    response = other_city.post("/admin/feeds", data={
        "upload": (io.BytesIO(our_feed), "feed.json")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert stored() == (1, 2)


def test_imported_projects_never_enter_the_local_ranking_or_feed(our_feed, other_city, client,
                                                                  make_process):
    other_city.post("/admin/feeds", data={"upload": (io.BytesIO(our_feed), "feed.json")},
                    content_type="multipart/form-data")
    process = make_process(phase="shortlist")
    assert client.get(f"/api/v1/processes/{process.slug}/ranking").get_json()["items"] == []
    assert client.get(f"/api/v1/processes/{process.slug}/projects").get_json()[
        "projects"] == []


def test_our_own_feed_is_not_imported_as_another_city(our_feed, client, make_user):
    login(client, make_user(Role.ADMIN))
    response = client.post("/admin/feeds", data={
        "upload": (io.BytesIO(our_feed), "feed.json")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "eigenen Stadt" in response.get_data(as_text=True)
    assert stored() == (0, 0)


def _broken(feed: bytes, change) -> bytes:
    data = json.loads(feed)
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize(("make_body", "message"), [
    (lambda feed: b"{not json", "kein gültiges JSON"),
    (lambda feed: _broken(feed, lambda d: d.update(generated_at="gestern")), "generated_at"),
    (lambda feed: b"", "Der Feed ist leer"),
    (lambda feed: feed + b" " * (70 * 1024), "zu groß"),
    (lambda feed: b'{"projects": []}', "kein Projekt-Feed"),
    (lambda feed: _broken(feed, lambda d: d.update(version=2)), "Version"),
    (lambda feed: _broken(feed, lambda d: d["projects"][0].pop("title")), "Schema"),
    (lambda feed: _broken(feed, lambda d: d["projects"][1].update(status="fertig")),
     "projects/1/status"),
    (lambda feed: _broken(feed, lambda d: d.update(projects=[])), "keine Projekte"),
    (lambda feed: "{\"format\": \"zukunftsstadt.projects\"}".encode("utf-16"),
     "kein gültiges JSON"),
], ids=["malformed", "bad-time", "empty", "oversized", "foreign", "version", "missing-field",
        "bad-status", "no-projects", "not-utf8"])
def test_bad_feeds_are_refused_and_nothing_is_stored(our_feed, other_city, make_body,
                                                      message):
    response = other_city.post("/admin/feeds", data={
        "upload": (io.BytesIO(make_body(our_feed)), "feed.json")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="form-errors"' in html and message in html
    assert stored() == (0, 0)


def test_bad_addresses_are_refused(our_feed, other_city):
    for url, message in (("ftp://127.0.0.1/feed.json", "http:// oder https://"),
                         ("http://127.0.0.1:1/feed.json", "nicht geladen werden")):
        response = other_city.post("/admin/feeds", data={"url": url})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with serving(our_feed + b" " * (70 * 1024)) as url:
        response = other_city.post("/admin/feeds", data={"url": url})
    assert response.status_code == 422 and "zu groß" in response.get_data(as_text=True)
    with serving(b"Not found", status=404) as url:
        assert other_city.post("/admin/feeds", data={"url": url}).status_code == 422
    assert other_city.post("/admin/feeds", data={}).status_code == 422
    assert stored() == (0, 0)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/feed.json", "http://localhost:{port}/feed.json",
    "http://[::1]:{port}/feed.json", "http://10.1.2.3/feed.json",
    "http://192.168.0.10/feed.json", "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:{port}/feed.json"])
def test_feeds_are_not_fetched_from_the_servers_own_network(our_feed, make_app, make_user, url):
    """By default (FEED_FETCH_LOCAL off) an address in a loopback, private or link-local
    network is refused before any request, even when something answers there."""
    app = make_app(CITY_NAME="Beispielstadt")
    client = app.test_client()
    login(client, make_user(Role.ADMIN))
    with serving(our_feed) as served:
        port = served.split(":")[2].split("/")[0]
        response = client.post("/admin/feeds", data={"url": url.format(port=port)})
    assert response.status_code == 422
    assert "nur von öffentlichen Adressen" in response.get_data(as_text=True)
    assert stored() == (0, 0)


def test_a_redirect_into_the_servers_own_network_is_not_followed(make_app):
    app = make_app(CITY_NAME="Beispielstadt")
    handler = feed._CheckedRedirects()
    request = urllib.request.Request("http://feeds.example.org/x")
    with app.test_request_context():
        for target, message in (("http://127.0.0.1:8080/admin", "öffentlichen Adressen"),
                                ("http://10.0.0.7/feed.json", "öffentlichen Adressen"),
                                ("file:///etc/passwd", "http:// oder https://")):
            with pytest.raises(InvalidInput, match=message):
                handler.redirect_request(request, None, 302, "Found", {}, target)


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.FACILITATOR, Role.PLANNER])
def test_only_admins_import(our_feed, make_app, make_user, role):
    client = make_app(CITY_NAME="Beispielstadt").test_client()
    login(client, make_user(role))
    response = client.post("/admin/feeds", data={
        "upload": (io.BytesIO(our_feed), "feed.json")}, content_type="multipart/form-data")
    assert response.status_code == 403
    assert stored() == (0, 0)


def test_links_of_a_foreign_feed_are_kept_only_as_web_addresses(our_feed, other_city):
    evil = _broken(our_feed, lambda d: d["projects"][0].update(url="javascript:alert(1)"))
    other_city.post("/admin/feeds", data={"upload": (io.BytesIO(evil), "feed.json")},
                    content_type="multipart/form-data")
    urls = set(_db.session.execute(select(ImportedProject.url)).scalars())
    assert "" in urls and all(u == "" or u.startswith("http://") for u in urls)
    assert "javascript:" not in other_city.get("/other-cities").get_data(as_text=True)


def test_admin_removes_an_imported_feed(our_feed, other_city):
    other_city.post("/admin/feeds", data={"upload": (io.BytesIO(our_feed), "feed.json")},
                    content_type="multipart/form-data")
    feed_id = _db.session.execute(select(ImportedFeed.id)).scalar_one()
    assert other_city.post(f"/admin/feeds/{feed_id}/delete").status_code == 302
    assert stored() == (0, 0)
