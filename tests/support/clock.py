"""Time in the tests: fixed moments (UTC) and a clock tests move by hand."""

from __future__ import annotations

import datetime as dt

DAY = dt.date(2026, 11, 23)
START = dt.datetime(2026, 11, 23, 9, 12, tzinfo=dt.timezone.utc)  # where the UI tests' clock stands
LESSON_START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)  # the coded lessons begin on the hour


def at(hour: int, minute: float = 0, *, day: dt.date = DAY) -> dt.datetime:
    """``hour``:``minute`` (minutes may have a fraction) on ``day``, in UTC."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return midnight + dt.timedelta(hours=hour, minutes=minute)


class StoppedClock:
    """A clock that stands still until a test moves it: ``advance(seconds)``.

    Call it for the time now. Patch it over ``classwalk.tui.clock.now`` (the ``frozen_clock``
    fixture does) or hand it to anything that takes a ``clock``; ``moment`` may be a datetime
    or a number of seconds (as ``time.monotonic`` gives)."""

    def __init__(self, moment: dt.datetime | float):
        self.moment = moment

    def __call__(self) -> dt.datetime | float:
        return self.moment

    def advance(self, seconds: float) -> None:
        if isinstance(self.moment, dt.datetime):
            self.moment += dt.timedelta(seconds=seconds)
        else:
            self.moment += seconds
