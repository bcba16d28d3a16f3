"""The open-data feed (and JSON export) of a process's projects as plain data, and the
import of another city's feed.

The document follows schema/projects-v1.schema.json. Public documents carry no personal data:
no e-mail addresses and no author names.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from jsonschema import Draft202012Validator
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import uploads
from ..errors import Conflict, InvalidInput
from ..extensions import db
from ..models_base import utcnow
from ..processes.models import Process
from ..proposals.models import Proposal
from ..votes import services as vote_services
from . import rules, services
from .models import CRITERIA, CandidateProject, ImportedFeed, ImportedProject

log = logging.getLogger(__name__)
SCHEMA_PATH = Path(__file__).parent / "schema" / "projects-v1.schema.json"
FORMAT = "zukunftsstadt.projects"
VERSION = 1
FEED_MAX_BYTES = 2 * 1024 * 1024  # config PROJECT_FEED_MAX_BYTES may change it
FETCH_TIMEOUT = 10  # seconds


def max_feed_bytes() -> int:
    return int(current_app.config.get("PROJECT_FEED_MAX_BYTES", FEED_MAX_BYTES))


@cache
def schema() -> dict:
    """The JSON Schema of the feed (version 1)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _origin(proposal: Proposal, workshops: dict) -> dict:
    workshop = workshops.get(proposal.workshop_id)
    return {"proposal_id": proposal.id, "url": _url("proposals.detail", proposal_id=proposal.id),
            "title": proposal.title, "origin": proposal.origin,
            "workshop": workshop[0] if workshop else None,
            "votes": proposal.vote_count, "voters": proposal.voter_count,
            "workshop_dots": proposal.workshop_dots, "rank": proposal.rank_position,
            "district": proposal.district.name if proposal.district else None,
            **_where(proposal)}


def _where(proposal: Proposal) -> dict:
    """The idea's place in words and its point (schema 1.1; older feeds lack them)."""
    point = (None if proposal.lat is None
             else {"lat": round(proposal.lat, 6), "lon": round(proposal.lon, 6)})
    return {"place": proposal.place, "point": point}


def project_json(project: CandidateProject, figures: services.Figures,
                 workshops: dict) -> dict:
    return {
        "id": project.id, "url": _url("projects.detail", project_id=project.id),
        "title": project.title, "summary": project.summary, "department": project.department,
        "estimated_cost": (None if project.cost_cents is None
                           else {"cents": project.cost_cents, "currency": "EUR"}),
        "time_frame": project.time_frame,
        "district": project.district.name if project.district else None,
        "status": project.status, "published_at": _iso(project.published_at),
        "status_history": [{"status": h.status, "changed_at": _iso(h.changed_at),
                            "note": h.note} for h in project.history],
        "criteria": {c: {"score": project.score(c), "comment": project.comment(c)}
                     for c in CRITERIA},
        "support": {"ideas": figures.ideas, "supporters": figures.supporters,
                    "online_votes": figures.online_votes, "workshop_dots": figures.workshop_dots,
                    "best_rank": figures.best_rank},
        "origin": [_origin(link.proposal, workshops) for link in project.links],
        "images": [{"url": uploads.url(image.file_name, external=True),
                    "thumbnail_url": uploads.url(image.thumb_name, external=True),
                    "width": image.width, "height": image.height, "alt": image.alt}
                   for image in project.pictures],
    }


def _proposal_rows(ranked_ideas: list, project_of: dict[int, int], workshops: dict,
                   with_authors: bool) -> list[dict]:
    rows = []
    for ranked, p in ranked_ideas:  # ranked is None for a merged idea (out of the ranking)
        workshop = workshops.get(p.workshop_id)
        rows.append({
            "id": p.id, "url": _url("proposals.detail", proposal_id=p.id), "title": p.title,
            "topic": p.topic.name if p.topic else None,
            "district": p.district.name if p.district else None,
            **_where(p),
            "status": p.status, "origin": p.origin,
            "workshop": workshop[0] if workshop else None,
            "author": p.author_name if with_authors and p.author else None,
            "votes": p.vote_count, "voters": p.voter_count, "workshop_dots": p.workshop_dots,
            "paper_votes": p.paper_votes,
            "pair_wins": p.pair_wins, "pair_losses": p.pair_losses, "pair_ties": p.pair_ties,
            "rank": ranked.rank if ranked else None,
            "score": round(ranked.score, 6) if ranked else None,
            "project_id": project_of.get(p.id),
            "why_not": p.status_reason if p.status == "not_selected" else None,
        })
    return rows


def build_document(process: Process, include_drafts: bool = False,
                   with_proposals: bool = False, with_authors: bool = False) -> dict[str, Any]:
    """The feed of the process as plain data: its projects (drafts only if asked, for
    planners), the "why not" answers, and optionally every ranked idea with its figures."""
    projects = services.projects_of(process, include_drafts=include_drafts)
    figures = services.project_figures(process)
    not_selected = list(db.session.execute(
        select(Proposal).where(Proposal.process_id == process.id,
                               Proposal.status == "not_selected",
                               Proposal.status_reason.is_not(None))
        .order_by(Proposal.rank_position.asc().nulls_last(), Proposal.id)).scalars())
    sources = [link.proposal for project in projects for link in project.links]
    workshops = services.workshop_titles(sources)
    document: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "generated_at": _iso(utcnow()),
        "city": current_app.config["CITY_NAME"], "site": current_app.config["SITE_NAME"],
        "language": current_app.config["BABEL_DEFAULT_LOCALE"],
        "process": {"slug": process.slug, "title": process.title,
                    "url": _url("processes.detail", slug=process.slug),
                    "phase": process.current_phase},
        "projects": [project_json(p, figures.get(p.id, services.Figures()), workshops)
                     for p in projects],
        "not_selected": [{"proposal_id": p.id, "title": p.title, "reason": p.status_reason,
                          "url": _url("proposals.detail", proposal_id=p.id)}
                         for p in not_selected],
    }
    if with_proposals:
        project_of = {link.proposal_id: project.id for project in projects
                      for link in project.links}
        if include_drafts:  # a draft's ideas are shown as in no project to the public
            project_of = {pid: project.id for pid, project in
                          services.projects_by_proposal(process).items()}
        # merged ideas left the ranking (their project's lead stands for them) but keep
        # their votes: the ideas' sheet still lists them, without a rank
        ranked = [*vote_services.ranking_for(process),
                  *((None, p) for p in services.merged_proposals(process))]
        workshops_all = services.workshop_titles([p for _r, p in ranked])
        document["proposals"] = _proposal_rows(ranked, project_of, workshops_all, with_authors)
    return document


# --- import -------------------------------------------------------------------------------

def parse_feed(raw: bytes) -> dict:
    """Check an uploaded or fetched feed: size, UTF-8 JSON, our schema. Raises InvalidInput
    with a message that says what is wrong."""
    limit = max_feed_bytes()
    if len(raw) > limit:
        raise InvalidInput(_("The feed is too large (at most %(max)d kB).", max=limit // 1024))
    if not raw.strip():
        raise InvalidInput(_("The feed is empty."))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(_("The feed is not valid JSON.")) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(_("This is not a project feed of a participation platform "
                             "(format “%(format)s” expected).", format=FORMAT))
    if data.get("version") != VERSION:
        raise InvalidInput(_("This feed has a version we cannot read (version %(version)s "
                             "expected).", version=VERSION))
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise InvalidInput(_("The feed does not follow the schema at “%(where)s”: %(problem)s",
                             where=where, problem=error.message[:200]))
    if not data["projects"]:
        raise InvalidInput(_("The feed contains no projects."))
    return data


def _refuse_local(url: str) -> None:
    """Refuse an address whose host is or resolves to a loopback, private, link-local or
    otherwise non-public address (the server's own services, the cloud's metadata address),
    unless FEED_FETCH_LOCAL allows them (a partner city in the same administrative network).
    """
    if current_app.config.get("FEED_FETCH_LOCAL"):
        return
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError) as exc:
        raise InvalidInput(_("The feed could not be downloaded from this address.")) from exc
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            log.warning("feed address refused: %s resolves to the non-public %s", host, address)
            raise InvalidInput(_("Feeds are only fetched from public addresses on the "
                                 "internet, not from this server's own network."))


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another public http(s) address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise InvalidInput(_("Please give an address starting with http:// or https://."))
        _refuse_local(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_feed(url: str) -> bytes:
    """Download a feed from a public http(s) address, reading at most one byte past the
    limit. Raises InvalidInput for another scheme, a non-public address (also after a
    redirect), a failed download or an oversized answer.

    The address is checked when it is resolved for the check; a name whose DNS answer changes
    between that check and the download (DNS rebinding) is not caught here: an outgoing
    firewall is the complete answer, see SECURITY.md."""
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(_("Please give an address starting with http:// or https://."))
    _refuse_local(url)
    limit = max_feed_bytes()
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    opener = urllib.request.build_opener(_CheckedRedirects)
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as answer:
            raw = answer.read(limit + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise InvalidInput(_("The feed could not be downloaded from this address.")) from exc
    if len(raw) > limit:
        raise InvalidInput(_("The feed is too large (at most %(max)d kB).", max=limit // 1024))
    return raw


def _parse_time(value: str) -> datetime | None:
    """The feed's time as an aware datetime; None when it is not a valid ISO time with zone
    (jsonschema checks the date-time format only when an extra package is installed)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _safe_url(value: str) -> str:
    """Links from another site are kept only as http(s) addresses (never javascript: …)."""
    value = (value or "").strip()
    scheme = urllib.parse.urlsplit(value).scheme.lower()
    return value[:500] if scheme in ("http", "https") else ""


def import_from(user, upload, url: str | None) -> ImportedFeed:
    """Import a feed from an uploaded file (read to one byte past the limit) or, without a
    file, from an address. Raises InvalidInput when there is neither, and what fetch_feed,
    parse_feed and import_feed raise."""
    url = (url or "").strip()
    if upload and getattr(upload, "filename", ""):
        raw, source = upload.read(max_feed_bytes() + 1), None
    elif url:
        raw, source = fetch_feed(url), url
    else:
        raise InvalidInput(_("Give the address of a feed or choose a file."))
    return import_feed(user, parse_feed(raw), source)


def import_feed(user, data: dict, source_url: str | None = None) -> ImportedFeed:
    """Store a checked feed (parse_feed) as another city's projects; a feed of the same city
    and process replaces the earlier import. Raises NotAllowed, InvalidInput."""
    problem = rules.check_import(user)
    if problem is not None:
        raise problem
    if data["city"].strip().casefold() == current_app.config["CITY_NAME"].strip().casefold():
        raise InvalidInput(_("This feed comes from our own city; only other cities' projects "
                             "are imported."))
    db.session.execute(delete(ImportedFeed).where(ImportedFeed.city == data["city"],
                                                  ImportedFeed.process_slug ==
                                                  data["process"]["slug"]))
    generated = _parse_time(data["generated_at"])
    if generated is None:
        raise InvalidInput(_("The feed does not follow the schema at “%(where)s”: %(problem)s",
                             where="generated_at", problem="date-time"))
    feed = ImportedFeed(
        city=data["city"], site=data["site"], process_slug=data["process"]["slug"],
        process_title=data["process"]["title"], process_url=_safe_url(data["process"]["url"]),
        source_url=source_url[:500] if source_url else None, schema_version=data["version"],
        generated_at=generated,
    )
    for position, item in enumerate(data["projects"]):
        cost = item["estimated_cost"]
        feed.projects.append(ImportedProject(
            title=item["title"], summary=item["summary"], department=item["department"],
            cost_cents=cost["cents"] if cost else None, time_frame=item["time_frame"],
            district=item["district"] or "", status=item["status"], url=_safe_url(item["url"]),
            supporters=item["support"]["supporters"], idea_count=item["support"]["ideas"],
            position=position))
    try:
        with db.session.begin_nested():  # add inside: begin_nested() flushes pending rows
            db.session.add(feed)
            db.session.flush()
    except IntegrityError as exc:  # the same feed, imported at the same moment by another
        raise Conflict(_("This feed is being imported right now; please try again.")) from exc
    log.info("imported %d projects of %s (%s) by user %s", len(feed.projects), feed.city,
             feed.process_slug, user.id)
    return feed


def imported_feeds() -> list[ImportedFeed]:
    return list(db.session.execute(
        select(ImportedFeed).options(selectinload(ImportedFeed.projects))
        .order_by(ImportedFeed.city, ImportedFeed.process_title)).scalars())


def delete_imported_feed(user, feed_id: int) -> None:
    """Remove an imported feed with its projects. Raises NotAllowed."""
    problem = rules.check_import(user)
    if problem is not None:
        raise problem
    db.session.execute(delete(ImportedFeed).where(ImportedFeed.id == feed_id))
