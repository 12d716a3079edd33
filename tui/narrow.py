"""Narrow screens (a phone held upright, a split tablet): the ``narrow`` class below a width.

A screen with this mixin gets the ``narrow`` CSS class while the terminal (or the browser
window) is narrower than :data:`NARROW_COLUMNS`; app.tcss stacks its panels then.
"""

from __future__ import annotations

from textual import events

NARROW_COLUMNS = 80


class NarrowLayout:
    """Mixin for a Screen: keeps the ``narrow`` class in step with the width."""

    def _set_narrow(self, width: int) -> None:
        self.set_class(width < NARROW_COLUMNS, "narrow")

    def on_mount(self, event: events.Mount) -> None:
        self._set_narrow(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._set_narrow(event.size.width)
