"""Not-observed intervals leave every denominator (reports, calibration, the dataset), and a
note typed during an interval keeps its interval in the record, bundles and exports."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.core.records.model import Evidence
from classwalk.features.capture import shapes as capture
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.reports.calibration import walk_calibration
from classwalk.features.outputs.export import bundle_json
from classwalk.features.reports import walk_report
from tests.shapes.coded_lessons import lesson_plan, two_observer_lesson
from tests.support.clock import LESSON_START


def table(patterns, pattern_id):
    return next(p for p in patterns if p.id == pattern_id)


def test_a_not_observed_interval_leaves_every_denominator(shaped):
    walk, first, second = two_observer_lesson(shaped)
    protocol = shaped.protocols.get("lesson_intervals")
    end = LESSON_START + dt.timedelta(minutes=28)
    capture.mark_not_observed(shaped.store, protocol, walk, first, "Ana", 3, at=end)
    capture.mark_not_observed(shaped.store, protocol, walk, second, "Ben", 5, at=end)
    codes = table(walk_report(shaped, walk.id), "interval_codes")
    assert codes.columns[1:] == ("Room A, Observer 1 (13 of 14 intervals observed)",
                                 "Room A, Observer 2 (13 of 14 intervals observed)",
                                 "all visits (13 of 14 intervals observed)")
    plan = lesson_plan()
    listening = dict(zip(codes.row_ids, codes.rows))["students.listening"]
    seen = sum("students.listening" in ticked for n, (ticked, _) in enumerate(plan, start=1) if n != 3)
    assert (listening[1].count, listening[1].denominator) == (seen, 13)
    assert "left out of every denominator" in codes.note
    items = table(walk_report(shaped, walk.id), "interval_items")
    assert sum(row[2].count for row in items.rows) == 13  # not answered counts observed intervals only
    timeline = table(walk_report(shaped, walk.id), "interval_timeline")
    assert ["not observed", "", "", "×", *[""] * 11] in [list(r) for r in timeline.rows]
    summary = table(walk_calibration(shaped, walk.id), "interval_calibration")
    assert summary.rows[0][3] == 12  # pairs where either observer was away are not compared
    capture.mark_not_observed(shaped.store, protocol, walk, first, "Ana", 3, not_observed=False, at=end)
    codes = table(walk_report(shaped, walk.id), "interval_codes")
    assert codes.columns[1] == "Room A, Observer 1 (14 intervals)"  # taken back: counted again, ticks kept


def test_only_intervals_begun_can_be_marked_and_time_away_is_offered(shaped):
    walk, first, _second = two_observer_lesson(shaped, intervals=3)
    protocol = shaped.protocols.get("lesson_intervals")
    store = shaped.store
    from classwalk.core.records.model import Visit

    visit = Visit(walk_id=walk.id, classroom="Lab 9", observer="Ana", started_at=LESSON_START + dt.timedelta(hours=1))
    store.save_visit(visit)
    at = visit.started_at + dt.timedelta(seconds=30)
    capture.toggle_code(store, protocol, walk, visit, "Ana", "students.listening", at=at)
    with pytest.raises(capture.CaptureError, match="interval 2 has not begun"):
        capture.mark_not_observed(store, protocol, walk, visit, "Ana", 2, at=at)
    back = visit.started_at + dt.timedelta(minutes=8, seconds=10)  # the program was down for intervals 2-4
    assert capture.intervals_while_away(store, protocol, visit, "Ana", at=back) == [2, 3, 4]
    for number in (2, 3, 4):
        capture.mark_not_observed(store, protocol, walk, visit, "Ana", number, at=back)
    assert capture.intervals_while_away(store, protocol, visit, "Ana", at=back) == []


def test_a_notes_interval_survives_bundles_and_the_dataset(shaped, tmp_path, examples):
    from classwalk.api import Classwalk

    walk, first, _second = two_observer_lesson(shaped, intervals=4)
    note = Evidence(walk_id=walk.id, visit_id=first.id, kind="observation", observer="Ana", interval=3,
                    text="two groups compare graphs", captured_at=LESSON_START + dt.timedelta(minutes=5))
    shaped.store.add_evidence(note)
    other = Classwalk(db_path=tmp_path / "other.db")
    try:
        import_bundle(other, bundle_json(shaped, walk.id), "bundle")
        assert other.store.get_evidence(note.id).interval == 3
    finally:
        other.close()
    pytest.importorskip("pyarrow")
    import pyarrow.dataset as ds
    from classwalk.features.dataset import export_dataset

    export_dataset(shaped.protocols, [shaped.db_path], tmp_path / "data")
    notes = ds.dataset(tmp_path / "data" / "notes", format="parquet", partitioning="hive").to_table().to_pylist()
    assert [(n["note_id"], n["interval"]) for n in notes] == [(note.id, 3)]
