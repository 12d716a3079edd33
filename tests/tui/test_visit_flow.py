"""Groups for one note unless pinned, leaving a room undoable, Esc back where you were, drafts on every key."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.dialogs.confirm import ConfirmDialog
from classwalk.tui.dialogs.groups import GroupsDialog
from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog
from classwalk.tui.screens.visit import VisitScreen, note_key
from tests.support.pilot import burst, hallway, keys_for, note, screen_text, settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room, press_to


def _groups_by_text(classwalk, walk):
    return {e.text: e.student_groups for e in classwalk.store.evidence_for_walk(walk.id)}


def test_groups_apply_to_the_next_note_only_unless_pinned(app, classwalk, frozen_clock):
    walk, _visit = walk_in_a_room(classwalk, "ifl_learning_walk")
    first, second = [g.id for g in classwalk.protocols.get("ifl_learning_walk").student_groups][:2]

    async def steps(pilot, _screen):
        await press_to(pilot, "ctrl+g", GroupsDialog)
        await pilot.press("space", "enter")  # the first group, for the next note
        await note(pilot, "one note about the first group")
        await note(pilot, "a note about nobody in particular")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("down", "space", "p", "enter")  # the second group, pinned
        await pilot.pause()
        assert "(pinned)" in screen_text(app)
        await note(pilot, "pinned one")
        await note(pilot, "pinned two")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("p", "enter")  # unpinned: they still go with the next note, then stop
        await note(pilot, "last with the group")
        await note(pilot, "free again")
        await pilot.press("ctrl+g", "escape")  # Esc leaves the groups as they were
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)

    in_the_room(app, steps)
    assert _groups_by_text(classwalk, walk) == {
        "one note about the first group": (first,), "a note about nobody in particular": (),
        "pinned one": (second,), "pinned two": (second,), "last with the group": (second,), "free again": (),
    }


def test_esc_in_the_next_room_dialog_goes_back_into_the_room(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, _screen):
        await note(pilot, "a note before leaving")
        await press_to(pilot, "ctrl+n", ClassroomDialog)
        assert classwalk.store.open_visit(walk.id) is None
        assert "Back to Room 7 (Esc)" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen) and app.screen.visit.id == visit.id
        assert "a note before leaving" in screen_text(app)
        await note(pilot, "a note after coming back")

    in_the_room(app, steps)
    assert classwalk.store.open_visit(walk.id).id == visit.id
    assert len(classwalk.store.visits_for_walk(walk.id)) == 1
    assert len(classwalk.store.evidence_for_walk(walk.id)) == 2


def test_esc_in_the_hallway_note_goes_back_into_the_room_and_keeps_the_words(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk")

    async def steps(pilot, _screen):
        await press_to(pilot, "ctrl+n", HallwayNoteDialog)
        await burst(pilot, keys_for("half a hallway thought"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen) and app.screen.visit.id == visit.id
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.query_one("#hallway", Input).value == "half a hallway thought"
        await hallway(pilot, " and its end")
        assert isinstance(app.screen, ClassroomDialog)

    in_the_room(app, steps)
    [saved] = classwalk.store.evidence_for_walk(walk.id)
    assert saved.text == "half a hallway thought and its end"


def test_ending_the_visits_asks_once(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))

    async def steps(pilot, _screen):
        await press_to(pilot, "ctrl+e", ConfirmDialog)
        await press_to(pilot, "escape", VisitScreen)
        assert classwalk.store.open_visit(walk.id).id == visit.id
        await pilot.press("ctrl+e", "enter")
        await settle(pilot, 0.3)
        assert type(app.screen).__name__ == "DebriefScreen"

    in_the_room(app, steps)
    assert classwalk.store.open_visit(walk.id) is None
    assert classwalk.store.get_walk(walk.id).status == "debriefing"


def test_every_key_is_in_the_draft_at_once(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    typed = "students count by tens"

    async def steps(pilot, _screen):
        for count, key in enumerate(keys_for(typed), start=1):
            await pilot.press(key)
            assert classwalk.store.get_draft(note_key(visit, "Dana")) == typed[:count]

    in_the_room(app, steps)


class FullDisk:
    """Stands in for a store method while the disk is full; ``full = False`` frees it."""

    def __init__(self, method):
        self.method = method
        self.full = True
        self.refused = 0

    def __call__(self, *args, **kwargs):
        if self.full:
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self.method(*args, **kwargs)


def test_a_full_disk_keeps_the_note_says_so_and_saves_on_the_next_enter(app, classwalk, frozen_clock, monkeypatch):
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    store = classwalk.store
    add, draft = FullDisk(store.add_evidence), FullDisk(store.save_draft)
    monkeypatch.setattr(store, "add_evidence", add)
    monkeypatch.setattr(store, "save_draft", draft)

    async def steps(pilot, screen):
        await burst(pilot, [*keys_for("nine of ten students explain"), "enter"])
        text = screen_text(app)
        assert "database or disk is full" in text
        assert screen.query_one("#note", Input).value == "nine of ten students explain"
        assert add.refused == 1 and draft.refused >= 1
        await pilot.press("ctrl+n")  # cannot leave either: the note would be lost
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        draft.full = False
        screen._retry_writes()  # what the timer does every couple of seconds
        assert store.get_draft(note_key(visit, "Dana")) == "nine of ten students explain"
        add.full = False
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#note", Input).value == ""
        assert "Saved." in screen_text(app)

    in_the_room(app, steps)
    assert [e.text for e in store.evidence_for_walk(walk.id)] == ["nine of ten students explain"]
    assert store.get_draft(note_key(visit, "Dana")) == ""


def test_a_full_disk_in_the_hallway_note_keeps_the_dialog_open(app, classwalk, frozen_clock, monkeypatch):
    walk, _visit = walk_in_a_room(classwalk, "ifl_learning_walk")
    store = classwalk.store

    async def steps(pilot, _screen):
        await pilot.press("ctrl+n")
        await settle(pilot)
        add = FullDisk(store.add_evidence)
        monkeypatch.setattr(store, "add_evidence", add)
        await burst(pilot, [*keys_for("three groups argue with evidence"), "enter"])
        assert isinstance(app.screen, HallwayNoteDialog)
        assert "database or disk is full" in screen_text(app)
        add.full = False
        await press_to(pilot, "enter", ClassroomDialog)

    in_the_room(app, steps)
    assert [e.text for e in store.evidence_for_walk(walk.id)] == ["three groups argue with evidence"]
