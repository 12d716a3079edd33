"""Ask how to export a walk or a report: which format, into which folder.

Served to a browser (``classwalk serve``), there is no folder to ask for: the file is
written to a private temporary folder, handed to the browser as a download and removed,
and no screen names a path on the server.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

from attrs import frozen

from classwalk.tui.export_folder import default_export_folder
from classwalk.tui.literal import terminal_text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from classwalk.tui import keymap

FORMAT_CHOICES = (
    ("md", "Markdown report", "patterns, notes and debrief; rooms as the debrief shows them"),
    ("csv", "CSV of evidence", "one row a note, for a spreadsheet; teachers never appear"),
    ("json", "JSON bundle", "the complete record for 'classwalk import': names rooms and teachers"),
)


@frozen
class ExportChoice:
    """The format (json, csv or md) and the folder to write into.

    ``served``: the folder is a private temporary one, and :meth:`finish` sends the
    file to the browser instead of naming it.
    """

    fmt: str
    folder: Path
    served: bool = False

    def finish(self, app, path: Path) -> str:
        """After ``path`` was written: what to tell the observer (and, served, the download)."""
        if not self.served:
            return f"Wrote {path}"
        try:
            data = Path(path).read_bytes()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        app.deliver_binary(io.BytesIO(data), save_filename=Path(path).name, open_method="download")
        return f"Downloading {Path(path).name} to this device"


def served_app(app) -> bool:
    """Whether ``app`` runs in a browser (``classwalk serve``) rather than a terminal."""
    try:
        return bool(app.is_web)
    except Exception:  # no app running yet
        return False


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

    BINDINGS = keymap.bindings("export")

    def __init__(self, folder: Path | None = None, fmt: str = "md", *,
                 formats: tuple[tuple[str, str, str], ...] = FORMAT_CHOICES, title: str = "Export this walk",
                 served: bool | None = None):
        super().__init__()
        self.served = served
        """True in a browser: the file downloads; None: ask the app when the dialog is drawn."""
        self.default_folder = folder if folder is not None else default_export_folder()
        self.default_fmt = fmt
        self.formats = formats
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        if self.served is None:
            self.served = served_app(self.app)
        with Vertical() as box:
            box.border_title = self.dialog_title
            with RadioSet(id="export-format"):
                for fmt, label, _help in self.formats:
                    yield RadioButton(label, value=fmt == self.default_fmt, id=f"format-{fmt}")
            yield Static("", id="format-help", classes="format-help")
            if self.served:
                yield Label("The file downloads to this device (Enter; shift+Tab to change the format).")
                yield Static("", id="export-error")
                with Horizontal(id="export-buttons"):
                    yield Button("Download", id="export-ok", variant="primary", compact=True)
                    yield Button("Cancel", id="export-cancel", compact=True)
                return
            yield Label("Folder (Enter exports; shift+Tab to change the format):")
            yield Input(str(self.default_folder), id="export-folder", compact=True)
            yield Static("", id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export-ok", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self._show_help()
        self._focus_field()

    def _focus_field(self) -> None:
        self.query_one("#export-ok" if self.served else "#export-folder").focus()

    def chosen_format(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.default_fmt
        return pressed.id.removeprefix("format-")

    @on(RadioSet.Changed)
    def _format_chosen(self) -> None:
        self._show_help()
        self._focus_field()

    def _show_help(self) -> None:
        fmt = self.chosen_format()
        help_text = next(text for key, _label, text in self.formats if key == fmt)
        self.query_one("#format-help", Static).update(help_text)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-ok")
    def export(self) -> None:
        """Check the folder; dismiss with the choice, or say what is wrong."""
        if self.served:
            self._download()
            return
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

    def _download(self) -> None:
        """Served: write into a private temporary folder; the screen hands the file to the browser."""
        try:
            folder = Path(tempfile.mkdtemp(prefix="classwalk-export-"))
        except OSError as error:
            self._error(f"Cannot prepare the download ({error.strerror or error}).")
            return
        self.dismiss(ExportChoice(self.chosen_format(), folder, served=True))

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(terminal_text(message))
        self._focus_field()

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
