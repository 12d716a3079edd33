"""The baseline for start-up and memory: a bare Textual app (a header, a table, a footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

MARKER = "bare table"


class BareApp(App):
    """Nothing but Textual itself."""

    TITLE = "bare"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(MARKER, "notes", "visits")
        for number in range(10):
            table.add_row(f"row {number}", str(number * 3), str(number))


if __name__ == "__main__":
    BareApp().run()
