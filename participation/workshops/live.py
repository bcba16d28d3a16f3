"""What the live board keeps in process memory: coalesced tallies, presence, send order.

One `LiveBoard` per app and Socket.IO server (in production: one per server process). It
holds no board data — the database does — only:

- which workshops had their dot tallies change since the last round (`mark_dirty`);
- which sockets have joined which workshop, as which participant (`track`/`untrack`);
- one lock per workshop (`serialised`), held while a command is applied, committed and
  broadcast, so that this process sends a board's events in version order.

A single background task per LiveBoard runs while anyone has joined (it starts with the
first join or dirty mark and ends when the process holds no socket and has nothing left to
send). Every WORKSHOP_TALLY_INTERVAL seconds it sends each dirty workshop one `tally` — to
the facilitators always, to the participants only while the results are revealed — read
from the database, so all votes of the interval become one message. At most every
WORKSHOP_PRESENCE_INTERVAL seconds (default 1) it sends `presence {count}` for each workshop
whose number of connected participants (distinct participants, not tabs) changed.

Several processes (Redis message queue): tallies stay exact, since they are read from the
database by the process that took the vote and sent to the room through the queue. Presence
counts the sockets this process holds; production routes by workshop (SPEC: the proxy
routes by workshop), so one process holds every socket of a board and its count is the
whole room's. If a board were spread over processes, each would report its own share.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..extensions import db
from .models import Workshop
from .serialize import tallies

log = logging.getLogger(__name__)

NAMESPACE = "/workshop"


def participants_room(workshop_id: int) -> str:
    return f"w:{workshop_id}:p"


def participant_room(workshop_id: int, participant_id: int) -> str:
    return f"w:{workshop_id}:p:{participant_id}"


def facilitators_room(workshop_id: int) -> str:
    return f"w:{workshop_id}:f"


class LiveBoard:
    """The process-local live state of every board one Socket.IO server serves."""

    def __init__(self, app, server) -> None:
        self.app = app
        self.server = server
        self.tally_interval = float(app.config["WORKSHOP_TALLY_INTERVAL"])
        self.presence_interval = float(app.config.get("WORKSHOP_PRESENCE_INTERVAL", 1.0))
        self._lock = threading.Lock()
        self._board_locks: dict[int, threading.Lock] = {}
        self._dirty: set[int] = set()
        self._members: dict[str, tuple[int, int | None]] = {}  # sid -> (workshop, participant)
        self._announced: dict[int, int] = {}  # workshop -> participant count last sent (> 0)
        self._presence_sent_at = 0.0
        self._running = False

    # --- called from the socket handlers --------------------------------------------------

    @contextmanager
    def serialised(self, workshop_id: int) -> Iterator[None]:
        """Hold this board's lock: one command (apply, commit, broadcast) at a time."""
        with self._lock:
            board_lock = self._board_locks.setdefault(workshop_id, threading.Lock())
        with board_lock:
            yield

    def track(self, sid: str, workshop_id: int, participant_id: int | None) -> None:
        """This socket has joined the board (participant_id None: a facilitator)."""
        with self._lock:
            self._members[sid] = (workshop_id, participant_id)
            self._start()

    def untrack(self, sid: str) -> None:
        with self._lock:
            self._members.pop(sid, None)

    def sids_of(self, workshop_id: int, participant_id: int) -> list[str]:
        """The sockets this process holds for one participant (several tabs, phones)."""
        with self._lock:
            return [sid for sid, member in self._members.items()
                    if member == (workshop_id, participant_id)]

    def presence(self, workshop_id: int) -> int:
        with self._lock:
            return self._counts().get(workshop_id, 0)

    def mark_dirty(self, workshop_id: int) -> None:
        """The dot tallies of this board changed: send them in the next round."""
        with self._lock:
            self._dirty.add(workshop_id)
            self._start()

    # --- the background task ------------------------------------------------------------

    def _start(self) -> None:  # called with self._lock held
        if not self._running:
            self._running = True
            self.server.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            self.server.sleep(self.tally_interval)
            with self._lock:
                dirty, self._dirty = self._dirty, set()
                changed = self._presence_changes()
                if not (dirty or changed or self._members or self._announced):
                    self._running = False
                    return
            try:
                for workshop_id in sorted(dirty):
                    self._send_tally(workshop_id)
                for workshop_id, count in changed.items():
                    self._emit("presence", {"count": count}, [
                        participants_room(workshop_id), facilitators_room(workshop_id)])
            except Exception:
                log.exception("live board round failed")

    def _counts(self) -> dict[int, int]:  # called with self._lock held
        people: dict[int, set[int]] = {}
        for workshop_id, participant_id in self._members.values():
            if participant_id is not None:
                people.setdefault(workshop_id, set()).add(participant_id)
        return {workshop_id: len(ids) for workshop_id, ids in people.items()}

    def _presence_changes(self) -> dict[int, int]:  # called with self._lock held
        now = time.monotonic()
        if now - self._presence_sent_at < self.presence_interval:
            return {}
        counts = self._counts()
        changed = {workshop_id: counts.get(workshop_id, 0)
                   for workshop_id in counts.keys() | self._announced.keys()
                   if counts.get(workshop_id, 0) != self._announced.get(workshop_id, 0)}
        if changed:
            self._presence_sent_at = now
            self._announced = {w: n for w, n in counts.items() if n}
        return changed

    def _send_tally(self, workshop_id: int) -> None:
        # Under the board lock: a `results:revealed false` broadcast and a tally read before
        # it cannot cross, so no tally reaches participants after the results were hidden.
        with self.serialised(workshop_id), self.app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                if workshop is None:
                    return
                data = {"tallies": tallies(workshop)}
                revealed = workshop.results_revealed
            finally:
                db.session.remove()
            # participants first: once a facilitator has a tally, the room has it too
            if revealed:
                self._emit("tally", data, [participants_room(workshop_id)])
            self._emit("tally", data, [facilitators_room(workshop_id)])

    def _emit(self, event: str, data: dict, rooms: list[str]) -> None:
        self.server.emit(event, data, to=rooms if len(rooms) > 1 else rooms[0],
                         namespace=NAMESPACE)
