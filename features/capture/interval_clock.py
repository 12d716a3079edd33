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
    starts, number, elapsed, paused = _replay(started_at, length_seconds, events, at)
    return ClockState(number=number, started_at=starts[number], elapsed=elapsed,
                      remaining=max(0.0, length_seconds - elapsed), paused=paused)


def interval_spans(started_at: dt.datetime, length_seconds: float, events,
                   end: dt.datetime) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """(number, began, ended) by the wall clock for each interval the visit covered up to ``end``.

    The same replay as :func:`clock_state`: an interval ends when the next one begins (a
    pause inside it makes it longer on the wall clock), the last one at ``end``.
    """
    starts, number, elapsed, _paused = _replay(started_at, length_seconds, events, end)
    observed = number if elapsed > 0 else number - 1
    return [(n, starts[n], starts.get(n + 1, end)) for n in range(1, observed + 1)]


def _replay(started_at: dt.datetime, length_seconds: float, events,
            end: dt.datetime) -> tuple[dict[int, dt.datetime], int, float, bool]:
    """Run the clock from ``started_at`` to ``end`` through ``events``: when each interval
    began (wall clock), the interval at ``end``, the seconds of it run, and whether paused.

    Nothing moves while paused; an advance starts the next interval at once.
    """
    starts = {1: started_at}
    number, elapsed, paused = 1, 0.0, False
    moment = started_at

    def run(until: dt.datetime) -> None:
        nonlocal number, elapsed
        if paused or until <= moment:
            return
        total = elapsed + (until - moment).total_seconds()
        first_end = moment + dt.timedelta(seconds=length_seconds - elapsed)
        passed = int(total // length_seconds)
        for step in range(passed):
            starts[number + step + 1] = first_end + dt.timedelta(seconds=step * length_seconds)
        number, elapsed = number + passed, total - passed * length_seconds

    for event in sorted(events, key=lambda e: e.at):
        if event.at > end:
            break
        when = min(max(event.at, started_at), end)
        run(when)
        moment = when
        if event.kind == "pause":
            paused = True
        elif event.kind == "resume":
            paused = False
        elif event.kind == "advance":
            number, elapsed = number + 1, 0.0
            starts[number] = when
    run(end)
    return starts, number, elapsed, paused
