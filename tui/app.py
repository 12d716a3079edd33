"""The observer's terminal UI: a small app that opens on the home screen.

Screens beyond home are imported when first opened, so start-up stays close to a
bare Textual app.
"""

from __future__ import annotations

from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen


class ClasswalkApp(App):
    """Run walks: home, new walk, visits, reports, protocols and help."""

    TITLE = "classwalk"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, classwalk, **kwargs):
        super().__init__(**kwargs)
        self.classwalk = classwalk

    def get_default_screen(self) -> Screen:
        from .screens.home import HomeScreen

        return HomeScreen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("New walk", "Choose a protocol and start a walk", self.action_new_walk)
        yield SystemCommand("Browse protocols", "Look-fors, timing and prompts of each protocol",
                            self.action_protocols)
        yield SystemCommand("Reports", "A school, a cycle or the district across walks; feedback due",
                            self.action_reports)
        yield SystemCommand("Home", "Walks in progress and recent walks", self.action_home)
        yield SystemCommand("Help", "Keys and how a walk goes", self.action_help)
        yield from getattr(screen, "system_commands", lambda: ())()
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_new_walk(self) -> None:
        from .screens.new_walk import NewWalkScreen

        self.action_home()
        self.push_screen(NewWalkScreen())

    def action_protocols(self) -> None:
        from .screens.protocols import ProtocolsScreen

        self.push_screen(ProtocolsScreen())

    def action_reports(self) -> None:
        from .screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen(self.classwalk))

    def action_home(self) -> None:
        """Back to the home screen, closing whatever is open on top of it."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        refresh = getattr(self.screen, "reload", None)
        if refresh:
            refresh()

    def open_debrief(self, walk_id: str) -> None:
        """Open the debrief of a walk: its patterns, the team's answers and next steps."""
        from .screens.debrief import DebriefScreen

        try:
            observers = self.classwalk.store.get_walk(walk_id).observers
        except Exception:  # the debrief screen reports a missing walk itself
            observers = ()
        author = observers[0].name if observers else None
        self.push_screen(DebriefScreen(self.classwalk, walk_id, author=author))


def run(classwalk) -> None:
    """Start the terminal UI on ``classwalk`` (its store is the --db database).

    The database path is checked first, so a wrong ``--db`` is one clear error
    (a ClasswalkError) before the screen changes; the home screen opens it.
    """
    from classwalk.core.dbfile import check_database_file

    check_database_file(classwalk.db_path)
    ClasswalkApp(classwalk).run()
