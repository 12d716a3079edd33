"""The visit timer: time in the room against the protocol's target, coloured by phase.

The phase (and any prompt) comes from the protocol's timing hook, never from numbers
written here; elapsed time is measured from the visit's stored start, so a resumed
visit shows the true time in the room.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static

from classwalk.core.protocols.timing import PHASES, format_clock
from classwalk.tui import clock


class VisitTimer(Static):
    """``02:41 / 03:00``: amber from the target, red past the maximum."""

    def __init__(self, classwalk, protocol, walk, visit, **kwargs):
        super().__init__("", **kwargs)
        self.api = classwalk
        self.protocol = protocol
        self.walk = walk
        self.visit = visit
        self.status = None

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self):
        """Re-read the clock, ask the timing hook, show the result; returns the status."""
        elapsed = self.visit.elapsed_seconds(clock.now())
        status = self.api.timing_status(self.protocol, self.walk, elapsed)
        if status is None:
            self.update(format_clock(elapsed))
            return None
        for phase in PHASES:
            self.set_class(status.phase == phase, f"-{phase.replace('_', '-')}")
        self.update(f"{format_clock(elapsed)} / {format_clock(status.target_seconds)}")
        if status != self.status:
            self.status = status
            self.post_message(self.Changed(status))
        return status

    class Changed(Message):
        """The timer moved into another phase or its prompt or message changed."""

        def __init__(self, status) -> None:
            super().__init__()
            self.status = status
