"""The maps' pages and their background: the idea list's map view with the list's filters,
the point picker on the posting form, and the tile server a city may configure (CSP,
privacy notice, configuration check). The maps in a real browser:
tests/browser/test_map_browser.py."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from participation.config import Config, ConfigurationError, checked_environment
from participation.maps import TileUrlError, check_tile_url
from participation.proposals import services as proposal_services
from tests.conftest import login
from tests.test_images import jpeg

TILES = "https://tiles.example-city.de/{z}/{x}/{y}.png"


def map_config(html: str, mode: str) -> dict:
    for raw in re.findall(r"data-map='([^']*)'", html):
        config = json.loads(unescape(raw))
        if config["mode"] == mode:
            return config
    raise AssertionError(f"no {mode} map on the page")


def img_sources(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("img-src"))


def test_the_idea_list_offers_a_map_view_with_the_same_filters(client, make_process):
    process = make_process()
    topic = process.topics[0]
    html = client.get(f"/processes/{process.slug}/proposals?q=baum&topic={topic.id}").text
    switch = re.search(r'<nav class="view-switch".*?</nav>', html, re.S).group(0)
    assert 'aria-current="page"' in switch.split("</a>")[0]  # the list is the current view
    assert "view=map" in switch and "q=baum" in switch and f"topic={topic.id}" in switch
    assert "data-map=" not in html  # no map, no Leaflet on the list view
    assert "leaflet" not in html

    page = client.get(f"/processes/{process.slug}/proposals?view=map&q=baum&topic={topic.id}")
    html = page.text
    config = map_config(html, "ideas")
    assert config["tiles"] is None
    assert config["districts_url"] == f"/api/v1/processes/{process.slug}/districts.geojson"
    ideas_url = unescape(re.search(r'data-ideas-url="([^"]*)"', html).group(1))
    assert ideas_url.startswith(f"/api/v1/processes/{process.slug}/proposals.geojson?")
    assert "q=baum" in ideas_url and f"topic={topic.id}" in ideas_url
    # the way to the same ideas as a list comes before the map
    skip = html.index("Show these ideas as a list") if "Show these ideas as a list" in html \
        else html.index('class="map-skip"')
    assert skip < html.index("data-map=")
    list_link = re.search(r'class="map-skip"><a href="([^"]*)"', html).group(1)
    assert "view=map" not in list_link and "q=baum" in unescape(list_link)
    # a search from the map view stays on the map
    assert '<input type="hidden" name="view" value="map">' in html
    assert "vendor/leaflet/leaflet.js" in html and "js/map.js" in html


def test_the_posting_form_has_a_point_picker_on_its_own_fields(client, make_user, make_process):
    process = make_process()
    login(client, make_user())
    html = client.get(f"/processes/{process.slug}/proposals/new").text
    picker = re.search(r'<div class="map map-picker"[^>]*>', html).group(0)
    assert 'data-lat-input="lat"' in picker and 'data-lon-input="lon"' in picker
    assert 'id="lat"' in html and 'id="lon"' in html  # still usable without the map
    assert map_config(html, "picker")["labels"]["pin_set"]


def test_the_default_map_allows_pictures_from_our_origin_only(client):
    response = client.get("/")
    assert img_sources(response).split() == ["img-src", "'self'", "data:"]
    privacy = client.get("/privacy").text
    assert "keine Kartenkacheln" in privacy  # German, the default language
    assert "tiles.example" not in privacy


def test_a_tile_server_is_allowed_by_the_policy_and_named_in_the_privacy_notice(make_app,
                                                                                  make_process):
    app = make_app(MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION="© Beispielstadt Vermessung")
    with app.app_context():
        process = make_process()
        client = app.test_client()
        response = client.get(f"/processes/{process.slug}/proposals?view=map")
        assert img_sources(response).split() == [
            "img-src", "'self'", "data:", "https://tiles.example-city.de"]
        assert map_config(response.text, "ideas")["tiles"] == {
            "url": TILES, "attribution": "© Beispielstadt Vermessung", "max_zoom": 19}
        privacy = client.get("/privacy", headers={"Accept-Language": "de"}).text
        assert "tiles.example-city.de" in privacy


@pytest.mark.parametrize(("url", "problem"), [
    ("http://tiles.example.org/{z}/{x}/{y}.png", "https://"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "one host"),
    ("https://tiles.example.org/{z}/{x}.png", "{y}"),
    ("tiles.example.org/{z}/{x}/{y}.png", "https://"),
    ("javascript:alert(1)//{z}/{x}/{y}", "https://"),
])
def test_a_tile_url_that_is_not_one_host_stops_the_start(url, problem):
    with pytest.raises(TileUrlError, match=re.escape(problem)):
        check_tile_url(url)
    with pytest.raises(ConfigurationError, match="MAP_TILE_URL"):
        checked_environment({"MAP_TILE_URL": url})


def test_a_tile_server_on_this_machine_may_use_http():
    assert check_tile_url(" http://127.0.0.1:8123/{z}/{x}/{y}.png ") == \
        "http://127.0.0.1:8123/{z}/{x}/{y}.png"
    config = Config.from_env({"MAP_TILE_URL": TILES, "MAP_TILE_MAX_ZOOM": "17"})
    assert config["MAP_TILE_URL"] == TILES and config["MAP_TILE_MAX_ZOOM"] == 17


def test_a_marker_card_shows_the_ideas_first_picture(app, client, db, make_proposal, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    idea = make_proposal(lat=52.41, lon=12.55)
    plain = make_proposal(process=idea.process, title="Ohne Bild", lat=52.42, lon=12.56)
    image = proposal_services.add_image(idea.author, idea, jpeg(), "Der heiße Marktplatz")
    db.session.commit()
    features = client.get(f"/api/v1/processes/{idea.process.slug}/proposals.geojson"
                          ).get_json()["features"]
    by_id = {f["id"]: f["properties"] for f in features}
    assert "thumbnail_url" not in by_id[plain.id] and "thumbnail_alt" not in by_id[plain.id]
    card = by_id[idea.id]
    assert card["thumbnail_url"] == f"/uploads/{image.thumb_name}"
    assert card["thumbnail_alt"] == "Der heiße Marktplatz"
    with client.get(card["thumbnail_url"]) as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/jpeg"
