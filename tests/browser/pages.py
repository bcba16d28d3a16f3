"""Every page of the app, in one list: the browser's axe test opens each one for each role.

`PAGES` maps each GET rule of `app.url_map` that renders an HTML page to a `Page`: a sample
path on the demo city (tests/browser/conftest.py's demo database, after `state.prepare`) and
the roles that see it. `EXCLUDED` names the GET rules that are not pages (JSON, downloads,
images, redirects, fragments), each with its reason. tests/test_page_inventory.py fails,
naming the rule, when a GET rule is in neither, so a new page cannot slip past the browser.

To add a page: one line in PAGES, keyed by the rule exactly as `flask routes` prints it,

    "/processes/<slug>/projects": Page("/processes/zukunft-2035/projects", EVERYONE),

or, if it is not an HTML page, one line in EXCLUDED with the reason.

Placeholders in a sample path, filled in by the browser test: {code} (the join code of the
demo workshop), {workshop_id} (the demo workshop), {published_workshop} (a closed workshop
whose results are published), {paper_entry} (a paper vote entry), {project} (a published
candidate project merging two ideas), {project_idea} (an idea with a "why not" answer),
{unsubscribe} (the demo citizen's unsubscribe token). `state.prepare` creates all but the
first two, in a second process at its shortlist, and switches pairwise comparison on,
before any page is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
CITIZEN = "citizen"
FACILITATOR = "facilitator"
PLANNER = "planner"
ADMIN = "admin"
ROLES = (ANONYMOUS, CITIZEN, FACILITATOR, PLANNER, ADMIN)

EVERYONE = frozenset(ROLES)
LOGGED_IN = frozenset({CITIZEN, FACILITATOR, PLANNER, ADMIN})
LOGGED_OUT = frozenset({ANONYMOUS})
FACILITATORS = frozenset({FACILITATOR, ADMIN})  # role_required(FACILITATOR): admin always
STAFF = frozenset({FACILITATOR, PLANNER, ADMIN})  # votes.rules.PAPER_STAFF
ADMINS = frozenset({ADMIN})
SLUG = "zukunft-2035"
RESULTS = "altstadt-2030"  # state.RESULTS_SLUG: a second process at its shortlist
PLANNERS = frozenset({PLANNER, ADMIN})  # projects.rules: planners edit (admin always)
CITIZENS_OWN_IDEA = 5  # demo.load_demo: the demo citizen wrote every 9th idea from the 5th


@dataclass(frozen=True)
class Page:
    path: str  # a sample path on the demo data, with {placeholders} (see above)
    roles: frozenset[str]  # who opens it (and gets `status`)
    status: int = 200  # a page that says "no" on purpose (a bad token) answers 400
    board: bool = False  # the participant board: join with a nickname before axe runs
    ready: str | None = None  # drawn by a script: axe waits until this selector is visible


PAGES: dict[str, Page] = {
    "/": Page("/", EVERYONE),
    # accounts
    "/account/register": Page("/account/register", LOGGED_OUT),
    "/account/login": Page("/account/login", LOGGED_OUT),
    "/account/password/forgot": Page("/account/password/forgot", LOGGED_OUT),
    "/account/password/reset/<token>": Page("/account/password/reset/not-a-token", LOGGED_OUT),
    "/account/confirm/<token>": Page("/account/confirm/not-a-token", LOGGED_OUT, status=400),
    "/account": Page("/account", LOGGED_IN),
    "/account/delete": Page("/account/delete", LOGGED_IN),
    # admin
    "/admin/": Page("/admin/", ADMINS),
    "/styleguide": Page("/styleguide", ADMINS),
    "/admin/users": Page("/admin/users", ADMINS),
    "/admin/processes/new": Page("/admin/processes/new", ADMINS),
    "/admin/processes/<slug>/edit": Page(f"/admin/processes/{SLUG}/edit", ADMINS),
    "/admin/processes/<slug>/districts": Page(f"/admin/processes/{SLUG}/districts", ADMINS),
    # legal
    "/accessibility": Page("/accessibility", EVERYONE),
    "/imprint": Page("/imprint", EVERYONE),
    "/privacy": Page("/privacy", EVERYONE),
    "/easy-language": Page("/easy-language", EVERYONE),
    "/easy-language/<slug>": Page("/easy-language/take-part", EVERYONE),
    # processes and ideas
    "/processes/<slug>": Page(f"/processes/{SLUG}", EVERYONE),
    "/processes/<slug>/proposals": Page(f"/processes/{SLUG}/proposals", EVERYONE),
    "/processes/<slug>/proposals/new": Page(f"/processes/{SLUG}/proposals/new", LOGGED_IN),
    "/proposals/<int:proposal_id>": Page("/proposals/1", EVERYONE),
    "/proposals/<int:proposal_id>/edit": Page(f"/proposals/{CITIZENS_OWN_IDEA}/edit",
                                              frozenset({CITIZEN})),
    "/proposals/<int:proposal_id>/report": Page("/proposals/1/report", LOGGED_IN),
    "/comments/<int:comment_id>/report": Page("/comments/1/report", LOGGED_IN),
    "/moderation": Page("/moderation", FACILITATORS),
    # votes
    "/processes/<slug>/ranking": Page(f"/processes/{SLUG}/ranking", EVERYONE),
    "/processes/<slug>/compare": Page(f"/processes/{SLUG}/compare", LOGGED_IN),
    "/processes/<slug>/paper-votes": Page(f"/processes/{SLUG}/paper-votes", STAFF),
    "/paper-votes/<int:entry_id>/correct": Page("/paper-votes/{paper_entry}/correct", STAFF),
    "/how-the-ranking-works": Page("/how-the-ranking-works", EVERYONE),
    # workshops
    "/workshops": Page("/workshops", FACILITATORS),
    "/processes/<slug>/workshops/new": Page(f"/processes/{SLUG}/workshops/new", FACILITATORS),
    "/workshops/<int:workshop_id>/control": Page("/workshops/{workshop_id}/control",
                                                 FACILITATORS),
    "/workshops/<int:workshop_id>/projector": Page("/workshops/{workshop_id}/projector",
                                                   FACILITATORS),
    "/workshops/<int:workshop_id>/results": Page("/workshops/{workshop_id}/results",
                                                 FACILITATORS),
    "/workshops/<int:workshop_id>": Page("/workshops/{published_workshop}", EVERYONE),
    "/join": Page("/join", EVERYONE),
    "/w/<code>": Page("/w/{code}", EVERYONE, board=True),
    # candidate projects: the second process of `state.prepare`, at its shortlist
    "/processes/<slug>/projects": Page(f"/processes/{RESULTS}/projects", EVERYONE),
    "/processes/<slug>/projects/workspace": Page(f"/processes/{RESULTS}/projects/workspace",
                                                 PLANNERS),
    "/processes/<slug>/projects/duplicates": Page(
        f"/processes/{RESULTS}/projects/duplicates", PLANNERS),
    "/processes/<slug>/projects/new": Page(
        f"/processes/{RESULTS}/projects/new?proposal={{project_idea}}", PLANNERS),
    "/projects/<int:project_id>": Page("/projects/{project}", EVERYONE),
    "/projects/<int:project_id>/edit": Page("/projects/{project}/edit", PLANNERS),
    "/other-cities": Page("/other-cities", EVERYONE),
    "/admin/feeds": Page("/admin/feeds", ADMINS),
    # notifications
    "/account/activity": Page("/account/activity", LOGGED_IN),
    "/account/notifications": Page("/account/notifications", LOGGED_IN),
    "/notifications/unsubscribe/<token>": Page("/notifications/unsubscribe/{unsubscribe}",
                                               EVERYONE),
    # the API's documentation page: the same for every role, so opened by one; axe runs once
    # Swagger UI has drawn the reference (test_api_docs_browser.py opens its operations too)
    "/api/v1/docs": Page("/api/v1/docs", frozenset({ANONYMOUS}), ready="#api-reference .opblock"),
}

EXCLUDED: dict[str, str] = {
    "/static/<path:filename>": "static files",
    "/language/<code>": "redirect back to the page (the language switch)",
    "/account/export": "file download (JSON), parsed in the citizen journey",
    "/workshops/<int:workshop_id>/export.csv": "file download (CSV)",
    "/workshops/<int:workshop_id>/export.json": "file download (JSON)",
    "/workshops/<int:workshop_id>/qr.svg": "image (SVG), shown on the control page",
    "/uploads/<name>": "a stored picture (JPEG), shown on the idea pages",
    "/processes/<slug>/proposals/similar": "HTML fragment fetched by the new-idea form's "
                                           "script; axed inside that page",
    "/api/v1/": "API (JSON): the entry point with its links",
    "/api/v1/processes": "API (JSON)",
    "/api/v1/processes/<slug>/proposals": "API (JSON)",
    "/api/v1/processes/<slug>/proposals.geojson": "API (GeoJSON): the ideas on the map",
    "/api/v1/processes/<slug>/districts.geojson": "API (GeoJSON): the districts on the map",
    "/api/v1/processes/<slug>/pairs/next": "API (JSON)",
    "/api/v1/processes/<slug>/ranking": "API (JSON)",
    "/api/v1/proposals/<int:proposal_id>": "API (JSON)",
    "/api/v1/openapi.json": "API (JSON)",
    "/api/v1/processes/<slug>/projects": "API (JSON): the open-data feed",
    "/api/v1/processes/<slug>/export.<fmt>": "file downloads (CSV, XLSX, JSON, PDF), read "
                                              "back with real readers in tests/test_exports.py",
    "/schemas/projects-v1.schema.json": "JSON Schema of the feed",
    "/healthz": "health check (JSON)",
    "/readyz": "readiness check (JSON)",
}

# The error pages, checked once (by the anonymous visitor and by the citizen).
ERROR_PAGES = {
    403: ("/admin/", CITIZEN),
    404: ("/proposals/999999", ANONYMOUS),
}


def expand(path: str, values: dict[str, object]) -> str:
    """The sample path with its {placeholders} filled in."""
    return path.format(**values)


def pages_for(role: str) -> list[tuple[str, Page]]:
    return [(rule, page) for rule, page in PAGES.items() if role in page.roles]
