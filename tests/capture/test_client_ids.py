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
