"""Timing helpers: run a callable many times, summarise the samples in milliseconds."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Sequence


def percentile(samples: Sequence[int], fraction: float) -> int:
    """The nearest-rank percentile of the samples (fraction 0.5 is the median)."""
    ordered = sorted(samples)
    index = max(0, math.ceil(fraction * len(ordered)) - 1)
    return ordered[index]


def summarise(samples_ns: Sequence[int]) -> dict:
    """min, p50, p99, max and mean in milliseconds, and the number of samples."""
    return {
        "n": len(samples_ns),
        "min_ms": min(samples_ns) / 1e6,
        "p50_ms": percentile(samples_ns, 0.50) / 1e6,
        "p99_ms": percentile(samples_ns, 0.99) / 1e6,
        "max_ms": max(samples_ns) / 1e6,
        "mean_ms": sum(samples_ns) / len(samples_ns) / 1e6,
    }


def time_calls(call: Callable[[], object], repeat: int, warmup: int = 0) -> list[int]:
    """Call `call` warmup times untimed, then `repeat` times; the durations in nanoseconds."""
    for _ in range(warmup):
        call()
    gc.collect()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return samples
