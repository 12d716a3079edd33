"""Snapshot counts and typed items of a visit: "18 of 24 working on the task", room layout...

Enter in a field saves it at once. Escape saves whatever is filled in and closes; a
value that cannot be saved keeps the dialog open with its reason, so nothing typed is lost.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from classwalk.tui import keymap
from classwalk.core.errors import ClasswalkError
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui import clock
from classwalk.tui.literal import for_widget_id, terminal_content


class CountsDialog(OnceDialog[None]):
    """Counts of students (count of present) and the visit's typed items."""

    DEFAULT_CSS = """
    CountsDialog { align: center middle; }
    CountsDialog #counts { width: 76; max-width: 100%; height: auto; max-height: 90%;
                           border: round $accent; background: $surface; padding: 0 1; }
    CountsDialog .row { height: 1; margin-bottom: 1; }
    CountsDialog .row Input { width: 12; }
    CountsDialog .row .wide { width: 1fr; }
    CountsDialog .row Select { width: 1fr; }
    CountsDialog .of { width: auto; padding: 0 1; }
    CountsDialog .what { text-style: bold; }
    CountsDialog .taken { color: $text-muted; }
    CountsDialog #counts-message { height: auto; }
    CountsDialog #counts-message.-error { color: $error; }
    """

    BINDINGS = keymap.bindings("counts")

    def __init__(self, protocol, walk, visit, observer: str):
        super().__init__()
        self.protocol, self.walk, self.visit, self.observer = protocol, walk, visit, observer

    @property
    def door(self):
        """The app's scoped door: counts and answers are read and written through it."""
        from classwalk.tui.database import app_data

        return app_data(self.app).now

    def _answers(self) -> dict[str, str]:
        """item id -> this observer's answer that stands (empty answers left out)."""
        return {a.item: a.value for a in self.door.visit_capture(self.visit, self.observer)["answers"] if a.value}

    def compose(self) -> ComposeResult:
        answers = self._answers()
        with VerticalScroll(id="counts"):
            for snapshot in self.protocol.snapshots:
                yield Label(terminal_content(f"Count: {snapshot.label}"), classes="what")
                yield Static("", id=f"taken-{for_widget_id(snapshot.id)}", classes="taken")
                with Horizontal(classes="row"):
                    yield Input(placeholder="how many", type="integer", compact=True, id=f"count-{for_widget_id(snapshot.id)}")
                    yield Label("of", classes="of")
                    yield Input(placeholder="present", type="integer", compact=True, id=f"present-{for_widget_id(snapshot.id)}")
            for item in self.protocol.visit_items:
                yield Label(terminal_content(item.label), classes="what")
                with Horizontal(classes="row"):
                    if item.type == "choice":
                        options = [(terminal_content(c.label), c.id) for c in item.choices]
                        yield Select(options, value=answers.get(item.id, Select.NULL), prompt="choose", compact=True,
                                     id=f"item-{for_widget_id(item.id)}")
                    else:
                        yield Input(value=answers.get(item.id, ""), compact=True, classes="" if item.type == "count" else "wide",
                                    type="integer" if item.type == "count" else "text",
                                    placeholder="a number" if item.type == "count" else "a few words",
                                    id=f"item-{for_widget_id(item.id)}")
            yield Static("Enter saves a field; Esc saves what is filled in and closes.", id="counts-message")

    def on_mount(self) -> None:
        self._show_taken()
        first = self.query("Input, Select")
        if first:
            first.first().focus()

    def _show_taken(self) -> None:
        taken = self.door.visit_capture(self.visit)["snapshots"]
        due = self.door.due_snapshots(self.visit, clock.now())
        for snapshot in self.protocol.snapshots:
            mine = [c for c in taken if c.snapshot == snapshot.id]
            parts = [f"{c.count} of {c.present}" + (f" at {c.minute:g} min" if c.minute is not None else "")
                     for c in mine]
            due_here = [m for s, m in due if s.id == snapshot.id]
            text = ("taken: " + ", ".join(parts)) if parts else "none taken yet"
            if due_here:
                text += f" · due now (minute {due_here[0]:g})"
            elif snapshot.at_minutes:
                text += " · at minutes " + ", ".join(f"{m:g}" for m in snapshot.at_minutes)
            self.query_one(f"#taken-{for_widget_id(snapshot.id)}", Static).update(terminal_content(text))
            present = self.query_one(f"#present-{for_widget_id(snapshot.id)}", Input)
            if mine and not present.value:
                present.value = str(mine[-1].present)

    def message(self, text: str, error: bool = False) -> None:
        line = self.query_one("#counts-message", Static)
        line.update(terminal_content(text))
        line.set_class(error, "-error")

    # saving ------------------------------------------------------------------

    def _save_snapshot(self, snapshot) -> bool | None:
        """True saved, None nothing to save, False refused (with a message)."""
        count = self.query_one(f"#count-{for_widget_id(snapshot.id)}", Input)
        present = self.query_one(f"#present-{for_widget_id(snapshot.id)}", Input)
        if not count.value.strip():
            return None
        if not present.value.strip():
            self.message(f"{snapshot.label}: how many students are present?", error=True)
            present.focus()
            return False
        try:
            due = [m for s, m in self.door.due_snapshots(self.visit, clock.now()) if s.id == snapshot.id]
            saved = self.door.count_snapshot(self.visit, snapshot.id, int(count.value), int(present.value),
                                             observer=self.observer, minute=due[0] if due else None,
                                             at=clock.now())
        except (ClasswalkError, ValueError) as error:
            self.message(str(error), error=True)
            count.focus()
            return False
        count.value = ""
        self.message(f"Saved: {saved.count} of {saved.present} {snapshot.label}.")
        self._show_taken()
        return True

    def _save_item(self, item) -> bool | None:
        field = self.query_one(f"#item-{for_widget_id(item.id)}")
        value = "" if isinstance(field, Select) and field.is_blank() else str(field.value)
        current = self._answers().get(item.id, "")
        if value.strip() == current:
            return None
        try:
            self.door.answer_visit_item(self.visit, item.id, value, observer=self.observer, at=clock.now())
        except ClasswalkError as error:
            self.message(str(error), error=True)
            field.focus()
            return False
        self.message(f"Saved: {item.label}.")
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        field_id = event.input.id or ""
        for snapshot in self.protocol.snapshots:
            if field_id in (f"count-{for_widget_id(snapshot.id)}", f"present-{for_widget_id(snapshot.id)}"):
                self._save_snapshot(snapshot)
                return
        for item in self.protocol.visit_items:
            if field_id == f"item-{for_widget_id(item.id)}":
                self._save_item(item)
                return

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        for item in self.protocol.visit_items:
            if event.select.id == f"item-{for_widget_id(item.id)}":
                self._save_item(item)

    def action_close(self) -> None:
        results = [self._save_snapshot(s) for s in self.protocol.snapshots]
        results += [self._save_item(i) for i in self.protocol.visit_items]
        if False not in results:
            self.dismiss(None)


def remind_due_snapshots(screen, protocol, visit, reminded: set) -> None:
    """Notify once for each set-minute count that has come due (ctrl+k opens the counts)."""
    from classwalk.tui.database import app_data

    for snapshot, minute in app_data(screen.app).now.due_snapshots(visit, clock.now()):
        if (snapshot.id, minute) not in reminded:
            reminded.add((snapshot.id, minute))
            screen.app.bell()
            screen.notify(f"Count due (minute {minute:g}): {snapshot.label}. ctrl+k to enter it.",
                          markup=False, timeout=10)
