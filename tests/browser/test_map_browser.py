"""The maps in a real browser, on the demo city: a citizen picks the place of a new idea with
the mouse and with the keyboard, finds it on the idea map, opens its card and gets to the
same ideas as a list; axe finds nothing; every map page asks only our own origin for
anything, unless the city configured a tile server, which is then the only other host."""

from __future__ import annotations

import io
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from tests.browser.conftest import DEMO_WORKSHOP_ID, LiveApp
from tests.browser.helpers import ROLE_EMAILS, axe_violations, expect, install_axe, log_in
from tests.workshop_server import WorkshopServer

SLUG = "zukunft-2035"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
# A 1x1 grey PNG: what the tile server below answers for every tile.
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2a7b1c30000000049454e44ae426082")


def phone_photo() -> bytes:
    """A photo as a phone takes it: JPEG, 1600x1200, with the camera and the GPS position in
    its EXIF data."""
    image = Image.new("RGB", (1600, 1200), (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)  # the GPS block
    gps.update({1: "N", 2: (52.0, 24.0, 45.0), 3: "E", 4: (12.0, 33.0, 10.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    data = out.getvalue()
    assert b"GPS" in data or b"Exif" in data
    return data


def inside(point, ring) -> bool:
    """Ray casting: is (lon, lat) inside the closed ring [[lon, lat], ...]?"""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def a_point_in(feature) -> tuple[float, float]:
    """(lat, lon) of a point well inside the district: the vertex mean, or a grid point."""
    geometry = feature["geometry"]
    ring = (geometry["coordinates"][0] if geometry["type"] == "Polygon"
            else geometry["coordinates"][0][0])
    lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    if inside((lon, lat), ring):
        return lat, lon
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    for i in range(1, 20):
        for j in range(1, 20):
            candidate = (min(lons) + (max(lons) - min(lons)) * i / 20,
                         min(lats) + (max(lats) - min(lats)) * j / 20)
            if inside(candidate, ring):
                return candidate[1], candidate[0]
    raise AssertionError(f"no point found in {feature['properties']['name']}")


def districts(page, url: str) -> list[dict]:
    return page.request.get(f"{url}/api/v1/processes/{SLUG}/districts.geojson").json()["features"]


def wait_for_map(page, selector: str = ".map") -> None:
    expect(page.locator(f"{selector}.map-ready")).to_have_count(1)


def write_idea(page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your idea").fill("Ein schattiger Platz mit Bänken und Trinkbrunnen für "
                                        "heiße Sommertage, gut erreichbar zu Fuß.")


def publish(page) -> None:
    page.get_by_role("button", name="Publish idea").click()
    if page.get_by_role("button", name="Publish idea").count():  # look-alike ideas shown first
        page.get_by_role("button", name="Publish idea").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Post an idea")


def test_citizen_picks_a_point_with_the_mouse_and_finds_the_idea_on_the_map(live_app, open_page):
    page, traffic = open_page("citizen", bypass_csp=True, **DESKTOP)
    install_axe(page.context)
    log_in(page, live_app.url, ROLE_EMAILS["citizen"])
    page.goto(f"{live_app.url}/processes/{SLUG}/proposals/new")
    wait_for_map(page, ".map-picker")
    assert axe_violations(page) == []
    district = districts(page, live_app.url)[1]
    lat, lon = a_point_in(district)
    write_idea(page, "Schattenplatz mit Trinkbrunnen")
    page.get_by_label("Picture (optional)").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": phone_photo()})
    page.get_by_label("What the picture shows").fill("Der Platz in der Mittagssonne")
    point = page.evaluate("([lat, lon]) => { const m = document.querySelector('.map-picker')"
                          ".zukunftsMap; const p = m.latLngToContainerPoint([lat, lon]);"
                          " return [p.x, p.y]; }", [lat, lon])
    page.locator(".map-picker .map-canvas").click(position={"x": point[0], "y": point[1]})
    expect(page.locator(".map-picker .map-status")).to_contain_text("The pin is at")
    assert abs(float(page.locator("#lat").input_value()) - lat) < 0.001
    assert abs(float(page.locator("#lon").input_value()) - lon) < 0.001
    publish(page)
    # the server filled the district from the point
    expect(page.locator("main")).to_contain_text(district["properties"]["name"])
    photo = page.get_by_role("img", name="Der Platz in der Mittagssonne")
    expect(photo).to_be_visible()
    assert photo.get_attribute("srcset") and photo.get_attribute("width")
    # what is stored carries no location (nor any other metadata)
    stored = sorted(live_app.uploads.glob("*.jpg"))
    assert len(stored) == 2  # the picture and its thumbnail
    for path in stored:
        with Image.open(path) as image:
            assert not image.getexif() and "exif" not in image.info
        assert b"Exif" not in path.read_bytes() and b"GPS" not in path.read_bytes()

    page.goto(f"{live_app.url}/processes/{SLUG}/proposals?view=map&q=Schattenplatz")
    wait_for_map(page)
    expect(page.locator(".map-status")).to_contain_text("Ideas with a place on the map: 1")
    marker = page.get_by_role("button", name="Schattenplatz mit Trinkbrunnen")
    expect(marker).to_be_visible()
    marker.click()
    card = page.locator(".map-card")
    expect(card.get_by_role("link", name="Schattenplatz mit Trinkbrunnen")).to_be_visible()
    expect(card.get_by_role("img", name="Der Platz in der Mittagssonne")).to_be_visible()
    expect(card.locator(".chip")).to_have_count(1)
    expect(card).to_contain_text("Supports: 0")
    expect(page.locator(".map-legend")).to_be_visible()
    assert axe_violations(page) == []
    # the list with the same filters, before the map
    page.get_by_role("link", name="Show these ideas as a list").click()
    expect(page.locator(".proposal-card")).to_have_count(1)
    expect(page.locator(".proposal-card")).to_contain_text(district["properties"]["name"])
    assert "view=map" not in page.url and "Schattenplatz" in page.url
    assert traffic.problems(live_app.url) == []


def test_keyboard_puts_the_pin_in_the_middle_and_moves_it_with_the_arrow_keys(live_app,
                                                                               open_page):
    page, traffic = open_page("citizen keyboard", **PHONE)
    log_in(page, live_app.url, ROLE_EMAILS["citizen"])
    page.goto(f"{live_app.url}/processes/{SLUG}/proposals/new")
    wait_for_map(page, ".map-picker")
    write_idea(page, "Sitzbank am Lindenweg")
    button = page.get_by_role("button", name="Put the pin in the middle of the map")
    button.focus()
    page.keyboard.press("Enter")
    pin = page.get_by_role("button", name="Place of your idea: move it with the arrow keys")
    expect(pin).to_be_focused()
    start = (float(page.locator("#lat").input_value()), float(page.locator("#lon").input_value()))
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    moved = (float(page.locator("#lat").input_value()), float(page.locator("#lon").input_value()))
    assert moved[1] > start[1] and moved[0] > start[0]  # east, then north
    expect(page.locator(".map-picker .map-status")).to_contain_text("The pin is at")
    # the map did not pan instead: the pin is still where the keys put it, in the middle
    publish(page)
    expect(page.locator("main")).to_contain_text("Sitzbank am Lindenweg")
    assert traffic.problems(live_app.url) == []

    page.goto(f"{live_app.url}/processes/{SLUG}/proposals?view=map&q=Lindenweg")
    wait_for_map(page)
    marker = page.get_by_role("button", name="Sitzbank am Lindenweg")
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".map-card").get_by_role("link", name="Sitzbank am Lindenweg")
           ).to_be_visible()


def test_every_map_page_asks_only_our_own_origin(live_app, open_page):
    page, traffic = open_page("visitor", bypass_csp=True, **DESKTOP)
    install_axe(page.context)
    for path in (f"/processes/{SLUG}", f"/processes/{SLUG}/proposals?view=map"):
        page.goto(live_app.url + path)
        wait_for_map(page)
        markers = page.locator(".map-pin-idea, .map-cluster")
        assert markers.count() > 0, f"no idea on the map of {path}"
        assert axe_violations(page) == []
    assert traffic.requests, "the traffic log recorded nothing"
    assert traffic.foreign(live_app.url) == []
    assert traffic.problems(live_app.url) == []


class TileHandler(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        TileHandler.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE_PNG)))
        self.end_headers()
        self.wfile.write(TILE_PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    """A real tile server on 127.0.0.1: every tile a grey pixel; stopped after the test."""
    TileHandler.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_configured_tile_server_is_the_only_other_host(demo_database, tmp_path, monkeypatch,
                                                         tile_server, open_page):
    template, code = demo_database
    database = tmp_path / "tiles.db"
    shutil.copyfile(template, database)
    monkeypatch.setenv("MAP_TILE_URL", tile_server + "/{z}/{x}/{y}.png")
    monkeypatch.setenv("MAP_TILE_ATTRIBUTION", "Kartenbild: Beispielstadt")
    server = WorkshopServer(f"sqlite:///{database}", tmp_path / "server.log")
    try:
        server.start()
        app = LiveApp(server.url, code, DEMO_WORKSHOP_ID, server, tmp_path / "outbox")
        page, traffic = open_page("visitor with tiles", **DESKTOP)
        page.goto(f"{app.url}/processes/{SLUG}/proposals?view=map")
        wait_for_map(page)
        expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()
        expect(page.locator(".leaflet-control-attribution")).to_contain_text(
            "Kartenbild: Beispielstadt")
        assert TileHandler.asked, "no tile was asked for"
        assert {url.split("/")[2] for url in traffic.foreign(app.url)} == {
            tile_server.split("/")[2]}
        assert traffic.console_errors == [] and traffic.page_errors == []  # CSP let them in
        page.goto(f"{app.url}/privacy")
        expect(page.locator("main")).to_contain_text("127.0.0.1")
    finally:
        server.stop()


def test_a_note_with_a_place_shows_on_the_projector_map(live_app, open_page):
    facilitator, facilitator_traffic = open_page("projector", **DESKTOP)
    log_in(facilitator, live_app.url, ROLE_EMAILS["facilitator"])
    facilitator.goto(f"{live_app.url}/workshops/{live_app.workshop_id}/projector")
    expect(facilitator.locator("#board-connection")).to_have_text("Connected.")
    section = facilitator.locator("#notes-map-section")

    phone, phone_traffic = open_page("phone", **PHONE)
    phone.goto(live_app.board_url)
    phone.get_by_label("Your nickname").fill("Mira")
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.get_by_label("Your note", exact=True).fill("Trinkbrunnen am Seeufer")
    phone.get_by_text("Add a place (optional)").click()
    wait_for_map(phone, ".note-place .map-picker")
    phone.get_by_role("button", name="Put the pin in the middle of the map").click()
    phone.keyboard.press("ArrowDown")
    assert phone.locator("#note-lat").input_value() != ""
    phone.get_by_role("button", name="Add note").click()
    expect(phone.locator("#board-status")).to_have_text("Your note has been sent.")
    # the form is ready for the next note: no place carried over
    assert phone.locator("#note-lat").input_value() == ""

    expect(section).to_be_visible()
    wait_for_map(facilitator, ".map-notes")
    expect(facilitator.locator(".map-note-label")).to_contain_text("Trinkbrunnen am Seeufer")
    for traffic in (facilitator_traffic, phone_traffic):
        assert traffic.problems(live_app.url) == []
