"""Entry point: `python -m bench.run` (or `make bench`). Prints a table, writes JSON.

SQLite (a file in a temporary folder) always; PostgreSQL too when BENCH_DATABASE_URL names
an empty database. Targets are printed beside the figures; a missed target never fails.
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
    return parser.parse_args()


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
    ranking = ranking_bench.run(args.runs)
    _print_ranking(ranking, args.runs)

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
        print("\n(PostgreSQL skipped: set BENCH_DATABASE_URL to an empty database to include it)")

    results = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                    "load_average_before": load_before, "load_average_after": os.getloadavg()},
        "ranking": ranking, "pages": databases,
        "duration_s": (datetime.now(UTC) - started).total_seconds(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(f"\nFigures written to {args.output} ({results['duration_s']:.0f} s in all). "
          "Targets are for information; a missed one does not fail the run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
