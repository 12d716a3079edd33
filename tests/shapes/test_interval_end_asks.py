"""Ending a coded lesson asks once, as ending the visits of a notes walk does."""

from __future__ import annotations

from classwalk.tui.dialogs.confirm import ConfirmDialog
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from tests.support.intervals import with_visit_open, typed


def test_ctrl_e_asks_before_ending_the_lesson_and_esc_keeps_coding(shaped, ui_clock, lesson):
    _walk, visit = lesson

    async def scenario(app, pilot):
        await typed(pilot, "ctrl+e")
        assert isinstance(app.screen, ConfirmDialog)
        await typed(pilot, "escape")
        assert isinstance(app.screen, IntervalVisitScreen)
        assert shaped.store.get_visit(visit.id).ended_at is None
        await typed(pilot, "ctrl+e")
        await typed(pilot, "enter", wait=0.3)
        assert shaped.store.get_visit(visit.id).ended_at is not None

    with_visit_open(shaped, *lesson, scenario)
