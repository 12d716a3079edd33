"""The coding grid's note line is kept on every key, as the notes room's is: words typed and
not saved come back when the lesson is opened again (after a crash, Home, another screen)."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from tests.support.clock import LESSON_START as START
from tests.support.records import walk_in_a_room

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.room.drafts import note_key
from classwalk.tui.screens.visit import open_visit


def test_the_grids_note_line_is_kept_on_every_key_and_comes_back(shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High",
                                 started_at=START)
    key = note_key(visit, "Ana")

    async def typing():
        app = ClasswalkApp(shaped)
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            await pilot.press("tab", *"two groups")
            kept_at_each_key = shaped.store.get_draft(key)
            await pilot.press(*" compare")
            return kept_at_each_key, shaped.store.get_draft(key)

    first, second = asyncio.run(typing())
    assert (first, second) == ("two groups", "two groups compare")  # no save, no pause needed

    async def reopening():
        app = ClasswalkApp(shaped)
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            line = app.screen.query_one("#interval-note", Input)
            restored = line.value
            await pilot.press("tab", "end", *" graphs", "enter")
            await pilot.pause()
            return restored, line.value

    restored, after_saving = asyncio.run(reopening())
    assert restored == "two groups compare" and after_saving == ""
    assert [e.text for e in shaped.store.evidence_for_visit(visit.id)] == ["two groups compare graphs"]
    assert shaped.store.get_draft(key) == ""  # saved: the draft is gone
