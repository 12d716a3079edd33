"""Back in a coded lesson after time away: mark the intervals that went by uncoded not observed?

When the program was closed (or the observer left the grid) while the interval clock ran
on, the intervals that ended meanwhile hold nothing. Counted as coded-with-nothing they
would lower every share, so the grid asks once, naming them and their local times. Enter
keeps them as they are (the default), m marks them not observed, Esc changes nothing.
"""

from __future__ import annotations

import weakref

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from classwalk.features.outputs import localtime
from classwalk.tui import clock, keymap
from classwalk.tui.data import app_door
from classwalk.tui.dialogs.not_observed import interval_runs
from classwalk.tui.dialogs.once import ButtonsDialog
from classwalk.tui.literal import terminal_content

_declined: "weakref.WeakKeyDictionary[object, set[tuple[str, str, int]]]" = weakref.WeakKeyDictionary()
"""Per app: (visit, observer, interval) kept unmarked once already this run: not asked again."""


def away_words(numbers: list[int], times: dict) -> str:
    """``intervals 2–4 (09:02–09:08)``: each run of intervals with its local clock times."""
    parts = []
    for run in interval_runs(numbers):
        named = f"interval {run[0]}" if len(run) == 1 else f"intervals {run[0]}–{run[-1]}"
        if run[0] in times and run[-1] in times:
            began, ended = times[run[0]][0], times[run[-1]][1]
            named += f" ({localtime.clock(began)}–{localtime.clock(ended)})"
        parts.append(named)
    return ", ".join(parts)


class TimeAwayDialog(ButtonsDialog[bool]):
    """Answers True (mark them not observed), False (keep them unmarked) or None (Esc)."""

    BINDINGS = keymap.bindings("time_away")
    ANSWERS = {"keep": False, "mark": True}
    FOCUSED = "keep"

    def __init__(self, numbers: list[int], times: dict):
        super().__init__()
        self.numbers = numbers
        self.times = times

    def compose(self) -> ComposeResult:
        count = len(self.numbers)
        many = f"{count} intervals" if count != 1 else "1 interval"
        zone = localtime.zone_label(self.times[self.numbers[0]][0]) if self.numbers[0] in self.times else ""
        with Vertical(id="dialog", classes="dialog"):
            yield Label(terminal_content(f"While you were away, {many} went by with nothing coded"), classes="dialog-title")
            which = away_words(self.numbers, self.times)
            yield Static(terminal_content(f"{which[:1].upper()}{which[1:]}{f', {zone}' if zone else ''}."),
                         id="time-away-which")
            yield Static("Marked not observed, they leave every count and denominator (ctrl+z in the grid "
                         "takes it back). Kept, they count as intervals in which nothing was seen.",
                         classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Keep them unmarked (Enter)", variant="primary", id="keep")
                yield Button("Mark not observed (m)", id="mark")
            yield Static("Esc: no change", classes="hint")

    def action_keep(self) -> None:
        self.answer("keep")

    def action_mark(self) -> None:
        self.answer("mark")

    def action_cancel(self) -> None:
        self.dismiss(None)


def offer_time_away(screen) -> bool:
    """Ask about the intervals that went by uncoded since ``screen``'s observer last coded
    (once a run for the same intervals); True when the question was asked.

    ``screen`` is the interval grid: it has ``visit``, ``observer`` and ``set_not_observed``.
    """
    app = screen.app
    try:
        door = app_door(app)
        numbers = door.intervals_while_away(screen.visit, observer=screen.observer, at=clock.now())
        times = door.interval_times(screen.visit, at=clock.now()) if numbers else {}
    except Exception as error:  # an unreadable database: coding goes on, the screen says why
        screen.message(f"Could not look for intervals missed while away: {error}", error=True)
        return False
    declined = _declined.setdefault(app, set())
    numbers = [n for n in numbers if (screen.visit.id, screen.observer, n) not in declined]
    if not numbers:
        return False

    def answered(mark: bool | None) -> None:
        if mark:
            screen.set_not_observed(numbers, True)
        elif mark is False:
            declined.update((screen.visit.id, screen.observer, n) for n in numbers)
            screen.message("Kept as they were: counted as intervals in which nothing was seen.")
        else:
            screen.message("No change.")

    app.push_screen(TimeAwayDialog(numbers, times), answered)
    return True
