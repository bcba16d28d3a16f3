"""How a long-running server process keeps its pauses short (the live board's latency).

CPython's cyclic garbage collector stops the whole process while it runs, and a full
collection walks every object that has lived long. In a server that object world is mostly
what start-up built (Flask, SQLAlchemy, Jinja, Babel: about 150,000 objects) plus every
connected phone's socket. With 200 phones on one board, a full collection took 117 ms in
the middle of a note's fan-out: every phone waited for it.

`settle_server_process`, called once the app is loaded and just before serving:
* moves everything built so far out of the collector's sight (`gc.freeze()`: it is never
  garbage, and walking it is the bulk of a full collection), and
* collects after 50,000 new container objects instead of CPython's 700 (a request or a board
  command leaves a few hundred behind, so collections are rarer and none falls into most
  fan-outs; what waits meanwhile is a few megabytes at most).

Measured with `python -m bench.run --only workshop` (200 phones, 100 notes): no collection
ran during the notes, and the note fan-out p99 fell from 25–37 ms to about 20 ms. The bare
relay of the benchmark runs with the same settings, so the comparison stays fair.

It logs one line at INFO, `server process settled`, with the threshold and the number of
frozen objects as the interpreter reports them afterwards (tests/test_server_start.py reads
it from a real `flask serve` and a real gunicorn worker).
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)
GC_THRESHOLD = (50_000, 20, 20)


def settle_server_process() -> None:
    """Freeze what start-up built and make collections rarer (see the module docstring)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    # read back, not the constants: the start-up log shows what took effect in this process
    log.info("server process settled", extra={
        "component": "runtime", "gc_threshold": list(gc.get_threshold()),
        "gc_frozen": gc.get_freeze_count()})
