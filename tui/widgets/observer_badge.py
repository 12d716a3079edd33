"""``typing: Ana (ctrl+o)``: who the next note or answer is saved under, kept up to date.

Any screen with a walk can mount it; it follows the app's ``active_observer``.
"""

from __future__ import annotations

from textual.widgets import Static

from classwalk.tui.literal import terminal_line


class ObserverBadge(Static):
    """Shows the app's active observer; says how to switch unless the run fixed it."""

    DEFAULT_CSS = """
    ObserverBadge {
        width: auto;
        height: 1;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "active_observer", self._show, init=True)

    def _show(self, name: str) -> None:
        app = self.app
        switchable = not getattr(app, "fixed_observer", None) and len(getattr(app, "observer_choices", ())) > 1
        self.update(terminal_line("typing: ", (name or "—", "bold"), " (ctrl+o)" if switchable else ""))
