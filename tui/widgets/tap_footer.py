"""A footer whose keys can all be tapped on a phone: on a narrow screen they wrap into rows.

Textual's footer keys are clickable (a tap runs the key's action), but on a narrow screen
a single row cuts most of them off. Under the ``narrow`` class (see :mod:`classwalk.tui.narrow`)
app.tcss lays this footer out as a grid of :data:`COLUMNS` columns instead.

Served to a browser, the app starts without the keyboard (Textual's web driver begins
"blurred"), and Textual's footer draws nothing until the app has it. This footer draws
its keys all the same, so they can be tapped at once (a tap gives the app the keyboard).
"""

from __future__ import annotations

from textual.widgets import Footer

COLUMNS = 2


class TapFooter(Footer):
    """Footer that wraps its keys into rows of two when the screen is narrow."""

    def compose(self):
        yield from super().compose()
        self.styles.grid_size_columns = COLUMNS  # used only by the narrow grid layout

    def bindings_changed(self, screen) -> None:
        """Redraw the keys whenever they change, with or without the keyboard."""
        self._bindings_ready = True
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)
