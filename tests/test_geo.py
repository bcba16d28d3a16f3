"""Ideas on the map: district files and areas (processes/geo.py and the service), the point
deciding an idea's district, the CLI import and the GeoJSON endpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import func, select

from participation.errors import InvalidInput, PointOutsideCity
from participation.extensions import db as _db
from participation.processes import geo
from participation.processes import services as process_services
from participation.processes.models import District
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal, ProposalStatus
from tests.conftest import login
from tests.test_api import DOC_URI, QueryCounter, _pointer, api_as, token_for
from tests.test_cli import invoke

DEMO_FILE = (Path(__file__).resolve().parent.parent / "participation" / "demo_data"
             / "zukunft-2035-districts.geojson")
DEMO_TEXT = DEMO_FILE.read_text(encoding="utf-8")

# A point inside each demo district (lat, lon), one in the Altstadt's pond (a hole), one on
# the Seeufer's island (the second polygon of its MultiPolygon) and one outside the town.
INSIDE = {
    "Altstadt": (52.420, 13.060),
    "Bahnhofsviertel": (52.425, 13.073),
    "Seeufer": (52.412, 13.046),
    "Nordend": (52.435, 13.062),
    "Fabrikviertel": (52.416, 13.085),
    "Ortsteil Kiefernheide": (52.405, 13.032),
}
POND = (52.4245, 13.0575)
ISLAND = (52.4115, 13.036)
OUTSIDE = (52.50, 12.70)


def feature(name, geometry):
    return {"type": "Feature", "properties": {"name": name}, "geometry": geometry}


def square(lon, lat, size=0.01):
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size],
            [lon, lat]]


def collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


# --- geo.py: plain functions ----------------------------------------------------------------

@pytest.fixture(scope="module")
def shapes():
    return {s.name: s for s in geo.parse_district_file(DEMO_TEXT)}


def _find(shapes, lat, lon):
    return geo.find_area([(s.name, s.bbox, s.geometry) for s in shapes.values()], lat, lon)


def test_demo_file_has_six_districts_that_do_not_overlap(shapes):
    assert set(shapes) == set(INSIDE)
    for name, (lat, lon) in INSIDE.items():
        holders = [s.name for s in shapes.values() if geo.contains(s.geometry, lat, lon)]
        assert holders == [name]


def test_point_in_a_hole_is_in_no_district(shapes):
    lat, lon = POND
    assert geo.in_bbox(shapes["Altstadt"].bbox, lat, lon)
    assert not geo.contains(shapes["Altstadt"].geometry, lat, lon)
    assert _find(shapes, lat, lon) is None


def test_point_on_the_second_polygon_of_a_multipolygon(shapes):
    assert shapes["Seeufer"].geometry["type"] == "MultiPolygon"
    assert _find(shapes, *ISLAND) == "Seeufer"
    assert _find(shapes, 52.4115, 13.039) is None  # the water between shore and island


def test_point_outside_the_town(shapes):
    assert _find(shapes, *OUTSIDE) is None


def test_the_town_box_follows_from_its_districts(shapes):
    box = geo.union_bbox([s.bbox for s in shapes.values()])
    assert box == (52.396, 13.02, 52.442, 13.097)
    assert geo.union_bbox([]) is None


def test_a_polygon_with_a_concave_outline():
    u_shape = {"type": "Polygon", "coordinates": [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1],
                                                   [1, 1], [1, 3], [0, 3], [0, 0]]]}
    assert geo.contains(u_shape, 2, 0.5)
    assert geo.contains(u_shape, 2, 2.5)
    assert not geo.contains(u_shape, 2, 1.5)  # in the notch of the U


@pytest.mark.parametrize(("text", "reason"), [
    ("{not json", "not_json"),
    (b"\xff\xfe\x00", "not_json"),
    ('{"type": "Feature"}', "not_feature_collection"),
    ("[1, 2]", "not_feature_collection"),
    ('{"type": "FeatureCollection", "features": []}', "no_features"),
    (collection({"type": "Point"}), "not_feature"),
    (collection(feature("", {"type": "Polygon", "coordinates": [square(12, 52)]})), "no_name"),
    (collection({"type": "Feature", "properties": None,
                 "geometry": {"type": "Polygon", "coordinates": [square(12, 52)]}}),
     "no_name"),
    (collection(feature("A", {"type": "Polygon", "coordinates": [square(12, 52)]}),
                feature("a", {"type": "Polygon", "coordinates": [square(13, 52)]})),
     "duplicate_name"),
    (collection(feature("A", {"type": "Point", "coordinates": [12, 52]})), "geometry_type"),
    (collection(feature("A", {"type": "LineString", "coordinates": square(12, 52)})),
     "geometry_type"),
    (collection(feature("A", {"type": "Polygon", "coordinates": [square(12, 95)]})),
     "out_of_range"),
    (collection(feature("A", {"type": "Polygon", "coordinates": [square(190, 52)]})),
     "out_of_range"),
    (collection(feature("A", {"type": "Polygon", "coordinates": [[[12, 52], [13, 52],
                                                                   [12, 52]]]})),
     "ring_too_short"),
    (collection(feature("A", {"type": "Polygon", "coordinates": [square(12, 52)[:-1]
                                                                 + [[12.5, 52.5]]]})),
     "ring_not_closed"),
    (collection(feature("A", {"type": "Polygon", "coordinates": [[["x", 52]] * 4]})),
     "bad_coordinates"),
    (collection(feature("A", {"type": "MultiPolygon", "coordinates": []})), "bad_coordinates"),
])
def test_bad_district_files_are_refused_with_a_reason(text, reason):
    with pytest.raises(geo.DistrictFileError) as caught:
        geo.parse_district_file(text)
    assert caught.value.reason == reason


# --- the service ----------------------------------------------------------------------------

def _names(process):
    return [d.name for d in process.districts]


def test_import_keeps_ids_by_name_adds_new_and_drops_unused(app, make_process,
                                                           make_proposal):
    process = make_process(districts=("Altstadt", "Südstadt", "Hafen"))
    ids = {d.name: d.id for d in process.districts}
    idea = make_proposal(process=process, district_id=ids["Südstadt"])
    report = process_services.import_districts(process, DEMO_TEXT.encode())
    _db.session.commit()
    assert report["updated"] == ["Altstadt"]
    assert report["removed"] == ["Hafen"]
    assert report["kept"] == ["Südstadt"]
    assert sorted(report["added"]) == sorted(set(INSIDE) - {"Altstadt"})
    by_name = {d.name: d for d in process.districts}
    assert by_name["Altstadt"].id == ids["Altstadt"]
    assert by_name["Altstadt"].geometry["type"] == "Polygon"
    assert by_name["Südstadt"].id == ids["Südstadt"] and by_name["Südstadt"].geometry is None
    assert _db.session.get(Proposal, idea.id).district_id == ids["Südstadt"]
    assert _names(process)[-1] == "Südstadt"  # kept ones come after the file's


@pytest.mark.parametrize("bad", ["nonsense", collection(
    feature("Neu", {"type": "Polygon", "coordinates": [square(12, 52)]}),
    feature("Neu", {"type": "Polygon", "coordinates": [square(13, 52)]}))])
def test_a_bad_file_changes_nothing(app, make_process, bad):
    process = make_process()
    before = _names(process)
    with pytest.raises(InvalidInput) as caught:
        process_services.import_districts(process, bad)
    assert str(caught.value.message).strip()
    _db.session.rollback()
    assert _names(process) == before
    assert all(d.geometry is None for d in process.districts)


def test_bad_file_error_is_translated(app):
    with app.test_request_context(headers={"Accept-Language": "de"}), \
            pytest.raises(InvalidInput) as caught:
        process_services.read_district_file("{")
    assert "JSON" in str(caught.value.message)
    assert "not valid" not in str(caught.value.message)


def test_district_for_point(app, make_process):
    process = make_process()
    assert process_services.district_for_point(process, *OUTSIDE) is None  # no areas yet
    process_services.import_districts(process, DEMO_TEXT)
    for name, point in INSIDE.items():
        assert process_services.district_for_point(process, *point).name == name
    with pytest.raises(PointOutsideCity):
        process_services.district_for_point(process, *POND)
    with pytest.raises(PointOutsideCity):
        process_services.district_for_point(process, *OUTSIDE)


# --- the CLI --------------------------------------------------------------------------------

def test_cli_import_ok_and_bad(app, make_process, tmp_path):
    process = make_process(slug="karte")
    good = tmp_path / "ok.geojson"
    good.write_text(DEMO_TEXT, encoding="utf-8")
    result = invoke(app, "districts", "import", str(good), "--process", "karte")
    assert result.exit_code == 0, result.output
    assert "4 added" in result.output and "2 updated" in result.output
    bad = tmp_path / "bad.geojson"
    bad.write_text(collection(feature("X", {"type": "Point", "coordinates": [1, 2]})))
    result = invoke(app, "districts", "import", str(bad), "--process", "karte")
    assert result.exit_code == 1
    assert "Polygon" in result.output and "X" in result.output
    missing = invoke(app, "districts", "import", str(good), "--process", "nope")
    assert missing.exit_code == 1
    _db.session.expire_all()
    assert len([d for d in _db.session.get(type(process), process.id).districts
                if d.geometry]) == 6


# --- posting an idea with a point -----------------------------------------------------------

@pytest.fixture
def city(app, make_process):
    process = make_process(slug="karte", districts=("Altstadt", "Nordend"))
    process_services.import_districts(process, DEMO_TEXT)
    _db.session.commit()
    return process


def _district_id(process, name):
    return next(d.id for d in process.districts if d.name == name)


def test_the_point_fills_the_district_over_a_chosen_one(city, make_proposal):
    idea = make_proposal(process=city, district_id=_district_id(city, "Nordend"),
                         lat=INSIDE["Seeufer"][0], lon=INSIDE["Seeufer"][1],
                         place="  Am   Steg  ")
    assert idea.district.name == "Seeufer"
    assert idea.place == "Am Steg"


def test_edit_moves_the_district_with_the_point(city, make_proposal):
    idea = make_proposal(process=city, lat=INSIDE["Nordend"][0], lon=INSIDE["Nordend"][1])
    proposal_services.edit_proposal(idea.author, idea, proposal_services.ProposalInput(
        title=idea.title, body=idea.body, lat=ISLAND[0], lon=ISLAND[1]))
    assert idea.district.name == "Seeufer"
    with pytest.raises(PointOutsideCity):
        proposal_services.edit_proposal(idea.author, idea, proposal_services.ProposalInput(
            title=idea.title, body=idea.body, lat=OUTSIDE[0], lon=OUTSIDE[1]))


def test_a_city_without_areas_accepts_any_point(app, make_process, make_proposal):
    process = make_process()
    chosen = process.districts[0].id
    idea = make_proposal(process=process, district_id=chosen, lat=-33.9, lon=151.2)
    assert idea.district_id == chosen


def test_place_too_long_is_refused(city, make_proposal):
    with pytest.raises(InvalidInput):
        make_proposal(process=city, place="x" * 201)


def _count():
    return _db.session.execute(select(func.count(Proposal.id))).scalar_one()


def test_form_point_outside_shows_an_error_and_stores_nothing(city, client, make_user):
    user = make_user()
    login(client, user)
    before = _count()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    form = {"title": "Bank am Teich", "body": "Eine Bank zum Ausruhen.", "similar_seen": "1",
            "lat": "52,50", "lon": "12,70", "place": "Am Teich"}
    response = client.post("/processes/karte/proposals/new", data=form)
    assert response.status_code == 400
    assert "außerhalb" in response.get_data(as_text=True)
    assert _count() == before
    form.update(lat="52,425", lon="13,073")
    response = client.post("/processes/karte/proposals/new", data=form)
    assert response.status_code == 302
    idea = _db.session.execute(select(Proposal).order_by(Proposal.id.desc())).scalars().first()
    assert (idea.district.name, idea.place) == ("Bahnhofsviertel", "Am Teich")
    page = client.get(f"/proposals/{idea.id}").get_data(as_text=True)
    assert "Am Teich" in page and "Bahnhofsviertel" in page
    listing = client.get("/processes/karte/proposals").get_data(as_text=True)
    assert "Am Teich" in listing


def test_api_point_outside_is_422_with_its_code(app, city, make_user):
    api = api_as(app, make_user())
    before = _count()
    body = api.post("/processes/karte/proposals", status=422, json={
        "title": "Bank", "body": "Am Wasser", "lat": OUTSIDE[0], "lon": OUTSIDE[1]})
    assert body["error"]["code"] == "point_outside_city"
    assert _count() == before
    body = api.post("/processes/karte/proposals", json={
        "title": "Bank", "body": "Am Wasser", "lat": ISLAND[0], "lon": ISLAND[1],
        "place": " Insel "})
    assert body["district"]["name"] == "Seeufer" and body["place"] == "Insel"
    bad = api.post("/processes/karte/proposals", status=422, json={
        "title": "Bank", "body": "Am Wasser", "place": 5})
    assert bad["error"]["code"] == "invalid_input"


# --- the GeoJSON endpoints ------------------------------------------------------------------

def _check_geojson(client, path, schema_name):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    document = client.get("/api/v1/openapi.json").get_json()
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(document, default_specification=DRAFT202012))
    validator = Draft202012Validator(
        {"$ref": DOC_URI + "#" + _pointer("components", "schemas", schema_name)},
        registry=registry)
    body = json.loads(response.get_data(as_text=True))
    errors = list(validator.iter_errors(body))
    assert not errors, errors[:3]
    return response, body


@pytest.fixture
def mapped(city, make_proposal, make_user):
    """Ideas in the city: three with points (one hidden later, one withdrawn), one without."""
    topic = city.topics[0]
    ideas = {
        "bank": make_proposal(process=city, title="Bank am Steg", lat=52.4120001234,
                              lon=13.0460004321, place="Steg", topic_id=topic.id),
        "baum": make_proposal(process=city, title="Bäume in der Altstadt",
                              lat=INSIDE["Altstadt"][0], lon=INSIDE["Altstadt"][1]),
        "weg": make_proposal(process=city, title="Weg", lat=INSIDE["Nordend"][0],
                             lon=INSIDE["Nordend"][1]),
        "geheim": make_proposal(process=city, title="Versteckt", lat=INSIDE["Nordend"][0],
                                lon=INSIDE["Nordend"][1]),
        "ohne": make_proposal(process=city, title="Ohne Ort"),
    }
    ideas["weg"].status = ProposalStatus.WITHDRAWN.value
    ideas["geheim"].status = ProposalStatus.HIDDEN.value
    _db.session.commit()
    return ideas


def test_proposals_geojson_features_and_visibility(app, client, city, mapped, make_user):
    response, body = _check_geojson(client, "/processes/karte/proposals.geojson",
                                    "ProposalMap")
    assert body["type"] == "FeatureCollection"
    by_title = {f["properties"]["title"]: f for f in body["features"]}
    assert set(by_title) == {"Bank am Steg", "Bäume in der Altstadt"}
    bank = by_title["Bank am Steg"]
    assert bank["geometry"] == {"type": "Point", "coordinates": [13.046, 52.412]}
    props = bank["properties"]
    assert props["id"] == bank["id"] == mapped["bank"].id
    assert props["district"] == {"id": _district_id(city, "Seeufer"), "name": "Seeufer"}
    assert props["topic"] == {"id": city.topics[0].id, "name": city.topics[0].name}
    assert props["place"] == "Steg" and props["supports"] == 0
    assert props["url"] == f"/proposals/{mapped['bank'].id}"
    assert props["status"] == "published" and props["status_label"]
    assert by_title["Bäume in der Altstadt"]["properties"]["topic"] is None
    assert "public" in response.headers["Cache-Control"]
    # A moderator gets the same: the map is everyone's view.
    moderator = make_user(role="planner")
    token = token_for(moderator)
    again = client.get("/api/v1/processes/karte/proposals.geojson",
                       headers={"Authorization": f"Bearer {token}"})
    assert len(json.loads(again.get_data())["features"]) == 2


def test_proposals_geojson_uses_the_list_filters(client, city, mapped):
    def titles(query):
        _r, body = _check_geojson(client, f"/processes/karte/proposals.geojson?{query}",
                                  "ProposalMap")
        return {f["properties"]["title"] for f in body["features"]}

    assert titles(f"topic={city.topics[0].id}") == {"Bank am Steg"}
    assert titles(f"district={_district_id(city, 'Altstadt')}") == {"Bäume in der Altstadt"}
    assert titles("q=baume") == {"Bäume in der Altstadt"}
    assert titles("status=published") == {"Bank am Steg", "Bäume in der Altstadt"}
    assert titles("status=shortlisted") == set()
    refused = client.get("/api/v1/processes/karte/proposals.geojson?status=hidden")
    assert refused.status_code == 422
    assert client.get("/api/v1/processes/nope/proposals.geojson").status_code == 404


def test_proposals_geojson_status_label_in_the_callers_language(client, city, mapped):
    body = json.loads(client.get("/api/v1/processes/karte/proposals.geojson",
                                 headers={"Accept-Language": "en"}).get_data())
    english = body["features"][0]["properties"]["status_label"]
    body = json.loads(client.get("/api/v1/processes/karte/proposals.geojson",
                                 headers={"Accept-Language": "de"}).get_data())
    assert body["features"][0]["properties"]["status_label"] != english


def test_proposals_geojson_query_count_is_bounded(app, client, city, make_proposal):
    for n in range(30):
        make_proposal(process=city, title=f"Idee {n}", lat=INSIDE["Nordend"][0],
                      lon=INSIDE["Nordend"][1] + n * 1e-4)
    with QueryCounter(_db.engine) as counter:
        response = client.get("/api/v1/processes/karte/proposals.geojson")
    assert len(json.loads(response.get_data())["features"]) == 30
    assert counter.count <= 4, counter.statements


def test_districts_geojson(client, city, mapped):
    _r, body = _check_geojson(client, "/processes/karte/districts.geojson", "DistrictMap")
    assert body["bbox"] == [13.02, 52.396, 13.097, 52.442]
    counts = {f["properties"]["name"]: f["properties"]["idea_count"] for f in body["features"]}
    # hidden and withdrawn ideas in Nordend do not count; "Ohne Ort" has no district
    assert counts == {"Nordend": 0, "Bahnhofsviertel": 0, "Altstadt": 1, "Seeufer": 1,
                      "Fabrikviertel": 0, "Ortsteil Kiefernheide": 0}
    seeufer = next(f for f in body["features"] if f["properties"]["name"] == "Seeufer")
    assert seeufer["geometry"]["type"] == "MultiPolygon"
    assert seeufer["id"] == _district_id(city, "Seeufer")


def test_districts_geojson_without_areas(client, make_process):
    process = make_process(slug="ohne-karte")
    _r, body = _check_geojson(client, f"/processes/{process.slug}/districts.geojson",
                              "DistrictMap")
    assert body == {"type": "FeatureCollection", "features": []}
    assert _db.session.execute(select(func.count(District.id))).scalar_one() == 2


# --- the admin page: upload, preview, save --------------------------------------------------

def test_admin_upload_preview_then_save(app, client, make_process, make_user, make_proposal):
    from io import BytesIO

    process = make_process(slug="karte", districts=("Altstadt", "Nordend"))
    altstadt = _district_id(process, "Altstadt")
    make_proposal(process=process, lat=INSIDE["Nordend"][0], lon=INSIDE["Nordend"][1])
    login(client, make_user(role="admin"))
    page = client.get("/admin/processes/karte/districts")
    assert page.status_code == 200
    assert "district-map" not in page.get_data(as_text=True)  # no areas yet
    preview = client.post("/admin/processes/karte/districts", data={
        "upload": (BytesIO(DEMO_TEXT.encode()), "stadt.geojson")},
        content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    assert html.count('class="district-area ') == 6 and "Ortsteil Kiefernheide" in html
    assert "<td>Nordend</td><td>1</td>" in html  # the idea inside Nordend
    assert 'name="geojson"' in html and "style=" not in html
    _db.session.expire_all()
    assert all(d.geometry is None for d in process.districts)  # preview only
    saved = client.post("/admin/processes/karte/districts/save",
                        data={"geojson": DEMO_TEXT})
    assert saved.status_code == 302
    _db.session.expire_all()
    assert len([d for d in process.districts if d.geometry]) == 6
    assert _district_id(process, "Altstadt") == altstadt
    after = client.get("/admin/processes/karte/districts").get_data(as_text=True)
    assert after.count('class="district-area ') == 6


def test_admin_bad_upload_shows_the_reason_and_saves_nothing(app, client, make_process,
                                                               make_user):
    from io import BytesIO

    process = make_process(slug="karte")
    login(client, make_user(role="admin"))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    bad = collection(feature("A", {"type": "Point", "coordinates": [1, 2]}))
    response = client.post("/admin/processes/karte/districts", data={
        "upload": (BytesIO(bad.encode()), "x.geojson")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "not a Polygon or MultiPolygon" in response.get_data(as_text=True)
    saved = client.post("/admin/processes/karte/districts/save", data={"geojson": bad},
                        follow_redirects=True)
    assert "not a Polygon or MultiPolygon" in saved.get_data(as_text=True)
    _db.session.expire_all()
    assert all(d.geometry is None for d in process.districts)


def test_admin_districts_page_is_for_admins(client, make_process, make_user):
    make_process(slug="karte")
    login(client, make_user(role="planner"))
    assert client.get("/admin/processes/karte/districts").status_code == 403


def test_the_map_from_the_page_cache_follows_every_write(client, city, mapped):
    path = "/api/v1/processes/karte/proposals.geojson"

    def titles():
        return {f["properties"]["title"]
                for f in json.loads(client.get(path).get_data())["features"]}

    assert titles() == {"Bank am Steg", "Bäume in der Altstadt"}
    assert titles() == {"Bank am Steg", "Bäume in der Altstadt"}  # served from the cache
    mapped["bank"].status = ProposalStatus.HIDDEN.value
    _db.session.commit()
    assert titles() == {"Bäume in der Altstadt"}
