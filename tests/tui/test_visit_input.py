"""Odd input in the visit and the forms: a clear message on screen, never a traceback, nothing lost."""

from __future__ import annotations

from textual.widgets import Input

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.screens.help import HelpScreen
from classwalk.tui.screens.new_walk import NewWalkScreen
from classwalk.tui.screens.visit import VisitScreen
from classwalk.tui.text import MAX_NOTE_LENGTH
from tests.support.pilot import enter_room, note, screen_text, settle, start_walk, type_text
from tests.support.tui_steps import drive, from_home, press_to


def _evidence(classwalk):
    return classwalk.store.evidence_for_walk(classwalk.store.list_walks()[0].id)


def test_odd_notes_get_a_message_and_good_ones_save_as_typed(app, classwalk, frozen_clock):
    async def steps(pilot):
        await start_walk(pilot, "downey", "École Lincoln", "Dana")
        await enter_room(pilot, "Salle 12")
        await pilot.press("enter")
        await pilot.pause()
        assert "The note is empty" in screen_text(app)
        await note(pilot, "   ")
        assert "The note is empty" in screen_text(app)
        line = app.screen.query_one("#note", Input)
        line.value = "x" * (MAX_NOTE_LENGTH + 1)
        await pilot.press("enter")
        await pilot.pause()
        assert f"the most is {MAX_NOTE_LENGTH}" in screen_text(app)
        assert line.value == "x" * (MAX_NOTE_LENGTH + 1)  # kept, so it can be shortened
        line.value = ""
        await note(pilot, "学生们在讨论分数 🧮 مرحبا")
        line.value = "bell\x07 and \x1b[31mescape\x00"
        await press_to(pilot, "enter", VisitScreen)

    drive(app, steps)
    assert sorted(e.text for e in _evidence(classwalk)) == ["bell and [31mescape", "学生们在讨论分数 🧮 مرحبا"]
    assert classwalk.store.list_walks()[0].school == "École Lincoln"


def test_forms_refuse_bad_fields_with_a_message(app, classwalk, frozen_clock):
    async def steps(pilot):
        await settle(pilot)
        await start_walk(pilot, "downey", "\x1b\x07", "Dana")
        assert isinstance(app.screen, NewWalkScreen)
        assert "The school is empty" in screen_text(app)
        await start_walk(pilot, "downey", "Lincoln", "Dana", date="23/11/2026")
        assert "is not a date like" in screen_text(app)
        await start_walk(pilot, "downey", "", "Dana, Eli", date="2026-11-23")
        assert "at most 1" in screen_text(app)
        await start_walk(pilot, "downey", "", "Dana: juggler")
        assert "not a role of this protocol" in screen_text(app)
        app.screen.query_one("#date").value = "2026-11-23"
        app.screen.query_one("#observers").value = "Dana: observer"
        await press_to(pilot, "ctrl+s", ClassroomDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert "The classroom is empty" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Lincoln" in screen_text(app)  # back home, the walk waits in progress

    drive(app, steps)
    walks = classwalk.store.list_walks()
    assert len(walks) == 1 and walks[0].observers[0].role == "observer"
    assert classwalk.store.visits_for_walk(walks[0].id) == []


def test_mouse_keys_help_and_palette(app, classwalk, frozen_clock):
    async def steps(pilot):
        await from_home(pilot, "question_mark", HelpScreen)
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"New walk", "Browse protocols", "Home", "Help"} <= set(commands)
        await start_walk(pilot, "downey", "Lincoln", "Dana")
        await enter_room(pilot, "Room 1")
        visit_commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Next classroom", "End visits"} <= set(visit_commands)
        await pilot.click("#lf-orientation-materials")
        await pilot.pause()
        assert "tags: c" in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("space", "enter")  # the first group
        await pilot.pause()
        assert "groups: multilingual learners" in screen_text(app)
        await type_text(pilot, "pencils and strips on every desk")
        await press_to(pilot, "f1", HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    drive(app, steps)
    [saved] = _evidence(classwalk)
    assert saved.look_fors == ("orientation.materials",)
    assert saved.student_groups == ("multilingual",)
    assert saved.text == "pencils and strips on every desk"
