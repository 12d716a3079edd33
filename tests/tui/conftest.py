"""Fixtures for the terminal UI: an app on a fresh database and a clock that stands still."""

from __future__ import annotations

import pytest

from classwalk.tui import clock
from classwalk.tui.app import ClasswalkApp
from tests.support.clock import START, StoppedClock


@pytest.fixture
def frozen_clock(monkeypatch) -> StoppedClock:
    frozen = StoppedClock(START)
    monkeypatch.setattr(clock, "now", frozen)
    return frozen


@pytest.fixture
def app(classwalk, frozen_clock) -> ClasswalkApp:
    return ClasswalkApp(classwalk)


@pytest.fixture(autouse=True)
def times_in_utc():
    """Times read the same on every machine running the tests: shown in UTC unless a test says otherwise."""
    from classwalk.features.outputs import localtime

    localtime.use_zone("UTC")
    yield
    localtime.use_zone(None)
