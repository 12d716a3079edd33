"""A saved note can be edited or deleted from the room: ↑ into the list, e edits, d deletes, ctrl+z undoes."""

from __future__ import annotations

from textual.widgets import Input

from classwalk.tui.dialogs.confirm import ConfirmDialog
from classwalk.tui.screens.visit import VisitScreen, note_key
from tests.support.pilot import burst, keys_for, note, screen_text
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room


def test_edit_a_saved_note_keeps_the_old_text_as_a_revision(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana", "Eli"))
    first = classwalk.protocols.get("downey").look_fors()[0].id

    async def steps(pilot, screen):
        await note(pilot, "12 students at the bord")
        frozen_clock.advance(5)
        await note(pilot, "teacher circulates")
        await burst(pilot, keys_for("half a new note"))
        await pilot.press("up", "up")  # into the list, then the older note
        await pilot.press("e")
        assert screen.editing is not None and screen.editing.text == "12 students at the bord"
        assert "editing a saved note" in screen_text(app)
        await pilot.press("backspace", "backspace", "a", "r", "d")
        await pilot.press("ctrl+t", "a", "enter")  # tags can change with the text (Esc would cancel)
        await pilot.press("ctrl+o")  # Eli makes the change
        await pilot.press("enter")
        await pilot.pause()
        assert screen.editing is None
        assert screen.query_one("#note", Input).value == "half a new note"  # the unsaved note is back
        assert "12 students at the board" in screen_text(app)
        # an edit that is cancelled changes nothing
        await pilot.press("up", "e", "x", "escape")
        assert screen.query_one("#note", Input).value == "half a new note"

    in_the_room(app, steps)
    notes = {e.text: e for e in classwalk.store.evidence_for_walk(walk.id)}
    assert set(notes) == {"12 students at the board", "teacher circulates"}
    edited = notes["12 students at the board"]
    assert edited.look_fors == (first,)
    [revision] = classwalk.store.evidence_revisions(edited.id)
    assert revision.text == "12 students at the bord"
    assert classwalk.store.get_draft(note_key(visit, "Dana")) == "half a new note"


def test_delete_asks_and_u_brings_the_note_back(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, screen):
        await note(pilot, "a note typed in the wrong room")
        await pilot.press("up", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert len(classwalk.store.evidence_for_walk(walk.id)) == 1
        await pilot.press("d", "enter")
        await pilot.pause()
        assert classwalk.store.evidence_for_walk(walk.id) == []
        assert "a note typed in the wrong room" not in screen_text(app)
        assert "Note deleted" in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "a note typed in the wrong room" in screen_text(app)
        await note(pilot, "the note line works as before")
        assert screen.editing is None

    in_the_room(app, steps)
    texts = sorted(e.text for e in classwalk.store.evidence_for_walk(walk.id))
    assert texts == ["a note typed in the wrong room", "the note line works as before"]
