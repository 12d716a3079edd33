"""The note line: type what you see, Enter saves; a coach line flags judgement words.

The coach only advises. Saving, drafts and checks are the visit screen's job.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from classwalk.features.capture.coach import find_judgements
from classwalk.tui.literal import terminal_content
from classwalk.tui.widgets.field_input import NoteInput

PLACEHOLDER = "What do students and the teacher say and do? Enter saves"


class NoteLine(Vertical):
    """An input for one note and, below it, the descriptive-evidence coach."""

    def __init__(self, judgement_words, **kwargs):
        super().__init__(**kwargs)
        self.judgement_words = tuple(judgement_words)

    def compose(self) -> ComposeResult:
        yield NoteInput(placeholder=PLACEHOLDER, compact=True, id="note", select_on_focus=False)
        yield Static("", id="coach")

    @property
    def input(self) -> Input:
        return self.query_one("#note", Input)

    @on(Input.Changed, "#note")
    def _coach(self, event: Input.Changed) -> None:
        self.coach(event.value)

    def coach(self, text: str) -> None:
        """Show the hint while the note holds a judgement word; hide it otherwise."""
        coaching = find_judgements(text, self.judgement_words)
        line = self.query_one("#coach", Static)
        line.update(terminal_content(f"⚠ {coaching.hint}" if coaching else ""))
        line.set_class(bool(coaching), "-visible")
