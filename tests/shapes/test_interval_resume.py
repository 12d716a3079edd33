"""Going back into an ended coded lesson resumes it: the same visit, the clock where it stopped."""

from __future__ import annotations

from classwalk.tui.screens.home import HomeScreen
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from tests.support.intervals import coding, with_visit_open, typed
from tests.support.pilot import screen_text


def test_resuming_an_ended_lesson_takes_up_the_same_visit_in_the_same_interval(shaped, ui_clock, lesson):
    walk, visit = lesson

    async def scenario(app, pilot):
        ui_clock.advance(150)  # interval 2, 90 s left
        await pilot.pause(0.7)
        await typed(pilot, "ctrl+e")
        await typed(pilot, "enter", wait=0.3)  # yes, end the lesson: on to the debrief
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
        await typed(pilot, "g")  # codes go into interval 2, where the lesson stopped
        assert coding(shaped, visit).ticked(2) == {"students.groups"}
        ui_clock.advance(90)  # the clock runs again from where it stood
        await pilot.pause(0.7)
        assert "interval 3 · 02:00 left" in screen_text(app)

    with_visit_open(shaped, *lesson, scenario)
