"""An input field that never sends a stored control character to the terminal.

Textual's ``Input`` draws its value (and the suggested completion) as it is: a school
name from an imported bundle holding ``ESC]52;…`` would reach the terminal. This one
draws each control character as a picture (``␛``), one for one so the cursor stays
in place; the value itself, and what is saved, is unchanged.
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from classwalk.core.escape import for_editable_field, is_terminal_safe


class SafeInput(Input):
    """``Input`` drawing control characters as pictures."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(for_editable_field(self.value), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text

    def render_line(self, y: int) -> Strip:
        suggestion = self._suggestion
        if not suggestion or is_terminal_safe(suggestion):
            return super().render_line(y)
        self.set_reactive(Input._suggestion, for_editable_field(suggestion))
        try:
            return super().render_line(y)
        finally:
            self.set_reactive(Input._suggestion, suggestion)
