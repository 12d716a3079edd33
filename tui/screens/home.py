"""Home: walks in progress to resume, recent walks, a new walk, reports, the protocols."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from classwalk.tui import keymap
from classwalk.tui.literal import terminal_content
from classwalk.core.escape import for_terminal
from classwalk.tui.narrow import NarrowLayout
from classwalk.tui.widgets.help_footer import HelpFooter
from classwalk.tui.widgets.safe_input import SafeInput
from classwalk.core.text import plural
from classwalk.core.errors import error_line

if TYPE_CHECKING:  # the store loads on the worker thread, after the first screen
    from classwalk.tui.data import WalkSummary

STATUS_LABELS = {"in_progress": "in progress", "debriefing": "debriefing", "closed": "closed"}


def describe(summary: WalkSummary, protocol_name: str) -> str:
    """One line about a walk: protocol, school, focus, date, visits and evidence."""
    walk = summary.walk
    parts = [protocol_name, walk.school, f"{plural(summary.visits, 'room')}, {plural(summary.evidence, 'note')}"]
    if summary.open_visit:
        parts.append("in a room now")
    elif walk.status != "in_progress":
        parts.append(STATUS_LABELS.get(walk.status, walk.status))
    parts.append(walk.date.isoformat())
    if walk.focus:
        parts.append(f"focus: {walk.focus}")
    return " · ".join(parts)


def matches(summary: WalkSummary, protocol_name: str, query: str) -> bool:
    """Whether every word of ``query`` is in the walk's school, protocol, focus, question, date or status."""
    walk = summary.walk
    haystack = " ".join([
        walk.school, protocol_name, walk.protocol_id, walk.focus, walk.guiding_question,
        walk.date.isoformat(), STATUS_LABELS.get(walk.status, walk.status),
    ]).casefold()
    return all(word in haystack for word in query.casefold().split())


class HomeScreen(NarrowLayout, Screen):
    """Where classwalk opens: resume a walk, start one, or read the protocols."""

    AUTO_FOCUS = ""  # the walk lists take focus once loaded; the search only when / opens it

    BINDINGS = keymap.bindings("home")

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield SafeInput(placeholder="search walks: school, protocol, focus or date (Esc clears)",
                        id="home-search", compact=True)
            yield Label("In progress", classes="section")
            yield OptionList(id="in-progress")
            yield Static("No walk in progress.", id="no-in-progress", classes="none")
            yield Label("Recent walks", classes="section")
            yield OptionList(id="recent")
            yield Static("No finished walks yet.", id="no-recent", classes="none")
            yield Static("", id="home-message")
        yield HelpFooter(compact=True)

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self.reload)  # the screen shows first, then the walks

    def reload(self) -> None:
        """Read the walks again (after a walk was started, resumed or finished)."""
        self.load_walks()

    def load_walks(self) -> None:
        """List the walks, read on the app's database thread (the screen shows meanwhile)."""
        self.run_worker(self._load_walks, exclusive=True, group="home")

    async def _load_walks(self) -> None:
        from classwalk.tui.data import walk_summaries
        from classwalk.tui.database import app_data

        try:
            summaries, names = await app_data(self.app).run(walk_summaries)
        except Exception as error:  # a broken database is reported, never a traceback
            self.show_message(f"Cannot read {self.app.api.db_path.name}: {error_line(error)}")
            return
        self.show_walks(summaries, names)

    def show_message(self, text: str) -> None:
        self.query_one("#home-message", Static).update(terminal_content(text))

    def on_mount(self) -> None:
        self.summaries: list[WalkSummary] = []
        self.names: dict[str, str] = {}

    def show_walks(self, summaries: list[WalkSummary], names: dict[str, str]) -> None:
        self.summaries, self.names = summaries, names
        self._fill_lists(focus=True)

    def _fill_lists(self, focus: bool) -> None:
        """List the walks that match the search (every walk when there is none)."""
        query = self.query_one("#home-search", Input).value.strip()
        shown = [s for s in self.summaries
                 if matches(s, self.names.get(s.walk.protocol_id, s.walk.protocol_id), query)]
        in_progress = self.query_one("#in-progress", OptionList)
        recent = self.query_one("#recent", OptionList)
        in_progress.clear_options()
        recent.clear_options()
        for summary in shown:
            name = self.names.get(summary.walk.protocol_id, summary.walk.protocol_id)
            option = Option(terminal_content(describe(summary, name)), id=summary.walk.id)
            (in_progress if summary.walk.status == "in_progress" else recent).add_option(option)
        for widget in (in_progress, recent):
            widget.display = widget.option_count > 0
            self.query_one(f"#no-{widget.id}").display = widget.option_count == 0
            if widget.option_count:
                widget.highlighted = 0
        if focus:
            if in_progress.option_count:
                in_progress.focus()
            elif recent.option_count:
                recent.focus()
        if not self.summaries:
            self.show_message("No walks yet. Press n to start one, or p to read the protocols.")
        elif query:
            self.show_message(f"{len(shown)} of {plural(len(self.summaries), 'walk')} match {query!r}; "
                              "Enter goes to the list, Esc clears the search." if shown
                              else f"No walk matches {query!r}; Esc clears the search.")
        else:
            self.show_message("Enter or r resumes a walk in progress; d opens a walk's debrief "
                              "(r on a debriefed walk takes up its visits again); / searches.")

    def action_search(self) -> None:
        search = self.query_one("#home-search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#home-search")
    def _search_changed(self) -> None:
        self._fill_lists(focus=False)

    @on(Input.Submitted, "#home-search")
    def _search_done(self) -> None:
        for widget in self.query(OptionList):
            if widget.option_count:
                widget.focus()
                return

    def action_clear_search(self) -> None:
        search = self.query_one("#home-search", Input)
        if not search.display:
            return
        search.value = ""
        search.display = False
        self._fill_lists(focus=True)

    def _chosen(self) -> tuple[str | None, str | None]:
        """(list id, walk id) of the highlighted walk in the focused list, or the first one."""
        lists = [self.query_one("#in-progress", OptionList), self.query_one("#recent", OptionList)]
        lists.sort(key=lambda widget: not widget.has_focus)
        for widget in lists:
            if widget.highlighted is not None:
                return widget.id, widget.get_option_at_index(widget.highlighted).id
        return None, None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "in-progress":
            self.resume(event.option.id)
        else:
            self.app.open_debrief(event.option.id)

    def action_resume(self) -> None:
        list_id, walk_id = self._chosen()
        if walk_id is None:
            self.notify("No walk to resume: press n to start one.")
        else:
            self.resume(walk_id)

    def action_debrief(self) -> None:
        _list_id, walk_id = self._chosen()
        if walk_id is None:
            self.notify("No walk yet: press n to start one.")
        else:
            self.app.open_debrief(walk_id)

    def action_delete_walk(self) -> None:
        """Delete the highlighted walk, after asking (u brings it back)."""
        from classwalk.tui.dialogs.delete_walk import DeleteWalkDialog

        list_id, walk_id = self._chosen()
        if walk_id is None:
            self.notify("No walk to delete.")
            return
        option = self.query_one(f"#{list_id}", OptionList).get_option(walk_id)
        described = str(option.prompt)

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete(walk_id, described)

        self.app.push_screen(DeleteWalkDialog(described), answered)

    def _delete(self, walk_id: str, described: str) -> None:
        from classwalk.core.errors import ClasswalkError
        from classwalk.tui.data import app_door

        try:
            app_door(self.app).delete_walk(walk_id, by=getattr(self.app, "active_observer", "") or "")
        except ClasswalkError as error:
            self.notify(for_terminal(error, lines=True), severity="error", markup=False)
            return
        self.notify(f"Deleted: {described}. Press u to bring it back.", markup=False)
        self.reload()

    def action_undelete_walk(self) -> None:
        """Bring back the walk deleted last (of the walks this run may see)."""
        from classwalk.core.errors import ClasswalkError
        from classwalk.tui.data import app_door

        door = app_door(self.app)
        try:
            walk = door.last_deleted_walk()
            if walk is None:
                self.notify("No deleted walk to bring back.")
                return
            door.restore_walk(walk)
        except ClasswalkError as error:
            self.notify(for_terminal(error, lines=True), severity="error", markup=False)
            return
        self.notify(f"Brought back the walk of {walk.date.isoformat()} at {walk.school}.", markup=False)
        self.reload()

    def resume(self, walk_id: str) -> None:
        """Back into a walk; one whose visits had ended takes up its visits again (unless closed)."""
        from classwalk.core.errors import ClasswalkError
        from classwalk.tui.data import app_door
        from classwalk.tui.screens.visit import start_or_resume

        door = app_door(self.app)
        try:
            walk = door.walk(walk_id)
            if walk.status == "closed":
                self.notify("That walk is closed: press d for its debrief.")
                return
            visits_had_ended = walk.status != "in_progress"
            if visits_had_ended:
                door.set_walk_status(walk, "in_progress")
        except ClasswalkError as error:
            self.notify(for_terminal(error, lines=True), severity="error", markup=False)
            self.reload()
            return
        start_or_resume(self.app, walk_id, visits_had_ended=visits_had_ended)
