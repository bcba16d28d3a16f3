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


def test_oversized_request_is_refused_with_a_page(client, make_user, login_as, make_process):
    process = make_process()
    login_as(make_user())
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data={"title": "Groß", "body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert 'class="skip-link"' in response.get_data(as_text=True)


def test_an_unexpected_error_is_a_calm_page_without_a_traceback(make_app):
    app = make_app()

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with app.app_context():
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html and "Traceback" not in html
    assert "Etwas ist schiefgelaufen" in html or "Something went wrong" in html


def test_api_errors_are_json(client):
    response = client.get("/api/v1/proposals/999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"]
