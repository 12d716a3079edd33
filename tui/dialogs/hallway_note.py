"""The note taken after a room (a hallway conversation), saved with that visit.

What is typed is written as a draft on every change, so closing the lid loses nothing.
Esc goes back into the room just left; Skip goes on without a note.
"""

from __future__ import annotations

from typing import Callable

from attrs import frozen
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, Static

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui.literal import terminal_choices, terminal_content
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text
from classwalk.tui.widgets.field_input import FieldInput


def draft_key(visit, observer: str | None = None):
    """The hallway-note draft of ``observer`` (default: the visit's) after ``visit``, on this
    device: theirs alone."""
    from classwalk.core.records.model import Draft
    from classwalk.core.storage.paths import this_device

    if observer is None:
        observer = visit.observer
    return Draft(slot="hallway", walk_id=visit.walk_id, subject=visit.id, observer=observer, device=this_device())


@frozen
class HallwayNote:
    """The note about the room just left, with the kind's mark if one was chosen."""

    text: str
    mark: str | None = None


class HallwayNoteDialog(OnceDialog[str]):
    """One note about the room just left: Enter saves it, Skip goes on, Esc goes back to the room.

    Dismissed with "saved", "skipped", "back" (to the room) or "home" (a resumed walk has no
    room to go back to; the draft stays for next time). ``save`` writes the note; if it raises
    (a full disk), the dialog stays open with the note and says why.
    """

    BINDINGS = keymap.bindings("hallway_note")

    def __init__(self, visit, kind, *, save: Callable[[HallwayNote], None], can_go_back: bool = True,
                 observer: str | None = None):
        super().__init__()
        self.visit = visit
        self.observer = observer
        """Whose draft this is (default: whoever types in the app)."""
        self.kind = kind
        self.save_note = save
        self.can_go_back = can_go_back

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(terminal_content(f"{self.kind.label} after {self.visit.classroom}"), classes="dialog-title")
            if self.kind.description:
                yield Static(terminal_content(self.kind.description), classes="hint")
            try:
                draft = self._read(self._key) or self._legacy_draft()
            except Exception:  # an unreadable draft: start empty, the dialog still works
                draft = ""
            yield FieldInput(value=draft, select_on_focus=False,
                             placeholder="what the team noticed, in descriptive words", id="hallway")
            if self.kind.marks:
                yield Select(terminal_choices((m.label, m.id) for m in self.kind.marks), prompt="mark (optional)", id="mark")
            yield Static("", id="dialog-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Save (Enter)", variant="primary", id="save")
                yield Button("Skip", id="skip")
                if self.can_go_back:
                    yield Button(terminal_content(f"Back to {self.visit.classroom} (Esc)"), id="back")

    @property
    def _key(self):
        observer = self.observer
        if observer is None:
            observer = getattr(self.app, "active_observer", None)
        return draft_key(self.visit, observer)

    @property
    def door(self):
        """The app's scoped :class:`classwalk.Classwalk`."""
        from classwalk.tui.database import app_data

        return app_data(self.app).now

    def _read(self, key) -> str:
        return self.door.draft(key)

    def _legacy_draft(self) -> str:
        """Words kept under the old shared key: offered to the visit's own observer only."""
        return self.door.old_hallway_draft(self.visit, self._key.observer)

    def _forget(self) -> None:
        self.door.clear_draft(self._key)
        self.door.forget_old_hallway_draft(self.visit)

    def _say(self, text: str) -> None:
        line = self.query_one("#dialog-message", Static)
        line.update(terminal_content(text))
        line.set_class(bool(text), "-error")

    @on(FieldInput.Changed, "#hallway")
    def _draft(self, event: FieldInput.Changed) -> None:
        try:
            self.door.save_draft(self._key, event.value)
        except Exception as error:  # the words stay in the box; saving is tried again on Enter
            self._say(f"Draft not written ({' '.join(str(error).split())}); the note stays here.")

    @on(FieldInput.Submitted, "#hallway")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        if self.answered:  # saved already: a second Enter must not save it twice
            return
        try:
            text = clean_text(self.query_one("#hallway", FieldInput).value, "The note", MAX_NOTE_LENGTH)
        except TextProblem as problem:
            self._say(f"{problem} (Skip goes on without one)")
            return
        mark = self.query(Select).first().value if self.kind.marks else None
        try:
            self.save_note(HallwayNote(text=text, mark=mark if isinstance(mark, str) else None))
        except Exception as error:
            self._say(f"Not saved ({' '.join(str(error).split())}): the note stays here; Enter tries again.")
            return
        try:
            self._forget()
        except Exception:  # the note is saved; a leftover draft only brings this dialog back on resume
            pass
        self.dismiss("saved")

    @on(Button.Pressed, "#skip")
    def skip(self) -> None:
        try:
            self._forget()
        except Exception:  # a leftover draft only brings this dialog back on resume
            pass
        self.dismiss("skipped")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss("back" if self.can_go_back else "home")
