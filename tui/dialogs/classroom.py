"""Which classroom next: one seen at this school before, or a new one typed in."""

from __future__ import annotations

from typing import Callable

from attrs import frozen
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui.literal import terminal_content
from classwalk.tui.text import TextProblem, clean_name
from classwalk.tui.widgets.field_input import FieldInput
from classwalk.core.errors import error_line


@frozen
class ClassroomChoice:
    """The classroom the observer walks into, with optional grade and subject."""

    classroom: str
    grade: str = ""
    subject: str = ""
    teacher: str = ""


class ClassroomDialog(OnceDialog[ClassroomChoice | None]):
    """Pick or type the next classroom; Enter starts the visit, Escape goes back where you were.

    ``start(choice)`` writes the new visit before the dialog closes; if it raises (a full
    disk), the dialog stays open with what was typed and says why.
    """

    BINDINGS = keymap.bindings("classroom")

    def __init__(self, school: str, known: list[dict[str, str]], visited: int, *, back: str = "Back",
                 start: Callable[[ClassroomChoice], None] | None = None):
        super().__init__()
        self.school = school
        self.known = known
        self.visited = visited
        self.back = back
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(terminal_content(f"Next classroom at {self.school} (room {self.visited + 1} of this walk)"),
                        classes="dialog-title")
            if self.known:
                yield OptionList(*[Option(terminal_content(self._label(row)), id=str(i)) for i, row in enumerate(self.known)],
                                 id="known-rooms")
            names = [row["classroom"] for row in self.known]
            yield FieldInput(placeholder="classroom (e.g. Room 12)", id="room",
                             suggester=SuggestFromList(names, case_sensitive=False))
            with Horizontal(classes="row"):
                yield FieldInput(placeholder="grade", id="grade")
                yield FieldInput(placeholder="subject", id="subject")
            yield FieldInput(placeholder="teacher (kept private, optional)", id="teacher")
            yield Static("", id="dialog-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Start visit (Enter)", variant="primary", id="start")
                yield Button(terminal_content(f"{self.back} (Esc)"), id="cancel")

    @staticmethod
    def _label(row: dict[str, str]) -> str:
        details = ", ".join(v for v in (row.get("grade"), row.get("subject")) if v)
        return row["classroom"] + (f" ({details})" if details else "")

    def on_mount(self) -> None:
        self.query_one("#room", Input).focus()

    @on(OptionList.OptionSelected, "#known-rooms")
    def _known(self, event: OptionList.OptionSelected) -> None:
        row = self.known[int(event.option.id)]
        for field in ("grade", "subject", "teacher"):
            self.query_one(f"#{field}", Input).value = row.get(field) or ""
        self.query_one("#room", Input).value = row["classroom"]
        self.submit()

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def submit(self) -> None:
        if self.answered:  # the visit is already started: a second Enter must not start another
            return
        try:
            choice = ClassroomChoice(
                classroom=clean_name(self.query_one("#room", Input).value, "The classroom"),
                grade=clean_name(self.query_one("#grade", Input).value, "The grade", required=False),
                subject=clean_name(self.query_one("#subject", Input).value, "The subject", required=False),
                teacher=clean_name(self.query_one("#teacher", Input).value, "The teacher", required=False),
            )
        except TextProblem as problem:
            self.query_one("#dialog-message", Static).update(terminal_content(str(problem)))
            return
        if self.start is not None:
            try:
                self.start(choice)
            except Exception as error:  # nothing typed is lost: the dialog stays as it is
                self.query_one("#dialog-message", Static).update(
                    terminal_content(f"The visit could not be saved ({error_line(error)}); Enter tries again."))
                return
        self.dismiss(choice)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
