"""Asking once before something that ends a stage of the walk: Enter goes ahead, Esc goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import ButtonsDialog
from classwalk.tui.literal import terminal_content


class ConfirmDialog(ButtonsDialog[bool]):
    """A question with two buttons; Enter (or y) answers yes, Esc (or n) returns where you were."""

    BINDINGS = keymap.bindings("confirm")
    ANSWERS = {"yes": True, "no": False}
    FOCUSED = "yes"

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "Back"):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(terminal_content(self.question), classes="dialog-title")
            if self.detail:
                yield Static(terminal_content(self.detail), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(terminal_content(f"{self.yes_label} (Enter)"), variant="primary", id="yes")
                yield Button(terminal_content(f"{self.no_label} (Esc)"), id="no")

    def action_yes(self) -> None:
        self.answer("yes")

    def action_no(self) -> None:
        self.answer("no")
