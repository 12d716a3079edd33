"""Going back into an ended coded lesson resumes it: the same visit, the clock where it stopped."""

from __future__ import annotations

import asyncio

from classwalk.features.capture.shapes import coding_from_marks
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.home import HomeScreen
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from classwalk.tui.screens.visit import open_visit
from tests.support.clock import LESSON_START
from tests.support.pilot import screen_text
from tests.support.records import walk_in_a_room


def test_resuming_an_ended_lesson_takes_up_the_same_visit_in_the_same_interval(shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=LESSON_START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            ui_clock.advance(150)  # interval 2, 90 s left
            await pilot.pause(0.7)
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("enter")  # yes, end the lesson: on to the debrief
            await pilot.pause(0.3)
            assert shaped.store.get_visit(visit.id).ended_at is not None
            assert shaped.store.get_walk(walk.id).status == "debriefing"

            ui_clock.advance(900)  # a quarter of an hour in the debrief
            app.action_home()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            app.screen.resume(walk.id)
            await pilot.pause(0.7)
            assert isinstance(app.screen, IntervalVisitScreen)
            assert app.screen.visit.id == visit.id
            assert [v.id for v in shaped.store.visits_for_walk(walk.id)] == [visit.id]  # no new visit
            assert shaped.store.get_visit(visit.id).ended_at is None
            assert "interval 2 · 01:30 left" in screen_text(app)
            await pilot.press("g")  # codes go into interval 2, where the lesson stopped
            await pilot.pause()
            coded = coding_from_marks(shaped.store.marks_for_visit(visit.id))
            assert coded.ticked(2) == {"students.groups"}
            ui_clock.advance(90)  # the clock runs again from where it stood
            await pilot.pause(0.7)
            assert "interval 3 · 02:00 left" in screen_text(app)

    asyncio.run(scenario())
