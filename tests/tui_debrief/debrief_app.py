"""The fixture walk's known data, and a tiny app that opens a walk's debrief."""

from __future__ import annotations

import datetime as dt

from textual.app import App

from classwalk.tui.screens.debrief import DebriefScreen
from tests.support.pilot import workers_done

WALK_DATE = dt.date(2026, 11, 18)
TEACHERS = ("Ms. Alvarez", "Mr. Okafor", "Ms. Chen")
CLASSROOMS = ("Room 12 Alvarez", "Room 14", "Room 21")

# (classroom index, look-for tags, student groups, kind)
NOTES = [
    (0, ("orientation.on_task",), ("multilingual",), "observation"),
    (0, ("orientation.on_task", "curricular.objective"), (), "observation"),
    (0, ("orientation.on_task",), (), "observation"),
    (1, ("orientation.on_task",), ("multilingual",), "observation"),
    (1, ("curricular.objective",), (), "observation"),
    (1, ("curricular.objective", "walls.student_work"), (), "observation"),
    (2, ("curricular.objective",), ("disabilities",), "observation"),
    (2, ("curricular.objective",), (), "observation"),
    (2, (), (), "observation"),
]


class DebriefTestApp(App):
    """Opens the debrief of one walk, as the real app does."""

    TITLE = "classwalk"

    def __init__(self, classwalk, walk_id: str, export_folder=None):
        super().__init__()
        self.api = classwalk
        self.walk_id = walk_id
        self.export_folder = export_folder

    def on_mount(self) -> None:
        self.push_screen(DebriefScreen(self.api, self.walk_id, export_folder=self.export_folder))


async def wait_loaded(pilot) -> DebriefScreen:
    """Wait until the debrief screen has read the walk and drawn it."""
    for _ in range(200):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, DebriefScreen) and screen.loaded:
            await workers_done(pilot.app)
            await pilot.pause()
            return screen
        await pilot.pause(0.01)
    raise AssertionError("the debrief screen did not load")
