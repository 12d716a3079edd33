"""The reflective question from the debrief: pick a room, take the protocol's question or type
one, set the due time in local time, save; later mark it shared — no ids anywhere."""

from __future__ import annotations

import asyncio
import datetime as dt

from textual.widgets import Input, OptionList, Select

from classwalk.features.outputs import localtime
from classwalk.tui.dialogs.feedback import FeedbackDialog, draft_key
from tests.tui_debrief.debrief_app import wait_loaded


async def _open(pilot):
    await pilot.press("f")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, FeedbackDialog)
    return dialog


def test_draft_set_due_and_later_mark_shared(app, classwalk, walk):
    localtime.use_zone("America/Chicago")
    first_visit = classwalk.store.visits_for_walk(walk.id)[0]

    async def main():
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_loaded(pilot)
            dialog = await _open(pilot)
            question = dialog.query_one("#feedback-question", Input)
            assert question.value  # the protocol's question for this visit is offered
            question.focus()
            await pilot.press("ctrl+u", *"What did you notice about who answered?")
            assert classwalk.store.get_draft(draft_key(first_visit, first_visit.observer)) == "What did you notice about who answered?"
            due = dialog.query_one("#feedback-due", Input)
            due.value = "2026-11-20 08:30"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(pilot.app.screen, FeedbackDialog)
            assert "due 2026-11-20 08:30 CST" in str(pilot.app.screen.query_one("#status").content)

            dialog = await _open(pilot)
            assert dialog.query_one("#feedback-question", Input).value == "What did you notice about who answered?"
            dialog.query_one("#feedback-status", Select).value = "shared"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()

    try:
        asyncio.run(main())
    finally:
        localtime.use_zone(None)
    [item] = classwalk.store.feedback_for_visit(first_visit.id)
    assert item.question == "What did you notice about who answered?"
    assert item.due == dt.datetime(2026, 11, 20, 14, 30, tzinfo=dt.timezone.utc)
    assert item.status == "shared" and item.author == "Dana Reyes"
    assert classwalk.store.get_draft(draft_key(first_visit, first_visit.observer)) == ""


def test_a_due_time_that_is_no_time_is_refused_and_nothing_saved(app, classwalk, walk):
    async def main():
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_loaded(pilot)
            dialog = await _open(pilot)
            dialog.query_one("#feedback-due", Input).value = "next tuesday"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, FeedbackDialog)
            assert "is not like 2026-11-25 09:00" in str(dialog.query_one("#dialog-message").content)

    asyncio.run(main())
    assert classwalk.store.list_feedback() == []


def test_each_room_of_the_walk_can_be_chosen(app, classwalk, walk):
    async def main():
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_loaded(pilot)
            dialog = await _open(pilot)
            rooms = dialog.query_one("#feedback-visits", OptionList)
            assert rooms.option_count == len(classwalk.store.visits_for_walk(walk.id))
            await pilot.press("down")
            await pilot.pause()
            assert dialog.visit.id == classwalk.store.visits_for_walk(walk.id)[1].id

    asyncio.run(main())
