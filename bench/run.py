"""Entry point: `python -m bench.run` (or `make bench`). Prints a table, writes JSON.

SQLite (a file in a temporary folder) always; PostgreSQL too when BENCH_DATABASE_URL names
an empty database. Targets are printed beside the figures; a missed target never fails.
`--only workshop` (or ranking, pages; repeatable, or comma-separated) runs only those parts;
their figures replace the same sections of the JSON file, the others stay as they were.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "latest.json"
SECTIONS = ("ranking", "pages", "workshop", "exports", "scale", "map", "images")


def _quiet_logs() -> None:
    # A root handler first, so create_app does not install its own at INFO level.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("participation").setLevel(logging.WARNING)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Zukunftsstadt benchmarks")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of rank()")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the JSON file")
    parser.add_argument("--statements", action="store_true",
                        help="also store each page's SQL statements in the JSON")
    parser.add_argument("--only", action="extend", type=_sections, metavar="PART",
                        help=f"run only these parts ({', '.join(SECTIONS)}; repeatable or "
                             "comma-separated); default: all")
    parser.add_argument("--participants", type=_sizes, default=None, metavar="N,N,...",
                        help="workshop: phones per round (default 50,200,500); scale: "
                             "(default 500)")
    parser.add_argument("--notes", type=_positive, default=None,
                        help="workshop: timed notes per round (default 100)")
    parser.add_argument("--votes", type=_positive, default=None,
                        help="workshop: dot votes per round at most (default 3000)")
    return parser.parse_args()


def _sections(value: str) -> list[str]:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    for part in parts:
        if part not in SECTIONS:
            raise argparse.ArgumentTypeError(f"{part!r} is not one of {', '.join(SECTIONS)}")
    return parts


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("a whole number") from exc
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return number


def _sizes(value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError("numbers separated by commas") from exc
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("at least 2 phones per round")
    return sizes


def _yes(met: bool | None) -> str:
    return "-" if met is None else ("yes" if met else "NO")


def _print_ranking(result: dict, runs: int) -> None:
    stats = result["stats"]
    print(f"\nRanking: rank() on {result['ideas']:,} ideas ({result['online_votes']:,.0f} online "
          f"votes, {result['pairwise_answers']:,} pairwise answers, "
          f"{result['workshop_dots']:,.0f} workshop dots), {runs} runs")
    print(f"{'metric':<28}{'min ms':>10}{'p50 ms':>10}{'max ms':>10}  {'target':<10}met")
    print(f"{'rank()':<28}{stats['min_ms']:>10.1f}{stats['p50_ms']:>10.1f}"
          f"{stats['max_ms']:>10.1f}  {result['target']:<10}{_yes(stats['met'])}")


def _print_pages(result: dict) -> None:
    built, refresh = result["data"], result["ranking_refresh"]
    print(f"\nPages on {result['database']} {result['version']}: {built['proposals']:,} ideas, "
          f"{built['supports']:,} supports, {built['users']:,} users (built in "
          f"{built['total_s']:.1f} s); {result['requests']} requests after "
          f"{result['warmup']} warm-up")
    print(f"{'metric':<28}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>8}{'SQL':>5}{'KB':>6}  "
          f"{'target':<30}met")
    for row in result["rows"]:
        stats = row["stats"]
        if stats is None:
            print(f"{row['name']:<28}{'n/a':>9}{'n/a':>9}{'':>8}{'':>5}{'':>6}  "
                  f"{'(' + (row['note'] or '') + ')':<30}-")
            continue
        ratio = f"{row['ratio_to_bare']:.1f}x" if "ratio_to_bare" in row else ""
        print(f"{row['name']:<28}{stats['p50_ms']:>9.2f}{stats['p99_ms']:>9.2f}{ratio:>8}"
              f"{row['queries']:>5}{row['bytes'] / 1024:>6.1f}  {row['target'] or '-':<30}"
              f"{_yes(row['met'])}")
    print(f"{'refresh_stored_ranking':<28}{refresh['p50_ms']:>9.1f}{refresh['max_ms']:>9.1f}"
          f"{'':>8}{'':>5}{'':>6}  {'(max, not p99; ' + str(refresh['n']) + ' runs)':<30}-")


def _ms(stats: dict | None, key: str) -> str:
    return "-" if stats is None else f"{stats[key]:.1f}"


def _print_workshop(result: dict) -> None:
    if "skipped" in result:
        print(f"\n(Live workshop skipped: {result['skipped']})")
        return
    print(f"\nLive workshop: {result['server']}, one process; phones: {result['client']}; "
          f"{result['notes']} notes after {result['warmup_notes']} warm-up, up to "
          f"{result['votes']:,} dot votes per round ({result['duration_s']:.0f} s)")
    print(f"{'metric':<30}{'N':>5}{'p50 ms':>9}{'p99 ms':>9}  {'value':<11}{'target':<24}met")
    for row in result["rows"]:
        stats = row["stats"]
        print(f"{row['name']:<30}{row['n']:>5}{_ms(stats, 'p50_ms'):>9}"
              f"{_ms(stats, 'p99_ms'):>9}  {row['value']:<11}{row['target'] or '-':<24}"
              f"{_yes(row['met'])}")
    print("CPU per note (server: app / bare relay), per dot vote (app / bare ack), and of "
          "this process per received message:")
    for cost in result["costs"]:
        note, vote = cost["server_ms_per_note"], cost["server_ms_per_vote"]
        print(f"  N={cost['n']:<4} note {note['app']:.1f} / {note['bare']:.1f} ms, "
              f"vote {vote['app']:.2f} / {vote['bare']:.2f} ms (server busy "
              f"{cost['server_cpu_share_voting']:.0%} while voting), harness "
              f"{cost['harness_us_per_message']:.0f} us per message; joins "
              f"{cost['join_s']['app']:.1f} s / {cost['join_s']['bare']:.1f} s")


def _print_exports(result: dict) -> None:
    print(f"\nExports: {result['proposals']:,} ideas and {result['projects']:,} projects "
          "(CSV = both tables)")
    print(f"{'format':<10}{'median s':>10}{'CPU s':>8}{'peak MiB':>10}{'MB':>8}  "
          f"{'target':<10}met")
    for row in result["rows"]:
        print(f"{row['format']:<10}{row['median_s']:>10.2f}{row['cpu_s']:>8.2f}"
              f"{row['peak_mib']:>10.1f}"
              f"{row['bytes'] / 1e6:>8.1f}  {row['target'] or '-':<10}{_yes(row['met'])}")


def _run_workshop(args: argparse.Namespace) -> dict:
    from . import workshop_bench

    missing = workshop_bench.missing_packages()
    if missing:
        return {"skipped": f"{', '.join(missing)} not installed; "
                           "`.venv/bin/pip install -e '.[dev,bench]'` (make bench does)"}
    options = {}
    if args.participants:
        options["sizes"] = args.participants
    if args.notes is not None:
        options["notes"] = args.notes
    if args.votes is not None:
        options["votes"] = args.votes
    return workshop_bench.run(**options)


def _merged(path: Path, results: dict) -> dict:
    """The JSON file's sections that did not run now, with this run's over them."""
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if not isinstance(previous, dict):
        previous = {}
    dates = {**previous.get("section_dates", {}), **results.pop("section_dates")}
    return {**previous, **results, "section_dates": dates}


def main() -> int:
    args = _arguments()
    _quiet_logs()
    from . import pages_bench, ranking_bench  # after logging is set up

    started = datetime.now(UTC)
    load_before = os.getloadavg()
    print(f"Zukunftsstadt benchmarks, {started:%Y-%m-%d %H:%M} UTC, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores, SQLite {sqlite3.sqlite_version}")
    if load_before[0] > 0.5:
        print(f"Note: load average {load_before[0]:.1f} at the start. Other work on these "
              "cores (or a run that just ended) makes the figures slower and noisier.")
    only = set(args.only or SECTIONS)
    results: dict = {"section_dates": {}}
    if "ranking" in only:
        ranking = ranking_bench.run(args.runs)
        _print_ranking(ranking, args.runs)
        results["ranking"] = ranking
        results["section_dates"]["ranking"] = datetime.now(UTC).isoformat(timespec="seconds")

    if "pages" in only:
        databases = []
        with tempfile.TemporaryDirectory(prefix="zk-bench-") as folder:
            url = f"sqlite:///{os.path.join(folder, 'bench.db')}"
            databases.append(pages_bench.run(url, args.requests, args.warmup, args.statements))
            _print_pages(databases[-1])
        postgres_url = os.environ.get("BENCH_DATABASE_URL")
        if postgres_url:
            databases.append(pages_bench.run(postgres_url, args.requests, args.warmup,
                                             args.statements))
            _print_pages(databases[-1])
        else:
            print("\n(PostgreSQL skipped: set BENCH_DATABASE_URL to an empty database to "
                  "include it)")
        results["pages"] = databases
        results["section_dates"]["pages"] = datetime.now(UTC).isoformat(timespec="seconds")

    if "workshop" in only:
        load = os.getloadavg()[0]
        if load > 0.5 and only - {"workshop"}:  # the parts before it (or other work) are felt
            print(f"\nNote: load average {load:.1f} before the live workshop rounds.")
        workshop = _run_workshop(args)
        _print_workshop(workshop)
        results["workshop"] = workshop
        results["section_dates"]["workshop"] = datetime.now(UTC).isoformat(timespec="seconds")

    if "exports" in only:
        from . import export_bench

        exports = export_bench.run()
        _print_exports(exports)
        results["exports"] = exports
        results["section_dates"]["exports"] = datetime.now(UTC).isoformat(timespec="seconds")
    if "scale" in only:
        from . import scale_bench

        options = {"sizes": args.participants} if args.participants else {}
        if args.notes is not None:
            options["notes"] = args.notes
        if args.votes is not None:
            options["votes"] = args.votes
        scale = scale_bench.run(**options)
        scale_bench.print_result(scale)
        results["scale"] = scale
        results["section_dates"]["scale"] = datetime.now(UTC).isoformat(timespec="seconds")

    if "map" in only:
        from . import map_bench

        mapped = map_bench.run(min(args.requests, 100), min(args.warmup, 10))
        map_bench.print_result(mapped)
        results["map"] = mapped
        results["section_dates"]["map"] = datetime.now(UTC).isoformat(timespec="seconds")
    if "images" in only:
        from . import images_bench

        images = images_bench.run()
        images_bench.print_result(images)
        results["images"] = images
        results["section_dates"]["images"] = datetime.now(UTC).isoformat(timespec="seconds")

    results.update({
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                    "load_average_before": load_before, "load_average_after": os.getloadavg()},
        "duration_s": (datetime.now(UTC) - started).total_seconds(),
        "sections_run": [name for name in SECTIONS if name in only],
    })
    results = _merged(args.output, results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(f"\nFigures written to {args.output} ({results['duration_s']:.0f} s in all). "
          "Targets are for information; a missed one does not fail the run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
