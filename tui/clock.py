"""The UI's clock, in one place so a visit timer can be shown at a fixed moment in tests."""

from __future__ import annotations

import datetime as dt

from classwalk.core.clock import now  # the visit timer and new records read it as ``clock.now``


def today() -> dt.date:
    """Today's date where the observer is."""
    return now().astimezone().date()
