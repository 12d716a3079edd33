"""Which student groups the next note is about (for the equity questions of a debrief)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList

from classwalk.tui.literal import literal


class GroupsDialog(ModalScreen[tuple[str, ...] | None]):
    """Tick the groups (space), Enter or OK keeps them, Escape leaves them as they were."""

    BINDINGS = [Binding("escape", "cancel", "Back"), Binding("enter", "done", "OK", priority=True)]

    def __init__(self, groups, chosen: tuple[str, ...]):
        super().__init__()
        self.groups = groups
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Student groups for the next note", classes="dialog-title")
            yield SelectionList[str](*[(literal(g.label), g.id, g.id in self.chosen) for g in self.groups], id="groups")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Back", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(Button.Pressed, "#ok")
    def action_done(self) -> None:
        selected = set(self.query_one(SelectionList).selected)
        self.dismiss(tuple(g.id for g in self.groups if g.id in selected))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
