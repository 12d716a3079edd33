"""Ask how to export a walk or a report: which format, into which folder."""

from __future__ import annotations

from pathlib import Path

from attrs import frozen
from rich.text import Text

from classwalk.tui.export_folder import default_export_folder
from classwalk.tui.literal import plain, shown
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

FORMAT_CHOICES = (
    ("md", "Markdown report", "patterns, notes and debrief; rooms as the debrief shows them"),
    ("csv", "CSV of evidence", "one row a note, for a spreadsheet; teachers never appear"),
    ("json", "JSON bundle", "the complete record for 'classwalk import': names rooms and teachers"),
)


@frozen
class ExportChoice:
    """The format (json, csv or md) and the folder to write into."""

    fmt: str
    folder: Path


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Pick a format and a folder; dismisses with an :class:`ExportChoice` or None."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ExportDialog RadioSet { width: 100%; }
    ExportDialog .format-help { color: $text-muted; padding-left: 4; }
    ExportDialog #export-error { color: $error; height: auto; }
    ExportDialog #export-buttons { height: auto; align-horizontal: right; }
    ExportDialog #export-buttons Button { margin-left: 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path | None = None, fmt: str = "md", *,
                 formats: tuple[tuple[str, str, str], ...] = FORMAT_CHOICES, title: str = "Export this walk"):
        super().__init__()
        self.default_folder = folder if folder is not None else default_export_folder()
        self.default_fmt = fmt
        self.formats = formats
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            with RadioSet(id="export-format"):
                for fmt, label, _help in self.formats:
                    yield RadioButton(label, value=fmt == self.default_fmt, id=f"format-{fmt}")
            yield Static("", id="format-help", classes="format-help")
            yield Label("Folder (Enter exports; shift+Tab to change the format):")
            yield Input(str(self.default_folder), id="export-folder", compact=True)
            yield Static("", id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export-ok", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self._show_help()
        self.query_one("#export-folder", Input).focus()

    def chosen_format(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.default_fmt
        return pressed.id.removeprefix("format-")

    @on(RadioSet.Changed)
    def _format_chosen(self) -> None:
        self._show_help()
        self.query_one("#export-folder", Input).focus()

    def _show_help(self) -> None:
        fmt = self.chosen_format()
        help_text = next(text for key, _label, text in self.formats if key == fmt)
        self.query_one("#format-help", Static).update(help_text)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-ok")
    def export(self) -> None:
        """Check the folder; dismiss with the choice, or say what is wrong."""
        typed = self.query_one("#export-folder", Input).value.strip()
        if not typed:
            self._error("Type the folder to write into.")
            return
        if any(ord(ch) < 32 for ch in typed):
            self._error("The folder name holds control characters.")
            return
        try:
            folder = Path(typed).expanduser()
            is_folder = folder.is_dir()
        except (OSError, RuntimeError, ValueError):
            is_folder = False
        if not is_folder:
            self._error(f"No folder {typed!r}: type an existing folder.")
            return
        self.dismiss(ExportChoice(self.chosen_format(), folder))

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(plain(message))
        self.query_one("#export-folder", Input).focus()

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
