"""Reports across walks: a school over a date range, a cycle, the district, feedback due, time in rooms.

The observer chooses the report at the top; it runs on the screen's own database thread
and shows as pattern tables below. Counts only: no teacher is named, scored or ranked.
``ctrl+s`` writes the report shown as Markdown or CSV to an owner-only file.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, Static

from classwalk.tui import keymap
from classwalk.core.errors import ClasswalkError
from classwalk.core.errors import error_line

from .. import clock
from ..dialogs.export import ExportChoice, ExportDialog
from ..literal import terminal_choices, terminal_content, terminal_line
from classwalk.core.escape import for_terminal
from classwalk.features.reports.school import check_range
from ..widgets.pattern_table import pattern_widget
from ..database import app_data
from .reports_jobs import (
    DATED_KINDS, KINDS, ReportRequest, ReportResult, parse_day, report_choices,
    run_report, school_year, write_report,
)
from ..widgets.help_footer import HelpFooter

REPORT_FORMATS = (
    ("md", "Markdown report", "every table of the report, to read or print"),
    ("csv", "CSV", "every table in long form (table, row, column, value) for a spreadsheet"),
)


class ReportsScreen(Screen):
    """Choose a report; read its tables; export it."""

    DEFAULT_CSS = """
    ReportsScreen #report-choice, ReportsScreen #report-dates {
        height: 1;
        padding: 0 1;
    }
    ReportsScreen #report-kind { width: 24; }
    ReportsScreen #report-school, ReportsScreen #report-cycle { width: 1fr; margin-left: 1; }
    ReportsScreen #report-dates Label { width: auto; margin-right: 1; }
    ReportsScreen #report-dates Input { width: 12; margin-right: 2; }
    ReportsScreen #dates-hint { width: 1fr; color: $text-muted; }
    ReportsScreen #report-message {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    ReportsScreen #report-message.-error { color: $error; }
    ReportsScreen #report-body { height: 1fr; padding: 0 1; }
    ReportsScreen #report-title { text-style: bold; }
    ReportsScreen PatternTable { max-height: 100%; }  /* scrolls inside itself: its header stays in view */
    """

    BINDINGS = keymap.bindings("reports")

    def __init__(self, classwalk, *, export_folder=None):
        super().__init__()
        self.api = classwalk
        self.export_folder = export_folder
        self.result: ReportResult | None = None
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="report-choice"):
            yield Select(terminal_choices((label, kind) for kind, label in KINDS), value="school",
                         allow_blank=False, compact=True, id="report-kind")
            yield Select([], prompt="school", compact=True, id="report-school")
            yield Select([], prompt="cycle", compact=True, id="report-cycle")
        with Horizontal(id="report-dates"):
            yield Label("from")
            yield Input(placeholder="YYYY-MM-DD", compact=True, id="date-from")
            yield Label("to")
            yield Input(placeholder="YYYY-MM-DD", compact=True, id="date-to")
            yield Static("Enter applies the dates", id="dates-hint")
        yield Static("Loading schools and cycles…", id="report-message")
        yield VerticalScroll(id="report-body")
        yield HelpFooter()

    def on_mount(self) -> None:
        self.sub_title = "Reports"
        first, last = school_year(clock.today())
        self.query_one("#date-from", Input).value = first.isoformat()
        self.query_one("#date-to", Input).value = last.isoformat()
        self._show_fields("school")
        self.run_worker(self._load_choices, group="choices", exclusive=True)

    @property
    def _db(self):
        """The app's data object: every report runs on its database thread."""
        return app_data(self.app)

    def on_unmount(self) -> None:
        self._db.finish()  # an export under way is written before the screen is gone

    # choices -------------------------------------------------------------------

    async def _load_choices(self) -> None:
        try:
            schools, cycle_list = await self._db.run(report_choices)
        except Exception as error:  # a broken database is one line, never a traceback
            self.show_message(f"Could not read the walks: {error_line(error)}", error=True)
            return
        school_select = self.query_one("#report-school", Select)
        cycle_select = self.query_one("#report-cycle", Select)
        with self.prevent(Select.Changed):
            school_select.set_options(terminal_choices((school, school) for school in schools))
            cycle_select.set_options(terminal_choices(cycle_list))
            if schools:
                school_select.value = schools[0]
            if cycle_list:
                cycle_select.value = cycle_list[-1][1]
        self.ready = True
        self.request_report()
        self.query_one("#report-kind", Select).focus()

    def _show_fields(self, kind: str) -> None:
        self.query_one("#report-school").display = kind == "school"
        self.query_one("#report-cycle").display = kind == "cycle"
        self.query_one("#report-dates").display = kind in DATED_KINDS

    def kind(self) -> str:
        return str(self.query_one("#report-kind", Select).value)

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        if event.select.id == "report-kind":
            self._show_fields(self.kind())
        if self.ready:
            self.request_report()

    @on(Input.Submitted)
    def _dates_submitted(self) -> None:
        self.request_report()

    # running -------------------------------------------------------------------

    def read_dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The typed date range; a ClasswalkError says what is wrong, its field focused."""
        fields = (self.query_one("#date-from", Input), self.query_one("#date-to", Input))
        days = []
        for field, which in zip(fields, ("from", "to")):
            try:
                days.append(parse_day(field.value, which))
            except ClasswalkError:
                field.focus()
                raise
        try:
            check_range(*days)
        except ClasswalkError:
            fields[1].focus()
            raise
        return days[0], days[1]

    def build_request(self) -> ReportRequest:
        """The report the form asks for; a ClasswalkError names a bad date."""
        kind = self.kind()
        school_select = self.query_one("#report-school", Select)
        cycle_select = self.query_one("#report-cycle", Select)
        date_from, date_to = self.read_dates() if kind in DATED_KINDS else (None, None)
        return ReportRequest(
            kind=kind, school=None if school_select.is_blank() else str(school_select.value),
            cycle_id=None if cycle_select.is_blank() else str(cycle_select.value),
            date_from=date_from, date_to=date_to,
        )

    def missing_choice(self) -> str:
        """What the chosen report still lacks (no school or no cycle to choose), or ''."""
        kind = self.kind()
        if kind == "school" and self.query_one("#report-school", Select).is_blank():
            return "No walks yet, so no school to report on: start a walk from the home screen."
        if kind == "cycle" and self.query_one("#report-cycle", Select).is_blank():
            return "No cycles yet: 'classwalk cycles new' starts one."
        return ""

    def request_report(self) -> None:
        """Run the report the form names, or say what is wrong with the form."""
        missing = self.missing_choice()
        if missing:
            self.show_message(missing, error=True)
            self.run_worker(self.show_result(None), group="report", exclusive=True)
            return
        try:
            request = self.build_request()
        except ClasswalkError as error:
            self.show_message(str(error), error=True)
            return
        self.show_message("Running the report…")
        self.run_worker(self._run(request), group="report", exclusive=True)

    async def _run(self, request: ReportRequest) -> None:
        try:
            result = await self._db.run(run_report, request, clock.today(), clock.now())
        except ClasswalkError as error:
            self.show_message(str(error), error=True)
            return
        except Exception as error:  # the screen must never show a traceback
            self.show_message(f"Could not run the report: {error_line(error)}", error=True)
            return
        await self.show_result(request, result)

    async def show_result(self, request: ReportRequest | None, result: ReportResult | None = None) -> None:
        """Draw the report's tables (none when it found nothing, unless it is a cycle's)."""
        body = self.query_one("#report-body", VerticalScroll)
        await body.remove_children()
        if request is None or result is None:
            self.result = None
            return
        patterns = () if result.empty and request.kind != "cycle" else result.patterns
        self.result = ReportResult(title=result.title, patterns=patterns, empty=result.empty)
        widgets = [Static(terminal_line((result.title, "bold")), id="report-title")]
        widgets += [pattern_widget(pattern, id=f"report-{index}", fit=True) for index, pattern in enumerate(patterns)]
        await body.mount_all(widgets)
        if result.empty:
            self.show_message(result.empty)
        else:
            count = len(patterns)
            self.show_message(f"{count} table{'s' if count != 1 else ''}: counts of what was noted, no teacher "
                              "named. ctrl+s exports.")

    def show_message(self, text: str, error: bool = False) -> None:
        message = self.query_one("#report-message", Static)
        message.update(terminal_content(text))
        message.set_class(error, "-error")

    # actions -------------------------------------------------------------------

    def action_run_report(self) -> None:
        self.request_report()

    def action_close_reports(self) -> None:
        """Back to the screen the reports were opened from."""
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    def action_export_report(self) -> None:
        if self.result is None or not self.result.patterns:
            self.app.notify("Nothing to export: the report shows no tables.", markup=False)
            return
        dialog = ExportDialog(self.export_folder, formats=REPORT_FORMATS, title="Export this report")
        self.app.push_screen(dialog, self._export_chosen)

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is not None and self.result is not None:
            self.run_worker(self._export(self.result, choice), group="export")

    async def _export(self, result: ReportResult, choice: ExportChoice) -> None:
        try:
            path = await self._db.run(write_report, result, choice.fmt, choice.folder)
        except Exception as error:
            self.show_message(f"Export failed: {error_line(error)}", error=True)
            self.app.notify(for_terminal(f"Export failed: {error_line(error)}", lines=True), severity="error", markup=False)
            return
        message = choice.finish(self.app, path)
        self.show_message(message)
        self.app.notify(for_terminal(message, lines=True), title="Exported", markup=False)

    def system_commands(self) -> Iterable[SystemCommand]:
        """Command-palette entries for this screen."""
        yield SystemCommand("Export report", "Write the report shown as Markdown or CSV", self.action_export_report)
        yield SystemCommand("Run report", "Run the chosen report again", self.action_run_report)
