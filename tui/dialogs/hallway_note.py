"""The note taken after a room (a hallway conversation), saved with that visit.

What is typed is kept as a draft until saved, so closing the lid loses nothing.
"""

from __future__ import annotations

from attrs import frozen
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from classwalk.tui.widgets.safe_input import SafeInput

from classwalk.tui.literal import choices, literal
from classwalk.tui.text import MAX_NOTE_LENGTH, TextProblem, clean_text


def draft_key(visit_id: str) -> str:
    return f"after:{visit_id}"


@frozen
class HallwayNote:
    """The note about the room just left, with the kind's mark if one was chosen."""

    text: str
    mark: str | None = None


class HallwayNoteDialog(ModalScreen[HallwayNote | None]):
    """One note about the room just left; Enter saves it, Escape skips it."""

    BINDINGS = [Binding("escape", "skip", "Skip")]

    def __init__(self, store, visit, kind):
        super().__init__()
        self.store = store
        self.visit = visit
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(literal(f"{self.kind.label} after {self.visit.classroom}"), classes="dialog-title")
            if self.kind.description:
                yield Static(literal(self.kind.description), classes="hint")
            yield SafeInput(value=self.store.get_draft(draft_key(self.visit.id)), select_on_focus=False,
                        placeholder="what the team noticed, in descriptive words", id="hallway")
            if self.kind.marks:
                yield Select(choices((m.label, m.id) for m in self.kind.marks), prompt="mark (optional)", id="mark")
            yield Static("", id="dialog-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Skip", id="skip")

    @on(Input.Changed, "#hallway")
    def _draft(self, event: Input.Changed) -> None:
        self.store.save_draft(draft_key(self.visit.id), event.value)

    @on(Input.Submitted, "#hallway")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            text = clean_text(self.query_one("#hallway", Input).value, "The note", MAX_NOTE_LENGTH)
        except TextProblem as problem:
            self.query_one("#dialog-message", Static).update(literal(f"{problem} (Escape skips)"))
            return
        mark = self.query(Select).first().value if self.kind.marks else None
        self.dismiss(HallwayNote(text=text, mark=mark if isinstance(mark, str) else None))

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        self.store.clear_draft(draft_key(self.visit.id))
        self.dismiss(None)
