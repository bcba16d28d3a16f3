"""Exports of a big process: 10,000 ideas and 500 candidate projects to CSV, XLSX, JSON and
the PDF council report; seconds (median of a few runs) and peak Python memory (tracemalloc,
measured in a separate run, since tracing slows the code down).

Pure: the export functions take the plain feed document, so no database or request is
involved; the document is built here the way feed.build_document shapes it.
"""

from __future__ import annotations

import gc
import random
import time
import tracemalloc

from participation.projects import export
from participation.projects.chart import ChartItem

PROPOSALS = 10_000
PROJECTS = 500
IDEAS_PER_PROJECT = 3
TARGETS_S = {"csv": 2.0, "xlsx": 2.0, "pdf": 10.0}
WORDS = ("Bäume", "Radweg", "Spielplatz", "Trinkbrunnen", "Bänke", "Quartier", "Schule",
         "Markt", "Licht", "Grün", "Fußweg", "Straße", "Sportplatz", "Bücherei")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def build_document(seed: int = 5) -> dict:
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    rows = []
    for i in range(1, PROPOSALS + 1):
        votes = rng.randint(0, 300)
        rows.append({
            "id": i, "url": f"http://localhost/proposals/{i}", "title": _text(rng, 6)[:120],
            "topic": rng.choice(("Klima", "Mobilität", None)),
            "district": rng.choice(("Altstadt", "Nordend", None)), "status": "published",
            "origin": "online", "workshop": None, "author": None, "votes": votes,
            "voters": votes, "workshop_dots": rng.randint(0, 10), "paper_votes": rng.randint(0, 20),
            "pair_wins": 3,
            "pair_losses": 2, "pair_ties": 1, "rank": i, "score": round(1 - i / PROPOSALS, 6),
            "project_id": None, "why_not": "=Zu teuer" if i % 97 == 0 else None,
        })
    projects = []
    for p in range(1, PROJECTS + 1):
        ideas = rows[(p - 1) * IDEAS_PER_PROJECT: p * IDEAS_PER_PROJECT]
        for row in ideas:
            row["project_id"], row["status"] = p, "shortlisted"
        projects.append({
            "id": p, "url": f"http://localhost/projects/{p}",
            "title": f"Projekt {p}: {_text(rng, 5)}"[:120], "summary": _text(rng, 60),
            "department": "Grünflächenamt", "estimated_cost": {"cents": rng.randint(0, 10**9),
                                                               "currency": "EUR"},
            "time_frame": "2026 bis 2028", "district": "Altstadt", "status": "candidate",
            "published_at": "2026-11-29T08:00:00Z",
            "status_history": [{"status": "candidate", "changed_at": "2026-11-20T08:00:00Z",
                                "note": ""}],
            "criteria": {c: {"score": rng.randint(1, 5), "comment": _text(rng, 12)}
                         for c in export.CRITERIA},
            "support": {"ideas": len(ideas), "supporters": sum(r["voters"] for r in ideas),
                        "online_votes": sum(r["votes"] for r in ideas), "workshop_dots": 4,
                        "best_rank": ideas[0]["rank"]},
            "origin": [{"proposal_id": r["id"], "url": r["url"], "title": r["title"],
                        "origin": "online", "workshop": None, "votes": r["votes"],
                        "voters": r["voters"], "workshop_dots": r["workshop_dots"],
                        "rank": r["rank"]} for r in ideas],
        })
    return {
        "format": "zukunftsstadt.projects", "version": 1,
        "generated_at": "2026-11-29T08:00:00Z", "city": "Musterstadt", "site": "Zukunftsstadt",
        "language": "de", "process": {"slug": "zukunft-2035", "title": "Musterstadt 2035",
                                      "url": "http://localhost/processes/zukunft-2035",
                                      "phase": "results"},
        "projects": projects,
        "not_selected": [{"proposal_id": r["id"], "url": r["url"], "title": r["title"],
                          "reason": r["why_not"]} for r in rows if r["why_not"]],
        "proposals": rows,
    }


def _measure(call, runs: int) -> dict:
    gc.collect()
    times, cpu = [], []
    size = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(call())
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    gc.collect()
    tracemalloc.start()
    try:
        call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    times.sort()
    cpu.sort()
    # CPU seconds beside wall seconds: on a shared machine the wall time includes waiting
    return {"median_s": times[len(times) // 2], "min_s": times[0], "runs": runs,
            "cpu_s": cpu[len(cpu) // 2],
            "peak_mib": peak / 2**20, "bytes": size}


def run(runs: int = 3) -> dict:
    document = build_document()
    texts = export.ExportTexts(locale="de")
    chart_items = [ChartItem(r["title"], r["score"] * 100, r["project_id"] is not None)
                   for r in document["proposals"][:20]]
    cases = {
        "csv": lambda: export.projects_csv(document, texts) + export.proposals_csv(document,
                                                                                   texts),
        "xlsx": lambda: export.to_xlsx(document, texts),
        "json": lambda: export.to_json(document),
        "pdf": lambda: export.to_pdf(document, texts, chart_items),
    }
    rows = []
    for name, call in cases.items():
        figures = _measure(call, 1 if name == "pdf" else runs)
        target = TARGETS_S.get(name)
        rows.append({"format": name, **figures,
                     "target": f"< {target:g} s" if target else None,
                     "met": None if target is None else figures["median_s"] < target})
    return {"proposals": PROPOSALS, "projects": PROJECTS, "rows": rows}
