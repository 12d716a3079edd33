"""Ask before deleting a walk: what it is, that it leaves every report, and how to undo it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import ButtonsDialog
from classwalk.tui.literal import terminal_content


class DeleteWalkDialog(ButtonsDialog[bool]):
    """Dismisses with True to delete, False (Esc, n, Keep) to keep the walk."""

    DEFAULT_CSS = """
    DeleteWalkDialog { align: center middle; }
    DeleteWalkDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    DeleteWalkDialog #delete-walk-buttons { height: auto; align-horizontal: right; }
    DeleteWalkDialog #delete-walk-buttons Button { margin-left: 1; }
    """

    BINDINGS = keymap.bindings("delete_walk")
    ANSWERS = {"delete-walk-yes": True, "delete-walk-no": False}
    FOCUSED = "delete-walk-no"

    def __init__(self, described: str):
        super().__init__()
        self.described = described

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Delete this walk?"
            yield Static(terminal_content(self.described), id="delete-walk-what")
            yield Static(terminal_content("It leaves the home screen and every report. Nothing is erased: "
                                 "u on the home screen (or 'classwalk walks undelete') brings it back."),
                         id="delete-walk-help")
            with Horizontal(id="delete-walk-buttons"):
                yield Button("Delete (y)", id="delete-walk-yes", variant="error", compact=True)
                yield Button("Keep (n)", id="delete-walk-no", variant="primary", compact=True)

    def action_delete(self) -> None:
        self.answer("delete-walk-yes")

    def action_keep(self) -> None:
        self.answer("delete-walk-no")
