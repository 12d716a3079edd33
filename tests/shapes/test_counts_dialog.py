"""Snapshot counts and typed items in the visit screen: ctrl+k, Enter saves, Esc saves and closes,
a count over the students present is refused and stays typed."""

from __future__ import annotations

from textual.widgets import Input, Select

from classwalk.features.capture import shapes as capture
from classwalk.tui.dialogs.counts_items import CountsDialog
from classwalk.tui.screens.visit import VisitScreen
from tests.support.intervals import with_visit_open, lesson_in_lab_2, typed
from tests.support.pilot import screen_text


def test_counts_and_items_from_the_visit_screen(shaped, ui_clock):
    walk, visit = lesson_in_lab_2(shaped, protocol_id="engagement_snapshots")

    async def scenario(app, pilot):
        assert isinstance(app.screen, VisitScreen)
        ui_clock.advance(130)
        await pilot.pause(1.2)
        assert any("Count due (minute 2)" in str(n.message) for n in app._notifications)
        await typed(pilot, "ctrl+k")
        assert isinstance(app.screen, CountsDialog)
        assert "due now (minute 2)" in screen_text(app)
        dialog = app.screen
        dialog.query_one("#count-on_task", Input).value = "25"
        dialog.query_one("#present-on_task", Input).value = "24"
        dialog.query_one("#count-on_task", Input).focus()
        await typed(pilot, "enter")
        assert "between 0 and the 24 present" in screen_text(app)
        assert dialog.query_one("#count-on_task", Input).value == "25"  # kept to fix, not lost
        dialog.query_one("#count-on_task", Input).value = "18"
        await typed(pilot, "enter")
        assert "Saved: 18 of 24 students working on the task." in screen_text(app)
        dialog.query_one("#item-grouping", Select).value = "pairs"
        await pilot.pause()
        dialog.query_one("#item-objective", Input).value = "compare two fractions"
        dialog.query_one("#count-talking_content", Input).value = "6"
        dialog.query_one("#present-talking_content", Input).value = "24"
        await typed(pilot, "escape")  # saves what is filled in
        assert isinstance(app.screen, VisitScreen)

    with_visit_open(shaped, walk, visit, scenario)
    counts = shaped.store.snapshots_for_visit(visit.id)
    assert sorted((c.snapshot, c.count, c.present, c.minute) for c in counts) == [
        ("on_task", 18, 24, 2.0), ("talking_content", 6, 24, None)]
    assert capture.answers(shaped.store, visit.id) == {"grouping": "pairs", "objective": "compare two fractions"}
