"""The socket limits' in-memory counter (participation/ratelimits.py): fixed windows like
limits' FixedWindowRateLimiter, without the helper thread that would stop a gevent loop."""

from __future__ import annotations

import threading

from limits import parse

from participation import ratelimits
from participation.ratelimits import WindowCounter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_hits_within_the_limit_pass_and_the_next_is_refused(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ratelimits.time, "monotonic", clock)
    counter, item = WindowCounter(), parse("3 per minute")
    assert counter.test(item, "p", "a")
    assert [counter.hit(item, "p", "a") for _ in range(4)] == [True, True, True, False]
    assert not counter.test(item, "p", "a")
    assert counter.hit(item, "p", "b"), "another key has its own window"


def test_the_window_ends_after_its_period(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ratelimits.time, "monotonic", clock)
    counter, item = WindowCounter(), parse("2 per minute")
    assert counter.hit(item, "k") and counter.hit(item, "k")
    assert not counter.hit(item, "k")
    clock.now += 59.9
    assert not counter.test(item, "k")
    clock.now += 0.2
    assert counter.test(item, "k")
    assert counter.hit(item, "k")


def test_expired_windows_are_swept_and_live_ones_kept(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ratelimits.time, "monotonic", clock)
    monkeypatch.setattr(WindowCounter, "PRUNE_AT", 10)
    counter, item = WindowCounter(), parse("1 per second")
    for number in range(9):
        counter.hit(item, str(number))
    clock.now += 5  # all nine expired
    kept = parse("1 per hour")
    counter.hit(kept, "stays")
    counter.hit(item, "sweeps")  # the eleventh window: the table is swept first
    assert set(counter._windows) == {kept.key_for("stays"), item.key_for("sweeps")}
    assert not counter.hit(kept, "stays"), "the live window kept its count"


def test_no_thread_is_started(monkeypatch):
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self))
    counter, item = WindowCounter(), parse("100 per minute")
    for _ in range(50):
        counter.hit(item, "k")
    assert started == []


def test_each_app_counts_on_its_own(make_app):
    first, second = make_app(RATELIMIT_ENABLED=True), make_app(RATELIMIT_ENABLED=True)
    item = parse("1 per minute")
    with first.app_context():
        assert ratelimits.socket_limits.hit(item, "x", "y")
        assert not ratelimits.socket_limits.hit(item, "x", "y")
    with second.app_context():
        assert ratelimits.socket_limits.hit(item, "x", "y")
