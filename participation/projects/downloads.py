"""Turn a process's projects into a download: the translated texts, the chart data, and the
choice of what a caller may see (planners: drafts and author names; everyone: published)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from .. import uploads
from ..errors import NotFound
from ..processes.models import Process
from ..processes.rules import votes_visible
from ..proposals.models import STATUS_LABELS
from ..votes import services as vote_services
from . import export, feed, rules, services
from .chart import ChartItem
from .models import CRITERION_LABELS, PROJECT_STATUS_LABELS

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "pdf": "application/pdf",
}
TABLES = ("projects", "proposals")
CHART_SIZE = 20


def export_texts() -> export.ExportTexts:
    """Column headers, status labels and report phrases in the reader's language."""
    headers = {
        "id": _("No."), "title": _("Title"), "status": _("Status"), "summary": _("Summary"),
        "department": _("Responsible department"), "cost": _("Estimated cost (EUR)"),
        "time_frame": _("Time frame"), "district": _("District"),
        "score_total": _("Total score (5–25)"), "ideas": _("Ideas"),
        "supporters": _("Supporters (people)"), "online_votes": _("Online votes"),
        "workshop_dots": _("Workshop dots"), "best_rank": _("Best rank of its ideas"),
        "origin": _("Came from the ideas"), "status_changes": _("Status changes"),
        "published_at": _("Published on"), "url": _("Web address"), "topic": _("Topic"),
        "origin_kind": _("Origin"), "workshop": _("Workshop"), "author": _("Author"),
        "votes": _("Votes"), "voters": _("Voters"), "paper_votes": _("Paper and event votes"),
        "pair_wins": _("Pairwise won"),
        "pair_losses": _("Pairwise lost"), "pair_ties": _("Pairwise undecided"),
        "rank": _("Rank"), "score": _("Score (0–1)"), "project_id": _("Project no."),
        "why_not": _("Why not a project"),
    }
    for criterion, label in CRITERION_LABELS.items():
        headers[f"score_{criterion}"] = _("Score: %(criterion)s", criterion=label)
        headers[f"comment_{criterion}"] = _("Comment: %(criterion)s", criterion=label)
    statuses = {s.value: str(label) for s, label in PROJECT_STATUS_LABELS.items()}
    statuses.update({s.value: str(label) for s, label in STATUS_LABELS.items()
                     if s.value not in statuses})
    statuses.update({"online": _("online"), "workshop": _("workshop")})
    words = {
        "sheet_projects": _("Projects"), "sheet_proposals": _("Ideas"),
        "report_title": _("Candidate projects: report for the city council"),
        "generated_on": _("As of {date}"),
        "summary_line": _("Candidate projects: {projects}. Citizen ideas they came from: "
                          "{ideas}."),
        "page": _("Page {page}"), "total_short": _("Total score"),
        "supporters_short": _("Supporters"),
        "overview": _("Overview"), "status": _("Status"),
        "department": _("Responsible department"), "cost": _("Estimated cost"),
        "time_frame": _("Time frame"), "district": _("District"),
        "whole_city": _("whole city"), "supporters": _("Supporters (people)"),
        "criterion": _("Criterion"), "score": _("Score"), "comment": _("Comment"),
        "criteria": _("Jury criteria"), "origin": _("Where the project came from"),
        "origin_line": _("{title}: {votes} votes from {voters} people, {dots} workshop dots"),
        "from_workshop": _("from the workshop “{title}”"),
        "status_changes": _("Status changes"), "ranking": _("Ranking of the ideas"),
        "ranking_note": _("The best-ranked ideas by their combined score (0–100); dark bars "
                          "became part of a project."),
        "rank": _("Rank"), "idea": _("Idea"), "in_project": _("In a project"),
        "yes": _("yes"), "no": _("no"),
        "why_not": _("Ideas that did not become a project, and why"),
    }
    return export.ExportTexts(locale=str(get_locale() or "de"), headers=headers,
                              statuses=statuses, criteria={k: str(v) for k, v in
                                                           CRITERION_LABELS.items()},
                              words=words)


def chart_items(process: Process, visible_project_ids: set[int] | None,
                limit: int = CHART_SIZE) -> list[ChartItem]:
    """The best-ranked ideas for the chart; marked when part of a project the reader sees."""
    if not votes_visible(process):
        return []
    in_project = {pid for pid, project in services.projects_by_proposal(process).items()
                  if visible_project_ids is None or project.id in visible_project_ids}
    return [ChartItem(p.title, r.score * 100, p.id in in_project)
            for r, p in vote_services.ranking_for(process, with_details=False)[:limit]]


def value_format(value: float) -> str:
    return format_decimal(value, "0.0")


@dataclass
class Download:
    body: bytes
    mimetype: str
    filename: str


def first_pictures(document: dict) -> dict[int, str]:
    """Each project's first picture as a file on disk, for the PDF (the document links it)."""
    files = {}
    for project in document["projects"]:
        if project.get("images"):
            try:
                files[project["id"]] = str(uploads.path_of(
                    project["images"][0]["url"].rsplit("/", 1)[1]))
            except NotFound:
                continue  # a file gone from disk: the report goes without it
    return files


def build_download(user, process: Process, fmt: str, table: str = "projects",
                   public: bool = False) -> Download:
    """The export in one format. Planners get drafts and author names unless they ask for
    the public version; everyone else gets the published projects, without personal data.
    Raises NotFound for an unknown format or when nothing is published yet."""
    if fmt not in FORMATS:
        raise NotFound(_("This export format does not exist."))
    planner = rules.is_planner(user) and not public
    document = feed.build_document(process, include_drafts=planner,
                                   with_proposals=fmt != "pdf" and
                                   (fmt != "csv" or table == "proposals"),
                                   with_authors=planner)
    if not planner and not document["projects"]:
        raise NotFound(_("The project list of this process has not been published yet."))
    texts = export_texts()
    name = f"{process.slug}-projects"
    if fmt == "csv":
        if table == "proposals":
            body, name = export.proposals_csv(document, texts), f"{process.slug}-ideas"
        else:
            body = export.projects_csv(document, texts)
    elif fmt == "xlsx":
        body = export.to_xlsx(document, texts)
    elif fmt == "json":
        body = export.to_json(document)
    else:
        visible = None if planner else {p["id"] for p in document["projects"]}
        body = export.to_pdf(document, texts, chart_items(process, visible), value_format,
                             first_pictures(document))
    if planner:
        name += "-internal"
    return Download(body, FORMATS[fmt], f"{name}.{fmt}")
