"""Browse the installed protocols: what each looks for, how long a visit takes, what it asks."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from classwalk.tui import keymap
from classwalk.tui.literal import terminal_line
from classwalk.tui.widgets.protocol_preview import ProtocolPreview
from classwalk.tui.widgets.help_footer import HelpFooter


class ProtocolsScreen(Screen):
    """A list of protocols and the highlighted one in full."""

    BINDINGS = keymap.bindings("protocols")

    def compose(self) -> ComposeResult:
        self.sub_title = "Protocols"
        registry = self.app.api.protocols
        self.protocols = {entry.protocol.id: entry for entry in registry}
        yield Header()
        with Horizontal(id="protocols"):
            yield OptionList(*[Option(terminal_line(e.protocol.name, "\n", (str(e.source), "dim")), id=pid)
                               for pid, e in self.protocols.items()], id="protocol-list")
            yield VerticalScroll(ProtocolPreview(id="preview"), id="preview-box")
        yield HelpFooter()

    def on_mount(self) -> None:
        listing = self.query_one("#protocol-list", OptionList)
        if self.protocols:
            listing.highlighted = 0
        else:
            self.query_one(ProtocolPreview).update("No protocols are installed: see 'classwalk plugins'.")
        failures = self.app.api.protocols.failures
        if failures:
            self.notify(f"{len(failures)} protocol source(s) could not be loaded: see 'classwalk protocols'.",
                        severity="warning")
        listing.focus()

    @on(OptionList.OptionHighlighted, "#protocol-list")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one(ProtocolPreview).show(self.protocols[event.option.id].protocol)
