"""Ending a coded lesson asks once, as ending the visits of a notes walk does."""

from __future__ import annotations

import asyncio

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.dialogs.confirm import ConfirmDialog
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from classwalk.tui.screens.visit import open_visit
from tests.support.clock import LESSON_START
from tests.support.records import walk_in_a_room


def test_ctrl_e_asks_before_ending_the_lesson_and_esc_keeps_coding(shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, IntervalVisitScreen)
            assert shaped.store.get_visit(visit.id).ended_at is None
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert shaped.store.get_visit(visit.id).ended_at is not None

    asyncio.run(scenario())
