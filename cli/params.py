"""Argument types for numbers and dates: anything out of range is one usage error, never a crash.

``nan``, ``inf``, a negative count, a day count past any calendar or a date in year 1 or
9999 (whose neighbouring days do not exist) are refused as the command line is read.
"""

from __future__ import annotations

import math

import click

FIRST_YEAR, LAST_YEAR = 1900, 2199
"""Dates classwalk accepts on the command line: walks happen in these years."""
MAX_DAYS = 36500
"""The longest span in days an option may ask for (a hundred years)."""
WEEK_MINUTES = 7 * 24 * 60


class Day(click.DateTime):
    """A date (or date and time) between :data:`FIRST_YEAR` and :data:`LAST_YEAR`."""

    name = "date"

    def convert(self, value, param, ctx):
        converted = super().convert(value, param, ctx)
        if not FIRST_YEAR <= converted.year <= LAST_YEAR:
            self.fail(f"{converted.date().isoformat()} is outside the years {FIRST_YEAR} to {LAST_YEAR}", param, ctx)
        return converted


class FiniteFloat(click.FloatRange):
    """A real number in a range: ``nan`` and ``inf`` are not numbers of anything."""

    def convert(self, value, param, ctx):
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return super().convert(number, param, ctx)


DATE = Day(formats=["%Y-%m-%d"])
DATE_TIME = Day(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
DAYS = click.IntRange(min=1, max=MAX_DAYS)
WEEKLY_MINUTES = FiniteFloat(min=0, min_open=True, max=WEEK_MINUTES)
