"""`make audit`: Lighthouse on the landing page, the idea list and an idea of a fresh demo city.

Starts the demo app as `make screenshots` does (tools/demo_app.py), runs Lighthouse (pinned
in tools/lighthouse/package-lock.json; `make audit` runs `npm ci` there) in its default
mobile preset against Debian's Chromium (CHROME_PATH; headless, no sandbox), prints a table
of the category scores per page with the main reasons for every score under 95, and writes
each run's JSON and HTML report to AUDIT_DIR (default `lighthouse-reports/`, ignored by
git). Exit status 1 when performance, accessibility or best practices of a page is under
95 (SEO is shown, not enforced), 2 when the machine lacks something. Never part of CI or
`make test`: scores move with the machine's load.

AUDIT_RUNS (default 3) runs per page; the table shows the run with the median performance
score, as Lighthouse's own documentation recommends for noisy machines. The pages are asked
for in German (Accept-Language), as the city's visitors see them.

    make audit
    AUDIT_RUNS=1 make audit
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from tools.demo_app import (
    CHROMIUM_ARGS,
    ROOT,
    DemoApp,
    SetupError,
    browser_executable,
    main_guard,
    running_demo,
)

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ENFORCED = ("performance", "accessibility", "best-practices")
THRESHOLD = 95
PAGES: dict[str, Callable[[DemoApp], str]] = {
    "landing": lambda app: "/",
    "ideas": lambda app: f"/processes/{app.slug}/proposals",
    "idea": lambda app: f"/proposals/{app.idea_id}",
}
REASONS_SHOWN = 6  # per category under the threshold
RUN_TIMEOUT = 240  # seconds for one Lighthouse run


def output_folder() -> Path:
    folder = Path(os.environ.get("AUDIT_DIR") or ROOT / "lighthouse-reports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def runs_per_page() -> int:
    value = os.environ.get("AUDIT_RUNS", "3")
    if not value.isdigit() or int(value) < 1:
        raise SetupError(f"AUDIT_RUNS must be a whole number from 1, not {value!r}")
    return int(value)


def lighthouse(url: str, stem: Path, chrome: str) -> dict:
    """One Lighthouse run (mobile preset, the default); its report as a dict. Writes
    STEM.report.json and STEM.report.html."""
    if not LIGHTHOUSE.is_file():
        raise SetupError(f"Lighthouse is not installed at {LIGHTHOUSE}: "
                         "run `make audit` (it runs `npm ci` in tools/lighthouse)")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE), url, "--output=json", "--output=html", f"--output-path={stem}",
        f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}",
        "--extra-headers", json.dumps({"Accept-Language": "de-DE,de;q=0.9"}),
        "--no-enable-error-reporting", "--quiet",
    ]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "CHROME_PATH": chrome},  # noqa: S603
                          capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)
    report_path = stem.with_name(stem.name + ".report.json")
    if done.returncode != 0 or not report_path.is_file():
        raise SetupError(f"Lighthouse failed on {url} (exit {done.returncode}):\n"
                         f"{done.stderr[-3000:]}")
    return json.loads(report_path.read_text())


def scores(report: dict) -> dict[str, int | None]:
    return {key: (None if report["categories"][key]["score"] is None
                  else round(report["categories"][key]["score"] * 100))
            for key in CATEGORIES}


def reasons(report: dict, category: str, origin: str) -> list[str]:
    """The audits of a category that are not passed, heaviest first, one line each (those
    of weight 0, such as render-blocking CSS, cost points only through the metrics)."""
    audits = report["audits"]
    lines = []
    for ref in sorted(report["categories"][category]["auditRefs"],
                      key=lambda ref: -ref.get("weight", 0)):
        audit = audits[ref["id"]]
        if ref.get("group") == "hidden":  # the newer "insights" repeating the audits
            continue
        if audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
            continue
        if audit.get("score") is None or audit["score"] >= 0.9:
            continue
        detail = audit.get("displayValue") or ""
        where = _first_items((audit.get("details") or {}).get("items") or [], origin)
        lines.append(f"{audit['title']}" + (f" ({detail})" if detail else "")
                     + (f": {where}" if where else ""))
    return lines[:REASONS_SHOWN]


def _first_items(items: list, origin: str, shown: int = 3) -> str:
    """What an audit points at: URLs (without our origin), or the elements' selectors."""
    found = []
    for item in items:
        if not isinstance(item, dict):
            continue
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        source = item.get("source") if isinstance(item.get("source"), dict) else {}
        what = (item.get("url") or node.get("selector") or node.get("snippet")
                or source.get("url"))
        if isinstance(what, str):
            what = what.removeprefix(origin) or "/"
            if what not in found:
                found.append(what[:90])
        if len(found) == shown:
            break
    more = len([item for item in items if isinstance(item, dict)]) - len(found)
    return ", ".join(found) + (f" and {more} more" if more > 0 and found else "")


def run() -> int:
    chrome = browser_executable()
    runs = runs_per_page()
    folder = output_folder()
    results: dict[str, tuple[dict, Path]] = {}
    for page in PAGES:  # the reports of an earlier audit, so none is mistaken for this one's
        for old in [*folder.glob(f"{page}.report.*"), *folder.glob(f"{page}-*.report.*")]:
            old.unlink()
    with running_demo() as app:
        for page, path in PAGES.items():
            url = app.url + path(app)
            reports = []
            for number in range(1, runs + 1):
                stem = folder / (page if runs == 1 else f"{page}-{number}")
                print(f"  Lighthouse {page} ({url}), run {number} of {runs} ...", flush=True)
                reports.append((lighthouse(url, stem, chrome), stem))
            reports.sort(key=lambda pair: scores(pair[0])["performance"] or 0)
            results[page] = reports[len(reports) // 2]
    return report_table(results, folder, app.url)


def report_table(results: dict[str, tuple[dict, Path]], folder: Path, origin: str) -> int:
    header = f"{'page':<10}" + "".join(f"{key:>16}" for key in CATEGORIES)
    print(f"\nLighthouse (mobile preset), median of the runs per page:\n{header}")
    failing = []
    for page, (report, _stem) in results.items():
        figures = scores(report)
        print(f"{page:<10}" + "".join(
            f"{'-' if figures[key] is None else figures[key]:>16}" for key in CATEGORIES))
        failing += [(page, key) for key in ENFORCED
                    if figures[key] is None or figures[key] < THRESHOLD]
    for page, (report, stem) in results.items():
        figures = scores(report)
        print(f"\n{page} ({report['finalDisplayedUrl']}; report {stem}.report.html):")
        for warning in report.get("runWarnings") or []:
            print(f"  Lighthouse warns: {warning.split('. ')[0]}.")
        for key in CATEGORIES:
            lines = reasons(report, key, origin)
            low = figures[key] is None or figures[key] < THRESHOLD
            if not lines and not low:
                continue
            note = ("" if not low else f" (under {THRESHOLD})" if key in ENFORCED
                    else f" (under {THRESHOLD}; shown, not enforced)")
            print(f"  {key} {figures[key]}{note}:")
            for line in lines or ["(no single audit failed: many small losses)"]:
                print(f"    - {line}")
    print(f"\nReports (JSON and HTML) in {folder}")
    if failing:
        print("Under " + str(THRESHOLD) + ": "
              + ", ".join(f"{page} {key}" for page, key in failing))
        return 1
    return 0


def main() -> None:
    main_guard(run)


if __name__ == "__main__":
    main()
