"""The authorization matrix: every route and every socket command, and who must not act.

`ROUTES` has one entry per (method, URL rule) of `app.url_map`; a route without an entry
fails `test_every_route_is_in_the_matrix`, so a new page or API call cannot ship without
someone deciding who may use it. For each entry, every role that is not allowed is sent the
request and must be refused the way the app refuses consistently:

- anonymous: a redirect to the login page (HTML) or 401 (JSON API);
- logged in without the right: 403, or 404 where the object is someone else's (IDOR: the
  app does not even confirm that another person's token or report exists);

and the database must be exactly as before (a refused write wrote nothing). The socket part
does the same for each command of `workshops.services.COMMANDS`.

To add the routes of a new module, add rows to ROUTES: `Rule(allowed, path)` where `path`
builds the URL from the `World` (the objects every test starts with) and `data` is a
plausible form or JSON body, so that a refusal comes from the rule and not from bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.extensions import db as _db
from participation.processes.models import PhaseKind
from participation.projects import services as project_services
from participation.projects.models import ImportedFeed, ProjectImage
from participation.proposals import services as proposal_services
from participation.proposals.models import ProposalImage
from participation.votes import services as vote_services
from participation.workshops import services as workshop_services
from participation.workshops.commands import PARTICIPANT_COMMANDS
from participation.workshops.models import Workshop
from participation.workshops.services import COMMANDS
from tests.conftest import login

ROLES = ("anonymous", "citizen", "facilitator", "planner", "admin")
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
FACILITATORS = frozenset({"facilitator", "admin"})  # also the moderators
PLANNERS = frozenset({"planner", "admin"})
STAFF = frozenset({"facilitator", "planner", "admin"})  # who enter paper votes
ADMINS = frozenset({"admin"})
NOBODY = frozenset()  # only the owner of the object (a person outside the five roles)


@dataclass
class World:
    """What every matrix test starts with: a process in its ideas phase, an idea with a
    comment and a report by its author, an open workshop, and another person's API token."""

    slug: str
    proposal_id: int
    comment_id: int
    report_id: int
    workshop_id: int
    join_code: str
    token_id: int
    other_user_id: int
    facilitator_id: int
    project_id: int  # a draft candidate project made of another idea
    project_proposal_id: int
    paper_entry_id: int
    feed_id: int  # another city's imported feed
    image_id: int = 0  # a picture of the idea (its files need not exist for the rules)
    project_image_id: int = 0  # a picture of the draft project


@dataclass(frozen=True)
class Rule:
    allowed: frozenset
    path: Callable[[World], str]
    data: dict | None = None
    json: dict | None = None
    # a GET that every allowed role may load (answers below 400); checked for all roles
    page: bool = False
    # the object is hidden from everyone else (a draft): anonymous gets 404 too, not a login
    hidden: bool = False


def public(path, **kwargs) -> Rule:
    return Rule(EVERYONE, path, **kwargs)


P = "/processes/{w.slug}"
ROUTES: dict[tuple[str, str], Rule] = {
    # --- site ---
    ("GET", "/"): public(lambda w: "/", page=True),
    ("GET", "/language/<code>"): public(lambda w: "/language/en"),
    ("GET", "/static/<path:filename>"): public(lambda w: "/static/css/site.css", page=True),
    # --- accounts ---
    ("GET", "/account"): Rule(LOGGED_IN, lambda w: "/account", page=True),
    ("POST", "/account/confirm"): Rule(LOGGED_IN, lambda w: "/account/confirm"),
    ("GET", "/account/confirm/<token>"): public(lambda w: "/account/confirm/forged"),
    ("GET", "/account/delete"): Rule(LOGGED_IN, lambda w: "/account/delete", page=True),
    ("POST", "/account/delete"): Rule(LOGGED_IN, lambda w: "/account/delete",
                                      data={"password": "x", "confirm": "y"}),
    ("GET", "/account/export"): Rule(LOGGED_IN, lambda w: "/account/export", page=True),
    ("GET", "/account/login"): public(lambda w: "/account/login"),
    ("POST", "/account/login"): public(lambda w: "/account/login"),
    # logging out when not logged in changes nothing and is not refused
    ("POST", "/account/logout"): public(lambda w: "/account/logout"),
    ("GET", "/account/password/forgot"): public(lambda w: "/account/password/forgot"),
    ("POST", "/account/password/forgot"): public(lambda w: "/account/password/forgot"),
    ("GET", "/account/password/reset/<token>"): public(
        lambda w: "/account/password/reset/forged"),
    ("POST", "/account/password/reset/<token>"): public(
        lambda w: "/account/password/reset/forged"),
    ("POST", "/account/profile"): Rule(LOGGED_IN, lambda w: "/account/profile",
                                       data={"display_name": "Mallory", "language": "de"}),
    ("GET", "/account/register"): public(lambda w: "/account/register"),
    ("POST", "/account/register"): public(lambda w: "/account/register"),
    ("POST", "/account/tokens"): Rule(LOGGED_IN, lambda w: "/account/tokens",
                                      data={"name": "Skript"}),
    # another person's token: nobody but its owner revokes it
    ("POST", "/account/tokens/<int:token_id>/revoke"): Rule(
        NOBODY, lambda w: f"/account/tokens/{w.token_id}/revoke"),
    ("GET", "/account/activity"): Rule(LOGGED_IN, lambda w: "/account/activity", page=True),
    ("GET", "/account/notifications"): Rule(LOGGED_IN, lambda w: "/account/notifications",
                                            page=True),
    ("POST", "/account/notifications"): Rule(LOGGED_IN, lambda w: "/account/notifications",
                                             data={"mode": "off"}),
    # the signed link in a mail works without login; a forged one is refused for everyone
    ("GET", "/notifications/unsubscribe/<token>"): public(
        lambda w: "/notifications/unsubscribe/forged"),
    ("POST", "/notifications/unsubscribe/<token>"): public(
        lambda w: "/notifications/unsubscribe/forged"),
    # --- admin ---
    ("GET", "/admin/"): Rule(ADMINS, lambda w: "/admin/", page=True),
    ("GET", "/styleguide"): Rule(ADMINS, lambda w: "/styleguide", page=True),
    ("GET", "/admin/processes/<slug>/edit"): Rule(
        ADMINS, lambda w: f"/admin/processes/{w.slug}/edit", page=True),
    ("POST", "/admin/processes/<slug>/edit"): Rule(
        ADMINS, lambda w: f"/admin/processes/{w.slug}/edit",
        data={"slug": "pwned", "title": "Pwned", "current_phase": "results"}),
    ("GET", "/admin/processes/new"): Rule(ADMINS, lambda w: "/admin/processes/new", page=True),
    ("POST", "/admin/processes/new"): Rule(
        ADMINS, lambda w: "/admin/processes/new",
        data={"slug": "pwned", "title": "Pwned", "current_phase": "ideas"}),
    ("GET", "/admin/processes/<slug>/districts"): Rule(
        ADMINS, lambda w: f"/admin/processes/{w.slug}/districts", page=True),
    ("POST", "/admin/processes/<slug>/districts"): Rule(
        ADMINS, lambda w: f"/admin/processes/{w.slug}/districts", data={"upload": "x"}),
    ("POST", "/admin/processes/<slug>/districts/save"): Rule(
        ADMINS, lambda w: f"/admin/processes/{w.slug}/districts/save",
        data={"geojson": '{"type": "FeatureCollection", "features": [{"type": "Feature", '
                         '"properties": {"name": "Pwned"}, "geometry": {"type": "Polygon", '
                         '"coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}'}),
    ("GET", "/admin/users"): Rule(ADMINS, lambda w: "/admin/users", page=True),
    ("POST", "/admin/users/<int:user_id>/role"): Rule(
        ADMINS, lambda w: f"/admin/users/{w.other_user_id}/role", data={"role": "admin"}),
    # --- JSON API ---
    ("GET", "/api/v1/openapi.json"): public(lambda w: "/api/v1/openapi.json", page=True),
    ("GET", "/api/v1/"): public(lambda w: "/api/v1/", page=True),
    ("GET", "/api/v1/docs"): public(lambda w: "/api/v1/docs", page=True),
    ("GET", "/api/v1/processes"): public(lambda w: "/api/v1/processes", page=True),
    ("GET", "/api/v1/processes/<slug>/proposals"): public(
        lambda w: f"/api/v1{P}/proposals".format(w=w), page=True),
    ("GET", "/api/v1/processes/<slug>/proposals.geojson"): public(
        lambda w: f"/api/v1{P}/proposals.geojson".format(w=w), page=True),
    ("GET", "/api/v1/processes/<slug>/districts.geojson"): public(
        lambda w: f"/api/v1{P}/districts.geojson".format(w=w), page=True),
    ("POST", "/api/v1/processes/<slug>/proposals"): Rule(
        LOGGED_IN, lambda w: f"/api/v1{P}/proposals".format(w=w),
        json={"title": "Idee", "body": "Text"}),
    ("GET", "/api/v1/processes/<slug>/pairs/next"): Rule(
        LOGGED_IN, lambda w: f"/api/v1{P}/pairs/next".format(w=w)),
    ("POST", "/api/v1/processes/<slug>/pairs"): Rule(
        LOGGED_IN, lambda w: f"/api/v1{P}/pairs".format(w=w),
        json={"token": "forged", "winner": None}),
    ("GET", "/api/v1/processes/<slug>/ranking"): public(
        lambda w: f"/api/v1{P}/ranking".format(w=w), page=True),
    ("GET", "/api/v1/proposals/<int:proposal_id>"): public(
        lambda w: f"/api/v1/proposals/{w.proposal_id}", page=True),
    ("POST", "/api/v1/proposals/<int:proposal_id>/vote"): Rule(
        LOGGED_IN, lambda w: f"/api/v1/proposals/{w.proposal_id}/vote", json={}),
    ("DELETE", "/api/v1/proposals/<int:proposal_id>/vote"): Rule(
        LOGGED_IN, lambda w: f"/api/v1/proposals/{w.proposal_id}/vote"),
    # --- processes, ideas, comments, moderation ---
    ("GET", "/processes/<slug>"): public(lambda w: P.format(w=w), page=True),
    ("GET", "/processes/<slug>/proposals"): public(lambda w: f"{P}/proposals".format(w=w),
                                                    page=True),
    ("GET", "/processes/<slug>/proposals/new"): Rule(
        LOGGED_IN, lambda w: f"{P}/proposals/new".format(w=w), page=True),
    ("POST", "/processes/<slug>/proposals/new"): Rule(
        LOGGED_IN, lambda w: f"{P}/proposals/new".format(w=w),
        data={"title": "Idee", "body": "Text"}),
    ("GET", "/proposals/<int:proposal_id>"): public(lambda w: f"/proposals/{w.proposal_id}",
                                                    page=True),
    ("POST", "/proposals/<int:proposal_id>/comments"): Rule(
        LOGGED_IN, lambda w: f"/proposals/{w.proposal_id}/comments", data={"body": "Hallo"}),
    # only the author edits and withdraws (the author is none of the five)
    ("GET", "/proposals/<int:proposal_id>/edit"): Rule(
        NOBODY, lambda w: f"/proposals/{w.proposal_id}/edit"),
    ("POST", "/proposals/<int:proposal_id>/edit"): Rule(
        NOBODY, lambda w: f"/proposals/{w.proposal_id}/edit",
        data={"title": "Übernommen", "body": "Text"}),
    ("POST", "/proposals/<int:proposal_id>/withdraw"): Rule(
        NOBODY, lambda w: f"/proposals/{w.proposal_id}/withdraw"),
    # pictures: the author (NOBODY here) or a moderator; a moderator names a reason
    ("POST", "/api/v1/proposals/<int:proposal_id>/images"): Rule(
        FACILITATORS, lambda w: f"/api/v1/proposals/{w.proposal_id}/images",
        data={"alt": "Ein Bild"}),
    ("DELETE", "/api/v1/images/<int:image_id>"): Rule(
        FACILITATORS, lambda w: f"/api/v1/images/{w.image_id}?reason=Nein"),
    ("POST", "/images/<int:image_id>/remove"): Rule(
        FACILITATORS, lambda w: f"/images/{w.image_id}/remove", data={"reason": "Nein"}),
    ("GET", "/uploads/<name>"): public(lambda w: "/uploads/" + "0" * 64 + ".jpg"),
    ("GET", "/proposals/<int:proposal_id>/report"): Rule(
        LOGGED_IN, lambda w: f"/proposals/{w.proposal_id}/report", page=True),
    ("POST", "/proposals/<int:proposal_id>/report"): Rule(
        LOGGED_IN, lambda w: f"/proposals/{w.proposal_id}/report", data={"reason": "Spam"}),
    ("GET", "/comments/<int:comment_id>/report"): Rule(
        LOGGED_IN, lambda w: f"/comments/{w.comment_id}/report", page=True),
    ("POST", "/comments/<int:comment_id>/report"): Rule(
        LOGGED_IN, lambda w: f"/comments/{w.comment_id}/report", data={"reason": "Spam"}),
    ("POST", "/proposals/<int:proposal_id>/hide"): Rule(
        FACILITATORS, lambda w: f"/proposals/{w.proposal_id}/hide", data={"reason": "Weg"}),
    ("POST", "/comments/<int:comment_id>/hide"): Rule(
        FACILITATORS, lambda w: f"/comments/{w.comment_id}/hide", data={"reason": "Weg"}),
    ("POST", "/proposals/<int:proposal_id>/unhide"): Rule(
        FACILITATORS, lambda w: f"/proposals/{w.proposal_id}/unhide"),
    ("POST", "/comments/<int:comment_id>/unhide"): Rule(
        FACILITATORS, lambda w: f"/comments/{w.comment_id}/unhide"),
    ("GET", "/moderation"): Rule(FACILITATORS, lambda w: "/moderation", page=True),
    ("POST", "/moderation/reports/<int:report_id>/dismiss"): Rule(
        FACILITATORS, lambda w: f"/moderation/reports/{w.report_id}/dismiss"),
    # --- votes ---
    ("GET", "/how-the-ranking-works"): public(lambda w: "/how-the-ranking-works", page=True),
    ("GET", "/processes/<slug>/ranking"): public(lambda w: f"{P}/ranking".format(w=w),
                                                  page=True),
    ("GET", "/processes/<slug>/compare"): Rule(LOGGED_IN, lambda w: f"{P}/compare".format(w=w)),
    ("POST", "/processes/<slug>/compare"): Rule(
        LOGGED_IN, lambda w: f"{P}/compare".format(w=w), data={"token": "forged"}),
    ("POST", "/proposals/<int:proposal_id>/vote"): Rule(
        LOGGED_IN, lambda w: f"/proposals/{w.proposal_id}/vote"),
    ("POST", "/proposals/<int:proposal_id>/vote/remove"): Rule(
        LOGGED_IN, lambda w: f"/proposals/{w.proposal_id}/vote/remove"),
    # --- workshops ---
    ("GET", "/join"): public(lambda w: "/join", page=True),
    ("POST", "/join"): public(lambda w: "/join"),
    ("GET", "/w/<code>"): public(lambda w: f"/w/{w.join_code}", page=True),
    ("GET", "/workshops"): Rule(FACILITATORS, lambda w: "/workshops", page=True),
    ("GET", "/processes/<slug>/workshops/new"): Rule(
        FACILITATORS, lambda w: f"{P}/workshops/new".format(w=w), page=True),
    ("POST", "/processes/<slug>/workshops/new"): Rule(
        FACILITATORS, lambda w: f"{P}/workshops/new".format(w=w),
        data={"title": "Gekapert", "dots_per_participant": "5"}),
    ("GET", "/workshops/<int:workshop_id>/control"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/control", page=True),
    ("POST", "/workshops/<int:workshop_id>/open"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/open"),
    ("GET", "/workshops/<int:workshop_id>/projector"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/projector", page=True),
    ("GET", "/workshops/<int:workshop_id>/qr.svg"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/qr.svg", page=True),
    ("GET", "/workshops/<int:workshop_id>/results"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/results", page=True),
    ("POST", "/workshops/<int:workshop_id>/results"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/results", data={"mode": "cards"}),
    ("GET", "/workshops/<int:workshop_id>/export.csv"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/export.csv", page=True),
    ("GET", "/workshops/<int:workshop_id>/export.json"): Rule(
        FACILITATORS, lambda w: f"/workshops/{w.workshop_id}/export.json", page=True),
    # the public record of a workshop exists once its results are published
    ("GET", "/workshops/<int:workshop_id>"): public(lambda w: f"/workshops/{w.workshop_id}"),
    # --- similar ideas, paper votes ---
    ("GET", "/processes/<slug>/proposals/similar"): public(
        lambda w: f"{P}/proposals/similar?title=Bäume".format(w=w), page=True),
    ("GET", "/processes/<slug>/paper-votes"): Rule(
        STAFF, lambda w: f"{P}/paper-votes".format(w=w), page=True),
    ("POST", "/processes/<slug>/paper-votes"): Rule(
        STAFF, lambda w: f"{P}/paper-votes".format(w=w),
        data={"proposal_id": "1", "count": "5", "channel": "paper"}),
    ("GET", "/paper-votes/<int:entry_id>/correct"): Rule(
        STAFF, lambda w: f"/paper-votes/{w.paper_entry_id}/correct", page=True),
    ("POST", "/paper-votes/<int:entry_id>/correct"): Rule(
        STAFF, lambda w: f"/paper-votes/{w.paper_entry_id}/correct",
        data={"count": "0", "reason": "Gekapert"}),
    # --- candidate projects, exports, other cities ---
    ("GET", "/processes/<slug>/projects"): public(lambda w: f"{P}/projects".format(w=w),
                                                   page=True),
    ("GET", "/processes/<slug>/projects/workspace"): Rule(
        PLANNERS, lambda w: f"{P}/projects/workspace".format(w=w), page=True),
    ("GET", "/processes/<slug>/projects/duplicates"): Rule(
        PLANNERS, lambda w: f"{P}/projects/duplicates".format(w=w), page=True),
    ("GET", "/processes/<slug>/projects/new"): Rule(
        PLANNERS, lambda w: f"{P}/projects/new?proposal={w.proposal_id}".format(w=w)),
    ("POST", "/processes/<slug>/projects/new"): Rule(
        PLANNERS, lambda w: f"{P}/projects/new".format(w=w),
        data={"title": "Gekapert", "proposals": "1"}),
    ("POST", "/processes/<slug>/projects/choose"): Rule(
        PLANNERS, lambda w: f"{P}/projects/choose".format(w=w), data={"proposals": "1"}),
    ("POST", "/processes/<slug>/projects/publish"): Rule(
        PLANNERS, lambda w: f"{P}/projects/publish".format(w=w)),
    ("POST", "/processes/<slug>/projects/unpublish"): Rule(
        PLANNERS, lambda w: f"{P}/projects/unpublish".format(w=w)),
    # a draft: only planners see it
    ("GET", "/projects/<int:project_id>"): Rule(
        PLANNERS, lambda w: f"/projects/{w.project_id}", page=True, hidden=True),
    ("GET", "/projects/<int:project_id>/edit"): Rule(
        PLANNERS, lambda w: f"/projects/{w.project_id}/edit"),
    ("POST", "/projects/<int:project_id>/edit"): Rule(
        PLANNERS, lambda w: f"/projects/{w.project_id}/edit", data={"title": "Gekapert"}),
    ("POST", "/projects/<int:project_id>/images"): Rule(
        PLANNERS, lambda w: f"/projects/{w.project_id}/images", data={"alt": "Ein Plan"}),
    ("POST", "/project-images/<int:image_id>/remove"): Rule(
        PLANNERS, lambda w: f"/project-images/{w.project_image_id}/remove"),
    ("POST", "/projects/<int:project_id>/delete"): Rule(
        PLANNERS, lambda w: f"/projects/{w.project_id}/delete"),
    ("POST", "/projects/<int:project_id>/status"): Rule(
        PLANNERS, lambda w: f"/projects/{w.project_id}/status", data={"status": "dropped"}),
    ("POST", "/projects/<int:project_id>/proposals/<int:proposal_id>/remove"): Rule(
        PLANNERS,
        lambda w: f"/projects/{w.project_id}/proposals/{w.project_proposal_id}/remove"),
    ("POST", "/proposals/<int:proposal_id>/why-not"): Rule(
        PLANNERS, lambda w: f"/proposals/{w.proposal_id}/why-not", data={"reason": "Nein"}),
    ("POST", "/proposals/<int:proposal_id>/why-not/clear"): Rule(
        PLANNERS, lambda w: f"/proposals/{w.proposal_id}/why-not/clear"),
    ("GET", "/api/v1/processes/<slug>/projects"): public(
        lambda w: f"/api/v1{P}/projects".format(w=w)),
    ("GET", "/api/v1/processes/<slug>/export.<fmt>"): public(
        lambda w: f"/api/v1{P}/export.csv".format(w=w)),
    ("GET", "/schemas/projects-v1.schema.json"): public(
        lambda w: "/schemas/projects-v1.schema.json", page=True),
    ("GET", "/other-cities"): public(lambda w: "/other-cities", page=True),
    ("GET", "/admin/feeds"): Rule(ADMINS, lambda w: "/admin/feeds", page=True),
    ("POST", "/admin/feeds"): Rule(
        ADMINS, lambda w: "/admin/feeds", data={"url": "http://127.0.0.1:9/feed.json"}),
    ("POST", "/admin/feeds/<int:feed_id>/delete"): Rule(
        ADMINS, lambda w: f"/admin/feeds/{w.feed_id}/delete"),
    # --- legal pages, health ---
    ("GET", "/imprint"): public(lambda w: "/imprint", page=True),
    ("GET", "/privacy"): public(lambda w: "/privacy", page=True),
    ("GET", "/accessibility"): public(lambda w: "/accessibility", page=True),
    ("POST", "/accessibility"): public(lambda w: "/accessibility"),
    ("GET", "/easy-language"): public(lambda w: "/easy-language", page=True),
    ("GET", "/easy-language/<slug>"): public(lambda w: "/easy-language/about", page=True),
    ("GET", "/healthz"): public(lambda w: "/healthz", page=True),
    ("GET", "/readyz"): public(lambda w: "/readyz"),
}

# Methods every route answers by itself (Werkzeug/Flask), not actions of the app.
AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}


def _served_routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - AUTOMATIC_METHODS}


def test_every_route_is_in_the_matrix(app):
    served = _served_routes(app)
    missing = sorted(served - set(ROUTES))
    assert not missing, ("routes without an entry in ROUTES of tests/test_authz_matrix.py "
                         f"(decide who may use them): {missing}")
    assert not sorted(set(ROUTES) - served), "ROUTES lists routes the app no longer has"


# --- the world every matrix test starts with --------------------------------------------------

@pytest.fixture
def world(app, db, make_user, make_process, make_proposal) -> World:
    author = make_user(name="Autorin")
    process = make_process()
    proposal = make_proposal(process, author=author)
    comment = proposal_services.add_comment(make_user(name="Kommentar"), proposal, "Gut so")
    report = proposal_services.report(author, "Bitte prüfen", proposal=proposal)
    facilitator = make_user(role=Role.FACILITATOR, name="Moderation")
    workshop = workshop_services.create_workshop(facilitator, process, "Marktplatz")
    code = workshop_services.open_workshop(facilitator, workshop)
    other = make_user(name="Jemand")
    token, _plain = account_services.create_api_token(other, "sein Skript")
    planner = make_user(role=Role.PLANNER, name="Planung")
    entry = vote_services.enter_paper_votes(planner, proposal, 12, "paper", "Urne")
    in_project = make_proposal(process, title="Radweg an der Havel")
    process.current_phase = PhaseKind.SHORTLIST.value  # projects are made from the shortlist on
    project = project_services.create_project(planner, process, [in_project.id],
                                              project_services.ProjectInput(title="Radweg"))
    process.current_phase = PhaseKind.IDEAS.value
    feed = ImportedFeed(city="Beispielstadt", process_slug="zukunft", process_title="Zukunft")
    db.session.add(feed)
    image = ProposalImage(proposal_id=proposal.id, position=0, file_name="a" * 64 + ".jpg",
                          thumb_name="b" * 64 + ".jpg", width=800, height=600, thumb_width=400,
                          thumb_height=300, alt="Der Markt", uploader_id=author.id)
    db.session.add(image)
    project_image = ProjectImage(project_id=project.id, position=0, file_name="c" * 64 + ".jpg",
                                 thumb_name="d" * 64 + ".jpg", width=800, height=600,
                                 thumb_width=400, thumb_height=300, alt="Der Plan",
                                 uploader_id=planner.id)
    db.session.add(project_image)
    db.session.commit()
    return World(slug=process.slug, proposal_id=proposal.id, comment_id=comment.id,
                 report_id=report.id, workshop_id=workshop.id, join_code=code,
                 token_id=token.id, other_user_id=other.id, facilitator_id=facilitator.id,
                 project_id=project.id, project_proposal_id=in_project.id,
                 paper_entry_id=entry.id, feed_id=feed.id, image_id=image.id,
                 project_image_id=project_image.id)


def _client_as(app, make_user, role: str):
    client = app.test_client()
    if role != "anonymous":
        login(client, make_user(role=Role(role)))
    return client


def _fingerprint() -> list:
    """Every row of every table, as plain values: a refused request changes none of it."""
    _db.session.commit()
    rows = []
    for table in _db.metadata.sorted_tables:
        rows.append((table.name, sorted(
            tuple(str(v) for v in row) for row in _db.session.execute(select(table)).all())))
    _db.session.commit()
    return rows


def _send(client, method: str, rule: Rule, world: World):
    kwargs = {}
    if rule.data is not None:
        kwargs["data"] = rule.data
    if rule.json is not None:
        kwargs["json"] = rule.json
    return client.open(rule.path(world), method=method, **kwargs)


def _assert_refused(response, role: str, path: str, hidden: bool = False) -> None:
    status = response.status_code
    where = f"{role} on {path}: {status}"
    if role == "anonymous" and hidden:
        assert status == 404, where
        return
    if role == "anonymous":
        if path.startswith("/api/"):
            assert status == 401, where
            assert response.get_json()["error"]["code"] == "unauthorized", where
        else:
            assert status == 302, where
            assert response.headers["Location"].startswith("/account/login"), where
        return
    assert status in (403, 404), where


DENIALS = sorted((method, path) for (method, path), rule in ROUTES.items()
                 if rule.allowed != EVERYONE)


@pytest.mark.parametrize(("method", "path"), DENIALS, ids=[f"{m} {p}" for m, p in DENIALS])
def test_roles_that_must_not_act_are_refused(app, make_user, world, method, path):
    rule = ROUTES[(method, path)]
    for role in sorted(EVERYONE - rule.allowed):
        client = _client_as(app, make_user, role)
        before = _fingerprint()
        response = _send(client, method, rule, world)
        _assert_refused(response, role, rule.path(world), rule.hidden)
        after = _fingerprint()
        assert after == before, f"{role} on {method} {path} changed the database"


PAGES = sorted(key for key, rule in ROUTES.items() if rule.page)


@pytest.mark.parametrize(("method", "path"), PAGES, ids=[f"{m} {p}" for m, p in PAGES])
def test_pages_load_for_the_roles_allowed(app, make_user, world, method, path):
    """The matrix is not stricter than the app: each allowed role gets the page."""
    rule = ROUTES[(method, path)]
    for role in sorted(rule.allowed):
        response = _send(_client_as(app, make_user, role), method, rule, world)
        response.close()
        assert response.status_code == 200, f"{role} on {path}: {response.status_code}"


# --- the JSON API with personal tokens: one person's token never touches another's data ---

def _bearer(plain: str) -> dict:
    return {"Authorization": f"Bearer {plain}"}


def test_a_token_acts_only_as_its_owner(app, db, client, make_user, make_process,
                                        make_proposal):
    from participation.processes.models import PhaseKind
    from participation.votes.models import Support

    process = make_process()
    proposal = make_proposal(process)
    process.current_phase = PhaseKind.VOTING.value
    alice, mallory = make_user(name="Alice"), make_user(name="Mallory")
    _t, alice_token = account_services.create_api_token(alice, "a")
    _t, mallory_token = account_services.create_api_token(mallory, "m")
    db.session.commit()
    assert client.post(f"/api/v1/proposals/{proposal.id}/vote", json={},
                       headers=_bearer(alice_token)).status_code == 201
    # Mallory cannot take Alice's vote back: her DELETE concerns only her own (absent) vote
    refused = client.delete(f"/api/v1/proposals/{proposal.id}/vote",
                            headers=_bearer(mallory_token))
    assert refused.status_code == 404
    assert refused.get_json()["error"]["code"] == "not_voted"
    votes = db.session.execute(select(Support.user_id)).scalars().all()
    assert votes == [alice.id]
    # her own my_vote shows nothing of Alice's
    seen = client.get(f"/api/v1/proposals/{proposal.id}", headers=_bearer(mallory_token))
    assert seen.get_json()["my_vote"]["supported"] is False
    # the token, not a session cookie in the same client, says who calls
    login(client, alice)
    mine = client.get(f"/api/v1/proposals/{proposal.id}", headers=_bearer(mallory_token))
    assert mine.get_json()["my_vote"]["supported"] is False


def test_a_revoked_or_forged_token_is_refused_on_every_api_route(app, client, world, db,
                                                                 make_user):
    owner = make_user()
    token, plain = account_services.create_api_token(owner, "alt")
    account_services.revoke_api_token(owner, token.id)
    db.session.commit()
    api_routes = sorted(k for k in ROUTES if k[1].startswith("/api/v1/"))
    for bad in (plain, "zk_forged", plain[:-3] + "abc", ""):
        for method, path in api_routes:
            rule = ROUTES[(method, path)]
            response = client.open(rule.path(world), method=method, json=rule.json,
                                   headers={"Authorization": f"Bearer {bad}"})
            assert response.status_code == 401, (bad, method, path, response.status_code)
            assert response.get_json()["error"]["code"] == "invalid_token"


def test_another_persons_token_cannot_be_revoked_by_id(app, client, db, world, make_user):
    from participation.accounts.models import ApiToken

    login(client, make_user(role=Role.ADMIN))  # not even by an admin
    assert client.post(f"/account/tokens/{world.token_id}/revoke").status_code == 404
    assert db.session.get(ApiToken, world.token_id).revoked_at is None


# --- the socket: every command, and who must not send it ---------------------------------------

SOCKET_ACTORS = ("unjoined", "citizen", "planner", "participant", "other_participant",
                 "facilitator")


@dataclass
class SocketWorld:
    workshop_id: int
    code: str
    card_id: int
    cluster_id: int
    other_id: int
    sockets: list = field(default_factory=list)


def _allowed_socket_actors(name: str) -> set[str]:
    if name in ("vote:add", "vote:remove"):
        return {"participant"}
    if name in PARTICIPANT_COMMANDS:
        return {"participant", "facilitator"}
    return {"facilitator"}


def _payload(name: str, sw: SocketWorld) -> dict:
    return {
        "card:add": {"text": "Eingeschleust"},
        "card:edit": {"card_id": sw.card_id, "text": "Übernommen"},
        "card:move": {"card_id": sw.card_id, "position": 9, "cluster_id": sw.cluster_id},
        "vote:add": {"card_id": sw.card_id},
        "vote:remove": {"card_id": sw.card_id},
        "phase:set": {"phase": "results"},
        "timer:start": {"seconds": 60},
        "timer:stop": {},
        "board:lock": {"locked": True},
        "card:hide": {"card_id": sw.card_id, "hidden": True},
        "card:approve": {"card_id": sw.card_id},
        "cluster:add": {"title": "Eingeschleust"},
        "cluster:rename": {"cluster_id": sw.cluster_id, "title": "Übernommen"},
        "card:cluster": {"card_id": sw.card_id, "cluster_id": sw.cluster_id},
        "results:reveal": {"revealed": True},
        "session:end": {},
    }[name]


def test_the_socket_matrix_covers_every_command():
    from tests.test_workshop_socket import EXPECTED_EVENT

    assert set(COMMANDS) == set(EXPECTED_EVENT)
    for name in COMMANDS:
        assert _allowed_socket_actors(name) <= set(SOCKET_ACTORS)


@pytest.fixture
def socket_world(app, db, make_user, make_process):
    from tests.test_workshop_socket import Board

    sockets: list = []
    board = Board(app, db, make_user, make_process, sockets)
    workshop_id, code = board.create(approval_required=False)
    facilitator = board.facilitate(workshop_id)
    owner, _ack = board.participant(code, "Besitzerin")
    card_id = owner.call("card:add", {"text": "Bänke am See"})["card_id"]
    cluster_id = facilitator.call("cluster:add", {"title": "Grün"})["cluster_id"]
    other_id, other_code = board.create()
    yield (board, SocketWorld(workshop_id, code, card_id, cluster_id, other_id), other_code,
           make_user)
    for socket in sockets:
        socket.disconnect()


def _socket_for(actor: str, board, sw: SocketWorld, other_code: str, make_user):
    if actor == "unjoined":
        return board.socket()
    if actor in ("citizen", "planner"):
        socket = board.socket(make_user(role=Role(actor)))
        refused = socket.call("join", {"workshop_id": sw.workshop_id})
        assert refused["error"]["code"] == "forbidden", refused
        return socket
    if actor == "participant":
        return board.participant(sw.code, "Mitmacherin")[0]
    if actor == "other_participant":
        return board.participant(other_code, "Fremd")[0]
    return board.facilitate(sw.workshop_id, make_user(role=Role.FACILITATOR))


def _board_state(board, workshop_id: int) -> tuple:
    workshop = board.db.session.get(Workshop, workshop_id)
    state = (workshop.version, workshop.locked, workshop.board_phase, workshop.status,
             workshop.results_revealed, workshop.timer_ends_at,
             [(c.id, c.text, c.status, c.cluster_id, c.position, c.dot_count)
              for c in board.cards(workshop_id)])
    board.db.session.commit()
    return state


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_socket_actors_that_must_not_act_get_an_error_ack(name, socket_world):
    board, sw, other_code, make_user = socket_world
    if name == "card:approve":  # an approvable note, so only the rule can refuse
        board.db.session.get(Workshop, sw.workshop_id).approval_required = True
        board.db.session.commit()
        sw.card_id = board.participant(sw.code, "Wartend")[0].call(
            "card:add", {"text": "Bitte prüfen"})["card_id"]
    if name in ("vote:add", "vote:remove"):  # both boards vote: only the rule can refuse
        for workshop_id in (sw.workshop_id, sw.other_id):
            board.db.session.get(Workshop, workshop_id).board_phase = "vote"
        board.db.session.commit()
    denied = sorted(set(SOCKET_ACTORS) - _allowed_socket_actors(name))
    for actor in denied:
        socket = _socket_for(actor, board, sw, other_code, make_user)
        before = _board_state(board, sw.workshop_id)
        ack = socket.call(name, _payload(name, sw))
        after = _board_state(board, sw.workshop_id)
        assert after == before, f"{actor} changed the board with {name}: {ack}"
        if actor == "other_participant" and name in ("card:add",):
            continue  # a note on their own board: allowed there, and this board unchanged
        assert ack["ok"] is False, f"{actor} may not send {name}: {ack}"
        expected = {"unjoined": {"not_joined"}, "citizen": {"not_joined"},
                    "planner": {"not_joined"}, "other_participant": {"not_found",
                                                                     "forbidden"},
                    }.get(actor, {"forbidden"})
        assert ack["error"]["code"] in expected, (actor, name, ack)
        assert ack["error"]["message"]


def test_a_participant_token_cannot_enter_or_sync_another_workshop(socket_world):
    board, sw, other_code, _make_user = socket_world
    stranger, ack = board.participant(other_code, "Fremd")
    token = ack["token"]
    again = board.socket()
    assert again.call("join", {"code": sw.code, "token": token})["error"]["code"] \
        == "forbidden"
    synced = again.call("sync", {"token": token, "since": 0})
    assert synced["ok"]  # the token's own board, never the other one
    texts = [e["data"].get("text") for e in synced["events"]]
    assert "Bänke am See" not in texts
    # a participant cannot sync as a facilitator by naming the workshop
    assert stranger.call("sync", {"workshop_id": sw.workshop_id})["error"]["code"] \
        == "forbidden"
    assert stranger.call("join", {"workshop_id": sw.workshop_id})["error"]["code"] \
        == "forbidden"
