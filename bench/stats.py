"""Timing helpers and the result rows every benchmark returns."""

from __future__ import annotations

import statistics
import time
from typing import Callable

from attrs import frozen


@frozen(kw_only=True)
class Result:
    """One measured figure beside its baseline from the same run, and the target if any.

    ``value`` and ``baseline`` are in ``unit``; ``target`` says what the figure should
    meet ("p99 <= 2 ms", "<= 1.3x") and ``met`` whether it did (None: no target).
    """

    benchmark: str
    measure: str
    value: float
    baseline: float
    baseline_name: str
    unit: str
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.99 for p99), nearest-rank."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def time_calls(call: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of ``repeat`` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def ms(seconds: float) -> float:
    return seconds * 1000.0
