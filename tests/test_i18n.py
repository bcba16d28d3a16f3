"""Languages: complete catalogues, a switch that keeps the page, locale-aware dates."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_german_and_english_catalogues_exist():
    locales = {p.parent.parent.name for p in CATALOGUES}
    assert {"de", "en"} <= locales


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_catalogue_is_complete_and_keeps_placeholders(path):
    with path.open("rb") as fh:
        catalog = read_po(fh)
    missing, broken = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or "fuzzy" in message.flags:
            missing.append(message.id)
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if not set(PLACEHOLDER.findall(text)) <= wanted:
                broken.append((message.id, text))
    assert missing == [], f"untranslated in {path}: {missing[:10]}"
    assert broken == [], f"placeholders changed in {path}: {broken[:5]}"


def test_catalogues_cover_every_message_in_the_code(tmp_path):
    """Extracting again finds nothing the catalogues lack (no string forgotten)."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2", "--no-location",
         "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        template = read_po(fh)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    for path in CATALOGUES:
        with path.open("rb") as fh:
            catalog = read_po(fh)
        have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog
                if m.id}
        assert wanted - have == set(), f"{path} lacks {sorted(wanted - have)[:10]}"


def test_german_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html


def test_browser_language_is_honoured_until_the_person_chooses(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    client.get("/language/de")
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in html


def test_language_switch_keeps_the_page(client, make_proposal):
    proposal = make_proposal(title="Bänke am See")
    url = f"/processes/{proposal.process.slug}/proposals?sort=comments&q=b%C3%A4nke"
    page = client.get(url).get_data(as_text=True)
    switch = re.search(r'href="(/language/en\?next=[^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.get(switch)
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target.startswith(f"/processes/{proposal.process.slug}/proposals?")
    assert "sort=comments" in target
    page = client.get(target).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Skip to content" in page and "Bänke am See" in page


def test_language_switch_never_leaves_the_site(client):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.get("/language/en", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.get("/language/xx")
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_dates_follow_the_locale_and_the_city_time_zone(client, db, make_proposal):
    proposal = make_proposal()
    # 23:30 UTC on 4 March is already 5 March in Berlin
    proposal.created_at = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    db.session.commit()
    url = f"/proposals/{proposal.id}"
    german = client.get(url).get_data(as_text=True)
    assert "05.03.2026, 00:30:00" in german
    client.get("/language/en")
    english = client.get(url).get_data(as_text=True)
    assert "Mar 5, 2026" in english


def test_form_errors_are_translated(client, make_process, make_user, login_as):
    process = make_process()
    login_as(make_user())
    data = {"title": "", "body": ""}
    german = client.post(f"/processes/{process.slug}/proposals/new", data=data)
    assert "Bitte füllen Sie dieses Feld aus." in german.get_data(as_text=True)
    client.get("/language/en")
    english = client.post(f"/processes/{process.slug}/proposals/new", data=data)
    assert "Please fill in this field." in english.get_data(as_text=True)


# Languages beyond German and English: what a page in each must say, in its own words.
# "nav": the aria-label of the main navigation; "skip": the skip link; "login": a header link.
NEW_LANGUAGES = {
    "pl": {"name": "Polski", "nav": "Nawigacja główna", "skip": "Przejdź do treści",
           "login": "Zaloguj się", "nplurals": 3,
           "datetime": "5 mar 2026, 00:30:00", "decimal": "52,412", "grouped": "12\u00a0345,5"},
    "dsb": {"name": "Dolnoserbšćina", "nav": "Głowna nawigacija", "skip": "K wopśimjeśeju",
            "login": "Pśizjawiś se", "nplurals": 4,
            "datetime": "5.3.2026 0:30:00", "decimal": "52,412", "grouped": "12.345,5"},
}


def _catalogue(locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def test_every_offered_language_has_a_checked_catalogue(app):
    offered = set(app.config["LANGUAGES"])
    assert {"de", "en", *NEW_LANGUAGES} <= offered
    # the completeness test above runs once per catalogue it finds
    assert offered - {"en"} <= {p.parent.parent.name for p in CATALOGUES}


@pytest.mark.parametrize("locale", sorted(NEW_LANGUAGES))
def test_catalogue_has_the_plural_forms_of_its_language(locale):
    from babel.messages.plurals import get_plural

    catalog = _catalogue(locale)
    assert catalog.num_plurals == NEW_LANGUAGES[locale]["nplurals"] == get_plural(locale)[0]
    assert catalog.plural_expr == get_plural(locale)[1]


@pytest.mark.parametrize("locale", sorted(NEW_LANGUAGES))
def test_page_in_the_language(client, make_process, locale):
    process = make_process()
    want = NEW_LANGUAGES[locale]
    client.get(f"/language/{locale}")
    html = client.get("/").get_data(as_text=True)
    assert f'<html lang="{locale}">' in html
    assert want["skip"] in html and want["login"] in html
    assert f'aria-label="{want["nav"]}"' in html
    assert "Zum Inhalt springen" not in html
    assert process.title in html


def test_language_switch_offers_every_language_in_its_own_name(client):
    html = client.get("/").get_data(as_text=True)
    names = {"de": "Deutsch", "en": "English"} | {k: v["name"] for k, v in NEW_LANGUAGES.items()}
    for code, name in names.items():
        link = re.search(rf'<a href="/language/{code}\?next=[^"]*"\s+lang="{code}" '
                         rf'hreflang="{code}"[^>]*>{name}</a>', html)
        assert link, f"no switch link for {code}"


@pytest.mark.parametrize("locale", sorted(NEW_LANGUAGES))
def test_language_switch_keeps_the_page_in_the_language(client, make_proposal, locale):
    proposal = make_proposal()
    url = f"/proposals/{proposal.id}"
    page = client.get(url).get_data(as_text=True)
    switch = re.search(rf'href="(/language/{locale}\?next=[^"]+)"', page).group(1)
    target = client.get(switch.replace("&amp;", "&")).headers["Location"]
    assert target == url
    assert f'<html lang="{locale}">' in client.get(target).get_data(as_text=True)


@pytest.mark.parametrize("locale", sorted(NEW_LANGUAGES))
def test_dates_and_numbers_follow_the_new_locales(client, db, make_proposal, locale):
    proposal = make_proposal(lat=52.4125, lon=13.0573)
    proposal.created_at = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 5 March in Berlin
    db.session.commit()
    client.get(f"/language/{locale}")
    html = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert NEW_LANGUAGES[locale]["datetime"] in html
    shown = re.sub(r'href="geo:[^"]*"', "", html)  # the geo: link is written for map apps
    assert NEW_LANGUAGES[locale]["decimal"] in shown and "52.412" not in shown
    assert 'href="geo:52.41250,13.05730"' in html


@pytest.mark.parametrize("locale", sorted(NEW_LANGUAGES))
def test_number_filter_groups_digits_per_locale(app, locale):
    from flask import render_template_string

    with app.test_request_context("/", headers={"Accept-Language": locale}):
        assert render_template_string("{{ 12345.5 | number }}") == NEW_LANGUAGES[locale]["grouped"]


def test_lower_sorbian_is_marked_for_review_by_a_native_speaker():
    """Until a native speaker has checked it, the dsb catalogue says so (header and comment)."""
    catalog = _catalogue("dsb")
    assert "NEEDS REVIEW by a native speaker" in catalog.language_team
    assert "NEEDS REVIEW BY A NATIVE SPEAKER" in catalog.header_comment
