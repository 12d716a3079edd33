"""Fixtures for the capture shapes: the docs' example protocols loaded, a clock tests move."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from classwalk.core.context import Classwalk

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


class MovableClock:
    """A clock tests move by hand: ``advance(seconds)``."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def examples(monkeypatch):
    """The protocol folder holding docs/examples, as a district would install them."""
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(EXAMPLES))
    return EXAMPLES


@pytest.fixture
def shaped(examples, tmp_path):
    instance = Classwalk(db_path=tmp_path / "walks.db")
    yield instance
    instance.close()


@pytest.fixture
def ui_clock(monkeypatch) -> MovableClock:
    from classwalk.tui import clock

    moving = MovableClock(START)
    monkeypatch.setattr(clock, "now", moving)
    return moving
