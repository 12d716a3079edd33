"""Fixtures for the capture shapes: the docs' example protocols loaded, a clock tests move."""

from __future__ import annotations

from pathlib import Path

import pytest

from classwalk.api import Classwalk
from tests.support.clock import LESSON_START, StoppedClock

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


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
def ui_clock(monkeypatch) -> StoppedClock:
    from classwalk.tui import clock

    moving = StoppedClock(LESSON_START)
    monkeypatch.setattr(clock, "now", moving)
    return moving
