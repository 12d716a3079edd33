"""The hallway note is asked for once a room: put aside with Esc (or skipped), it does not come back."""

from __future__ import annotations

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.dialogs.confirm import ConfirmDialog
from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog
from classwalk.tui.screens.visit import VisitScreen
from tests.support.pilot import burst, keys_for, settle
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import in_the_room, press_to


async def _hallway_put_aside(pilot) -> None:
    await press_to(pilot, "ctrl+n", HallwayNoteDialog)
    await press_to(pilot, "escape", VisitScreen)


def test_esc_then_ending_the_visits_goes_straight_to_the_debrief(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk")

    async def steps(pilot, _screen):
        await _hallway_put_aside(pilot)
        await press_to(pilot, "ctrl+e", ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot, 0.3)
        assert type(app.screen).__name__ == "DebriefScreen"

    in_the_room(app, steps)
    assert classwalk.store.get_walk(walk.id).status == "debriefing"
    assert classwalk.store.evidence_for_walk(walk.id) == []


def test_esc_then_next_room_asks_for_the_room_only(app, classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk")

    async def steps(pilot, _screen):
        await _hallway_put_aside(pilot)
        await press_to(pilot, "ctrl+n", ClassroomDialog)
        await burst(pilot, keys_for("Room 9") + ["enter"])
        await settle(pilot, 0.3)
        assert isinstance(app.screen, VisitScreen) and app.screen.visit.classroom == "Room 9"
        await pilot.press("ctrl+n")  # a new room: its own hallway note is asked for
        await settle(pilot)
        assert isinstance(app.screen, HallwayNoteDialog) and app.screen.visit.classroom == "Room 9"

    in_the_room(app, steps)
