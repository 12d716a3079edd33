"""Interval marks, the interval clock, snapshot counts and typed answers: stored at once,
kept through a restart, carried by bundles."""

from __future__ import annotations

import json

import attrs
from pathlib import Path

import pytest

from classwalk.core.records.capture import ClockEvent
from classwalk.api import Classwalk
from classwalk.features.capture.interval_clock import clock_state
from classwalk.core.records.model import Visit, Walk
from classwalk.features.capture import shapes as capture
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.outputs.export import bundle_json

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"



@pytest.fixture
def shaped(monkeypatch, tmp_path):
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(EXAMPLES))
    instance = Classwalk(db_path=tmp_path / "walks.db")
    yield instance
    instance.close()


def start(classwalk, protocol_id="lesson_intervals", observer="Ana"):
    walk = Walk(protocol_id=protocol_id, school="Hillside", date=LESSON_START.date())
    classwalk.store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Lab 2", observer=observer, started_at=LESSON_START)
    classwalk.store.save_visit(visit)
    return walk, visit


def event(kind, minutes):
    return ClockEvent(walk_id="00000000-0000-4000-8000-000000000000",
                      visit_id="00000000-0000-4000-8000-000000000000", kind=kind, at=at(9, minutes))


def test_the_clock_counts_intervals_and_stops_while_paused():
    assert clock_state(LESSON_START, 120, [], at(9, 0)).number == 1
    assert clock_state(LESSON_START, 120, [], at(9, 1.99)).number == 1
    state = clock_state(LESSON_START, 120, [], at(9, 5))
    assert state.number == 3 and state.started_at == at(9, 4) and state.remaining == 60
    paused = [event("pause", 3), event("resume", 13)]
    assert clock_state(LESSON_START, 120, paused, at(9, 12)).number == 2 and clock_state(LESSON_START, 120, paused, at(9, 12)).paused
    assert clock_state(LESSON_START, 120, paused, at(9, 14)).number == 3  # 4 minutes run by 14:00
    advanced = [event("advance", 1)]
    state = clock_state(LESSON_START, 120, advanced, at(9, 2.5))
    assert state.number == 2 and state.started_at == at(9, 1) and state.elapsed == 90


def test_ticks_are_saved_at_once_with_their_interval(shaped):
    protocol = shaped.protocols.get("lesson_intervals")
    walk, visit = start(shaped)
    capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.listening", at=at(9, 0.5))
    capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "instructor.lecturing", at=at(9, 0.6))
    coding = capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.groups", at=at(9, 2.5))
    assert coding.ticked(1) == {"students.listening", "instructor.lecturing"}
    assert coding.ticked(2) == {"students.groups"}
    reopened = Classwalk(db_path=shaped.store.path)  # another process sees them: committed
    try:
        marks = reopened.store.marks_for_visit(visit.id)
        assert {(m.interval, m.code) for m in marks} == {(1, "students.listening"), (1, "instructor.lecturing"),
                                                         (2, "students.groups")}
    finally:
        reopened.close()
    coding = capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.groups", at=at(9, 2.6))
    assert coding.ticked(2) == frozenset()
    assert [m.ticked for m in shaped.store.marks_for_visit(visit.id) if m.interval == 2] == [False]


def test_the_previous_interval_can_be_corrected_only_in_its_grace_time(shaped):
    protocol = shaped.protocols.get("lesson_intervals")
    walk, visit = start(shaped)
    coding = capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.waiting", interval=1,
                                 at=at(9, 2.2))
    assert coding.ticked(1) == {"students.waiting"}
    with pytest.raises(capture.CaptureError, match="grace time is over"):
        capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.other", interval=1, at=at(9, 2.6))
    with pytest.raises(capture.CaptureError, match="not open"):
        capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.other", interval=3, at=at(9, 2.6))


def test_one_code_per_interval_sets_and_one_choice_items(shaped, tmp_path):
    protocol = shaped.protocols.get("lesson_intervals")
    import attrs

    single = attrs.evolve(protocol, intervals=attrs.evolve(protocol.intervals, code_sets=(
        attrs.evolve(protocol.intervals.code_sets[0], several=False), protocol.intervals.code_sets[1])))
    walk, visit = start(shaped)
    capture.toggle_code(shaped.store, single, walk, visit, "Ana", "students.listening", at=at(9, 0.1))
    coding = capture.toggle_code(shaped.store, single, walk, visit, "Ana", "students.groups", at=at(9, 0.2))
    assert coding.ticked(1) == {"students.groups"}
    coding = capture.choose(shaped.store, single, walk, visit, "Ana", "engagement", "most", at=at(9, 0.3))
    coding = capture.choose(shaped.store, single, walk, visit, "Ana", "engagement", "some", at=at(9, 0.4))
    assert coding.chosen(1) == {"engagement": "some"}
    coding = capture.choose(shaped.store, single, walk, visit, "Ana", "engagement", "some", at=at(9, 0.5))
    assert coding.chosen(1) == {}


def test_pauses_and_advances_are_stored_so_a_restart_keeps_the_interval(shaped):
    protocol = shaped.protocols.get("lesson_intervals")
    walk, visit = start(shaped)
    capture.clock_event(shaped.store, protocol, walk, visit, "advance", at=at(9, 1))
    capture.clock_event(shaped.store, protocol, walk, visit, "pause", at=at(9, 2))
    with pytest.raises(capture.CaptureError, match="already paused"):
        capture.clock_event(shaped.store, protocol, walk, visit, "pause", at=at(9, 2.5))
    again = Classwalk(db_path=shaped.store.path)  # as after a crash: only what was stored
    try:
        state = capture.clock(again.store, protocol, again.store.get_visit(visit.id), at(9, 30))
        assert state.number == 2 and state.paused and state.elapsed == 60
        capture.clock_event(again.store, protocol, walk, visit, "resume", at=at(9, 30))
        assert capture.clock(again.store, protocol, visit, at(9, 31.5)).number == 3
    finally:
        again.close()


def test_snapshot_counts_and_answers_are_checked_and_kept(shaped):
    protocol = shaped.protocols.get("engagement_snapshots")
    walk, visit = start(shaped, "engagement_snapshots")
    due = capture.due_snapshots(shaped.store, protocol, visit, at(9, 3))
    assert [(s.id, m) for s, m in due] == [("on_task", 2.0)]
    capture.record_snapshot(shaped.store, protocol, walk, visit, "Ana", "on_task", 18, 24, minute=2.0, at=at(9, 3))
    assert capture.due_snapshots(shaped.store, protocol, visit, at(9, 3)) == []
    with pytest.raises(capture.CaptureError, match="between 0 and the 24 present"):
        capture.record_snapshot(shaped.store, protocol, walk, visit, "Ana", "on_task", 25, 24)
    capture.answer_item(shaped.store, protocol, walk, visit, "Ana", "grouping", "pairs")
    with pytest.raises(capture.CaptureError, match="not a choice"):
        capture.answer_item(shaped.store, protocol, walk, visit, "Ana", "grouping", "rows")
    capture.answer_item(shaped.store, protocol, walk, visit, "Ana", "grouping", "small_groups")
    assert capture.answers(shaped.store, visit.id) == {"grouping": "small_groups"}
    counts = shaped.store.snapshots_for_visit(visit.id)
    assert [(c.count, c.present, c.minute) for c in counts] == [(18, 24, 2.0)]


def test_bundles_carry_capture_records_and_import_them(shaped, tmp_path):
    protocol = shaped.protocols.get("lesson_intervals")
    walk, visit = start(shaped)
    capture.toggle_code(shaped.store, protocol, walk, visit, "Ana", "students.listening", at=at(9, 0.5))
    capture.choose(shaped.store, protocol, walk, visit, "Ana", "engagement", "most", at=at(9, 0.6))
    capture.clock_event(shaped.store, protocol, walk, visit, "pause", at=at(9, 1))
    capture.answer_item(shaped.store, protocol, walk, visit, "Ana", "present", "031")
    text = bundle_json(shaped, walk.id)
    data = json.loads(text)
    assert len(data["interval_marks"]) == 2 and data["item_answers"][0]["value"] == "31"
    other = Classwalk(db_path=tmp_path / "other.db")
    try:
        result = import_bundle(other, text, "walk.json")
        assert result.added["interval marks"] == 2 and result.added["clock pauses and advances"] == 1
        assert attrs.evolve(other.store.walk_bundle(walk.id), received=()) == shaped.store.walk_bundle(walk.id)
        data["interval_marks"][0]["code"] = "students.flying"
        with pytest.raises(Exception, match="students.flying.*is not a code"):
            import_bundle(other, json.dumps(data), "bad.json")
    finally:
        other.close()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests.support.clock import LESSON_START, at


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["pause", "resume", "advance"]), st.floats(0, 30)), max_size=12),
       probes=st.lists(st.floats(0, 60), min_size=2, max_size=8))
def test_the_interval_never_goes_back_and_never_overruns(steps, probes):
    events = [event(kind, minute) for kind, minute in steps]
    previous = 0
    for minute in sorted(probes):
        state = clock_state(LESSON_START, 120, events, at(9, minute))
        assert state.number >= previous and 0 <= state.elapsed < 120
        assert state.started_at <= at(9, minute)
        previous = state.number
