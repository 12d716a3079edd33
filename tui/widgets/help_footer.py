"""The footer every screen shows: ``F1 Help`` first, then the screen's own keys.

Textual lists the app's keys after the screen's, so on a narrow terminal a busy screen
would push ``F1 Help`` off the end of the line; this footer puts it first.
"""

from __future__ import annotations

from textual.app import ComposeResult

from classwalk.tui.widgets.tap_footer import TapFooter

HELP_ACTION = "help"


class HelpFooter(TapFooter):
    """A footer whose first key is the help key (wrapping into rows on a narrow screen)."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        helps = [key for key in keys if getattr(key, "action", None) == HELP_ACTION]
        yield from helps + [key for key in keys if key not in helps]
