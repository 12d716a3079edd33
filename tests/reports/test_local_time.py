"""Times are stored in UTC and read in the local zone: Markdown, CSV, feedback, the CLI.

The zone is the machine's (here set with TZ), or ``--tz``/``CLASSWALK_TZ``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time

import pytest

from classwalk.cli import main
from classwalk.features.outputs import localtime
from classwalk.features.outputs.export import evidence_csv, walk_markdown
from classwalk.features.debriefs.feedback import draft_feedback, feedback_list_pattern
from tests.reports.report_tools import WalkMaker

CAPTURED = dt.datetime(2026, 11, 23, 15, 51, tzinfo=dt.timezone.utc)


@pytest.fixture
def chicago(monkeypatch):
    """This machine's clock set to Chicago (TZ), as a principal there would have it."""
    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    localtime.use_zone(None)
    yield
    monkeypatch.delenv("TZ")
    time.tzset()
    localtime.use_zone(None)


@pytest.fixture
def afternoon_walk(classwalk):
    maker = WalkMaker("Lincoln Elem", dt.date(2026, 11, 23))
    visit = maker.visit("N1", ("orientation.on_task",), start=CAPTURED - dt.timedelta(seconds=30))
    classwalk.store.save_many(maker.records)
    return maker.walk, visit


def test_a_note_captured_at_15_51_utc_reads_09_51_in_chicago_in_the_markdown(classwalk, afternoon_walk, chicago):
    walk, _visit = afternoon_walk
    text = walk_markdown(classwalk, walk.id)
    assert "- 09:51 **" in text and "15:51" not in text
    assert "**Times:** local time (CST)" in text


def test_the_csv_keeps_iso_with_its_offset_and_adds_the_local_time(classwalk, afternoon_walk, chicago):
    walk, _visit = afternoon_walk
    [row] = list(csv.DictReader(io.StringIO(evidence_csv(classwalk, walk.id))))
    assert dt.datetime.fromisoformat(row["captured_at"]) == CAPTURED
    assert row["captured_at"].endswith("+00:00")
    assert row["captured_local"] == "2026-11-23T09:51:00-06:00"


def test_feedback_due_dates_show_and_are_asked_in_local_time(classwalk, afternoon_walk, chicago, capsys):
    _walk, visit = afternoon_walk
    code = main(["--db", str(classwalk.db_path), "feedback", "draft", visit.id[:8], "--due-by", "2026-11-25 09:00"])
    out = capsys.readouterr().out
    assert code == 0 and "due 2026-11-25 09:00 CST" in out
    [item] = classwalk.store.feedback_for_visit(visit.id)
    assert item.due == dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.timezone.utc)
    pattern = feedback_list_pattern([item], {visit.id: visit}, CAPTURED)
    assert "due (CST)" in pattern.columns and "2026-11-25 09:00" in pattern.rows[0]
    assert "" not in pattern.columns  # every column is named


def test_tz_names_the_zone_for_one_run(classwalk, afternoon_walk, capsys):
    _walk, visit = afternoon_walk
    try:
        assert main(["--tz", "Europe/Paris", "--db", str(classwalk.db_path), "feedback", "draft", visit.id,
                     "--due-by", "2026-11-25 16:00"]) == 0
        assert "due 2026-11-25 16:00 CET" in capsys.readouterr().out
        [item] = classwalk.store.feedback_for_visit(visit.id)
        assert item.due == dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.timezone.utc)
    finally:
        localtime.use_zone(None)


def test_an_unknown_zone_is_one_clear_error_and_changes_nothing(classwalk, afternoon_walk, capsys):
    _walk, visit = afternoon_walk
    assert main(["--tz", "Mars/Olympus", "--db", str(classwalk.db_path), "feedback", "draft", visit.id]) == 2
    err = capsys.readouterr().err
    assert "'Mars/Olympus' is not known" in err and err.count("\n") == 1
    assert classwalk.store.feedback_for_visit(visit.id) == []


def test_the_zone_can_be_set_in_settings(monkeypatch, isolated_environment):
    from classwalk.core.storage.paths import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text('[display]\ntime_zone = "Asia/Tokyo"\n', encoding="utf-8")
    localtime.use_zone(None)
    try:
        assert localtime.clock(CAPTURED) == "00:51"
    finally:
        localtime.use_zone(None)


def test_a_zone_set_wrongly_in_settings_is_reported_and_the_machines_zone_used(isolated_environment):
    from classwalk.core.storage.paths import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text('[display]\ntime_zone = "Atlantis/Capital"\n', encoding="utf-8")
    localtime.use_zone(None)
    try:
        assert "'Atlantis/Capital' is not known" in localtime.configuration_problem()
        assert localtime.zone() is None
    finally:
        localtime.use_zone(None)
