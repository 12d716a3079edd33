"""Coverage: minutes in classrooms per observer per week against the district's target."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.cli import main
from classwalk.core.errors import UserDataError
from classwalk.core.records.model import Observer
from classwalk.features.reports.coverage import CoverageSettings, coverage_report, load_settings, settings_path
from tests.reports.report_tools import WalkMaker, row, table


@pytest.fixture
def timed_walks(classwalk):
    one = WalkMaker("North Park", dt.date(2026, 10, 5))  # Monday of 2026-W41
    one.visit("N1", (), observer="Ana", minutes=3)
    one.visit("N2", (), observer="Ana", minutes=5)
    one.visit("N3", (), observer="Ben", minutes=12)
    group = WalkMaker("North Park", dt.date(2026, 10, 14), observers=(Observer(name="Ana"), Observer(name="Cy")))
    group.visit("N1", (), observer="", minutes=15)  # a group visit: both observers were there
    classwalk.store.save_many(one.records + group.records)
    return one, group


def test_default_target_is_a_third_of_a_forty_hour_week():
    assert CoverageSettings().target_minutes_per_week == pytest.approx(800)


def test_minutes_per_observer_per_week(classwalk, timed_walks):
    patterns = coverage_report(classwalk, dt.date(2026, 10, 1), dt.date(2026, 10, 31),
                               today=dt.date(2026, 10, 31))
    minutes = table(patterns, "coverage_minutes")
    assert row(minutes, "Ana", "2026-W41") == ["Ana", "2026-W41", 8, 800, "1%"]
    assert row(minutes, "Ben", "2026-W41") == ["Ben", "2026-W41", 12, 800, "2%"]
    assert row(minutes, "Ana", "2026-W42")[2] == 15
    assert row(minutes, "Cy", "2026-W42")[2] == 15
    assert len(minutes.rows) == 4


def test_target_from_settings_file_and_option(classwalk, timed_walks):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[coverage]\nworking_hours_per_week = 30\nclassroom_share = 0.5\nnot_visited_days = 7\n")
    assert load_settings().target_minutes_per_week == pytest.approx(900)
    patterns = coverage_report(classwalk, dt.date(2026, 10, 1), dt.date(2026, 10, 31), today=dt.date(2026, 10, 31))
    assert row(table(patterns, "coverage_minutes"), "Ben", "2026-W41")[3] == 900
    assert table(patterns, "classrooms_not_visited").title.endswith("last 7 days")
    patterns = coverage_report(classwalk, dt.date(2026, 10, 1), dt.date(2026, 10, 31), target_minutes=120,
                               today=dt.date(2026, 10, 31))
    assert row(table(patterns, "coverage_minutes"), "Ben", "2026-W41")[3:] == [120, "10%"]


@pytest.mark.parametrize("content, message", [
    ("[coverage]\nclassroom_share = 2\n", "classroom_share"),
    ("[coverage]\nhours = 40\n", "unknown key(s): hours"),
    ("[coverage\n", "not valid TOML"),
])
def test_bad_settings_file_is_one_clear_error(content, message):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    with pytest.raises(UserDataError) as caught:
        load_settings()
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_classrooms_not_visited_in_n_days(classwalk, timed_walks):
    patterns = coverage_report(classwalk, today=dt.date(2026, 10, 20), days=10)
    rooms = table(patterns, "classrooms_not_visited")
    assert [list(r) for r in rooms.rows] == [  # the walk anonymises rooms: labels as in its reports
        ["North Park", "Room B", "2026-10-05", 15], ["North Park", "Room C", "2026-10-05", 15],
    ]


def test_classrooms_are_named_only_when_the_walk_that_last_visited_them_names_rooms(classwalk, timed_walks):
    named = WalkMaker("South Hill", dt.date(2026, 10, 6), name_rooms=True)
    named.visit("S9", (), observer="Ana")
    hidden = WalkMaker("South Hill", dt.date(2026, 10, 7))
    hidden.visit("S4", (), observer="Ana")
    hidden.visit("S7", (), observer="Ana")
    classwalk.store.save_many(named.records + hidden.records)
    rooms = table(coverage_report(classwalk, today=dt.date(2026, 10, 20), days=10), "classrooms_not_visited")
    shown = {(r[0], r[1]) for r in rooms.rows}
    assert ("South Hill", "S9") in shown
    assert {("South Hill", "Room A"), ("South Hill", "Room B")} <= shown
    assert not {"S4", "S7", "N2", "N3"} & {r[1] for r in rooms.rows}


def test_coverage_command(classwalk, timed_walks, capsys):
    code = main(["--db", str(classwalk.db_path), "coverage", "--from", "2026-10-01", "--to", "2026-10-31",
                 "--target-minutes", "60", "--format", "csv", "--table", "coverage_minutes"])
    assert code == 0
    assert "Ana,2026-W41,8,60,13%" in capsys.readouterr().out.splitlines()
    assert main(["--db", str(classwalk.db_path), "coverage", "--target-minutes", "0"]) == 2
