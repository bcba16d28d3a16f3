"""Rate limits counted outside an HTTP request (the workshop socket's join attempts).

Flask-Limiter falls back to process memory when its storage (Redis) is unreachable, but
only inside its own HTTP request handling; a Socket.IO handler that counts through
`limiter.limiter` directly would fail with the storage. `socket_limits` counts through
Flask-Limiter's current limiter (Redis, or its memory fallback) and, when that fails,
in this process's memory for RETRY_AFTER seconds before it tries the storage again.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItem
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from .extensions import limiter

log = logging.getLogger(__name__)
RETRY_AFTER = 5.0  # seconds


class SocketLimits:
    """`test` and `hit` of limits.RateLimiter, falling back to memory."""

    def __init__(self) -> None:
        self._memory = FixedWindowRateLimiter(MemoryStorage())
        self._storage_down_until = 0.0

    def test(self, item: RateLimitItem, *key: str) -> bool:
        return self._call("test", item, key)

    def hit(self, item: RateLimitItem, *key: str) -> bool:
        return self._call("hit", item, key)

    def _call(self, method: str, item: RateLimitItem, key: tuple[str, ...]) -> bool:
        if time.monotonic() >= self._storage_down_until:
            try:
                return getattr(limiter.limiter, method)(item, *key)
            except Exception as exc:  # the storage's driver error: Redis is unreachable
                self._storage_down_until = time.monotonic() + RETRY_AFTER
                log.warning("rate-limit storage unreachable (%s); socket rate limits are "
                            "counted in this process's memory for %.0f s",
                            exc.__class__.__name__, RETRY_AFTER,
                            extra={"component": "rate_limits", "state": "degraded"})
        return getattr(self._memory, method)(item, *key)


socket_limits = SocketLimits()
