"""Checkboxes that say ticked or not without colour: ``✓`` when ticked, blank when not.

Textual draws the same ``X`` in a ticked and an unticked box and tells them apart by
colour alone, which a monochrome terminal, a projector or a colour-blind observer loses.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICK = "✓"


class TickedCheckbox(Checkbox):
    """A checkbox showing ✓ when ticked."""

    def render(self):
        self.BUTTON_INNER = TICK if self.value else " "
        return super().render()


class TickedSelectionList(SelectionList):
    """A selection list whose ticked choices show ✓ in their box."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except Exception:  # a line past the last choice
            return strip
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            ticked = selection.value in self._selected
            segments[1] = Segment(TICK if ticked else " ", segments[1].style)
            return Strip(segments, strip.cell_length)
        return strip
