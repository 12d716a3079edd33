"""Keys that arrive together land where slow typing would put them: tags, Tabs, pastes."""

from __future__ import annotations

from textual.widgets import Input

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.screens.visit import VisitScreen
from tests.support.pilot import burst, keys_for, paste, settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room, press_to


def _notes(classwalk, walk):
    """The walk's notes in the order they were saved (the clock stands still, so by rowid)."""
    rows = classwalk.store.db.query("SELECT id FROM evidence WHERE walk_id = ? ORDER BY rowid", [walk.id])
    return [(e.text, e.look_fors) for e in (classwalk.store.get_evidence(row["id"]) for row in rows)]


def test_a_look_for_key_then_text_then_enter_in_one_burst_saves_once_without_the_letter(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    protocol = classwalk.protocols.get("downey")
    first, fifth = protocol.look_fors()[0].id, protocol.look_fors()[4].id

    async def steps(pilot, _screen):
        # Esc, tag a, then a capital goes back to the note and is typed; Enter saves once
        await burst(pilot, ["escape", "a", *keys_for("Twelve students at the board"), "enter"])
        # Esc, tag a and e, Enter back to the note, then the text and Enter
        await burst(pilot, ["escape", "a", "e", "enter", *keys_for("objective posted"), "enter"])
        # Esc and a letter read together as alt+letter count as Esc, then the letter
        await burst(pilot, ["alt+a", *keys_for("Pairs compare strips"), "enter"])
        # the same keys typed slowly give the same notes
        await pilot.press("escape", "a", *keys_for("Twelve students at the board"), "enter")

    in_the_room(app, steps)
    assert _notes(classwalk, walk) == [
        ("Twelve students at the board", (first,)),
        ("objective posted", (first, fifth)),
        ("Pairs compare strips", (first,)),
        ("Twelve students at the board", (first,)),
    ]


def test_a_burst_typed_into_the_note_is_exactly_the_note(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    text = "22 of 24 students: working, 2 sharpening pencils; the teacher asks 'why?'"

    async def steps(pilot, screen):
        await burst(pilot, [*keys_for(text), "enter", *keys_for("next one")])
        assert screen.query_one("#note", Input).value == "next one"
        await burst(pilot, ["ctrl+u", *keys_for("abc"), "backspace", "d", "left", "left", "x", "enter"])

    in_the_room(app, steps)
    assert [t for t, _tags in _notes(classwalk, walk)] == [text, "axbd"]


def test_tabs_in_a_burst_move_through_the_classroom_dialog(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, _screen):
        await press_to(pilot, "ctrl+n", ClassroomDialog)
        await burst(pilot, [*keys_for("Room 124"), "tab", *keys_for("4"), "tab", *keys_for("Math"), "tab",
                            *keys_for("Ms. Alvarez"), "enter"])
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen)

    in_the_room(app, steps)
    second = classwalk.store.visits_for_walk(walk.id)[-1]
    assert (second.classroom, second.grade, second.subject, second.teacher) == ("Room 124", "4", "Math", "Ms. Alvarez")


def test_a_paste_keeps_every_line_in_the_note_and_tabs_move_fields_in_a_dialog(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, screen):
        await paste(pilot, "first line\nsecond\tline")
        assert screen.query_one("#note", Input).value == "first line second line"
        await pilot.press("enter")
        dialog = await press_to(pilot, "ctrl+n", ClassroomDialog)
        await paste(pilot, "Room 9\t5\tScience\tMr. Ode")
        values = [dialog.query_one(f"#{name}", Input).value for name in ("room", "grade", "subject", "teacher")]
        assert values == ["Room 9", "5", "Science", "Mr. Ode"]
        await pilot.press("enter")
        await settle(pilot)

    in_the_room(app, steps)
    assert [t for t, _tags in _notes(classwalk, walk)] == ["first line second line"]
    assert classwalk.store.visits_for_walk(walk.id)[-1].subject == "Science"
