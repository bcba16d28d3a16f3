"""Pictures of ideas: the upload is recognised by content, checked and re-encoded (no
metadata survives), stored by hash and served with safe headers; refused uploads leave
no file and no row. The corpus is made here with Pillow."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image, ImageCms, PngImagePlugin
from sqlalchemy import event, func, select

from participation import pictures
from participation.accounts.models import Role
from participation.processes.models import PhaseKind
from participation.proposals import services
from participation.proposals.models import ProposalImage
from tests.conftest import login


def jpeg(size=(800, 600), color=(200, 80, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", **save)
    return out.getvalue()


def png(size=(640, 480), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    color = (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)
    Image.new(mode, size, color).save(out, "PNG", **save)
    return out.getvalue()


def webp(size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 90)).save(out, "WEBP")
    return out.getvalue()


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 24.0, 30.0), 3: "E", 4: (13.0, 3.0, 0.0)}
    return jpeg(exif=exif.tobytes())


def rotated_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    return jpeg(size=(800, 400), exif=exif.tobytes())


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb_png() -> bytes:
    """Only a header claiming 50,000 x 50,000 pixels (and a token of data)."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" '
       b'height="400"><script>alert(1)</script><rect width="400" height="400"/></svg>')
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PAYLOAD = b"<?php system($_GET['c']); ?><script>alert(1)</script>"


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (400, 400)).save(out, "GIF")
    return out.getvalue()


@pytest.fixture
def setup(app, tmp_path, make_user, make_process, make_proposal):
    folder = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = str(folder)
    author = make_user()
    proposal = make_proposal(make_process(), author=author)
    client = app.test_client()
    login(client, author)
    return app, folder, author, proposal, client


def files_in(folder) -> list:
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def multipart(fields: dict, data: bytes, name: str, content_type: str,
              field: str = "file") -> tuple[bytes, str]:
    """A multipart body built here (the test client would spool a large one to a temporary
    file it never closes when the app refuses to read it)."""
    boundary = "----zukunft-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
             f"{value}\r\n".encode() for key, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                 f'filename="{name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                 + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def post(client, proposal, data: bytes, alt="Ein Platz mit Bäumen", name="bild.jpg",
         content_type="image/jpeg"):
    body, kind = multipart({} if alt is None else {"alt": alt}, data, name, content_type)
    return client.post(f"/api/v1/proposals/{proposal.id}/images", data=body,
                       content_type=kind)


def stored(folder, name: str) -> bytes:
    return (folder / name).read_bytes()


def rows(db) -> int:
    return db.session.execute(select(func.count()).select_from(ProposalImage)).scalar_one()


# --- accepted, and cleaned --------------------------------------------------------------

def test_a_jpeg_with_gps_is_stored_without_any_metadata(setup, db):
    _app, folder, _author, proposal, client = setup
    response = post(client, proposal, gps_jpeg())
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert set(answer) >= {"id", "url", "thumbnail_url", "width", "height", "alt"}
    assert (answer["width"], answer["height"]) == (800, 600)
    assert answer["alt"] == "Ein Platz mit Bäumen"
    name = answer["url"].rsplit("/", 1)[1]
    data = stored(folder, name)
    assert b"Exif" not in data and b"GPS" not in data and b"SpyCam" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and not image.getexif()
    assert "icc_profile" not in image.info
    thumb = Image.open(io.BytesIO(stored(folder, answer["thumbnail_url"].rsplit("/", 1)[1])))
    assert max(thumb.size) == 400
    assert rows(db) == 1 and len(files_in(folder)) == 2


def test_the_exif_orientation_is_applied(setup):
    _app, folder, _author, proposal, client = setup
    answer = post(client, proposal, rotated_jpeg()).get_json()
    assert (answer["width"], answer["height"]) == (400, 800)
    image = Image.open(io.BytesIO(stored(folder, answer["url"].rsplit("/", 1)[1])))
    assert image.size == (400, 800) and not image.getexif()


def test_png_text_chunks_and_icc_profiles_are_gone():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Erika Mustermann, Hauptstr. 5")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    picture = pictures.process(png(pnginfo=info))
    assert b"Mustermann" not in picture.full.data and b"xmp" not in picture.full.data
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    picture = pictures.process(png(icc_profile=profile))
    assert "icc_profile" not in Image.open(io.BytesIO(picture.full.data)).info
    # an sRGB-tagged picture is converted from its profile, and still carries none
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture = pictures.process(jpeg(icc_profile=srgb))
    assert "icc_profile" not in Image.open(io.BytesIO(picture.full.data)).info


def test_transparency_is_flattened_on_white_and_large_pictures_are_scaled():
    picture = pictures.process(png(size=(3200, 1000), mode="RGBA"))
    image = Image.open(io.BytesIO(picture.full.data))
    assert image.mode == "RGB" and image.size == (1600, 500)
    red, green, blue = image.getpixel((10, 10))
    assert red > 100 and green > 150  # half-transparent blue on white is light
    assert (picture.thumb.width, picture.thumb.height) == (400, 125)


def test_a_webp_is_accepted(setup):
    _app, _folder, _author, proposal, client = setup
    response = post(client, proposal, webp(), name="x.webp", content_type="image/webp")
    assert response.status_code == 201


def test_a_polyglot_is_accepted_only_without_its_payload(setup):
    _app, folder, _author, proposal, client = setup
    response = post(client, proposal, jpeg() + PAYLOAD, name="x.php.jpg")
    assert response.status_code == 201
    for name in files_in(folder):
        data = stored(folder, name)
        assert b"<?php" not in data and b"<script" not in data


# --- refused: nothing left behind -----------------------------------------------------

@pytest.mark.parametrize(("make", "name", "content_type", "status", "code"), [
    (lambda: jpeg(size=(1, 1)), "a.jpg", "image/jpeg", 422, "invalid_image"),
    (lambda: jpeg(size=(800, 150)), "a.jpg", "image/jpeg", 422, "invalid_image"),
    (bomb_png, "bomb.png", "image/png", 422, "invalid_image"),
    (lambda: SVG, "a.svg", "image/svg+xml", 415, "unsupported_media_type"),
    (lambda: HTML, "a.jpg", "image/jpeg", 415, "unsupported_media_type"),
    (gif, "a.gif", "image/gif", 415, "unsupported_media_type"),
    (lambda: jpeg(size=(900, 900))[:600], "cut.jpg", "image/jpeg", 422, "invalid_image"),
    (lambda: b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "big.jpg", "image/jpeg", 413,
     "payload_too_large"),
])
def test_refused_uploads_leave_no_file_and_no_row(setup, db, make, name, content_type,
                                                  status, code):
    _app, folder, _author, proposal, client = setup
    started = time.monotonic()
    response = post(client, proposal, make(), name=name, content_type=content_type)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]
    assert time.monotonic() - started < 5
    assert files_in(folder) == [] and rows(db) == 0


def test_a_large_upload_is_refused_by_the_service_too(setup):
    _app, _folder, author, proposal, _client = setup
    from participation.errors import PayloadTooLarge
    with pytest.raises(PayloadTooLarge):
        services.add_image(author, proposal, b"\xff\xd8\xff" + b"\0" * pictures.MAX_BYTES, "x")


def test_the_bomb_is_refused_from_its_header(setup):
    from participation.errors import InvalidImage
    started = time.monotonic()
    with pytest.raises(InvalidImage):
        pictures.process(bomb_png())
    assert time.monotonic() - started < 1


def test_alt_text_is_required_and_the_fourth_picture_refused(setup, db):
    _app, folder, _author, proposal, client = setup
    for alt in (None, "   "):
        response = post(client, proposal, jpeg(), alt=alt)
        assert response.status_code == 422
        assert "alt" in response.get_json()["error"]["message"].lower()
    assert files_in(folder) == [] and rows(db) == 0
    for i in range(3):
        assert post(client, proposal, jpeg(color=(80 * i, 250 - 80 * i, 50))).status_code == 201
    response = post(client, proposal, jpeg(color=(9, 9, 9)))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "too_many_images"
    assert rows(db) == 3 and len(files_in(folder)) == 6


def test_the_database_holds_three_pictures_at_most(setup, db):
    _app, _folder, author, proposal, _client = setup
    from sqlalchemy.exc import IntegrityError
    db.session.add(ProposalImage(proposal_id=proposal.id, position=3, file_name="a",
                                 thumb_name="b", width=1, height=1, thumb_width=1,
                                 thumb_height=1, alt="x", uploader_id=author.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_file_missing_from_the_form(setup):
    _app, _folder, _author, proposal, client = setup
    response = client.post(f"/api/v1/proposals/{proposal.id}/images", data={"alt": "x"},
                           content_type="multipart/form-data")
    assert response.status_code == 422


def test_others_may_not_add_pictures(setup, make_user, db):
    app, folder, _author, proposal, _client = setup
    other = app.test_client()
    login(other, make_user())
    assert post(other, proposal, jpeg()).status_code == 403
    assert files_in(folder) == [] and rows(db) == 0
    anonymous = app.test_client()
    assert post(anonymous, proposal, jpeg()).status_code == 401


def test_a_failed_commit_removes_the_staged_files(setup, db):
    _app, folder, author, proposal, _client = setup
    services.add_image(author, proposal, jpeg(), "Ein Bild")
    assert len(files_in(folder)) == 2
    db.session.rollback()
    assert files_in(folder) == []


# --- removing -------------------------------------------------------------------------

def test_the_author_deletes_a_picture_and_its_files(setup, db):
    _app, folder, _author, proposal, client = setup
    image_id = post(client, proposal, jpeg()).get_json()["id"]
    response = client.delete(f"/api/v1/images/{image_id}")
    assert response.status_code == 204
    assert files_in(folder) == [] and rows(db) == 0
    assert client.delete(f"/api/v1/images/{image_id}").status_code == 404


def test_a_file_two_rows_use_stays_until_both_are_gone(setup, db, make_proposal):
    _app, folder, author, proposal, client = setup
    first = post(client, proposal, jpeg()).get_json()["id"]
    second = post(client, proposal, jpeg()).get_json()["id"]
    assert len(files_in(folder)) == 2
    assert client.delete(f"/api/v1/images/{first}").status_code == 204
    assert len(files_in(folder)) == 2
    assert client.delete(f"/api/v1/images/{second}").status_code == 204
    assert files_in(folder) == []


def test_a_moderator_removes_a_picture_with_a_reason(setup, db, make_user):
    app, folder, _author, proposal, client = setup
    image_id = post(client, proposal, jpeg()).get_json()["id"]
    moderator = app.test_client()
    login(moderator, make_user(Role.FACILITATOR))
    assert moderator.delete(f"/api/v1/images/{image_id}").status_code == 422
    assert len(files_in(folder)) == 2
    response = moderator.delete(f"/api/v1/images/{image_id}?reason=Zeigt+ein+Kennzeichen")
    assert response.status_code == 204
    assert files_in(folder) == []
    assert client.get(f"/api/v1/proposals/{proposal.id}").get_json()["images"] == []
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Zeigt ein Kennzeichen" in page
    assert "Zeigt ein Kennzeichen" not in app.test_client().get(
        f"/proposals/{proposal.id}").get_data(as_text=True)


def test_others_may_not_remove_pictures(setup, make_user):
    app, _folder, _author, proposal, client = setup
    image_id = post(client, proposal, jpeg()).get_json()["id"]
    other = app.test_client()
    login(other, make_user())
    assert other.delete(f"/api/v1/images/{image_id}").status_code == 403


# --- served -----------------------------------------------------------------------------

def test_served_files_have_safe_headers(setup):
    app, _folder, _author, proposal, client = setup
    url = post(client, proposal, jpeg()).get_json()["url"]
    response = app.test_client().get(url.split("localhost", 1)[1])
    response.close()
    response = app.test_client().get(url.split("localhost", 1)[1], buffered=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.data[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize("path", [
    "/uploads/..%2f..%2fconfig.py", "/uploads/../test.db", "/uploads/%2e%2e",
    "/uploads/" + "a" * 64 + ".jpg", "/uploads/" + "A" * 64 + ".jpg",
    "/uploads/.upload-x.part", "/uploads/" + "0" * 64 + ".svg",
])
def test_only_stored_hash_names_are_served(setup, path):
    app, _folder, _author, _proposal, _client = setup
    assert app.test_client().get(path).status_code == 404


# --- pages and the API ------------------------------------------------------------------

def test_pictures_on_the_idea_page_and_in_the_api(setup):
    app, _folder, _author, proposal, client = setup
    answer = post(client, proposal, jpeg(size=(2000, 1000))).get_json()
    page = app.test_client().get(f"/proposals/{proposal.id}").get_data(as_text=True)
    thumb = answer["thumbnail_url"].split("localhost", 1)[1]
    full = answer["url"].split("localhost", 1)[1]
    assert f'src="{full}"' in page
    assert f"{thumb} 400w" in page and f"{full} 1600w" in page
    assert 'width="1600" height="800"' in page and 'loading="lazy"' in page
    assert 'alt="Ein Platz mit Bäumen"' in page
    images = app.test_client().get(f"/api/v1/proposals/{proposal.id}").get_json()["images"]
    assert images == [answer]


def test_the_list_shows_the_first_thumbnail(setup):
    app, _folder, _author, proposal, client = setup
    answer = post(client, proposal, jpeg()).get_json()
    page = app.test_client().get(f"/processes/{proposal.process.slug}/proposals")
    thumb = answer["thumbnail_url"].split("localhost", 1)[1]
    text = page.get_data(as_text=True)
    assert f'src="{thumb}"' in text and 'loading="lazy"' in text
    assert 'width="400" height="300"' in text
    for path in (f"/processes/{proposal.process.slug}", "/"):  # the newest ideas, the strip
        assert f'src="{thumb}"' in app.test_client().get(path).get_data(as_text=True), path


def test_a_hidden_ideas_pictures_are_not_linked(setup, make_user, db):
    app, _folder, _author, proposal, client = setup
    answer = post(client, proposal, jpeg()).get_json()
    moderator = make_user(Role.FACILITATOR)
    services.hide_proposal(moderator, proposal, "Beleidigend")
    db.session.commit()
    visitor = app.test_client()
    assert visitor.get(f"/proposals/{proposal.id}").status_code == 404
    assert visitor.get(f"/api/v1/proposals/{proposal.id}").status_code == 404
    listing = visitor.get(f"/processes/{proposal.process.slug}/proposals").get_data(as_text=True)
    assert answer["thumbnail_url"].rsplit("/", 1)[1] not in listing


def test_the_list_costs_the_same_queries_with_pictures(setup, db, make_proposal):
    app, _folder, author, proposal, client = setup
    others = [make_proposal(proposal.process, author=author, title=f"Idee {i}")
              for i in range(8)]
    visitor = app.test_client()
    path = f"/processes/{proposal.process.slug}/proposals?sort=comments"

    def queries() -> int:
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert visitor.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    app.config["PAGE_CACHE_SECONDS"] = 0
    without = queries()
    for other in others:
        assert post(client, other, jpeg()).status_code == 201
    assert queries() == without <= 10


def test_posting_needs_the_ideas_phase(setup, db):
    _app, folder, _author, proposal, client = setup
    proposal.process.current_phase = PhaseKind.VOTING.value
    db.session.commit()
    assert post(client, proposal, jpeg()).status_code == 409
    assert files_in(folder) == []


# --- the HTML forms ------------------------------------------------------------------

def idea_form(process, data: bytes | None = None, alt: str = "", **extra) -> dict:
    form = {"title": "Ein Brunnen am Markt", "body": "Im Sommer fehlt Wasser.",
            "topic": str(process.topics[0].id), "district": "", "lat": "", "lon": "",
            "similar_seen": "1", "picture_alt": alt, **extra}
    if data is not None:
        form["picture"] = (io.BytesIO(data), "foto.jpg", "image/jpeg")
    return form


def test_posting_an_idea_with_a_picture(setup, db):
    _app, folder, _author, proposal, client = setup
    process = proposal.process
    form_page = client.get(f"/processes/{process.slug}/proposals/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form_page
    assert 'accept="image/jpeg,image/png,image/webp"' in form_page
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data=idea_form(process, jpeg(), "Der Markt"),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    image = db.session.execute(select(ProposalImage)).scalar_one()
    assert image.alt == "Der Markt" and len(files_in(folder)) == 2


def test_a_refused_picture_stores_nothing_of_the_idea(setup, db):
    from participation.proposals.models import Proposal
    _app, folder, _author, proposal, client = setup
    process = proposal.process
    before = db.session.execute(select(func.count(Proposal.id))).scalar_one()
    for data, alt, expected in ((HTML, "Der Markt", 415), (jpeg(), "", 422),
                                (jpeg(size=(100, 100)), "Klein", 422)):
        response = client.post(f"/processes/{process.slug}/proposals/new",
                               data=idea_form(process, data, alt),
                               content_type="multipart/form-data")
        assert response.status_code == expected
        page = response.get_data(as_text=True)
        assert 'class="error" id="picture' in page  # the error shows under its field
        assert "Ein Brunnen am Markt" in page  # the form is kept
    assert db.session.execute(select(func.count(Proposal.id))).scalar_one() == before
    assert files_in(folder) == [] and rows(db) == 0


def test_posting_an_idea_without_a_picture_still_works(setup, db):
    _app, folder, _author, proposal, client = setup
    response = client.post(f"/processes/{proposal.process.slug}/proposals/new",
                           data=idea_form(proposal.process), content_type="multipart/form-data")
    assert response.status_code == 302
    assert files_in(folder) == [] and rows(db) == 0


def test_the_edit_page_lists_pictures_with_delete_buttons(setup, db):
    _app, folder, _author, proposal, client = setup
    for i in range(3):
        image_id = post(client, proposal, jpeg(color=(80 * i, 50, 250 - 80 * i))).get_json()["id"]
    page = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert page.count("Bild löschen") == 3 or page.count("Delete picture") == 3
    assert 'name="picture"' not in page  # three pictures: no more upload
    response = client.post(f"/images/{image_id}/remove", data={"back": "edit"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit")
    assert rows(db) == 2 and len(files_in(folder)) == 4
    page = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert 'name="picture"' in page
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=idea_form(proposal.process, jpeg(color=(1, 2, 3)), "Neu"),
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert rows(db) == 3


def test_a_moderator_removes_a_picture_on_the_page(setup, db, make_user):
    app, folder, _author, proposal, client = setup
    image_id = post(client, proposal, jpeg()).get_json()["id"]
    moderator = app.test_client()
    login(moderator, make_user(Role.ADMIN))
    page = moderator.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/images/{image_id}/remove" in page
    assert moderator.post(f"/images/{image_id}/remove", data={"reason": ""}).status_code == 422
    response = moderator.post(f"/images/{image_id}/remove", data={"reason": "Fremde Person"})
    assert response.status_code == 302
    assert files_in(folder) == []
    assert "Fremde Person" in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)


# --- personal data ---------------------------------------------------------------------

def test_the_data_export_lists_ones_pictures(setup):
    _app, _folder, _author, proposal, client = setup
    answer = post(client, proposal, jpeg()).get_json()
    export = client.get("/account/export").get_json()
    assert export["pictures"][0]["url"] == answer["url"]
    assert export["pictures"][0]["alt"] == answer["alt"]


def test_deleting_the_account_removes_the_pictures(setup, db):
    from participation.accounts import services as account_services
    _app, folder, author, proposal, client = setup
    post(client, proposal, jpeg())
    account_services.delete_account(author)
    db.session.commit()
    assert files_in(folder) == [] and rows(db) == 0


def test_the_privacy_purge_removes_the_pictures(setup, db):
    from datetime import date, timedelta

    from participation.legal.purge import purge_personal_data
    _app, folder, _author, proposal, client = setup
    post(client, proposal, jpeg())
    from participation.processes import services as process_services
    from participation.processes.models import PHASE_ORDER
    start = date.today() - timedelta(days=800)
    process_services.set_phase_dates(proposal.process, {
        kind: (start + timedelta(days=10 * i), start + timedelta(days=10 * i + 9))
        for i, kind in enumerate(PHASE_ORDER)})
    proposal.process.current_phase = PhaseKind.RESULTS.value
    db.session.commit()
    summary = purge_personal_data(30)
    db.session.commit()
    assert summary.processes[0].counts["pictures"] == 1
    assert files_in(folder) == [] and rows(db) == 0


# --- candidate projects ------------------------------------------------------------------

@pytest.fixture
def project_setup(app, tmp_path, db, make_user, make_process, make_proposal):
    from participation.projects import services as project_services
    folder = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = str(folder)
    process = make_process()
    idea = make_proposal(process)
    process.current_phase = PhaseKind.SHORTLIST.value
    planner = make_user(Role.PLANNER)
    project = project_services.create_project(planner, process, [idea.id],
                                              project_services.ProjectInput(title="Radweg"))
    db.session.commit()
    client = app.test_client()
    login(client, planner)
    return app, folder, planner, project, client


def add_project_picture(client, project, data: bytes, alt="Der neue Radweg"):
    body, kind = multipart({"alt": alt}, data, "plan.png", "image/png", field="picture")
    return client.post(f"/projects/{project.id}/images", data=body, content_type=kind)


def test_planners_add_and_delete_project_pictures(project_setup, db, make_user):
    from participation.projects.models import ProjectImage
    app, folder, _planner, project, client = project_setup
    assert 'enctype="multipart/form-data"' in client.get(
        f"/projects/{project.id}/edit").get_data(as_text=True)
    for i in range(3):
        response = add_project_picture(client, project, jpeg(color=(80 * i, 250 - 80 * i, 50)))
        assert response.status_code == 302
    assert add_project_picture(client, project, png(size=(900, 400))).status_code == 409
    assert add_project_picture(client, project, png(), alt="").status_code == 422
    assert add_project_picture(client, project, SVG).status_code == 415
    assert len(files_in(folder)) == 6
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert page.count('loading="lazy"') >= 3 and 'alt="Der neue Radweg"' in page
    citizen = app.test_client()
    login(citizen, make_user())
    assert add_project_picture(citizen, project, png()).status_code == 403
    image_id = db.session.execute(select(ProjectImage.id)).scalars().first()
    assert citizen.post(f"/project-images/{image_id}/remove").status_code == 403
    assert client.post(f"/project-images/{image_id}/remove").status_code == 302
    assert len(files_in(folder)) == 4


def test_project_pictures_in_the_feed_and_the_pdf(project_setup, db):
    from pypdf import PdfReader

    from participation.projects import feed
    app, _folder, planner, project, client = project_setup
    assert add_project_picture(client, project, jpeg(size=(1200, 800))).status_code == 302
    from participation.projects import services as project_services
    project_services.publish_projects(planner, project.process)
    db.session.commit()
    document = client.get(f"/api/v1/processes/{project.process.slug}/projects").get_json()
    images = document["projects"][0]["images"]
    assert images[0]["url"].startswith("http://localhost/uploads/")
    assert (images[0]["width"], images[0]["height"]) == (1200, 800)
    assert images[0]["alt"] == "Der neue Radweg"
    with app.test_request_context():
        from jsonschema import Draft202012Validator
        Draft202012Validator(feed.schema()).validate(document)
    response = client.get(f"/api/v1/processes/{project.process.slug}/export.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    pictures_in_pdf = [image for page in reader.pages for image in page.images]
    assert len(pictures_in_pdf) == 1
    assert "Der neue Radweg" in "".join(page.extract_text() for page in reader.pages)
    results = client.get(f"/processes/{project.process.slug}/projects").get_data(as_text=True)
    assert images[0]["thumbnail_url"].split("localhost", 1)[1] in results


def test_deleting_a_draft_project_deletes_its_picture_files(project_setup, db):
    from participation.projects import services as project_services
    _app, folder, planner, project, client = project_setup
    assert add_project_picture(client, project, png()).status_code == 302
    project_services.delete_project(planner, project)
    db.session.commit()
    assert files_in(folder) == []


def test_three_pictures_at_most_also_when_uploads_arrive_together(setup, db):
    from participation.accounts.models import User
    from participation.proposals.models import Proposal
    from tests.conftest import run_in_threads
    app, folder, author, proposal, _client = setup
    photos = [jpeg(color=(40 * i, 200 - 30 * i, 90)) for i in range(6)]
    author_id, proposal_id = author.id, proposal.id
    db.session.commit()  # the test holds no SQLite lock while the threads run

    def work(index):
        services.add_image(db.session.get(User, author_id), db.session.get(Proposal, proposal_id),
                           photos[index], f"Bild {index}")

    outcomes = run_in_threads(app, 6, work)
    assert outcomes.count("ok") == 3, outcomes
    assert set(outcomes) <= {"ok", "TooManyImages"}, outcomes
    assert rows(db) == 3
    used = {n for pair in db.session.execute(
        select(ProposalImage.file_name, ProposalImage.thumb_name)).all() for n in pair}
    assert set(files_in(folder)) == used  # the refused uploads left no files


def test_the_author_deletes_a_picture_from_the_idea_page(setup, db, make_user):
    from participation.proposals.services import add_comment
    _app, folder, _author, proposal, client = setup
    image_id = post(client, proposal, jpeg()).get_json()["id"]
    add_comment(make_user(), proposal, "Schöne Idee")  # no longer editable
    db.session.commit()
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/images/{image_id}/remove" in page
    response = client.post(f"/images/{image_id}/remove")
    assert response.status_code == 302
    assert files_in(folder) == [] and rows(db) == 0


def test_an_idea_with_a_picture_is_not_held_back_for_look_alikes(setup, db):
    """Without the page's script the first submit normally shows look-alike ideas first; with
    a picture attached it publishes at once (a page shown again would have lost the file)."""
    from participation.proposals.models import Proposal
    _app, folder, author, proposal, client = setup
    process = proposal.process  # its idea "Mehr Bäume am Markt" looks like the next one
    form = idea_form(process, jpeg(), "Der Markt", title="Mehr Bäume am Markt, bitte",
                     body="Der Marktplatz ist im Sommer zu heiß.", similar_seen="")
    response = client.post(f"/processes/{process.slug}/proposals/new", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.execute(select(func.count(Proposal.id))).scalar_one() == 2
    assert rows(db) == 1 and len(files_in(folder)) == 2
    without = idea_form(process, None, title="Mehr Bäume am Markt, bitte",
                        body="Der Marktplatz ist im Sommer zu heiß.", similar_seen="")
    held = client.post(f"/processes/{process.slug}/proposals/new", data=without,
                       content_type="multipart/form-data")
    assert held.status_code == 200  # shown first: the look-alike, linked
    assert 'class="similar-list"' in held.get_data(as_text=True)


def test_the_larger_body_is_only_for_the_picture(setup, db):
    """A picture route takes 10 MB in a multipart body for its file; a text field of it, or a
    form sent without multipart, keeps the small limit of every other form."""
    _app, folder, _author, proposal, client = setup
    url = f"/processes/{proposal.process.slug}/proposals/new"
    fields = dict(idea_form(proposal.process, None, "Der Markt"))
    fields["body"] = "x" * (2 * 1024 * 1024)
    body, kind = multipart(fields, jpeg(), "foto.jpg", "image/jpeg", field="picture")
    assert client.post(url, data=body, content_type=kind).status_code == 413
    plain = client.post(url, data={"title": "Groß", "body": "x" * (2 * 1024 * 1024)})
    assert plain.status_code == 413
    assert rows(db) == 0 and files_in(folder) == []
