"""Rate limits counted outside an HTTP request (the workshop socket's joins and commands).

`spend`, `check` and `count` count actions against a setting's limits ("60 per minute",
several separated by ';'); they count nothing while RATELIMIT_ENABLED is off. What is counted
for whom is the domain's (workshops/limits.py).

Flask-Limiter falls back to process memory when its storage (Redis) is unreachable, but
only inside its own HTTP request handling; a Socket.IO handler that counts through
`limiter.limiter` directly would fail with the storage. `socket_limits` counts through
Flask-Limiter's current limiter when that is Redis and, when Redis fails, in this process's
memory for RETRY_AFTER seconds before it tries the storage again.

In memory it counts with WindowCounter, not with limits' MemoryStorage: that storage expires
its keys in a threading.Timer that it starts again on a hit after 10 ms of quiet, and under
gevent without monkey patching Thread.start() waits for the new OS thread, which stops the
whole event loop: once per note on a quietly used board (bench/profile_workshop.py).
"""

from __future__ import annotations

import logging
import threading
import time

import limits
from flask import current_app
from limits import RateLimitItem
from limits.storage import MemoryStorage

from .errors import RateLimited
from .extensions import limiter

log = logging.getLogger(__name__)
RETRY_AFTER = 5.0  # seconds
MEMORY = "zukunft.socket_limits"  # the app's WindowCounter, in app.extensions


class WindowCounter:
    """Fixed windows in this process's memory, as limits' FixedWindowRateLimiter counts them
    (`hit` counts and says whether the count is within the limit, `test` only looks), with
    no helper thread: expired windows are dropped on the way once the table has grown."""

    PRUNE_AT = 10_000  # windows kept before the expired ones are swept

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}  # key: (end of window, count)
        self._prune_at = self.PRUNE_AT
        self._lock = threading.Lock()

    def hit(self, item: RateLimitItem, *key: str) -> bool:
        return self._count(item, key, 1) <= item.amount

    def test(self, item: RateLimitItem, *key: str) -> bool:
        return self._count(item, key, 0) < item.amount

    def _count(self, item: RateLimitItem, key: tuple[str, ...], cost: int) -> int:
        name, now = item.key_for(*key), time.monotonic()
        with self._lock:
            end, count = self._windows.get(name, (0.0, 0))
            if end <= now:
                end, count = now + item.get_expiry(), 0
            if cost:
                if len(self._windows) >= self._prune_at:  # a sweep at most per doubling
                    self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
                    self._prune_at = max(self.PRUNE_AT, 2 * len(self._windows))
                count += cost
                self._windows[name] = (end, count)
            return count


class SocketLimits:
    """`test` and `hit` of limits.RateLimiter on Flask-Limiter's storage, in memory when that
    is memory or unreachable."""

    def __init__(self) -> None:
        self._storage_down_until = 0.0

    def test(self, item: RateLimitItem, *key: str) -> bool:
        return self._call("test", item, key)

    def hit(self, item: RateLimitItem, *key: str) -> bool:
        return self._call("hit", item, key)

    def _call(self, method: str, item: RateLimitItem, key: tuple[str, ...]) -> bool:
        memory = current_app.extensions.setdefault(MEMORY, WindowCounter())  # one per app
        if isinstance(limiter.limiter.storage, MemoryStorage):
            return getattr(memory, method)(item, *key)
        if time.monotonic() >= self._storage_down_until:
            try:
                return getattr(limiter.limiter, method)(item, *key)
            except Exception as exc:  # the storage's driver error: Redis is unreachable
                self._storage_down_until = time.monotonic() + RETRY_AFTER
                log.warning("rate-limit storage unreachable (%s); socket rate limits are "
                            "counted in this process's memory for %.0f s",
                            exc.__class__.__name__, RETRY_AFTER,
                            extra={"component": "rate_limits", "state": "degraded"})
        return getattr(memory, method)(item, *key)


socket_limits = SocketLimits()


def _limits(setting: str) -> list[RateLimitItem]:
    if not current_app.config.get("RATELIMIT_ENABLED"):
        return []
    return limits.parse_many(current_app.config[setting])


def _key(scope: str, key: str) -> tuple[str, str, str]:
    return current_app.config.get("RATELIMIT_KEY_PREFIX", ""), scope, key


def spend(setting: str, scope: str, key: str) -> None:
    """Count one action of `key` against the limits of `setting`.

    Raises RateLimited when the action is over one of them (it is counted all the same).
    """
    for item in _limits(setting):
        if not socket_limits.hit(item, *_key(scope, key)):
            raise RateLimited()


def check(setting: str, scope: str, key: str) -> None:
    """Whether `key` may act again under the limits of `setting`, without counting.

    Raises RateLimited when it has used one of them up.
    """
    for item in _limits(setting):
        if not socket_limits.test(item, *_key(scope, key)):
            raise RateLimited()


def count(setting: str, scope: str, key: str) -> None:
    """Count one action of `key` against the limits of `setting`, refusing nothing (what
    `check` will see: wrong join codes, for instance)."""
    for item in _limits(setting):
        socket_limits.hit(item, *_key(scope, key))
