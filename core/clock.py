"""The one clock: every record, front end and log reads the time here.

Times are timezone-aware UTC datetimes to the millisecond, so the same moment stored on
two devices compares equal after a round trip through SQLite or a bundle.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current time, UTC, to the millisecond."""
    moment = dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def now_to_the_second() -> dt.datetime:
    """The current time, UTC, to the second (what the plugin failure log keeps)."""
    return now().replace(microsecond=0)


def aware(value: dt.datetime) -> dt.datetime:
    """``value`` with UTC as its timezone when it has none (a time from an older file)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
