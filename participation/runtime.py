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
    log.info("server process settled: %d objects frozen, a collection after %d new objects",
             gc.get_freeze_count(), GC_THRESHOLD[0],
             extra={"component": "runtime", "frozen": gc.get_freeze_count()})
