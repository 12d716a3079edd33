"""SVG snapshot of the interval coding grid at 80x24, on a clock that stands still.

Update after an intended change with ``pytest tests/shapes/test_interval_snapshot.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.visit import open_visit
from tests.support.clock import LESSON_START
from tests.support.records import walk_in_a_room


@pytest.fixture(autouse=True)
def still_cursor(monkeypatch):
    """The input cursor does not blink, so two runs draw the same picture."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def test_interval_grid_in_the_third_interval(snap_compare, shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    app = ClasswalkApp(shaped)

    async def code_three_intervals(pilot):
        open_visit(app, walk, visit)
        await pilot.pause()
        await pilot.press("l", "enter", "3")
        ui_clock.advance(125)
        await pilot.pause(0.7)
        await pilot.press("g", "m", "g", "2")
        ui_clock.advance(120)
        await pilot.pause(0.7)
        await pilot.press("i", "n", "d", "w", "c")
        await pilot.pause(0.7)

    assert snap_compare(app, terminal_size=(80, 24), run_before=code_three_intervals)


def test_interval_grid_with_an_interval_not_observed(snap_compare, shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    app = ClasswalkApp(shaped)

    async def away_in_the_second_interval(pilot):
        open_visit(app, walk, visit)
        await pilot.pause()
        await pilot.press("l", "enter", "3")
        ui_clock.advance(125)
        await pilot.pause(0.7)
        await pilot.press("g")  # a tick in interval 2, kept when it is marked not observed
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        ui_clock.advance(120)
        await pilot.pause(0.7)
        await pilot.press("i", "n", "d")
        await pilot.pause(0.7)

    assert snap_compare(app, terminal_size=(80, 24), run_before=away_in_the_second_interval)
