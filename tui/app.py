"""The observer's terminal UI: a small app that opens on the home screen.

Screens beyond home are imported when first opened, so start-up stays close to a
bare Textual app.
"""

from __future__ import annotations

from typing import Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen

from classwalk.tui import keymap


class ClasswalkApp(App):
    """Run walks: home, new walk, visits, reports, protocols and help."""

    TITLE = "classwalk"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = keymap.bindings("app")

    active_observer: reactive[str] = reactive("", always_update=True)
    """Who is typing: every note, answer and next step is saved under this name."""

    def __init__(self, classwalk, *, observer: str | None = None, school: str | None = None, **kwargs):
        from .keys import KeyPipeline, install_burst_parser

        install_burst_parser()
        super().__init__(**kwargs)
        self._key_pipeline = KeyPipeline(self, self._handle_input)
        self.api = classwalk
        self.fixed_observer = observer or None
        self.school_limit = school or None
        """Only this school's walks are listed and started (an account limited to one school)."""
        self.observer_choices: tuple[str, ...] = ()
        self.hallway_closed: set[str] = set()
        """Visits whose hallway note was saved, skipped or put aside: not asked for again."""
        self._observer_walk = None
        from .data import app_scope
        from .database import AppData

        self.data = AppData(classwalk, lambda: app_scope(self))
        """Which database calls run at once and which on the database thread (tui/database.py)."""
        if self.fixed_observer:
            self.active_observer = self.fixed_observer

    # keys in the order they arrive ----------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys, pastes and mouse presses from the terminal go through the key pipeline, one at a time.

        Each is passed on only once the screen has finished what the one before it
        started (see :class:`~classwalk.tui.keys.KeyPipeline`), then handled by
        :meth:`_handle_input`: a click acts where slow typing would have left the screen.
        """
        if self._key_pipeline.takes(event):
            self._key_pipeline.take(event)
            return
        await super().on_event(event)

    async def _handle_input(self, event: events.Event) -> None:
        """One key, paste or mouse event, acted on before the next is read.

        Tab moves focus at once (unless the screen or the widget gives Tab a meaning of its
        own), and a screen with a ``take_key`` method (the visit) decides about each key as
        it arrives; everything else goes the usual way (bindings, then the focused widget).
        """
        if isinstance(event, events.Key) and self._take_key(event):
            return
        if isinstance(event, events.Paste):
            take = getattr(self.screen, "take_paste", None)
            if take is not None and take(event):
                return
        await super().on_event(event)

    def _take_key(self, event: events.Key) -> bool:
        from .keys import bindings_for

        screen = self.screen
        take = getattr(screen, "take_key", None)
        if take is not None and take(event):
            return True
        focused = screen.focused
        if event.key in ("tab", "shift+tab") and focused is not None:
            if any(binding.priority for binding in bindings_for(screen, event.key)):
                return False  # the screen gives Tab its own meaning (the visit: next kind)
            if bindings_for(focused, event.key) or getattr(focused, "tab_behavior", "focus") != "focus":
                return False  # the widget uses Tab itself (a text area that indents)
            screen.focus_next() if event.key == "tab" else screen.focus_previous()
            return True
        return False

    # who is typing ---------------------------------------------------------------

    def on_mount(self) -> None:
        from classwalk.features.outputs import localtime

        from .plugin_notice import watch_plugin_failures

        watch_plugin_failures(self)
        problem = localtime.configuration_problem()
        if problem:
            self.notify(f"The configured {problem}; times are shown in this machine's zone.",
                        severity="warning", markup=False, timeout=10)

    def take_up_walk(self, walk) -> str:
        """Type in ``walk`` from now on: as the fixed observer, or as whoever typed here last."""
        from .observer import remembered_observer, walk_observer_names

        self._observer_walk = walk
        self.observer_choices = () if self.fixed_observer else tuple(walk_observer_names(walk))
        self.active_observer = self.fixed_observer or remembered_observer(self.data.now, walk)
        self.refresh_bindings()
        return self.active_observer

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "next_observer":
            return len(self.observer_choices) > 1 and self._observer_walk is not None
        return True

    def action_next_observer(self) -> None:
        """The walk's next observer types from now on (kept for this walk on this device)."""
        from .observer import next_observer, observer_key

        walk = self._observer_walk
        if walk is None or self.fixed_observer or len(self.observer_choices) < 2:
            return
        name = next_observer(walk, self.active_observer)
        self.active_observer = name
        try:
            self.data.now.save_draft(observer_key(walk.id), name)
        except Exception as error:  # kept for this run even if the database refuses it
            self.notify(f"{name} types now (not remembered: {error})", severity="warning", markup=False)
            return
        self.notify(f"{name} types now.", markup=False, timeout=2)

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
        yield from self._key_commands(screen)
        yield from super().get_system_commands(screen)

    def _key_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key the screen has now, as a palette command: a key cut off the footer is still reachable."""
        from functools import partial

        listed = {"help", "app.help", "app.new_walk", "app.protocols", "app.reports", "app.home", "command_palette"}
        try:
            active = list(screen.active_bindings.items())
        except Exception:  # a screen still being built
            return
        for key, found in active:
            binding = found.binding
            if not found.enabled or not binding.description or binding.action in listed:
                continue
            listed.add(binding.action)
            shown_key = binding.key_display or keymap.key_name(key)
            entry = keymap.entry_for(found.node, binding.action)
            yield SystemCommand(f"{binding.description} ({shown_key})",
                                entry.words if entry else binding.description,
                                partial(self.run_action, binding.action, found.node))

    def action_help(self) -> None:
        from .screens.help import HelpScreen, section_for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(section_for(self.screen_stack)))

    def action_new_walk(self) -> None:
        from .screens.new_walk import NewWalkScreen

        self.action_home()
        self.push_screen(NewWalkScreen())

    def action_protocols(self) -> None:
        from .screens.protocols import ProtocolsScreen

        self.push_screen(ProtocolsScreen())

    def action_reports(self) -> None:
        from .screens.reports import ReportsScreen

        if self.school_limit:
            self.notify("Reports read across schools, so they are not open to an account limited "
                        "to one school: a walk's debrief (d) has its patterns.", markup=False)
            return
        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen(self.api))

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
            author = self.take_up_walk(self.data.now.walk(walk_id)) or None
        except Exception:  # the debrief screen reports a missing walk itself
            author = None
        self.push_screen(DebriefScreen(self.api, walk_id, author=author))


def run(classwalk, observer: str | None = None, school: str | None = None) -> int:
    """Start the terminal UI on ``classwalk`` (its store is the --db database).

    ``observer`` (``classwalk --observer NAME``) types every note of this run as NAME;
    ``school`` (``--only-school``) keeps the run to that school's walks.

    The database path is checked first, so a wrong ``--db`` is one clear error
    (a ClasswalkError) before the screen changes; the home screen opens it. Returns the
    exit status: non-zero after a crash.
    """
    from classwalk.core.storage.dbfile import check_database_file

    check_database_file(classwalk.db_path)
    app = ClasswalkApp(classwalk, observer=observer, school=school)
    try:
        app.run()
    finally:
        app.data.close()  # every queued write done, the database thread's connection closed
    return getattr(app, "return_code", None) or 0  # Textual sets 1 after an unexpected crash
