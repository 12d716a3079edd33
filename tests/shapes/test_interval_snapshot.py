"""SVG snapshot of the interval coding grid at 80x24, on a clock that stands still.

Update after an intended change with ``pytest tests/shapes/test_interval_snapshot.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.visit import open_visit
from tests.support.intervals import typed


@pytest.fixture(autouse=True)
def still_cursor(monkeypatch):
    """The input cursor does not blink, so two runs draw the same picture."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def grid(shaped, ui_clock, lesson):
    """The app, and the steps both pictures begin with: the lesson opened, interval 1 coded
    (L, engagement 3), the clock moved into interval 2."""
    app = ClasswalkApp(shaped)

    async def in_interval_2(pilot):
        open_visit(app, *lesson)
        await pilot.pause()
        await pilot.press("l", "enter", "3")
        await later(pilot, ui_clock, 125)

    return app, in_interval_2


async def later(pilot, clock, seconds: float) -> None:
    """Move the clock on ``seconds`` and let the grid redraw."""
    clock.advance(seconds)
    await pilot.pause(0.7)


def test_interval_grid_in_the_third_interval(snap_compare, grid, ui_clock):
    app, in_interval_2 = grid

    async def code_three_intervals(pilot):
        await in_interval_2(pilot)
        await pilot.press("g", "m", "g", "2")
        await later(pilot, ui_clock, 120)
        await typed(pilot, "i", "n", "d", "w", "c", wait=0.7)

    assert snap_compare(app, terminal_size=(80, 24), run_before=code_three_intervals)


def test_interval_grid_with_an_interval_not_observed(snap_compare, grid, ui_clock):
    app, in_interval_2 = grid

    async def away_in_the_second_interval(pilot):
        await in_interval_2(pilot)
        await typed(pilot, "g")  # a tick in interval 2, kept when it is marked not observed
        await typed(pilot, "ctrl+x", wait=0.3)
        await typed(pilot, "enter", wait=0.3)
        await later(pilot, ui_clock, 120)
        await typed(pilot, "i", "n", "d", wait=0.7)

    assert snap_compare(app, terminal_size=(80, 24), run_before=away_in_the_second_interval)
