"""Fixtures for the terminal UI: an app on a fresh database and a clock that stands still."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.tui import clock
from classwalk.tui.app import ClasswalkApp

START = dt.datetime(2026, 11, 23, 9, 12, tzinfo=dt.timezone.utc)


class FrozenClock:
    """A clock tests move by hand: ``advance(seconds)``."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def frozen_clock(monkeypatch) -> FrozenClock:
    frozen = FrozenClock(START)
    monkeypatch.setattr(clock, "now", frozen)
    return frozen


@pytest.fixture
def app(classwalk, frozen_clock) -> ClasswalkApp:
    return ClasswalkApp(classwalk)
