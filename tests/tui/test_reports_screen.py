"""The reports screen: a school over a date range, a cycle, the district, feedback due, export."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from attrs import evolve
from textual.widgets import Input, RadioButton, Select

from classwalk.core.records.model import Cycle, Evidence, Observer, Visit, Walk
from classwalk.features.demo.school import ROOMS, SCHOOL, demo_id, seed_demo
from classwalk.features.debriefs.feedback import draft_feedback
from classwalk.tui.screens.help import help_markdown
from classwalk.tui.screens.reports import ReportsScreen
from classwalk.tui.widgets.pattern_table import PatternTable
from tests.support.clock import START
from tests.support.pilot import screen_text, settle, until
from tests.support.tui_steps import drive

TODAY = dt.date(2026, 11, 23)
TEACHERS = [teacher for teacher, _grade, _subject in ROOMS.values()] + ["Mr. Lindqvist"]
SMALL_SCHOOL = "Lincoln [b]Elem[/b]"


def _small_school_walk(classwalk) -> Walk:
    """One Downey walk with known counts: 2 visits, 3 notes, on-task noted in both rooms."""
    walk = Walk(protocol_id="downey", school=SMALL_SCHOOL, date=dt.date(2026, 11, 20),
                observers=(Observer(name="Dana"),), created_at=START, updated_at=START)
    classwalk.store.save_walk(walk)
    for minute, room in ((0, "Room 2"), (10, "Room 3")):
        started = START - dt.timedelta(days=3, minutes=60 - minute)
        visit = Visit(walk_id=walk.id, classroom=room, teacher="Mr. Lindqvist", grade="4",
                      started_at=started, ended_at=started + dt.timedelta(minutes=3))
        classwalk.store.save_visit(visit)
        classwalk.store.add_evidence(Evidence(
            walk_id=walk.id, visit_id=visit.id, kind="observation", text="most students at work",
            captured_at=started + dt.timedelta(seconds=30), look_fors=("orientation.on_task",)))
        if room == "Room 3":
            classwalk.store.add_evidence(Evidence(
                walk_id=walk.id, visit_id=visit.id, kind="walls", text="anchor chart for fractions",
                captured_at=started + dt.timedelta(seconds=60), look_fors=("walls.anchor_charts",)))
    return walk


@pytest.fixture
def demo(classwalk):
    seed_demo(classwalk, today=TODAY)
    return classwalk


@pytest.fixture
def two_schools(demo):
    _small_school_walk(demo)
    return demo


def tables(app) -> dict[str, list[list[str]]]:
    """Every table of the report shown, by title: rows of cell texts."""
    return {table.pattern.title: table.cell_texts() for table in app.screen.query(PatternTable)}


def assert_no_teacher_in(text: str) -> None:
    """The report speaks of schools and walks: no teacher of the demo is named in ``text``."""
    for teacher in TEACHERS:
        assert teacher not in text


def report_text(app) -> str:
    """Titles, columns, cells and messages of the report shown (past the visible part too)."""
    screen = app.screen
    parts = [str(screen.query_one("#report-message").render())]
    for pattern in screen.result.patterns if screen.result else ():
        parts += [pattern.title, pattern.note, *map(str, pattern.columns)]
        parts += [str(cell) for row in pattern.rows for cell in row]
    return "\n".join(parts)


async def open_reports(pilot) -> None:
    await settle(pilot)
    await pilot.press("g")
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportsScreen)


async def choose(pilot, select_id: str, value) -> None:
    pilot.app.screen.query_one(f"#{select_id}", Select).value = value
    await pilot.pause()
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)


async def type_dates(pilot, first: str, last: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#date-from", Input).value = first
    screen.query_one("#date-to", Input).value = last
    screen.query_one("#date-to", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)


def test_school_report_shows_known_counts_and_no_teacher(app, two_schools):
    async def steps(pilot):
        await open_reports(pilot)
        text = screen_text(app)
        assert "2026-08-01" in text and "2027-07-31" in text, "the school year by default"
        assert f"{SMALL_SCHOOL}, 2026-08-01 to 2027-07-31" in text, "school names show literally"
        shown = tables(app)
        assert shown[f"{SMALL_SCHOOL}: walks and visits"] == [["Downey walkthrough", "1", "2", "2", "3"]]
        seen = shown["How often each look-for was seen"]
        on_task = next(row for row in seen if row[1] == "working on the task as you enter")
        assert [cell.split()[-1] for cell in on_task[2:]] == ["2", "2", "2"]
        small = report_text(app)

        await choose(pilot, "report-school", SCHOOL)
        totals = tables(app)[f"{SCHOOL}: walks and visits"]
        assert totals[-1] == ["all protocols", "5", "19", "6", "77"]  # six classrooms, each counted once
        assert ["Downey walkthrough", "2", "11", "5", "28"] in totals
        assert "all protocols" in screen_text(app)
        for teacher in TEACHERS:
            assert teacher not in screen_text(app)
            assert teacher not in report_text(app) and teacher not in small

    drive(app, steps, (100, 40))


def test_district_chosen_with_keys(app, two_schools):
    async def steps(pilot):
        await open_reports(pilot)
        assert app.screen.focused is app.screen.query_one("#report-kind", Select)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        schools = tables(app)["Walks and visits by school"]
        assert schools == [
            [SMALL_SCHOOL, "1", "2", "2", "3"],
            [SCHOOL, "5", "19", "6", "77"],
            ["all schools", "6", "21", "8", "80"],
        ]
        assert_no_teacher_in(report_text(app))
        assert "District, 2026-08-01 to 2027-07-31" in screen_text(app)

    drive(app, steps, (100, 40))


def test_a_range_without_walks_says_so(app, demo):
    async def steps(pilot):
        await open_reports(pilot)
        await type_dates(pilot, "2020-08-01", "2021-07-31")
        assert f"No walks at {SCHOOL} in that range, 2020-08-01 to 2021-07-31." in screen_text(app)
        assert not app.screen.query(PatternTable)
        await choose(pilot, "report-kind", "district")
        assert "No walks in that range, 2020-08-01 to 2021-07-31." in screen_text(app)

    drive(app, steps, (100, 30))


@pytest.mark.parametrize("first, last, message", [
    ("2026-13-01", "2027-07-31", "the from date '2026-13-01' is not a day of the calendar"),
    ("2026/08/01", "2027-07-31", "the from date '2026/08/01' is not written YYYY-MM-DD"),
    ("2026-08-01", "next week", "the to date 'next week' is not written YYYY-MM-DD"),
    ("2027-01-01", "2026-08-01", "the date range ends (2026-08-01) before it starts (2027-01-01)"),
])
def test_a_bad_date_is_refused_with_a_message(app, demo, first, last, message):
    async def steps(pilot):
        await open_reports(pilot)
        before = tables(app)
        await type_dates(pilot, first, last)
        assert message in screen_text(app)
        assert app.screen.query_one("#report-message").has_class("-error")
        assert tables(app) == before, "the report shown stays as it was"

    drive(app, steps, (100, 30))


def test_a_date_typed_key_by_key(app, demo):
    async def steps(pilot):
        await open_reports(pilot)
        await pilot.click("#date-from")
        await pilot.press("end", "ctrl+u", *"2026-02-30", "enter")
        await settle(pilot)
        assert "the from date '2026-02-30' is not a day of the calendar" in screen_text(app)
        assert app.screen.focused is app.screen.query_one("#date-from", Input)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"11-01", "enter")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert f"{SCHOOL}, 2026-11-01 to 2027-07-31" in screen_text(app)
        assert tables(app)[f"{SCHOOL}: walks and visits"][-1] == ["all protocols", "5", "19", "6", "77"]

    drive(app, steps, (100, 30))


def test_cycle_report(app, demo):
    cycle = Cycle(name="Fractions [i]first[/i]", school=SCHOOL, created_at=START)
    demo.store.save_cycle(cycle)
    for day in (TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=2)):
        walk = demo.store.get_walk(demo_id("downey", day))
        demo.store.save_walk(evolve(walk, cycle_id=cycle.id))

    async def steps(pilot):
        await open_reports(pilot)
        await choose(pilot, "report-kind", "cycle")
        shown = tables(app)
        assert "Cycle: Fractions [i]first[/i]" in shown
        walks = shown["Walks of the cycle"]
        assert [row[0] for row in walks] == ["2026-11-14", "2026-11-21"]
        assert [row[3] for row in walks] == ["5", "6"]
        assert f"Cycle Fractions [i]first[/i] at {SCHOOL}" in screen_text(app)
        assert_no_teacher_in(report_text(app))

    drive(app, steps, (100, 40))


def test_no_cycle_yet_says_how_to_start_one(app, demo):
    async def steps(pilot):
        await open_reports(pilot)
        await choose(pilot, "report-kind", "cycle")
        assert "No cycles yet" in screen_text(app)
        assert not app.screen.query(PatternTable), "the school report shown before is gone"

    drive(app, steps, (100, 30))


def test_feedback_due_names_no_teacher(app, demo):
    visit_id = demo.store.visits_for_walk(demo_id("downey", TODAY - dt.timedelta(days=9)))[0].id
    item = draft_feedback(demo, visit_id, question="What did the fraction strips show you?",
                          due=START - dt.timedelta(days=3))
    assert item.teacher in TEACHERS

    async def steps(pilot):
        await open_reports(pilot)
        await choose(pilot, "report-kind", "feedback")
        rows = tables(app)["Feedback drafted and past its due date"]
        assert rows == [[item.id[:8], SCHOOL, "2026-11-14", item.due.strftime("%Y-%m-%d %H:%M"), "3"]]
        for teacher in TEACHERS:
            assert teacher not in screen_text(app) and teacher not in report_text(app)

    drive(app, steps, (100, 30))


def test_time_in_classrooms(app, demo):
    async def steps(pilot):
        await open_reports(pilot)
        await choose(pilot, "report-kind", "coverage")
        minutes = tables(app)["Minutes in classrooms per observer per week"]
        assert minutes and all(row[0] not in TEACHERS for row in minutes)
        assert "Time in classrooms, 2026-08-01 to 2027-07-31" in screen_text(app)

    drive(app, steps, (100, 30))


@pytest.mark.parametrize("fmt, expected", [
    ("md", f"| all protocols | 5 | 19 | 6 | 77 |"),
    ("csv", "school_summary,all protocols,notes,77"),
])
def test_export_writes_an_owner_only_file(app, demo, tmp_path, fmt, expected):
    folder = tmp_path / "out"
    folder.mkdir()

    async def steps(pilot):
        await open_reports(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one(f"#format-{fmt}", RadioButton).value = True
        dialog.query_one("#export-folder", Input).value = str(folder)
        dialog.query_one("#export-folder", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.2)
        assert "Wrote" in screen_text(app)

    drive(app, steps, (100, 30))
    written = list(folder.iterdir())
    assert [path.name for path in written] == [f"maple-grove-elementary-2026-08-01-to-2027-07-31.{fmt}"]
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
    text = written[0].read_text(encoding="utf-8")
    assert expected in text
    if fmt == "md":
        assert text.startswith(f"# {SCHOOL}, 2026-08-01 to 2027-07-31\n")
    assert_no_teacher_in(text)


def test_export_into_a_missing_folder_is_refused(app, demo, tmp_path):
    async def steps(pilot):
        await open_reports(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "nowhere")
        await pilot.press("enter")
        await pilot.pause()
        assert "No folder" in screen_text(app)

    drive(app, steps, (100, 30))
    assert not (tmp_path / "nowhere").exists()


def test_no_walks_at_all(app):
    async def steps(pilot):
        await open_reports(pilot)
        assert "No walks yet, so no school to report on" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen), "nothing to export: no dialog"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"

    drive(app, steps, (100, 30))


def test_command_palette_entry_opens_reports(app, demo):
    async def steps(pilot):
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        commands["Reports"].callback()
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReportsScreen)
        assert "Export report" in {c.title for c in app.get_system_commands(app.screen)}

    drive(app, steps, (100, 30))


def test_help_lists_the_report_keys():
    text = help_markdown()
    assert "## Reports" in text
    assert "| `ctrl+s` | export the report shown as Markdown or CSV" in text
    assert "| `g` | reports:" in text


@pytest.fixture
def still_cursor(monkeypatch):
    """The input cursor does not blink, so two runs draw the same picture."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def test_school_report_snapshot(snap_compare, app, two_schools, still_cursor):
    async def open_school(pilot):
        await open_reports(pilot)
        await choose(pilot, "report-school", SCHOOL)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_school)


@pytest.mark.parametrize("kind", ["school", "district"])
def test_every_count_column_fits_at_80_by_24_beside_its_names(app, two_schools, kind):
    """The count columns are on screen with their names: no sideways scroll, names wrap instead,
    and a long table scrolls inside itself under its header rather than taking the header away."""
    async def steps(pilot):
        await open_reports(pilot)
        await choose(pilot, "report-school", SCHOOL)
        if kind != "school":
            await choose(pilot, "report-kind", kind)
        await until(pilot, lambda: bool(app.screen.query(PatternTable)))
        await settle(pilot, 0.2)
        body = app.screen.query_one("#report-body")
        for table in app.screen.query(PatternTable):
            assert table.max_scroll_x == 0, (table.pattern.title, table.virtual_size, table.size)
            assert table.outer_size.height <= body.size.height, table.pattern.title
            header = [str(column.label) for column in table.columns.values()]
            assert len(header) == len(table.pattern.columns)
        longest = max(app.screen.query(PatternTable), key=lambda table: table.row_count)
        assert longest.max_scroll_y > 0  # a long table scrolls inside itself, its header in view

    drive(app, steps, (80, 24))
