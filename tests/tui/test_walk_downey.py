"""A whole Downey walk through the UI: form, two rooms, tagged notes, the debrief, an export."""

from __future__ import annotations

from textual.widgets import Input

from classwalk.tui.screens.home import HomeScreen
from classwalk.tui.screens.visit import VisitScreen, note_key
from tests.support.pilot import enter_room, note, screen_text, settle, start_walk, type_text
from tests.support.tui_steps import drive


def test_downey_walk_end_to_end(app, classwalk, frozen_clock, tmp_path):
    async def steps(pilot):
        await settle(pilot)
        assert "No walks yet" in screen_text(app)
        await start_walk(pilot, "downey", "Lincoln Elem", "Dana")
        await enter_room(pilot, "Room 12", grade="4")
        assert "Lincoln Elem · Room 12 (4)" in screen_text(app)
        frozen_clock.advance(65)
        await note(pilot, "22 of 24 students working on fraction strips", tags="a")
        frozen_clock.advance(30)
        await pilot.press("tab")  # objective and task level
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")  # mark: apply
        await note(pilot, "objective on board: compare fractions", tags="ef")
        text = screen_text(app)
        assert "01:05" in text and "[a] 22 of 24 students" in text
        assert "[e f] (apply)" in text
        await pilot.press("ctrl+n")
        await pilot.pause()
        await enter_room(pilot, "Room 14")
        await note(pilot, "teacher models with a number line", tags="i")
        await pilot.press("ctrl+e", "enter")
        await pilot.pause()
        walk = classwalk.store.list_walks()[0]
        assert walk.status == "debriefing"
        assert type(app.screen).__name__ == "DebriefScreen"
        await pilot.pause(0.5)
        assert "Room A" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        folder = app.screen.query_one("#export-folder", Input)
        folder.value = str(tmp_path)
        await pilot.click("#export-folder")
        await pilot.press("enter")
        await pilot.pause(0.5)
        return walk

    walk = drive(app, steps)
    visits = classwalk.store.visits_for_walk(walk.id)
    assert [v.classroom for v in visits] == ["Room 12", "Room 14"]
    assert all(v.ended for v in visits)
    evidence = classwalk.store.evidence_for_walk(walk.id)
    by_text = {e.text: e for e in evidence}
    first = by_text["22 of 24 students working on fraction strips"]
    assert first.look_fors == ("orientation.on_task",) and first.kind == "observation"
    objective = by_text["objective on board: compare fractions"]
    assert objective.kind == "objective" and objective.mark == "apply"
    assert objective.look_fors == ("curricular.objective", "curricular.aligned")
    assert by_text["teacher models with a number line"].visit_id == visits[1].id
    assert walk.observers[0].name == "Dana"
    assert list(tmp_path.glob("*.md")), "the debrief's export wrote a Markdown report"


def test_resume_reopens_the_open_visit_with_its_draft(app, classwalk, frozen_clock):
    async def first_run(pilot):
        await start_walk(pilot, "downey", "Lincoln Elem", "Dana")
        await enter_room(pilot, "Room 12")
        await note(pilot, "students at tables with base-ten blocks", tags="c")
        await pilot.press("escape", "e", "escape")
        await type_text(pilot, "half typed")
        await pilot.pause(0.5)  # the draft is written after a short pause in typing

    drive(app, first_run, (80, 24))
    frozen_clock.advance(200)
    from classwalk.tui.app import ClasswalkApp

    second = ClasswalkApp(classwalk)

    async def second_run(pilot):
        await settle(pilot)
        assert isinstance(second.screen, HomeScreen)
        assert "in a room now" in screen_text(second)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(second.screen, VisitScreen)
        assert second.screen.query_one("#note", Input).value == "half typed"
        text = screen_text(second)
        assert "students at tables" in text
        assert "03:20 / 03:00" in text  # timer from the stored start
        assert "tags: e" in text
        timer = second.screen.query_one("#timer")
        assert timer.has_class("-at-target")
        frozen_clock.advance(120)  # past Downey's five minutes
        timer.tick()
        await pilot.pause()
        assert timer.has_class("-past-max") and not timer.has_class("-at-target")
        assert "past the longest visit" in screen_text(second)

    drive(second, second_run, (80, 24))


def test_quitting_mid_sentence_keeps_the_words(app, classwalk, frozen_clock):
    async def steps(pilot):
        await start_walk(pilot, "downey", "Lincoln Elem", "Dana")
        await enter_room(pilot, "Room 12")
        await type_text(pilot, "teacher asks: why")
        await pilot.press("ctrl+q")  # before the draft's pause is over

    drive(app, steps, (80, 24))
    visit = classwalk.store.open_visit(classwalk.store.list_walks()[0].id)
    assert classwalk.store.get_draft(note_key(visit)) == "teacher asks: why"


def test_a_walk_ended_by_mistake_takes_up_its_visits_again(app, classwalk, frozen_clock):
    async def steps(pilot):
        await start_walk(pilot, "downey", "Lincoln Elem", "Dana")
        await enter_room(pilot, "Room 12")
        await note(pilot, "students in pairs with fraction strips")
        await pilot.press("ctrl+e", "enter")
        await settle(pilot, 0.3)
        await pilot.press("escape")  # leave the debrief
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "debriefing" in screen_text(app)
        frozen_clock.advance(300)
        await pilot.press("r")
        await pilot.pause()
        await enter_room(pilot, "Room 14")
        await note(pilot, "teacher confers with one group")

    drive(app, steps)
    walk = classwalk.store.list_walks()[0]
    assert walk.status == "in_progress"
    assert [v.classroom for v in classwalk.store.visits_for_walk(walk.id)] == ["Room 12", "Room 14"]
