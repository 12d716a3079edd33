"""Which set a shared short code means: a digit (or a click) picks the set, Esc ticks nothing.

Other characters typed while it asks (the rest of a burst of keys) are kept and handed back
with the answer, so nothing typed is lost.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Button, Label, Static

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui.literal import terminal_content


class WhichSetDialog(OnceDialog[tuple[str | None, str]]):
    """``W`` is "Waiting" in two sets: 1 ticks the first set's, 2 the second's; Esc neither.

    ``choices`` are (qualified code id, "Set: code") pairs; the answer is the code id (None
    for none) and the other characters typed meanwhile.
    """

    BINDINGS = keymap.bindings("which_set")

    def __init__(self, key: str, interval: int, choices: list[tuple[str, str]]):
        super().__init__()
        self.key = key
        self.interval = interval
        self.choices = choices
        self.typed_meanwhile = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(terminal_content(f"{self.key} is a code in {len(self.choices)} sets: which one, "
                                f"interval {self.interval}?"), classes="dialog-title")
            for number, (code_id, label) in enumerate(self.choices, start=1):
                yield Button(terminal_content(f"{number}  {label}"), id=f"choice-{number}", name=code_id)
            yield Static("Type its number, or Esc to tick nothing. Focusing a set (↑ ↓) saves asking.",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choice-1", Button).focus()

    def on_key(self, event: Key) -> None:
        character = event.character or ""
        if character.isdigit() and 1 <= int(character) <= len(self.choices):
            event.stop()
            self.dismiss((self.choices[int(character) - 1][0], self.typed_meanwhile))
        elif character.isalnum() or character == " ":
            event.stop()
            self.typed_meanwhile += character

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.name, self.typed_meanwhile))

    def action_cancel(self) -> None:
        self.dismiss((None, self.typed_meanwhile))
