"""How much one address or one participant may do on the live board (SECURITY.md).

Counted through participation.ratelimits (Redis, or this process's memory while Redis is
unreachable); the settings are in config.py. The transport passes the sender's address in
and turns a refused connection into its own answer; the counting is here.

- Join codes are short: wrong codes are counted per address, and an address that guessed
  too often is refused for a while (`join_attempt`). Correct joins are not counted, so a
  whole hall behind one Wi-Fi address can join at once.
- Floods: a participant's commands are counted per participant and per address, and so are
  new participants per address (one machine cannot become a hundred voters). Facilitators
  are trusted with their role and not counted.
- Many connections: each address may hold WORKSHOP_CONNECTIONS_PER_ADDRESS sockets in this
  process (a venue's Wi-Fi is one address, so the figure is high): `Connections`.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app

from .. import ratelimits
from ..errors import NotAllowed, NotFound
from .commands import Actor


@contextmanager
def join_attempt(address: str) -> Iterator[None]:
    """Guard one join by code: refuse an address that guessed wrong too often, and count a
    wrong code or a foreign token (NotFound, NotAllowed raised inside) against it.

    Raises RateLimited before the attempt.
    """
    ratelimits.check("WORKSHOP_JOIN_ATTEMPTS", "workshop-join", address)
    try:
        yield
    except (NotFound, NotAllowed):
        ratelimits.count("WORKSHOP_JOIN_ATTEMPTS", "workshop-join", address)
        raise


def spend_new_participant(address: str) -> None:
    """Count a new participant from this address. Raises RateLimited over the limit."""
    ratelimits.spend("WORKSHOP_JOINS_PER_ADDRESS", "workshop-joins", address)


def spend_command(actor: Actor, address: str) -> None:
    """Count a board command of a participant, per participant and per address (not a
    facilitator's). Raises RateLimited over either limit."""
    if actor.participant_id is None:
        return
    ratelimits.spend("WORKSHOP_COMMAND_RATE_LIMIT", "workshop-command",
                     f"p:{actor.participant_id}")
    ratelimits.spend("WORKSHOP_ADDRESS_RATE_LIMIT", "workshop-address", address)


class Connections:
    """The open sockets of this process per address (one per namespace object)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._address_of: dict[str, str] = {}  # sid -> client address
        self._per_address: Counter[str] = Counter()

    def admit(self, sid: str, address: str) -> bool:
        """Count a new socket of this address; False (and not counted) when the address
        holds WORKSHOP_CONNECTIONS_PER_ADDRESS already (0: no limit)."""
        cap = current_app.config["WORKSHOP_CONNECTIONS_PER_ADDRESS"]
        with self._lock:
            if cap and self._per_address[address] >= cap:
                return False
            self._per_address[address] += 1
            self._address_of[sid] = address
            return True

    def release(self, sid: str) -> None:
        """The socket has gone: its place is free again."""
        with self._lock:
            address = self._address_of.pop(sid, None)
            if address is not None:
                self._per_address[address] -= 1
                if self._per_address[address] <= 0:
                    del self._per_address[address]
