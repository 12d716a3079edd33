"""Fixtures for the terminal UI: an app on a fresh database and a clock that stands still."""

from __future__ import annotations

import pytest

from classwalk.tui import clock
from classwalk.tui.app import ClasswalkApp
from tui_pilot import START, FrozenClock


@pytest.fixture
def frozen_clock(monkeypatch) -> FrozenClock:
    frozen = FrozenClock(START)
    monkeypatch.setattr(clock, "now", frozen)
    return frozen


@pytest.fixture
def app(classwalk, frozen_clock) -> ClasswalkApp:
    return ClasswalkApp(classwalk)
