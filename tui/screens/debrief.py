"""The debrief of one walk: patterns across its visits, the team's answers, next steps.

Rooms show as Room A, B, ... unless the walk names them (``n`` switches); teachers never
appear. Answers are saved as they are typed; every read and write runs on the screen's
database thread so the screen never waits on the disk.
"""

from __future__ import annotations

from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Iterable

from attrs import evolve

from classwalk.tui.literal import terminal_text
from classwalk.core.escape import for_terminal
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Header, Input, Static, TabbedContent, TabPane, Tabs, TextArea,
)

from classwalk.tui import keymap
from classwalk.features.debriefs.debrief import DebriefView
from classwalk.features.outputs.labels import Labels
from classwalk.core.errors import ClasswalkError, error_line
from classwalk.core.records.model import DebriefResponse, NextStep, Walk

from ..dialogs.export import ExportChoice, ExportDialog
from ..widgets.debrief_notes import NoteList, NotesPanel
from ..widgets.next_steps import NextStepList, NextStepsPanel
from ..widgets.observer_badge import ObserverBadge
from ..widgets.pattern_table import PatternTable, pattern_widget
from ..widgets.prompt_response import PromptResponse
from .debrief_jobs import (
    delete_next_step, delete_note, edit_note_text, note_history_lines, restore_note,
    walk_notes, export_to_folder, load_debrief, load_step_draft, next_steps,
    response_id, responses, save_next_step, save_response, save_step_draft, set_name_rooms, set_walk_status,
)
from ..widgets.help_footer import HelpFooter
from ..database import app_data
from classwalk.core.text import plural
from classwalk.features.outputs import localtime

STATUS_LABELS = {"in_progress": "in progress", "debriefing": "debriefing", "closed": "closed"}


def own_answer(answers: list[DebriefResponse], walk_id: str, prompt_id: str,
               author: str) -> DebriefResponse | None:
    """The answer ``author`` types into: their own response, never a second version an import kept."""
    own_id = response_id(walk_id, prompt_id, author)
    exact = next((r for r in answers if r.id == own_id), None)
    if exact is not None:
        return exact
    originals = [r for r in answers if r.author == author and r.conflict_of is None]
    return max(originals, key=lambda r: r.updated_at) if originals else None




class DebriefScreen(Screen):
    """Patterns, prompts with answers, next steps and export for one walk."""

    CSS_PATH = "debrief.tcss"

    BINDINGS = keymap.bindings("debrief")

    def __init__(self, classwalk, walk_id: str, *, author: str | None = None,
                 export_folder: Path | None = None):
        super().__init__()
        self.api = classwalk
        self.walk_id = walk_id
        self.author = author
        self.export_folder = export_folder
        self.walk: Walk | None = None
        self.view: DebriefView | None = None
        self.loaded = False
        self._response_ids: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the walk…", id="summary")
        with Horizontal(id="debrief-state"):
            yield Static("", id="summary-state")
            if hasattr(self.app, "active_observer"):
                yield ObserverBadge(id="who-types")
        with TabbedContent(initial="patterns"):
            with TabPane("1 Patterns", id="patterns"):
                yield VerticalScroll(id="pattern-list")
            with TabPane("2 Prompts", id="prompts"):
                yield VerticalScroll(id="prompt-list")
            with TabPane("3 Next steps", id="steps"):
                yield NextStepsPanel(self.walk_id, (), id="next-steps")
            with TabPane("4 Notes", id="notes"):
                yield NotesPanel(id="notes-panel")
        yield Static("", id="status")
        yield HelpFooter()

    @property
    def _db(self):
        """The app's data object: reads and slow writes on its database thread, answers at once."""
        return app_data(self.app)

    def on_mount(self) -> None:
        self.sub_title = "Debrief"
        if hasattr(self.app, "active_observer"):
            self.watch(self.app, "active_observer", self._observer_changed, init=False)
        self.run_worker(self._load(first=True), group="load", exclusive=True)

    def _observer_changed(self, name: str) -> None:
        """Another observer types now: what was typed stays under the last one; show the new one's answers."""
        if not self.loaded or self.view is None or name == self.author:
            return
        self.flush_answers()
        self.author = name
        self.run_worker(self._reload_prompts, group="prompts", exclusive=True)

    async def _reload_prompts(self) -> None:
        try:
            saved = await self._db.run(responses, self.walk_id)
        except Exception as error:
            self.show_status(f"Could not read the answers: {error_line(error)}", error=True)
            return
        focused_prompt = next((w.prompt.id for w in self.query(PromptResponse) if w.has_focus_within), None)
        await self._show_prompts(self.view, saved)
        if focused_prompt is not None:
            self.query_one(f"#answer-{focused_prompt}", TextArea).focus()

    # loading -------------------------------------------------------------------

    async def _load(self, first: bool = False) -> None:
        try:
            view = await self._db.run(load_debrief, self.walk_id)
        except ClasswalkError as error:
            self._show_summary_error(str(error))
            return
        except Exception as error:  # the screen must never show a traceback
            self._show_summary_error(f"Could not read this walk: {error_line(error)}")
            return
        self.view = view
        self.walk = view.walk
        self._show_summary()
        await self._show_patterns(view)
        if first:
            await self._show_prompts(view)
            panel = self.query_one(NextStepsPanel)
            panel.set_kinds(tuple(view.protocol.next_step_kinds))
            panel.show_steps(list(view.next_steps))
            try:
                panel.restore(await self._db.run(load_step_draft, self.walk_id, self.author or ""))
            except Exception as error:
                self.show_status(f"Could not read the unsaved next step: {error_line(error)}", error=True)
        await self._show_notes()
        active = self.query_one(TabbedContent).active
        if first or active == "patterns":  # a tab chosen while the walk loaded gets the cursor now
            self._focus_tab(active or "patterns")
        self.loaded = True

    def _show_summary_error(self, message: str) -> None:
        self.query_one("#summary", Static).update(terminal_text(message, style="bold red"))
        self.loaded = True

    def _show_summary(self) -> None:
        walk, protocol = self.walk, self.view.protocol
        first = terminal_text()
        first.append(for_terminal(protocol.name, lines=True), style="bold")
        first.append(f" · {for_terminal(walk.school, lines=True)} · {walk.date.isoformat()} · times in {localtime.zone_label()}")
        second = terminal_text()
        second.append(STATUS_LABELS.get(walk.status, walk.status),
                      style="bold green" if walk.status == "closed" else "")
        if walk.name_rooms:
            second.append(" · rooms named (team debrief)", style="bold yellow")
        else:
            second.append(" · rooms anonymous (Room A, B…)")
        focus = walk.focus or walk.guiding_question
        if focus:
            second.append(f" · focus: {for_terminal(' '.join(focus.split()), lines=True)}")
        self.query_one("#summary", Static).update(first)
        self.query_one("#summary-state", Static).update(second)

    async def _show_patterns(self, view: DebriefView) -> None:
        holder = self.query_one("#pattern-list", VerticalScroll)
        await holder.remove_children()
        tables = [pattern_widget(pattern, id=f"pattern-{index}")
                  for index, pattern in enumerate(view.patterns)]
        if tables:
            await holder.mount_all(tables)
        else:
            await holder.mount(Static("No patterns yet: this walk has no visits."))

    async def _show_prompts(self, view: DebriefView, saved=None) -> None:
        """Each prompt with this observer's answer to type in and everyone else's below."""
        if self.author is None:
            active = getattr(self.app, "active_observer", "")
            self.author = active or (view.walk.observers[0].name if view.walk.observers else "")
        saved = list(view.responses if saved is None else saved)
        holder = self.query_one("#prompt-list", VerticalScroll)
        await holder.remove_children()
        self._response_ids = {}
        widgets = []
        for number, prompt in enumerate(view.prompts, start=1):
            answers = [r for r in saved if r.prompt_id == prompt.id]
            mine = own_answer(answers, self.walk_id, prompt.id, self.author)
            if mine is not None:
                self._response_ids[prompt.id] = mine.id
            others = sorted((r for r in answers if r is not mine and r.text.strip()), key=lambda r: r.updated_at)
            widgets.append(PromptResponse(number, len(view.prompts), prompt, mine, others,
                                          save=self.save_answer))
        switch = " ctrl+o: another observer types." if len(getattr(self.app, "observer_choices", ())) > 1 else ""
        who = f"under {self.author}" if self.author else "without an author's name"
        note = Static(terminal_text(f"Answers are saved as you type, {who}.{switch}", style="dim"), id="answer-author")
        if widgets:
            await holder.mount_all([note, *widgets])
        else:
            await holder.mount(Static("This protocol has no debrief prompts."))

    # notes -----------------------------------------------------------------------

    async def _show_notes(self) -> None:
        try:
            notes = await self._db.run(walk_notes, self.walk_id)
        except Exception as error:
            self.show_status(f"Could not read the notes: {error_line(error)}", error=True)
            return
        from textual.css.query import NoMatches

        try:
            self.query_one(NotesPanel).show_notes(notes, Labels(self.view.protocol), self.view.room_labels)
        except NoMatches:  # the list is gone: the screen was taken down (the app quit) while the notes were read
            return

    @on(NotesPanel.Highlighted)
    def _note_highlighted(self, event: NotesPanel.Highlighted) -> None:
        self.run_worker(self._show_note_history(event.note.id), group="note-history", exclusive=True)

    async def _show_note_history(self, note_id: str) -> None:
        try:
            lines = await self._db.run(note_history_lines, note_id)
        except Exception as error:
            lines = [f"Could not read this note's versions: {error_line(error)}"]
        self.query_one(NotesPanel).show_history(note_id, lines)

    @on(NotesPanel.Edit)
    def _edit_note(self, event: NotesPanel.Edit) -> None:
        self.run_worker(self._change_note(edit_note_text, event.note, event.text, self.author or "",
                                          done="Note saved; its old text is kept in its history.",
                                          text=event.text), group="notes")

    @on(NotesPanel.Delete)
    def _delete_note(self, event: NotesPanel.Delete) -> None:
        self.run_worker(self._change_note(delete_note, event.note, self.author or "",
                                          done="Note deleted (u brings it back)."), group="notes")

    @on(NotesPanel.Restore)
    def _restore_note(self, event: NotesPanel.Restore) -> None:
        self.run_worker(self._change_note(restore_note, event.note, done="Note brought back."), group="notes")

    async def _change_note(self, job, note, *args, done: str, text: str | None = None) -> None:
        panel = self.query_one(NotesPanel)
        try:
            await self._db.run(job, note.id, *args)
        except Exception as error:
            if text is not None:
                panel.put_back(note, text)
            panel.show_error(f"Could not change the note: {error_line(error)}")
            self.show_status(f"Could not change the note: {error_line(error)}", error=True)
            return
        self.show_status(done)
        await self._load()  # counts and tables follow the notes as they now stand

    # answers -------------------------------------------------------------------

    def save_answer(self, prompt_id: str, text: str) -> Future:
        """Write the observer's answer to ``prompt_id`` now, before the next key is read (one id per author).

        The write is a fast commit on the program's own connection (it survives the program
        being killed; the next ordinary write makes it survive a power cut too). The
        returned future holds its outcome.
        """
        walk_id = self.walk_id
        response = DebriefResponse(
            id=self._response_ids.get(prompt_id) or response_id(walk_id, prompt_id, self.author or ""),
            walk_id=walk_id, prompt_id=prompt_id, text=text, author=self.author or "",
        )
        self._response_ids[prompt_id] = response.id
        future: Future = Future()
        try:
            save_response(self._db.now, response)
        except Exception as error:  # the text stays in the field; the next key tries again
            future.set_exception(error)
        else:
            future.set_result(None)
        self._show_answer_written(prompt_id, text, future.exception())
        return future

    def _show_answer_written(self, prompt_id: str, text: str, error: BaseException | None) -> None:
        if not self.is_attached:
            return
        widgets = [w for w in self.query(PromptResponse) if w.prompt.id == prompt_id]
        message = None if error is None else error_line(error)
        for widget in widgets:
            widget.show_written(text, message)
        if message is not None:
            self.show_status(f"Could not save the answer: {message}", error=True)

    async def writes_done(self) -> None:
        """Wait until every write queued so far has reached the database."""
        await self._db.drained()

    def flush_answers(self) -> None:
        """Save every answer typed but not saved yet."""
        for widget in self.query(PromptResponse):
            widget.flush()

    def on_screen_suspend(self) -> None:
        self.flush_answers()

    def on_unmount(self) -> None:
        self._db.finish()  # every write this screen queued has reached the database

    # next steps ----------------------------------------------------------------

    @on(NextStepsPanel.Save)
    def _save_step(self, event: NextStepsPanel.Save) -> None:
        step = event.step
        if not step.author and self.author:  # a new step is written by whoever is typing
            step = evolve(step, author=self.author)
        self.run_worker(self._write_step(save_next_step, step), group="steps")

    @on(NextStepsPanel.DraftChanged)
    def _keep_step_draft(self, event: NextStepsPanel.DraftChanged) -> None:
        """The next step as typed so far, written before the next key is read."""
        try:
            save_step_draft(self._db.now, self.walk_id, event.fields, self.author or "")
        except Exception as error:  # the fields keep what was typed; the next change tries again
            self.show_status(f"Could not keep the unsaved next step: {error_line(error)}", error=True)

    @on(NextStepsPanel.Delete)
    def _delete_step(self, event: NextStepsPanel.Delete) -> None:
        self.run_worker(self._write_step(delete_next_step, event.step.id, self.walk_id), group="steps")

    async def _write_step(self, job, argument: NextStep | str, *more) -> None:
        panel = self.query_one(NextStepsPanel)
        try:
            await self._db.run(job, argument, *more)
            steps = await self._db.run(next_steps, self.walk_id)
        except Exception as error:
            if isinstance(argument, NextStep):
                panel.put_back(argument)
            panel.show_error(f"Could not save the next step: {error_line(error)}")
            return
        panel.show_steps(steps)
        self.show_status(f"{plural(len(steps), 'next step')} saved.")

    # actions -------------------------------------------------------------------

    def show_status(self, message: str, error: bool = False) -> None:
        self.query_one("#status", Static).update(terminal_text(message, style="bold red" if error else ""))
        if error:
            self.app.notify(for_terminal(message, lines=True), severity="error", markup=False)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        targets = {"patterns": PatternTable, "prompts": TextArea, "steps": NextStepList, "notes": NoteList}
        found = self.query_one(f"#{tab}", TabPane).query(targets[tab])
        if found:
            found.first().focus()

    def _typing(self) -> bool:
        return isinstance(self.focused, (TextArea, Input))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Esc leaves a text field for the tabs; only outside one does it go back."""
        if action == "leave":
            return not self._typing()
        if action == "leave_field":
            return self._typing()
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_leave_field(self) -> None:
        self.query_one(TabbedContent).query_one(Tabs).focus()

    def action_leave(self) -> None:
        """Back to the screen the debrief was opened from."""
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    def action_feedback(self) -> None:
        """The reflective question to the teacher of one of this walk's rooms."""
        from ..dialogs.feedback import FeedbackDialog

        if self.walk is None:
            return

        def closed(said: str | None) -> None:
            if said:
                self.show_status(said)

        self.app.push_screen(FeedbackDialog(self.api, self.walk, author=self.author or ""), closed)

    def action_export(self) -> None:
        if self.walk is None:
            return
        self.app.push_screen(ExportDialog(self.export_folder), self._export_chosen)

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is not None:
            self.run_worker(self._export(choice), group="export")

    async def _export(self, choice: ExportChoice) -> None:
        try:
            path = await self._db.run(export_to_folder, self.walk_id, choice.fmt, choice.folder)
        except Exception as error:
            self.show_status(f"Export failed: {error_line(error)}", error=True)
            return
        message = choice.finish(self.app, path)
        self.show_status(message)
        self.app.notify(for_terminal(message, lines=True), title="Exported", markup=False)

    def action_toggle_room_names(self) -> None:
        if self.walk is not None:
            self.run_worker(self._toggle_room_names, group="walk", exclusive=True)

    async def _toggle_room_names(self) -> None:
        named = not self.walk.name_rooms
        try:
            self.walk = await self._db.run(set_name_rooms, self.walk_id, named)
        except Exception as error:
            self.show_status(f"Could not change room names: {error_line(error)}", error=True)
            return
        self.show_status("Rooms named by classroom: for the team's own debrief, not the faculty."
                         if named else "Rooms anonymous again (Room A, B…).")
        await self._load()

    def action_toggle_closed(self) -> None:
        if self.walk is not None:
            self.run_worker(self._toggle_closed, group="walk", exclusive=True)

    async def _toggle_closed(self) -> None:
        status = "debriefing" if self.walk.status == "closed" else "closed"
        try:
            self.walk = await self._db.run(set_walk_status, self.walk_id, status)
        except Exception as error:
            self.show_status(f"Could not change the walk's status: {error_line(error)}", error=True)
            return
        self._show_summary()
        self.show_status("Walk closed (c reopens it)." if status == "closed" else "Walk reopened.")

    def system_commands(self) -> Iterable[SystemCommand]:
        """Command-palette entries for this screen."""
        yield SystemCommand("Export walk", "Write this walk as Markdown, CSV or JSON", self.action_export)
        yield SystemCommand("Room names on/off", "Show classrooms by name, or as Room A, B…",
                            self.action_toggle_room_names)
        yield SystemCommand("Close or reopen walk", "Mark this walk closed (or open it again)",
                            self.action_toggle_closed)
        for tab, title in (("patterns", "Patterns"), ("prompts", "Debrief prompts"),
                           ("steps", "Next steps")):
            yield SystemCommand(f"Show {title.lower()}", f"The {title.lower()} of this walk",
                                partial(self.action_show_tab, tab))
