"""User text is stored as written and rendered inert: escaped, with only safe links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from participation import branding
from participation.proposals.models import Proposal
from participation.sanitize import plain_excerpt, render_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)">',
    "<a href=\"javascript:alert(1)\">klick</a>",
    "javascript:alert(1)",
    "<style>body{display:none}</style>",
    "<b onmouseover=alert(1)>fett</b>",
    "{{ 7*7 }} {% raw %}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _TagCollector()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_text_lets_no_user_markup_through(payload):
    html = str(render_text(f"Vorher {payload} nachher https://example.org/x"))
    for tag, attrs in _tags(html):
        assert tag in {"p", "br", "a"}, (tag, html)
        if tag == "a":
            assert set(attrs) == {"href", "rel"}
            assert attrs["href"].startswith(("http://", "https://"))
    assert "nachher" in html


def test_paragraphs_line_breaks_and_links():
    html = str(render_text(
        "Erste Zeile\nzweite Zeile\n\nNeuer Absatz: https://www.musterstadt.de/plan?a=1&b=2"))
    assert html.count("<p>") == 2
    assert "Erste Zeile<br>" in html
    assert ('<a href="https://www.musterstadt.de/plan?a=1&amp;b=2" '
            'rel="nofollow ugc noopener">') in html


def test_only_http_links_become_links():
    html = str(render_text("ftp://example.org/x und www.example.org und mailto:a@b.de"))
    assert "ftp://example.org/x" in html
    assert 'href="ftp' not in html and 'href="mailto' not in html


def test_excerpt_is_plain_and_short():
    text = "Wort " * 100
    excerpt = plain_excerpt(text, 50)
    assert len(excerpt) <= 51 and excerpt.endswith("…")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_title_and_body_is_inert_on_every_page(client, db, make_proposal, make_user,
                                                          payload):
    author = make_user(name="<img src=x onerror=alert('name')>")
    proposal = make_proposal(title=f"T {payload}"[:120], body=f"B {payload}", author=author)
    stored = db.session.get(Proposal, proposal.id)
    assert stored.body == f"B {payload}"  # stored as written
    for url in (f"/proposals/{proposal.id}", f"/processes/{proposal.process.slug}/proposals",
                f"/processes/{proposal.process.slug}"):
        html = client.get(url).get_data(as_text=True)
        tags = _tags(html)
        for tag, attrs in tags:
            # the page's own scripts, pictures and icons come from /static/, and its one
            # style element is the brand tokens; everything else would be the payload's
            if tag in ("script", "img"):
                assert (attrs.get("src") or "").startswith("/static/"), (tag, attrs)
            elif tag == "svg":
                assert "icon" in (attrs.get("class") or "").split(), (tag, attrs)
            else:
                assert tag not in {"iframe", "math", "b", "mglyph"}, tag  # style: counted below
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            assert not (attrs.get("href") or "").startswith("javascript:")
        assert [t for t, _a in tags].count("style") == 1
        brand = branding.style_sheet(client.application.config["BRAND_COLOR"])
        assert f"<style>{brand}</style>" in html
