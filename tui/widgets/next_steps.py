"""Next steps of a walk: a list to work through and a form to add or edit one.

The panel checks what was typed and posts messages; the screen saves them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from attrs import evolve

from classwalk.core.text import shorten
from classwalk.tui.literal import terminal_text
from classwalk.core.escape import for_terminal
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Select, Static
from classwalk.tui import keymap
from classwalk.tui.widgets.safe_input import SafeInput

from classwalk.core.records.model import NextStep
from classwalk.core.clock import now

MAX_TEXT = 500
MAX_OWNER = 80
KIND_LIST_ROWS = 10
NEW_STEP_TITLE = "New next step (Enter on a step in the list edits it)"


def parse_due(text: str) -> dt.date | None:
    """A due date typed as YYYY-MM-DD (empty means none); ValueError says what is wrong."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"Due date {text[:20]!r} is not YYYY-MM-DD (for example 2026-12-04).")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Due date {text!r} is not a real date.") from None


def clean_line(text: str) -> str:
    """One line of text: control characters dropped, runs of spaces joined."""
    kept = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(kept.split())


class NextStepList(DataTable):
    """The walk's next steps, one a row; keys act on the highlighted one."""

    BINDINGS = keymap.bindings("next_steps")

    def action_add(self) -> None:
        self.screen.query_one(NextStepsPanel).start_add()

    def action_edit(self) -> None:
        self.screen.query_one(NextStepsPanel).edit_highlighted()

    def action_toggle_done(self) -> None:
        self.screen.query_one(NextStepsPanel).toggle_highlighted()

    def action_delete(self) -> None:
        self.screen.query_one(NextStepsPanel).delete_highlighted()

    def action_undo_delete(self) -> None:
        self.screen.query_one(NextStepsPanel).undo_delete()


class NextStepForm(Vertical):
    """The fields of one next step; Esc leaves them for the list."""

    BINDINGS = keymap.bindings("next_step_form")

    def action_stop_editing(self) -> None:
        self.screen.query_one(NextStepsPanel).stop_editing()


class NextStepsPanel(Vertical):
    """Add, edit, mark done and delete next steps with an owner, a due date and a kind."""

    DEFAULT_CSS = """
    NextStepsPanel { height: 1fr; }
    NextStepsPanel NextStepList { height: 1fr; min-height: 4; }
    NextStepsPanel #step-form { height: auto; border-top: solid $primary 50%; }
    NextStepsPanel #step-form-title { color: $text-muted; }
    NextStepsPanel #step-row { height: auto; }
    NextStepsPanel #step-owner { width: 1fr; }
    NextStepsPanel #step-due { width: 14; }
    NextStepsPanel #step-kind { width: 1fr; }
    NextStepsPanel #step-save { min-width: 8; }
    NextStepsPanel #step-error { color: $error; height: auto; }
    """

    class Save(Message):
        """The observer asked to save this next step (new or edited)."""

        def __init__(self, step: NextStep) -> None:
            super().__init__()
            self.step = step

    class DraftChanged(Message):
        """The form changed: ``fields`` is what to keep until it is saved ({} when empty)."""

        def __init__(self, fields: dict[str, str]) -> None:
            super().__init__()
            self.fields = fields

    class Delete(Message):
        """The observer asked to delete this next step."""

        def __init__(self, step: NextStep) -> None:
            super().__init__()
            self.step = step

    def __init__(self, walk_id: str, kinds: tuple[str, ...], *, id: str | None = None):
        super().__init__(id=id)
        self.walk_id = walk_id
        self.kinds = kinds
        self.steps: list[NextStep] = []
        self.editing: NextStep | None = None
        self.deleted: NextStep | None = None
        self._restoring = False
        self.text_width = 22

    def compose(self) -> ComposeResult:
        yield NextStepList(cursor_type="row", id="step-list")
        with NextStepForm(id="step-form"):
            yield Static(NEW_STEP_TITLE, id="step-form-title")
            yield SafeInput(placeholder="What will happen next?", max_length=MAX_TEXT,
                        id="step-text", compact=True)
            with Horizontal(id="step-row"):
                yield SafeInput(placeholder="owner", max_length=MAX_OWNER, id="step-owner", compact=True)
                yield SafeInput(placeholder="YYYY-MM-DD", max_length=10, id="step-due", compact=True)
                yield Select([(terminal_text(kind), kind) for kind in self.kinds], prompt="kind",
                             id="step-kind", compact=True)
                yield Button("Save", id="step-save", variant="primary", compact=True)
            yield Static("", id="step-error")

    def on_mount(self) -> None:
        table = self.query_one(NextStepList)
        table.add_column("done", key="done", width=4)
        others = {"owner": 12, "due": 10, "kind": 8, "by": 10}
        spare = self.app.size.width - 4 - sum(others.values()) - 2 * (len(others) + 2) - 4
        self.text_width = max(20, spare)  # wider terminals show more of each step
        table.add_column("next step", key="text", width=self.text_width)
        table.add_column("owner", key="owner", width=others["owner"])
        table.add_column("due", key="due", width=others["due"])
        table.add_column("kind", key="kind", width=others["kind"])
        table.add_column("by", key="author", width=others["by"])
        self.set_kinds(self.kinds)

    def set_kinds(self, kinds: tuple[str, ...]) -> None:
        """Offer the protocol's kinds of next step (the field hides when it has none)."""
        self.kinds = tuple(kinds)
        select = self.query_one("#step-kind", Select)
        select.set_options([(terminal_text(kind), kind) for kind in self.kinds])
        select.display = bool(self.kinds)
        self._open_upward(select)

    def _open_upward(self, select: Select) -> None:
        """The form sits at the foot of the screen: the kind list opens above its line, never under the footer."""
        overlay = select.query_one("SelectOverlay")
        rows = min(len(self.kinds) + 1, KIND_LIST_ROWS)  # the kinds and the blank "kind" line
        overlay.styles.max_height = KIND_LIST_ROWS
        overlay.styles.offset = (0, -(rows + 1))

    # showing ---------------------------------------------------------------------

    def show_steps(self, steps: list[NextStep]) -> None:
        """Replace the list with ``steps``, keeping the highlighted row where it was."""
        table = self.query_one(NextStepList)
        row = table.cursor_row
        self.steps = list(steps)
        table.clear()
        for step in self.steps:
            done = step.status == "done"
            style = "dim strike" if done else ""
            table.add_row(
                terminal_text("✓" if done else "·", justify="center"),
                terminal_text(step.text, style=style), terminal_text(step.owner, style=style),
                terminal_text(step.due.isoformat() if step.due else "", style=style),
                terminal_text(step.kind, style=style), terminal_text(step.author, style=style), key=step.id,
                height=None if len(step.text) > self.text_width or len(step.owner) > 12 else 1,  # wrap, never cut
            )
        if self.steps:
            table.move_cursor(row=min(row, len(self.steps) - 1))

    def highlighted(self) -> NextStep | None:
        table = self.query_one(NextStepList)
        if not self.steps or table.cursor_row < 0 or table.cursor_row >= len(self.steps):
            return None
        return self.steps[table.cursor_row]

    # editing -------------------------------------------------------------------

    def start_add(self) -> None:
        self.editing = None
        self._fill("", "", "", None)
        self.query_one("#step-form-title", Static).update(NEW_STEP_TITLE)
        self.query_one("#step-text", Input).focus()

    def edit_highlighted(self) -> None:
        step = self.highlighted()
        if step is None:
            self.start_add()
            return
        self.editing = step
        self._fill(step.text, step.owner, step.due.isoformat() if step.due else "", step.kind or None)
        self.query_one("#step-form-title", Static).update("Editing next step (Esc to stop)")
        self.query_one("#step-text", Input).focus()

    def _fill(self, text: str, owner: str, due: str, kind: str | None) -> None:
        self.query_one("#step-text", Input).value = text
        self.query_one("#step-owner", Input).value = owner
        self.query_one("#step-due", Input).value = due
        select = self.query_one("#step-kind", Select)
        if kind in self.kinds:
            select.value = kind
        else:
            select.clear()
        self.show_error("")

    def form_fields(self) -> dict[str, str]:
        """What the form holds now, as plain strings ({} when there is nothing in it)."""
        kind = self.query_one("#step-kind", Select).value
        fields = {
            "text": self.query_one("#step-text", Input).value,
            "owner": self.query_one("#step-owner", Input).value,
            "due": self.query_one("#step-due", Input).value,
            "kind": kind if isinstance(kind, str) else "",
        }
        if not any(fields.values()):
            return {}
        return {**fields, "editing": self.editing.id if self.editing else ""}

    def restore(self, fields: dict[str, str]) -> None:
        """Put back a form left unsaved (a draft), editing the same step if it still exists."""
        if not fields:
            return
        self.editing = next((s for s in self.steps if s.id == fields.get("editing")), None)
        self._restoring = True
        try:
            self._fill(fields.get("text", ""), fields.get("owner", ""), fields.get("due", ""),
                       fields.get("kind") or None)
        finally:
            self._restoring = False
        self.query_one("#step-form-title", Static).update(
            "Editing next step (Esc to stop)" if self.editing else "Unsaved next step: Enter saves it")

    def put_back(self, step: NextStep) -> None:
        """Refill the form with a step that could not be saved, so nothing typed is lost."""
        self.editing = next((s for s in self.steps if s.id == step.id), None)
        self._fill(step.text, step.owner, step.due.isoformat() if step.due else "", step.kind or None)

    @on(Input.Changed)
    @on(Select.Changed)
    def _form_changed(self, event: Message) -> None:
        event.stop()
        if not self._restoring:
            self.post_message(self.DraftChanged(self.form_fields()))
        self._clear_fixed_error()

    def _clear_fixed_error(self) -> None:
        """An error goes away as soon as what it was about is put right."""
        error = self.query_one("#step-error", Static)
        if not str(error.content):
            return
        try:
            parse_due(self.query_one("#step-due", Input).value)
        except ValueError:
            return
        if clean_line(self.query_one("#step-text", Input).value) or "Write the next step" not in str(error.content):
            self.show_error("")

    def show_error(self, message: str) -> None:
        self.query_one("#step-error", Static).update(terminal_text(message))

    def toggle_highlighted(self) -> None:
        step = self.highlighted()
        if step is not None:
            status = "open" if step.status == "done" else "done"
            self.post_message(self.Save(evolve(step, status=status, updated_at=now())))

    def delete_highlighted(self) -> None:
        """Delete the highlighted step after asking, as every delete does (u or ctrl+z brings it back)."""
        from classwalk.tui.dialogs.confirm import ConfirmDialog

        step = self.highlighted()
        if step is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.deleted = step
                self.post_message(self.Delete(step))
                self.app.notify(for_terminal(f"Deleted {step.text[:40]!r}; u or ctrl+z brings it back.", lines=True), timeout=6,
                                markup=False)

        self.app.push_screen(ConfirmDialog(
            "Delete this next step?", f"“{shorten(step.text, 120)}” (u or ctrl+z brings it back)",
            yes="Delete", no="Keep it"), answered)

    def undo_delete(self) -> None:
        if self.deleted is not None:
            self.post_message(self.Save(self.deleted))
            self.deleted = None

    @on(Input.Submitted)
    @on(Button.Pressed, "#step-save")
    def submit(self, event: Message) -> None:
        """Check the form; post Save, or show what is wrong and keep the form as typed."""
        event.stop()
        text = clean_line(self.query_one("#step-text", Input).value)
        owner = clean_line(self.query_one("#step-owner", Input).value)
        if not text:
            self.show_error("Write the next step first (what will happen?).")
            self.query_one("#step-text", Input).focus()
            return
        try:
            due = parse_due(self.query_one("#step-due", Input).value)
        except ValueError as error:
            self.show_error(str(error))
            self.query_one("#step-due", Input).focus()
            return
        kind_value = self.query_one("#step-kind", Select).value
        kind = kind_value if isinstance(kind_value, str) else ""
        if self.editing is not None:
            step = evolve(self.editing, text=text, owner=owner, due=due, kind=kind, updated_at=now())
        else:
            step = NextStep(walk_id=self.walk_id, text=text, owner=owner, due=due, kind=kind)
        self.post_message(self.Save(step))
        self.start_add()
        self.query_one(NextStepList).focus()

    def stop_editing(self) -> None:
        self.start_add()
        self.query_one(NextStepList).focus()
