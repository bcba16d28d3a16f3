"""The legal pages: imprint, privacy notice, accessibility statement, Leichte Sprache.

Each renders the city's details from configuration, in German and English, and every page of
the site links to them from its header and footer.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from participation.config import Config
from participation.legal.registry import CATEGORIES

CITY = {
    "CITY_AUTHORITY": "Stadt Beispielheim",
    "CITY_ADDRESS": "Rathausplatz 7, 15999 Beispielheim",
    "CITY_EMAIL": "info@beispielheim.example",
    "CITY_PHONE": "+49 3399 42-0",
    "CITY_REPRESENTATIVE": "Ada Beispiel, Bürgermeisterin",
    "IMPRINT_RESPONSIBLE": "Bert Beispiel, Stadtplanungsamt",
    "DPO_NAME": "Clara Schutz",
    "DPO_ADDRESS": "Postfach 12, 15999 Beispielheim",
    "DPO_EMAIL": "dsb@beispielheim.example",
    "PRIVACY_AUTHORITY_NAME": "Aufsicht für Beispiele",
    "PRIVACY_AUTHORITY_ADDRESS": "Aufsichtsweg 1, 14000 Aufsichtsstadt",
    "ACCESSIBILITY_CONTACT_EMAIL": "barrierefrei@beispielheim.example",
    "ACCESSIBILITY_CONTACT_PHONE": "+49 3399 42-100",
    "ENFORCEMENT_BODY_NAME": "Schlichtung für Beispiele",
    "ENFORCEMENT_BODY_ADDRESS": "Schlichtweg 2, 14000 Schlichtstadt",
    "ENFORCEMENT_BODY_EMAIL": "schlichtung@beispiel.example",
    "ENFORCEMENT_BODY_URL": "https://schlichtung.beispiel.example/",
    "ACCESSIBILITY_STATEMENT_DATE": date(2026, 3, 4),
    "ACCESSIBILITY_REVIEW_DATE": date(2026, 9, 30),
    "PRIVACY_RETENTION_DAYS": 222,
    "LOG_RETENTION_DAYS": 5,
}
EASY_PAGES = ["/easy-language", "/easy-language/about", "/easy-language/take-part",
              "/easy-language/navigate", "/easy-language/accessibility"]
LEGAL_PAGES = ["/imprint", "/privacy", "/accessibility", *EASY_PAGES]


@pytest.fixture
def city_client(make_app):
    return make_app(**CITY).test_client()


def get(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("path", ["/", "/imprint", "/privacy", "/accessibility",
                                  "/easy-language/about"])
def test_every_page_links_to_the_legal_pages_in_header_and_footer(client, path, language):
    html = get(client, path, language)
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    footer = html.split('<footer class="site-footer">')[1].split("</footer>")[0]
    easy = '<a href="/easy-language" lang="de" hreflang="de">Leichte Sprache</a>'
    assert easy in header
    assert easy in footer
    for target in ("/accessibility", "/privacy", "/imprint"):
        assert f'href="{target}"' in footer
    names = {"de": ("Barrierefreiheit", "Datenschutz", "Impressum"),
             "en": ("Accessibility", "Privacy", "Imprint")}[language]
    for name in names:
        assert f">{name}</a>" in footer


def test_imprint_shows_the_configured_city(city_client):
    html = get(city_client, "/imprint", "de")
    assert "<h1>Impressum</h1>" in html
    for key in ("CITY_AUTHORITY", "CITY_ADDRESS", "CITY_REPRESENTATIVE", "IMPRINT_RESPONSIBLE"):
        assert CITY[key] in html, key
    assert 'href="mailto:info@beispielheim.example"' in html
    assert 'href="tel:+493399420"' in html
    assert "§ 18 Abs. 2 Medienstaatsvertrag" in html


def test_imprint_in_english(city_client):
    html = get(city_client, "/imprint", "en")
    assert '<html lang="en">' in html
    assert "<h1>Imprint</h1>" in html
    assert "Stadt Beispielheim is a local authority under public law." in html


def test_the_demo_city_looks_complete_without_any_configuration(client):
    for path in ("/imprint", "/privacy", "/accessibility"):
        html = get(client, path, "de")
        assert Config.CITY_AUTHORITY in html
        assert Config.CITY_ADDRESS in html
    assert Config.ENFORCEMENT_BODY_NAME in get(client, "/accessibility", "de")
    assert Config.DPO_EMAIL in get(client, "/privacy", "de")


@pytest.mark.parametrize("language", ["de", "en"])
def test_privacy_notice_names_controller_dpo_authority_and_every_field(city_client, language,
                                                                       app):
    html = get(city_client, "/privacy", language)
    for key in ("CITY_AUTHORITY", "CITY_ADDRESS", "DPO_NAME", "DPO_ADDRESS",
                "PRIVACY_AUTHORITY_NAME", "PRIVACY_AUTHORITY_ADDRESS"):
        assert CITY[key] in html, key
    assert 'href="mailto:dsb@beispielheim.example"' in html
    from flask_babel import force_locale

    with force_locale(language):
        for category in CATEGORIES:
            assert f'id="data-{category.key}"' in html
            assert str(category.title) in html
            for label in [*category.fields.values(), *category.extra]:
                assert f"<li>{label}</li>" in html, (category.key, str(label))


def test_privacy_notice_states_retention_rights_cookies_and_no_third_parties(city_client):
    html = get(city_client, "/privacy", "en")
    assert "222 days after the process closed" in html
    assert "deleted after 5 days" in html
    # rights, with links to the features that fulfil them
    assert 'href="/account/export"' in html
    assert 'href="/account/delete"' in html
    assert 'href="/account"' in html
    for article in ("Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 20", "Art. 21", "Art. 77"):
        assert article in html
    # the cookies the app really sets, by their configured names
    assert "“session”" in html
    assert "“remember_token”" in html
    assert "shows no cookie banner" in html
    assert "We do not pass your personal data on to third parties" in html


def test_privacy_notice_in_german(city_client):
    html = get(city_client, "/privacy", "de")
    assert "<h1>Datenschutzerklärung</h1>" in html
    assert "Meine Daten herunterladen" in html
    assert "Mein Konto löschen" in html or "Konto löschen" in html
    assert "kein Cookie-Banner" in html
    assert "222 Tage nach dem Abschluss des Verfahrens" in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_accessibility_statement_follows_the_eu_model(city_client, language):
    html = get(city_client, "/accessibility", language)
    for section in ("status", "barriers", "preparation", "feedback", "enforcement"):
        assert f'id="{section}"' in html, section
    for key in ("ENFORCEMENT_BODY_NAME", "ENFORCEMENT_BODY_ADDRESS", "CITY_AUTHORITY"):
        assert CITY[key] in html, key
    assert 'href="mailto:barrierefrei@beispielheim.example"' in html
    assert 'href="mailto:schlichtung@beispiel.example"' in html
    assert 'href="https://schlichtung.beispiel.example/"' in html
    if language == "de":
        assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
        assert "4. März 2026" in html and "30. September 2026" in html
        assert "teilweise" in html
    else:
        assert "<h1>Accessibility statement</h1>" in html
        assert "March 4, 2026" in html and "September 30, 2026" in html
        assert "partially compliant" in html
    assert 'name="message"' in html and 'name="started"' in html


@pytest.mark.parametrize(("status", "phrase"), [("full", "fully compliant"),
                                                ("none", "not yet compliant")])
def test_conformance_status_comes_from_configuration(make_app, status, phrase):
    client = make_app(ACCESSIBILITY_CONFORMANCE=status).test_client()
    assert phrase in get(client, "/accessibility", "en")


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("path", EASY_PAGES)
def test_easy_language_pages_are_german_on_every_interface_language(client, path, language):
    html = get(client, path, language)
    assert f'<html lang="{language}">' in html
    main = html.split('<main id="main"')[1].split("</main>")[0]
    assert '<div lang="de" class="easy-language">' in main
    assert main.count("<h1>") == 1
    # every other Leichte Sprache page is one click away
    for other in EASY_PAGES[1:]:
        assert f'href="{other}"' in main


def test_easy_language_explains_site_taking_part_navigation_and_accessibility(city_client):
    about = get(city_client, "/easy-language/about", "de")
    assert "Bürger-Beteiligung" in about
    take_part = get(city_client, "/easy-language/take-part", "de")
    assert "Benutzer-Konto" in take_part and 'href="/account/register"' in take_part
    navigate = get(city_client, "/easy-language/navigate", "de")
    assert "Tab-Taste" in navigate and 'href="/accessibility"' in navigate
    accessibility = get(city_client, "/easy-language/accessibility", "de")
    assert 'href="/accessibility#feedback"' in accessibility
    assert CITY["ACCESSIBILITY_CONTACT_EMAIL"] in accessibility
    assert CITY["ENFORCEMENT_BODY_NAME"] in accessibility


def test_easy_language_sentences_are_short():
    """Leichte Sprache: one idea per sentence; no paragraph of the pages runs long."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "participation/templates/legal/easy"
    for template in folder.glob("*.html"):
        text = re.sub(r"{[{%#].*?[}%#]}", "X", template.read_text(encoding="utf-8"))
        for paragraph in re.findall(r"<p>(.*?)</p>", text, flags=re.S):
            words = re.sub(r"<[^>]+>", "", paragraph).split()
            assert len(words) <= 15, (template.name, paragraph)


def test_unknown_easy_language_page_is_404(client):
    assert client.get("/easy-language/nothing-here").status_code == 404


def test_configuration_from_the_environment():
    env = {"CITY_AUTHORITY": "Stadt X", "ACCESSIBILITY_REVIEW_DATE": "2027-01-15",
           "PRIVACY_RETENTION_DAYS": "30", "ACCESSIBILITY_CONFORMANCE": "Full",
           "ENFORCEMENT_BODY_URL": "https://example.org/"}
    out = Config.from_env(env)
    assert out["CITY_AUTHORITY"] == "Stadt X"
    assert out["ACCESSIBILITY_REVIEW_DATE"] == date(2027, 1, 15)
    assert out["PRIVACY_RETENTION_DAYS"] == 30
    assert out["ACCESSIBILITY_CONFORMANCE"] == "full"
    assert out["ENFORCEMENT_BODY_URL"] == "https://example.org/"


@pytest.mark.parametrize(("name", "value"), [
    ("ACCESSIBILITY_REVIEW_DATE", "15.01.2027"), ("PRIVACY_RETENTION_DAYS", "0"),
    ("LOG_RETENTION_DAYS", "a week"), ("ACCESSIBILITY_CONFORMANCE", "mostly")])
def test_bad_configuration_is_refused_with_the_variable_named(name, value):
    with pytest.raises(ValueError, match=name):
        Config.from_env({name: value})


def test_download_my_data_holds_the_votes_the_notice_lists(client, db, make_user, make_process,
                                                           make_proposal, login_as):
    """The notice promises all stored data in the download, votes included."""
    import json

    from participation.processes.models import PhaseKind
    from participation.votes import services as vote_services
    from participation.votes.models import PairwiseAnswer

    process = make_process()
    user = make_user()
    first, second = make_proposal(process=process), make_proposal(process=process)
    process.current_phase = PhaseKind.VOTING.value
    vote_services.cast_vote(user, first)
    db.session.add(PairwiseAnswer(process_id=process.id, user_id=user.id, low_id=first.id,
                                  high_id=second.id, winner_id=second.id))
    db.session.commit()
    login_as(user)
    data = json.loads(client.get("/account/export").get_data(as_text=True))
    assert [s["proposal_id"] for s in data["votes"]["supports"]] == [first.id]
    assert data["votes"]["pairwise_answers"][0]["winner_id"] == second.id
    assert data["votes"]["dot_points"] == []
