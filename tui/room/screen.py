"""What every room screen does the same way: the notes room and the coding grid.

The room's title, the one-line message under the work, leaving the room, and above all
a write the database refuses (the room ended on another device, a full disk): what was
typed stays where it was typed, and one line says why. A refusal naming a rule (the
store's :class:`ClasswalkError`) may mean the room is no longer ours, so the screen
looks at once (:meth:`RoomScreen.check_room`).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

from classwalk.core.errors import ClasswalkError
from classwalk.tui import clock
from classwalk.tui.data import app_door
from classwalk.tui.literal import terminal_content
from classwalk.core.errors import error_line


def refusal(error: BaseException, kept: str) -> str:
    """One line for a write that was refused: why, and where what was typed now is."""
    if isinstance(error, ClasswalkError):
        return f"Not saved: {error_line(error)}"
    return f"Not saved ({error_line(error)}): {kept}"


class RoomScreen(Screen):
    """One room of a walk (``walk``, ``visit``); subclasses lay out the work."""

    MESSAGE_ID = "visit-message"  # the Static the one-line messages go to

    def __init__(self, walk, visit):
        super().__init__()
        self.walk = walk
        self.visit = visit

    @property
    def api(self):
        return self.app.api

    @property
    def door(self):
        """The run's :class:`classwalk.Classwalk`, kept to its observer, school and walks."""
        return app_door(self.app)

    def _room_title(self) -> str:
        visit = self.visit
        details = ", ".join(v for v in (visit.grade, visit.subject) if v)
        return f"{self.walk.school} · {visit.classroom}" + (f" ({details})" if details else "")

    def message(self, text: str, error: bool = False) -> None:
        line = self.query_one(f"#{self.MESSAGE_ID}", Static)
        line.update(terminal_content(text))
        line.set_class(error, "-error")

    # refused writes ----------------------------------------------------------------

    def refused(self, error: BaseException, kept: str = "the note stays in the line; Enter tries again.") -> None:
        """Say in one line why a write was refused; a rule's refusal may mean the room has ended."""
        self.message(refusal(error, kept), error=True)
        if isinstance(error, ClasswalkError):
            self.check_room()

    def check_room(self) -> None:
        """Look whether this room is still ours (a rule refused a write). The notes room follows
        its observer elsewhere, their draft with them; a screen keeping no draft stays, its
        words in the line."""

    # leaving -----------------------------------------------------------------------

    def end_visit(self) -> bool:
        """End this visit now; False (the observer still in the room, told why) if it cannot be."""
        try:
            self.visit = self.door.end_visit(self.visit, at=clock.now())
        except Exception as error:
            self.message(f"The visit could not be ended ({error_line(error)}); you are still in the room.",
                         error=True)
            return False
        return True

    def leave_for(self, then) -> None:
        """After this room: the hallway note if asked for, then ``then`` (see :func:`after_room`)."""
        from classwalk.tui.room.flow import after_room

        after_room(self.app, self.walk, self.visit, then=then)

    def action_counts(self) -> None:
        """Snapshot counts and typed items of this visit (protocols that declare them)."""
        from classwalk.tui.dialogs.counts_items import CountsDialog

        if self.protocol.snapshots or self.protocol.visit_items:
            self.app.push_screen(CountsDialog(self.protocol, self.walk, self.visit, self.observer))
