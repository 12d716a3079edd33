"""Which interval a visit is in: from the visit's start, the interval length, and the
pauses and early advances the observer stored.

Nothing here keeps state: the same stored records always give the same interval, so a
walk resumed after a crash codes into the interval it was in.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen


@frozen(kw_only=True)
class ClockState:
    """Where the interval clock stands at one moment."""

    number: int
    """The current interval, counted from 1."""
    started_at: dt.datetime
    """When the current interval began (wall clock)."""
    elapsed: float
    """Seconds of the current interval run so far (pauses excluded)."""
    remaining: float
    """Seconds until the current interval ends, if the clock keeps running."""
    paused: bool

    def observed(self) -> int:
        """Intervals the visit covered: the current one counts once it has run at all."""
        return self.number if self.elapsed > 0 else self.number - 1


def clock_state(started_at: dt.datetime, length_seconds: float, events, at: dt.datetime) -> ClockState:
    """The clock at ``at``, replaying ``events`` (pause, resume, advance) from ``started_at``."""
    number, elapsed, paused = 1, 0.0, False
    interval_start = started_at
    moment = started_at
    for event in sorted(events, key=lambda e: e.at):
        when = min(max(event.at, started_at), at)
        if event.at > at:
            break
        number, elapsed, interval_start = _run(number, elapsed, interval_start, moment, when, paused,
                                               length_seconds)
        moment = when
        if event.kind == "pause":
            paused = True
        elif event.kind == "resume":
            paused = False
        elif event.kind == "advance":
            number, elapsed, interval_start = number + 1, 0.0, when
    number, elapsed, interval_start = _run(number, elapsed, interval_start, moment, at, paused, length_seconds)
    return ClockState(number=number, started_at=interval_start, elapsed=elapsed,
                      remaining=max(0.0, length_seconds - elapsed), paused=paused)


def _run(number: int, elapsed: float, interval_start: dt.datetime, start: dt.datetime, end: dt.datetime,
         paused: bool, length: float) -> tuple[int, float, dt.datetime]:
    """Advance the clock over ``start``..``end`` (nothing moves while paused)."""
    if paused or end <= start:
        return number, elapsed, interval_start
    seconds = (end - start).total_seconds()
    total = elapsed + seconds
    if total < length:
        return number, total, interval_start
    passed = int(total // length)
    left = total - passed * length
    return number + passed, left, end - dt.timedelta(seconds=left)
