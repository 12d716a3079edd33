"""The walk's notes in the debrief: fix a note's wording, delete one, see every version.

The panel shows and asks; the screen reads and writes (on its database thread) and
hands back what is saved. A deleted note is a tombstone that ``u`` brings back; an edit
keeps the text it replaces, and the highlighted note's versions show below the list.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from classwalk.tui import keymap
from classwalk.core.records.model import Evidence
from classwalk.core.text import shorten
from classwalk.features.outputs import localtime
from classwalk.features.debriefs.debrief import note_credit
from classwalk.features.outputs.labels import Labels
from classwalk.tui.literal import terminal_text
from classwalk.tui.widgets.safe_input import SafeInput

MAX_NOTE = 4000


class NoteList(DataTable):
    """One note a row; keys act on the highlighted one."""

    BINDINGS = keymap.bindings("notes")

    def action_edit_note(self) -> None:
        self.screen.query_one(NotesPanel).edit_highlighted()

    def action_delete_note(self) -> None:
        self.screen.query_one(NotesPanel).delete_highlighted()

    def action_undo_note_delete(self) -> None:
        self.screen.query_one(NotesPanel).undo_delete()


class NoteEditor(SafeInput):
    """The highlighted note's text, to change; Enter saves, Esc leaves it as it was."""

    BINDINGS = keymap.bindings("note_editor")

    def action_stop_editing_note(self) -> None:
        self.screen.query_one(NotesPanel).stop_editing()


class NotesPanel(Vertical):
    """The walk's notes, room by room, with edit, delete (undo) and each note's history."""

    DEFAULT_CSS = """
    NotesPanel { height: 1fr; }
    NotesPanel NoteList { height: 1fr; min-height: 4; }
    NotesPanel #note-editor-title { color: $text-muted; height: auto; }
    NotesPanel #note-history { height: auto; max-height: 8; color: $text-muted; border-top: solid $primary 50%; }
    NotesPanel #note-error { color: $error; height: auto; }
    """

    class Edit(Message):
        def __init__(self, note: Evidence, text: str) -> None:
            super().__init__()
            self.note, self.text = note, text

    class Delete(Message):
        def __init__(self, note: Evidence) -> None:
            super().__init__()
            self.note = note

    class Restore(Message):
        def __init__(self, note: Evidence) -> None:
            super().__init__()
            self.note = note

    class Highlighted(Message):
        """Show this note's versions."""

        def __init__(self, note: Evidence) -> None:
            super().__init__()
            self.note = note

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.notes: list[Evidence] = []
        self.labels = Labels(None)
        self.rooms: dict[str, str] = {}
        self.editing: Evidence | None = None
        self.deleted: Evidence | None = None

    def compose(self) -> ComposeResult:
        yield NoteList(cursor_type="row", id="note-list")
        yield Static("", id="note-editor-title")
        yield NoteEditor(max_length=MAX_NOTE, id="note-editor", compact=True)
        yield Static("", id="note-error")
        yield Static("", id="note-history")

    def on_mount(self) -> None:
        table = self.query_one(NoteList)
        table.add_column("time", key="time", width=5)
        table.add_column("room", key="room", width=7)
        table.add_column("kind", key="kind", width=14)
        table.add_column("note", key="text", width=34)
        table.add_column("by", key="by")
        self.query_one("#note-editor").display = False

    def show_notes(self, notes: list[Evidence], labels: Labels, rooms: dict[str, str]) -> None:
        """Replace the list with ``notes``, keeping the highlighted row where it was."""
        self.labels, self.rooms = labels, rooms
        table = self.query_one(NoteList)
        row = table.cursor_row
        self.notes = list(notes)
        table.clear()
        for note in self.notes:
            table.add_row(
                terminal_text(localtime.clock(note.captured_at)), terminal_text(rooms.get(note.visit_id, "hallway")),
                terminal_text(shorten(labels.kind(note.kind), 14)), terminal_text(shorten(note.text, 34)),
                terminal_text(note_credit(note)), key=note.id,
            )
        if self.notes:
            table.move_cursor(row=min(max(row, 0), len(self.notes) - 1))
        else:
            self.query_one("#note-history", Static).update(terminal_text("This walk has no notes."))

    def highlighted(self) -> Evidence | None:
        table = self.query_one(NoteList)
        if not self.notes or not 0 <= table.cursor_row < len(self.notes):
            return None
        return self.notes[table.cursor_row]

    @on(DataTable.RowHighlighted, "#note-list")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        note = self.highlighted()
        if note is not None:
            self.post_message(self.Highlighted(note))

    def show_history(self, note_id: str, lines: list[str]) -> None:
        """The versions of the highlighted note, oldest first (if it is still the highlighted one)."""
        note = self.highlighted()
        if note is not None and note.id == note_id:
            self.query_one("#note-history", Static).update(terminal_text("\n".join(lines)))

    # editing ---------------------------------------------------------------------

    def edit_highlighted(self) -> None:
        note = self.highlighted()
        if note is None:
            return
        self.editing = note
        editor = self.query_one("#note-editor", NoteEditor)
        editor.value = note.text
        editor.display = True
        self.query_one("#note-editor-title", Static).update(
            terminal_text("Editing the note: Enter saves (the old text stays in its history), Esc cancels"))
        self.show_error("")
        editor.focus()

    @on(Input.Submitted, "#note-editor")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split()) if "\n" not in event.value else event.value.strip()
        if not text:
            self.show_error("A note cannot be empty: d on the list deletes it instead.")
            return
        if self.editing is not None and text != self.editing.text:
            self.post_message(self.Edit(self.editing, text))
        self.stop_editing()

    @on(Input.Changed, "#note-editor")
    def _editor_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip():
            self.show_error("")

    def stop_editing(self) -> None:
        self.editing = None
        self.query_one("#note-editor").display = False
        self.query_one("#note-editor-title", Static).update("")
        self.query_one(NoteList).focus()

    def put_back(self, note: Evidence, text: str) -> None:
        """An edit that could not be saved: open it again with what was typed."""
        self.editing = note
        editor = self.query_one("#note-editor", NoteEditor)
        editor.value = text
        editor.display = True
        editor.focus()

    def show_error(self, message: str) -> None:
        self.query_one("#note-error", Static).update(terminal_text(message))

    # deleting --------------------------------------------------------------------

    def delete_highlighted(self) -> None:
        """Delete the highlighted note after asking, as the room does (u or ctrl+z brings it back)."""
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        note = self.highlighted()
        if note is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.deleted = note
                self.post_message(self.Delete(note))
                self.app.notify(f"Deleted the note {shorten(note.text, 40)!r}; u or ctrl+z brings it back.",
                                timeout=6, markup=False)
            self.query_one(NoteList).focus()

        self.app.push_screen(ConfirmDialog(
            "Delete this note?", f"“{shorten(note.text, 120)}” (u or ctrl+z brings it back)",
            yes="Delete", no="Keep it"), answered)

    def undo_delete(self) -> None:
        if self.deleted is not None:
            self.post_message(self.Restore(self.deleted))
            self.deleted = None
