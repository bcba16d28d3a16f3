"""Every public page answers in the site's layout, and errors are pages, not tracebacks."""

from __future__ import annotations


def test_home_lists_processes(client, make_process):
    process = make_process()
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert process.title in html
    assert '<html lang="de">' in html
    assert html.count("<main") == 1


def test_unknown_page_is_a_404_page_in_the_layout(client):
    page = client.get("/does-not-exist")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "Seite nicht gefunden" in html
    assert 'class="skip-link"' in html
