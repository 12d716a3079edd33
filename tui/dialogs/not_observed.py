"""Which intervals were not observed: the interval being coded is offered, Enter marks it.

Another interval (``3``) or several (``2-4, 6``) may be typed instead, any that has begun.
When every interval named is marked already, Enter takes the mark back. Esc changes nothing.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from classwalk.tui import keymap
from classwalk.tui.dialogs.once import OnceDialog
from classwalk.tui.literal import terminal_content

_PART = re.compile(r"^(\d{1,4})(?:-(\d{1,4}))?$")


class IntervalsProblem(ValueError):
    """Typed intervals that cannot be read (with why, in one line)."""


def parse_intervals(text: str, last: int) -> list[int]:
    """``"2-4, 6"`` -> ``[2, 3, 4, 6]``: intervals from 1 to ``last`` (the current one)."""
    numbers: list[int] = []
    joined = re.sub(r"\s*[-–]\s*", "-", text.strip())
    parts = [part for part in re.split(r"[,;\s]+", joined) if part]
    if not parts:
        raise IntervalsProblem("Type an interval number, e.g. 4 or 2-4.")
    for part in parts:
        found = _PART.match(part)
        if not found:
            raise IntervalsProblem(f"{part!r} is not an interval: a number like 4, or 2-4.")
        first = int(found.group(1))
        end = int(found.group(2) or first)
        if first > end:
            raise IntervalsProblem(f"{part!r}: the first interval comes first (like 2-4).")
        if first < 1 or end > last:
            raise IntervalsProblem(f"{part!r}: only intervals 1 to {last} have begun.")
        numbers.extend(n for n in range(first, end + 1) if n not in numbers)
    return sorted(numbers)


def interval_runs(numbers: list[int]) -> list[list[int]]:
    """``[2, 3, 4, 6]`` -> ``[[2, 3, 4], [6]]``: the runs of consecutive intervals."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def intervals_words(numbers: list[int]) -> str:
    """``[2, 3, 4, 6]`` -> ``2-4, 6``: runs of intervals as a person writes them."""
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in interval_runs(numbers))


class NotObservedDialog(OnceDialog[tuple[list[int], bool] | None]):
    """Answers (intervals, True to mark them / False to take the mark back), or None (Esc)."""

    BINDINGS = keymap.bindings("not_observed")

    DEFAULT_CSS = """
    NotObservedDialog #not-observed-intervals { width: 24; }
    NotObservedDialog #not-observed-problem { color: $error; }
    """

    def __init__(self, target: int, last: int, marked: frozenset[int]):
        super().__init__()
        self.target = target
        self.last = last
        self.marked = marked

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Not observed (away, interrupted)", classes="dialog-title")
            yield Static("Intervals marked not observed leave every count and denominator; their ticks "
                         "are kept. Type other intervals (2-4, 6) if you like.", classes="hint")
            yield Input(str(self.target), id="not-observed-intervals", compact=True)
            yield Static("", id="not-observed-what", classes="hint")
            yield Static("", id="not-observed-problem")

    def on_mount(self) -> None:
        field = self.query_one("#not-observed-intervals", Input)
        field.focus()
        field.select_all()
        self._describe(field.value)

    def answer_for(self, text: str) -> tuple[list[int], bool]:
        """The intervals typed and whether Enter marks them (False: all are marked, it takes back)."""
        numbers = parse_intervals(text, self.last)
        return numbers, not all(number in self.marked for number in numbers)

    @on(Input.Changed, "#not-observed-intervals")
    def _changed(self, event: Input.Changed) -> None:
        self._describe(event.value)

    def _describe(self, text: str) -> None:
        what = self.query_one("#not-observed-what", Static)
        self.query_one("#not-observed-problem", Static).update("")
        try:
            numbers, mark = self.answer_for(text)
        except IntervalsProblem:
            what.update("Enter: once the intervals are typed · Esc: no change")
            return
        label = "interval" if len(numbers) == 1 else "intervals"
        if mark:
            what.update(terminal_content(f"Enter marks {label} {intervals_words(numbers)} not observed · Esc: no change"))
        else:
            what.update(terminal_content(f"Enter takes back the mark: {label} {intervals_words(numbers)} observed again · "
                                "Esc: no change"))

    @on(Input.Submitted, "#not-observed-intervals")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            answer = self.answer_for(event.value)
        except IntervalsProblem as problem:
            self.query_one("#not-observed-problem", Static).update(terminal_content(str(problem)))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
