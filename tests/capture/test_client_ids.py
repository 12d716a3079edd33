"""The API takes ids made on a device: a repeat returns what is stored; another walk's id is refused."""

from __future__ import annotations

import uuid

import pytest

import classwalk
from classwalk.core.errors import ClasswalkError


def test_a_visit_and_a_note_sent_twice_under_their_ids_are_stored_once(db_path):
    with classwalk.open_db(db_path) as db:
        walk = db.start_walk("downey", school="Lincoln Elem", observers=["Ana Ruiz"])
        visit_id, note_id = str(uuid.uuid4()), str(uuid.uuid4())
        first = db.start_visit(walk, "Room 12", id=visit_id)
        again = db.start_visit(walk, "Room 12 (sent again)", id=visit_id)
        assert first.id == again.id == visit_id and again.classroom == "Room 12"
        note = db.record(first, "Pairs explain", id=note_id)
        repeat = db.record(first, "Pairs explain", id=note_id)
        assert repeat == note
        assert [n.id for n in db.evidence(walk)] == [note_id]
        assert db.note(note_id).text == "Pairs explain"


def test_an_id_already_used_by_another_walk_is_refused_and_nothing_changes(db_path):
    with classwalk.open_db(db_path) as db:
        one = db.start_walk("downey", school="Lincoln Elem")
        other = db.start_walk("downey", school="Lincoln Elem")
        visit = db.start_visit(one, "Room 12")
        note = db.record(visit, "Pairs explain")
        other_visit = db.start_visit(other, "Room 3")
        with pytest.raises(ClasswalkError, match="already used by another walk"):
            db.record(other_visit, "Taken over", id=note.id)
        with pytest.raises(ClasswalkError, match="already used by another walk"):
            db.start_visit(other, "Room 4", id=visit.id)
        with pytest.raises(ClasswalkError, match="visit: "):
            db.start_visit(other, "Room 4", id="not-a-uuid")
        assert db.note(note.id).text == "Pairs explain" and db.note(note.id).walk_id == one.id


def test_interval_ticks_clock_changes_and_counts_are_safe_to_send_again(tmp_path, db_path):
    import datetime as dt
    import shutil
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    shutil.copy(examples / "interval-lesson-coding.toml", tmp_path / "intervals.toml")
    shutil.copy(examples / "snapshot-counts.toml", tmp_path / "snapshots.toml")
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    with classwalk.open_db(db_path, protocol_dirs=[tmp_path]) as db:
        walk = db.start_walk("lesson_intervals", school="Lincoln Elem", observers=["Ana Ruiz"])
        visit = db.start_visit(walk, "Lab 2", at=start)
        at = start + dt.timedelta(seconds=30)
        for _ in range(2):  # a retry sets the same state: the tick stays ticked
            db.set_code(visit, "students.listening", interval=1, observer="Ana Ruiz", at=at)
        assert db.coding(visit, "Ana Ruiz").ticked(1) == {"students.listening"}
        db.set_code(visit, "students.listening", interval=1, ticked=False, observer="Ana Ruiz", at=at)
        assert db.coding(visit, "Ana Ruiz").ticked(1) == frozenset()
        event_id = str(uuid.uuid4())
        for _ in range(2):
            db.interval_clock(visit, "advance", observer="Ana Ruiz", at=at, id=event_id)
        assert [e.kind for e in db.visit_capture(visit)["clock"]] == ["advance"]
        later = start + dt.timedelta(minutes=5)
        with pytest.raises(ClasswalkError, match="interval 1 is not open for coding"):
            db.set_code(visit, "students.groups", interval=1, observer="Ana Ruiz", at=later)
        with pytest.raises(ClasswalkError, match="code: no code 'students.nothing'"):
            db.set_code(visit, "students.nothing", interval=2, observer="Ana Ruiz", at=at)

        counted = db.start_walk("engagement_snapshots", school="Lincoln Elem", observers=["Ana Ruiz"])
        room = db.start_visit(counted, "Room 5")
        count_id = str(uuid.uuid4())
        for _ in range(2):
            db.count_snapshot(room, "on_task", 19, 24, observer="Ana Ruiz", id=count_id)
        assert [(c.count, c.present) for c in db.visit_capture(room)["snapshots"]] == [(19, 24)]
        with pytest.raises(ClasswalkError, match="between 0 and the 24 present, got 25"):
            db.count_snapshot(room, "on_task", 25, 24, observer="Ana Ruiz")
