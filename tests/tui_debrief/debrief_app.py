"""A tiny app that opens the debrief of one walk, as the real app does."""

from __future__ import annotations

from textual.app import App

from classwalk.tui.screens.debrief import DebriefScreen


class DebriefTestApp(App):
    """Opens the debrief of one walk, as the real app does."""

    TITLE = "classwalk"

    def __init__(self, classwalk, walk_id: str, export_folder=None):
        super().__init__()
        self.classwalk = classwalk
        self.walk_id = walk_id
        self.export_folder = export_folder

    def on_mount(self) -> None:
        self.push_screen(DebriefScreen(self.classwalk, self.walk_id, export_folder=self.export_folder))


async def wait_loaded(pilot) -> DebriefScreen:
    """Wait until the debrief screen has read the walk and drawn it."""
    for _ in range(200):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, DebriefScreen) and screen.loaded:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return screen
        await pilot.pause(0.01)
    raise AssertionError("the debrief screen did not load")
