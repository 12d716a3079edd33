"""Which student groups a note is about (for the equity questions of a debrief).

The groups apply to the next note only, unless pinned: then they stay on every note
until unpinned, and the visit shows "(pinned)" beside them.
"""

from __future__ import annotations

from attrs import frozen
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, SelectionList

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui.literal import terminal_content
from classwalk.tui.widgets.ticked import TickedCheckbox, TickedSelectionList


@frozen
class GroupsChoice:
    """The groups ticked, and whether they stay for the following notes."""

    groups: tuple[str, ...]
    pinned: bool = False


class GroupsDialog(OnceDialog[GroupsChoice | None]):
    """Tick the groups (space), Enter or OK keeps them, Escape leaves them as they were."""

    BINDINGS = keymap.bindings("groups")

    def __init__(self, groups, chosen: tuple[str, ...], pinned: bool = False):
        super().__init__()
        self.groups = groups
        self.chosen = chosen
        self.pinned = pinned

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Student groups for the next note", classes="dialog-title")
            yield TickedSelectionList(*[(terminal_content(g.label), g.id, g.id in self.chosen) for g in self.groups],
                                           id="groups")
            yield TickedCheckbox("Pin: keep them for every note until unpinned (p)", self.pinned, id="pin")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Back", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_toggle_pin(self) -> None:
        self.query_one("#pin", Checkbox).toggle()

    @on(Button.Pressed, "#ok")
    def action_done(self) -> None:
        selected = set(self.query_one(SelectionList).selected)
        groups = tuple(g.id for g in self.groups if g.id in selected)
        self.dismiss(GroupsChoice(groups=groups, pinned=self.query_one("#pin", Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
