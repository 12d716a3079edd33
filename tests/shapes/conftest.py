"""Fixtures for the capture shapes: the docs' example protocols loaded, a coded lesson open
in Lab 2, a clock tests move."""

from __future__ import annotations

import pytest

from classwalk.api import Classwalk
from tests.support.clock import LESSON_START, StoppedClock
from tests.support.intervals import examples, lesson_in_lab_2  # noqa: F401  (examples: a fixture here)


@pytest.fixture
def shaped(examples, tmp_path):
    instance = Classwalk(db_path=tmp_path / "walks.db")
    yield instance
    instance.close()


@pytest.fixture
def lesson(shaped):
    """Ana's lesson_intervals visit to Lab 2, open since the lesson began: (walk, visit)."""
    return lesson_in_lab_2(shaped)


@pytest.fixture
def ui_clock(monkeypatch) -> StoppedClock:
    from classwalk.tui import clock

    moving = StoppedClock(LESSON_START)
    monkeypatch.setattr(clock, "now", moving)
    return moving
