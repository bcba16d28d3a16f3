"""The Socket.IO message queue on Redis, degrading and recovering visibly.

With REDIS_URL set, every Socket.IO emit of a process is delivered to its own sockets and
published on a Redis channel (SOCKETIO_CHANNEL); a listener in every process delivers what
the others published. python-socketio's RedisManager does that; found by experiment
(python-socketio 5.18, redis-py 8, gevent and threads alike) when Redis goes away:

- an emit never raises: the local delivery comes first, the publish fails and is logged
  ("Cannot publish to redis... giving up") — twice per emit, since it tries twice;
- the listener does not die: it reconnects with a sleep that doubles up to 60 s, so after
  a long outage it may stay deaf for a minute after Redis is back;
- connections have no timeouts: against a Redis host that drops packets (instead of
  refusing), one publish waits for the operating system's connect timeout (minutes),
  and a command's broadcast (under its board's lock) with it.

`QueueManager` keeps the behaviour that is right (local delivery first, emits never raise)
and changes the rest:

- connecting takes at most CONNECT_TIMEOUT, a publish answer at most SOCKET_TIMEOUT;
- after a failed publish the process stops trying for RETRY_INTERVAL seconds (each emit
  then costs nothing), then tries again with the next emit;
- the listener polls with a timeout, pings Redis when idle, and reconnects every
  RETRY_INTERVAL seconds, so it hears again within about a second of Redis's return;
- the log says once, in words, when the queue becomes unreachable and what that means
  (`message queue degraded`), and once when it is back (`message queue recovered`), with
  the number of emits that did not reach the other processes.

While degraded every process keeps serving its own boards: commands are applied in the
database (versions stay gap-free, under the row lock) and broadcast to this process's
sockets. Phones connected to another process miss those events; the next event they get
shows a version gap and they `sync` (PROTOCOL.md), so they catch up once Redis is back.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import suppress

import redis
import socketio
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 1.0  # seconds to open a connection to Redis
SOCKET_TIMEOUT = 2.0  # seconds to wait for Redis to answer a publish
RETRY_INTERVAL = 1.0  # seconds between attempts while Redis is unreachable
POLL_TIMEOUT = 1.0  # the listener's wait for a message before it looks around again
HEALTH_CHECK_INTERVAL = 10  # seconds of silence after which the listener pings Redis


class QueueManager(socketio.RedisManager):
    """RedisManager with timeouts, one log line per outage and a quick recovery."""

    name = "redis"

    def __init__(self, url: str, channel: str) -> None:
        super().__init__(url, channel=channel)
        self._state_lock = threading.Lock()
        self._failing: set[str] = set()  # "publish", "receive": what fails right now
        self.degraded_since: float | None = None
        self.lost_emits = 0
        self._next_publish_try = 0.0

    @property
    def degraded(self) -> bool:
        return self.degraded_since is not None

    def _client(self, **options) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url, socket_connect_timeout=CONNECT_TIMEOUT,
                                    retry=Retry(NoBackoff(), 0), **options)

    # --- sending ------------------------------------------------------------------------

    def _redis_connect(self) -> None:
        self.redis = self._client(socket_timeout=SOCKET_TIMEOUT)
        self.connected = True

    def _publish(self, data):
        if "publish" in self._failing and time.monotonic() < self._next_publish_try:
            self._count_lost()
            return None
        try:
            if not self.connected:
                self._redis_connect()
            result = self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as exc:  # redis.RedisError, OSError: Redis is not reachable
            self.connected = False
            self._next_publish_try = time.monotonic() + RETRY_INTERVAL
            self._failed("publish", exc)
            self._count_lost()
            return None
        self._works("publish")
        return result

    def _count_lost(self) -> None:
        with self._state_lock:
            self.lost_emits += 1

    # --- receiving ----------------------------------------------------------------------

    def _listen(self):
        channel = self.channel.encode("utf-8")
        pubsub = None
        while True:
            try:
                if pubsub is None:
                    pubsub = self._client(socket_keepalive=True,
                                          health_check_interval=HEALTH_CHECK_INTERVAL,
                                          ).pubsub(ignore_subscribe_messages=True)
                    pubsub.subscribe(self.channel)
                message = pubsub.get_message(timeout=POLL_TIMEOUT)
            except Exception as exc:  # redis.RedisError, OSError: Redis is not reachable
                self._failed("receive", exc)
                if pubsub is not None:
                    with suppress(Exception):  # the connection is gone either way
                        pubsub.close()
                    pubsub = None
                time.sleep(RETRY_INTERVAL)  # gevent's sleep under the gevent worker
                continue
            self._works("receive")
            if (message and message.get("type") == "message"
                    and message.get("channel") == channel):
                yield message["data"]

    # --- the state, logged once per change ---------------------------------------------

    def _failed(self, direction: str, exc: Exception) -> None:
        with self._state_lock:
            first = not self._failing
            self._failing.add(direction)
            if first:
                self.degraded_since = time.monotonic()
        if first:
            log.error(
                "message queue degraded: Redis unreachable (%s: %s); live board events now "
                "reach only the phones connected to this process, pages keep working; "
                "retrying every %.0f s", exc.__class__.__name__, exc, RETRY_INTERVAL,
                extra={"component": "message_queue", "state": "degraded"})

    def _works(self, direction: str) -> None:
        if not self._failing:
            return
        with self._state_lock:
            # A listener that hears Redis proves it reachable for publishing too (the next
            # emit reconnects), so an outage ends even if nothing is emitted afterwards.
            self._failing.discard(direction)
            if direction == "receive":
                self._failing.discard("publish")
            recovered = not self._failing and self.degraded_since is not None
            if recovered:
                seconds = time.monotonic() - self.degraded_since
                lost, self.lost_emits = self.lost_emits, 0
                self.degraded_since = None
        if recovered:
            log.warning(
                "message queue recovered: Redis reachable again after %.1f s; %d emits of "
                "this process did not reach the other processes (their phones catch up "
                "with sync)", seconds, lost,
                extra={"component": "message_queue", "state": "recovered"})
