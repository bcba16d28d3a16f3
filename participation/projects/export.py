"""Exports of a process's projects and ideas: CSV, XLSX, JSON and a PDF council report.

Pure functions: plain data in (the feed document of feed.build_document and the texts of
the reader's language), bytes out. No Flask, no database; so they are tested and
benchmarked without a request.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

CRITERIA = ("innovation", "integrated", "participation", "spatial", "implementation")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PROJECT_COLUMNS = ("id", "title", "status", "summary", "department", "cost", "time_frame",
                   "district", *(f"score_{c}" for c in CRITERIA), "score_total",
                   *(f"comment_{c}" for c in CRITERIA), "ideas", "supporters",
                   "online_votes", "workshop_dots", "best_rank", "origin", "status_changes",
                   "published_at", "url")
PROPOSAL_COLUMNS = ("id", "title", "topic", "district", "status", "origin_kind", "workshop",
                    "author", "votes", "voters", "workshop_dots", "paper_votes", "pair_wins",
                    "pair_losses",
                    "pair_ties", "rank", "score", "project_id", "why_not", "url")


@dataclass
class ExportTexts:
    """Everything a reader sees, already translated into the reader's language."""

    locale: str = "de"
    headers: dict[str, str] = field(default_factory=dict)  # column key -> header
    statuses: dict[str, str] = field(default_factory=dict)  # status value -> label
    criteria: dict[str, str] = field(default_factory=dict)  # criterion -> label
    words: dict[str, str] = field(default_factory=dict)  # headings and phrases of the report

    def header(self, key: str) -> str:
        return self.headers.get(key, key)

    def status(self, value: str) -> str:
        return self.statuses.get(value, value)

    def word(self, key: str) -> str:
        return self.words.get(key, key)


def neutralise(value) -> str:
    """Spreadsheets run text that starts with = + - @ (or a tab or CR) as a formula;
    a leading apostrophe keeps it text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _decimal(value: float | Decimal | None, locale: str, pattern: str = "0.00") -> str:
    return "" if value is None else format_decimal(value, pattern, locale=locale)


def _euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


def money(cents: int | None, locale: str) -> str:
    """12.500,00 € in German, €12,500.00 in English."""
    return "" if cents is None else format_currency(_euros(cents), "EUR", locale=locale)


def _day(iso: str | None, locale: str) -> str:
    if not iso:
        return ""
    return format_date(datetime.fromisoformat(iso.replace("Z", "+00:00")).date(), "medium",
                       locale=locale)


def _score_total(project: dict) -> int | None:
    scores = [project["criteria"][c]["score"] for c in CRITERIA]
    return None if any(s is None for s in scores) else sum(scores)


def _origin_text(project: dict) -> str:
    return "; ".join(f"#{o['proposal_id']} {o['title']}" for o in project["origin"])


def _history_text(project: dict, texts: ExportTexts) -> str:
    return "; ".join(f"{h['changed_at'][:10]} {texts.status(h['status'])}"
                     for h in project["status_history"])


def project_values(project: dict, texts: ExportTexts) -> dict:
    """One project as typed cell values (numbers stay numbers)."""
    support = project["support"]
    cost = project["estimated_cost"]
    values = {
        "id": project["id"], "title": project["title"],
        "status": texts.status(project["status"]), "summary": project["summary"],
        "department": project["department"], "cost": _euros(cost["cents"]) if cost else None,
        "time_frame": project["time_frame"], "district": project["district"] or "",
        "score_total": _score_total(project), "ideas": support["ideas"],
        "supporters": support["supporters"], "online_votes": support["online_votes"],
        "workshop_dots": support["workshop_dots"], "best_rank": support["best_rank"],
        "origin": _origin_text(project), "status_changes": _history_text(project, texts),
        "published_at": (project["published_at"] or "")[:10], "url": project["url"],
    }
    for c in CRITERIA:
        values[f"score_{c}"] = project["criteria"][c]["score"]
        values[f"comment_{c}"] = project["criteria"][c]["comment"]
    return values


def proposal_values(row: dict, texts: ExportTexts) -> dict:
    return {**row, "status": texts.status(row["status"]), "author": row["author"] or "",
            "origin_kind": texts.status(row["origin"]),
            "topic": row["topic"] or "", "district": row["district"] or "",
            "workshop": row["workshop"] or "", "why_not": row["why_not"] or ""}


# --- CSV ----------------------------------------------------------------------------------

def _csv(columns: Iterable[str], rows: Iterable[dict], texts: ExportTexts,
         decimals: dict[str, str]) -> bytes:
    """Semicolons, CRLF, UTF-8 with BOM, decimal comma in German: what a German Excel opens
    by double click."""
    columns = list(columns)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(texts.header(c)) for c in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column in decimals and value is not None:
                cells.append(_decimal(value, texts.locale, decimals[column]))
            elif isinstance(value, int | Decimal):
                cells.append(str(value))
            else:
                cells.append(neutralise(value))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def projects_csv(document: dict, texts: ExportTexts) -> bytes:
    rows = (project_values(p, texts) for p in document["projects"])
    return _csv(PROJECT_COLUMNS, rows, texts, {"cost": "0.00"})


def proposals_csv(document: dict, texts: ExportTexts) -> bytes:
    rows = (proposal_values(r, texts) for r in document.get("proposals", []))
    return _csv(PROPOSAL_COLUMNS, rows, texts, {"score": "0.0000"})


# --- XLSX ---------------------------------------------------------------------------------

def _sheet(workbook, title: str, columns, rows, texts: ExportTexts,
           formats: dict[str, str]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=texts.header(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if isinstance(value, Decimal):
                value = float(value)
            if is_formula_like(value):
                # openpyxl would write it as a formula; keep it a string, marked as text
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
            elif column in formats and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = formats[column]
            else:  # an empty cell is no cell at all in the file (None): smaller, faster
                cells.append(None if value == "" else value)
                continue
            cells.append(cell)
        sheet.append(cells)


def to_xlsx(document: dict, texts: ExportTexts) -> bytes:
    """A workbook with a sheet of projects and a sheet of ideas with their vote figures,
    written in openpyxl's write-only mode (streamed, little memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, texts.word("sheet_projects"), PROJECT_COLUMNS,
           (project_values(p, texts) for p in document["projects"]), texts,
           {"cost": '#,##0.00 "€"'})
    _sheet(workbook, texts.word("sheet_proposals"), PROPOSAL_COLUMNS,
           (proposal_values(r, texts) for r in document.get("proposals", [])), texts, {})
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- JSON ---------------------------------------------------------------------------------

def to_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


# --- PDF ----------------------------------------------------------------------------------

def to_pdf(document: dict, texts: ExportTexts, chart_items: list | None = None,
           value_format: Callable[[float], str] | None = None,
           pictures: dict[int, str] | None = None) -> bytes:
    """The report for the city council: title page, overview, every project with its first
    picture (`pictures`: project id -> file), criteria and origin, the ranking chart with its
    table, and the "why not" answers."""
    from .pdf import render_report

    return render_report(document, texts, chart_items or [], value_format, money, _day,
                         pictures)
