"""Marking intervals not observed in the coding grid, and taking the last change back.

ctrl+x asks which intervals (the one being coded is offered); ctrl+z undoes the last
change made this way, or by the time-away question, on this screen. Every change goes
through the app's door (:func:`classwalk.tui.data.app_door`) and is committed at once.
"""

from __future__ import annotations

from classwalk.core.errors import ClasswalkError
from classwalk.tui import clock
from classwalk.tui.data import app_door
from classwalk.tui.dialogs.not_observed import intervals_words


class NotObservedMixin:
    """For the interval screen (it has ``visit``, ``observer``, ``coding``, ``target``,
    ``state_now``, ``message`` and ``tick``): the actions ``not_observed`` and ``undo``."""

    _undo_not_observed: list[tuple[str, dict[int, bool]]]

    def undo_steps(self) -> list[tuple[str, dict[int, bool]]]:
        """The changes ctrl+z can take back, newest last: (whose, interval -> the mark it had before)."""
        if not hasattr(self, "_undo_not_observed"):
            self._undo_not_observed = []
        return self._undo_not_observed

    def action_not_observed(self) -> None:
        """Ask which intervals were not observed (the one being coded offered)."""
        from classwalk.tui.dialogs.not_observed import NotObservedDialog

        def answered(answer) -> None:
            if answer:
                numbers, mark = answer
                self.set_not_observed(numbers, mark)

        try:
            marked = app_door(self.app).coding(self.visit, self.observer).not_observed
        except Exception as error:  # an unreadable database: say so, ask nothing
            self.message(f"Could not read the coding: {error}", error=True)
            return
        self.app.push_screen(NotObservedDialog(self.target, self.state_now.number, marked), answered)

    def set_not_observed(self, numbers: list[int], mark: bool, *, undoing: bool = False) -> bool:
        """Mark ``numbers`` not observed (or take the mark back); False, with a message, if refused."""
        door, at = app_door(self.app), clock.now()
        done: dict[int, bool] = {}
        try:
            marked = door.coding(self.visit, self.observer).not_observed  # as stored, for whoever types now
            before = {number: number in marked for number in numbers}
            for number in numbers:
                if before[number] != mark:
                    self.coding = door.mark_not_observed(self.visit, number, observer=self.observer,
                                                         not_observed=mark, at=at)
                    done[number] = before[number]
        except ClasswalkError as error:
            self.message(f"Not changed: {error}", error=True)
            self._keep(done, undoing)
            return False
        except Exception as error:  # the database refused: say so, nothing is pretended
            self.message(f"Not saved: {error}", error=True)
            self._keep(done, undoing)
            return False
        label = "Interval" if len(numbers) == 1 else "Intervals"
        shown = intervals_words(numbers)
        if undoing:
            self.message(f"Undone: {label.lower()} {shown} {'not observed' if mark else 'observed'} again.")
        elif mark:
            self.message(f"{label} {shown} marked not observed: left out of every count · ctrl+z undoes")
        else:
            self.message(f"{label} {shown} observed again: counted as before · ctrl+z undoes")
        self._keep(done, undoing)
        return True

    def _keep(self, done: dict[int, bool], undoing: bool) -> None:
        """Remember what changed for ctrl+z (a partial change too) and show the grid as it is now."""
        if done and not undoing:
            self.undo_steps().append((self.observer, done))
        self.refresh_bindings()
        self.tick()

    def can_undo(self) -> bool:
        """True when the last change was made by whoever types now (ctrl+o switches on a shared device)."""
        steps = self.undo_steps()
        return bool(steps) and steps[-1][0] == self.observer

    def action_undo(self) -> None:
        """Take back the last not-observed change made on this screen."""
        steps = self.undo_steps()
        if not steps:
            self.message("Nothing to undo here.")
            return
        whose, step = steps[-1]
        if whose != self.observer:
            self.message(f"The last change was {whose}'s: ctrl+o back to {whose} to undo it.", error=True)
            return
        for mark in (True, False):  # the intervals go back to the mark each had before
            numbers = sorted(n for n, was in step.items() if was == mark)
            if numbers and not self.set_not_observed(numbers, mark, undoing=True):
                return  # refused: the step stays, to be tried again
        steps.pop()
        self.refresh_bindings()
