"""Where does the live board's server spend its time? `python -m bench.profile_workshop`.

Prepares the benchmark's database (bench/workshop_bench.py: migrations, one open workshop
with 50 dots per participant), starts the server as the benchmark does (gevent, SQLite WAL)
but under cProfile, joins N phones, and profiles two phases of the server separately:

* notes: `card:add` one after the other, each fanned out to every phone (as measured);
* votes: every phone voting in a closed loop (the next dot when the ack is back).

For each phase it prints the server's time per note or per vote, split into the Flask-SocketIO
handler (app and request context, session), the app's command (services.run_command, the
commit and its sqlite3 COMMIT, the broadcast), the tally rounds and the websocket sends, and
then the functions with the most own time. cProfile roughly doubles the server's CPU time:
read the shares, not the absolute figures. It is not greenlet-aware; the command path never
yields (no monkey patching, SQLite does not), so its inclusive times hold, but those of
functions that wait (readers, writers) include other greenlets' work.

The server is this module with `--serve PORT` (the app from wsgi.py and the serve command of
`flask --app wsgi serve`); SIGUSR1 starts the profiler, SIGUSR2 stops it and writes the
statistics. The app's files are not changed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import workshop_bench as wb

# (label, a piece of the file path, function name) of the split; '~' for C functions
SPLIT = (
    ("Flask-SocketIO handler, all of it", "flask_socketio/__init__.py", "_handle_event"),
    ("  app command (events._command)", "workshops/events.py", "_command"),
    ("    services.run_command", "workshops/services.py", "run_command"),
    ("    db.session.commit", "sqlalchemy/orm/scoping.py", "commit"),
    ("      sqlite3 COMMIT (fsync)", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
    ("    broadcast (events._broadcast)", "workshops/events.py", "_broadcast"),
    ("  db.session.remove", "sqlalchemy/orm/scoping.py", "remove"),
    ("SQL: sqlite3 execute", "~", "<method 'execute' of 'sqlite3.Cursor' objects>"),
    ("tally rounds (live._send_tally)", "workshops/live.py", "_send_tally"),
    ("websocket frames out (ws.send)", "simple_websocket/ws.py", "send"),
)


# --- the server side -----------------------------------------------------------------------

def _phase_file(folder: Path, number: int) -> Path:
    return folder / f"phase-{number}.prof"


def serve(port: int, folder: Path) -> None:
    """The app's server; SIGUSR1 profiles, SIGUSR2 writes phase-1.prof, phase-2.prof, ..."""
    import cProfile

    import gevent

    profiler = cProfile.Profile()
    phases = 0

    def start() -> None:
        profiler.enable()

    def stop() -> None:
        nonlocal phases
        profiler.disable()
        phases += 1
        target = _phase_file(folder, phases)
        profiler.dump_stats(f"{target}.tmp")
        os.replace(f"{target}.tmp", target)
        profiler.clear()

    gevent.signal_handler(signal.SIGUSR1, start)
    gevent.signal_handler(signal.SIGUSR2, stop)
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    from participation.cli import serve_command
    from wsgi import app

    with app.app_context():
        serve_command.callback(host="127.0.0.1", port=port)


# --- the driving side ----------------------------------------------------------------------

def _find(stats: pstats.Stats, where: str, name: str) -> tuple[int, float, float]:
    """Calls, own seconds and inclusive seconds of the function(s) matching where/name."""
    calls, own, inclusive = 0, 0.0, 0.0
    for (path, _line, function), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        if function == name and (where == "~" and path == "~" or where in path):
            calls, own, inclusive = calls + nc, own + tt, inclusive + ct
    return calls, own, inclusive


def _report(title: str, stats_path: Path, items: int, wall_s: float, top: int) -> None:
    stats = pstats.Stats(str(stats_path))
    print(f"\n== {title}: {items} in {wall_s:.2f} s wall ({items / wall_s:,.0f}/s under "
          "cProfile); server time per item:")
    print(f"{'part':<38}{'ms/item':>9}{'calls/item':>12}")
    for label, where, name in SPLIT:
        calls, _own, inclusive = _find(stats, where, name)
        print(f"{label:<38}{inclusive * 1000 / items:>9.3f}{calls / items:>12.1f}")
    print(f"\nfunctions with the most own time ({title}):")
    stats.sort_stats("tottime").print_stats(top)


def _signal(server: wb.Server, number: int) -> None:
    os.kill(server.process.pid, number)


async def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + wb.TIMEOUT_S
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server wrote no {path}")
        await asyncio.sleep(0.05)


async def _drive(server: wb.Server, folder: Path, n: int, notes: int, votes: int,
                 code: str, workshop_id: int, cookie: str, top: int) -> None:
    room = wb.Room()
    projector = wb.Phone(room, -1, listen=False)
    phones = [wb.Phone(room, index) for index in range(n)]
    try:
        await projector.join(server.url, {"workshop_id": workshop_id}, cookie)
        await wb._join_phones(phones, [server.url], code)
        await asyncio.sleep(wb.SETTLE_S)
        notes_stats, votes_stats = _phase_file(folder, 1), _phase_file(folder, 2)

        _signal(server, signal.SIGUSR1)
        start = time.perf_counter()
        fanout = await wb._fanout("app", room, phones, server, notes)
        wall = time.perf_counter() - start
        _signal(server, signal.SIGUSR2)
        await _wait_for(notes_stats)
        _report(f"notes to {n} phones", notes_stats, notes + wb.WARMUP_NOTES, wall, top)

        for command, payload in (("phase:set", {"phase": "vote"}),
                                 ("results:reveal", {"revealed": True})):
            await projector.call(command, payload)
        _signal(server, signal.SIGUSR1)
        load = await wb._closed_loop(phones, fanout["card_ids"],
                                     min(votes, wb.VOTES_PER_PHONE * n), "vote:add", server, n)
        await asyncio.sleep(2 * wb.TALLY_INTERVAL_MS / 1000)  # the last tally round
        _signal(server, signal.SIGUSR2)
        await _wait_for(votes_stats)
        _report(f"dot votes from {n} phones", votes_stats, load["accepted"], load["elapsed_s"],
                top)
        if load["errors"]:
            print(f"refused votes: {load['errors']}")
    finally:
        await wb._close([projector, *phones])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--notes", type=int, default=100)
    parser.add_argument("--votes", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25, help="functions listed per phase")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.stats)
        return
    from .run import _quiet_logs

    _quiet_logs()
    missing = wb.missing_packages()
    if missing:
        sys.exit(f"{', '.join(missing)} missing: .venv/bin/pip install -e '.[dev,bench]'")
    with tempfile.TemporaryDirectory(prefix="zk-profile-live-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'live.db'}"
        workshop_id, code = wb._prepare_database(url)
        port = wb._free_port()
        server = wb.Server([sys.executable, "-m", "bench.profile_workshop", "--serve",
                            str(port), "--stats", str(folder)],
                           wb._server_env(url), folder / "server.log", port)
        server.start()
        try:
            cookie = wb._login_cookie(server.url)
            asyncio.run(_drive(server, folder, args.phones, args.notes, args.votes, code,
                               workshop_id, cookie, args.top))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
