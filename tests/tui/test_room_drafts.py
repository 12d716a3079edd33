"""The room's drafts: per observer and device, restored on reopening, never replacing typed words."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

import classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.tui.room.drafts import RoomDrafts, carry_over, joined, note_key, state_key

AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def db(db_path):
    with classwalk.open_db(db_path) as opened:
        yield opened


@pytest.fixture
def room(db):
    walk = db.start_walk("downey", school="Lincoln", observers=["Ana", "Ben"])
    return walk, db.start_visit(walk, "Room 7", observer="Ana", at=AT)


class Refusing:
    """The door with its draft writes refused while ``full`` (a full disk)."""

    def __init__(self, door):
        self.door, self.full, self.refused = door, True, 0

    def __getattr__(self, name):
        return getattr(self.door, name)

    def save_draft(self, key, text, *, durable=True):
        if self.full:
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")
        self.door.save_draft(key, text, durable=durable)


def test_each_observer_gets_back_their_own_line(db, room):
    _walk, visit = room
    db.save_draft(note_key(visit, "Ana"), "Ana's half note")
    db.save_draft(note_key(visit, "Ben"), "Ben's half note")
    drafts = RoomDrafts(db, visit, "Ana")
    assert drafts.take_up("Ana") == "Ana's half note"
    assert drafts.take_up("Ben") == "Ben's half note"
    assert drafts.take_up("Cy") == ""


def test_the_line_is_written_on_change_and_not_again_when_unchanged(db, room):
    _walk, visit = room
    drafts = RoomDrafts(db, visit, "Ana")
    drafts.take_up("Ana")
    assert drafts.keep_line("students") == ("written", None)
    assert drafts.keep_line("students") == ("same", None)
    assert db.draft(note_key(visit, "Ana")) == "students"
    drafts.sync_line()
    assert RoomDrafts(db, visit, "Ana").take_up("Ana") == "students"


def test_a_refused_line_is_said_once_kept_and_written_on_the_retry(db, room):
    _walk, visit = room
    door = Refusing(db)
    drafts = RoomDrafts(door, visit, "Ana")
    drafts.take_up("Ana")
    outcome, news = drafts.keep_line("nine of ten")
    assert outcome == "refused" and "database or disk is full" in news and "\n" not in news
    assert drafts.keep_line("nine of ten explain") == ("refused", None)  # said once only
    door.full = False
    assert drafts.keep_line("nine of ten explain") == ("written", "Written again: nothing was lost.")
    assert db.draft(note_key(visit, "Ana")) == "nine of ten explain"


def test_a_refused_set_up_is_reported_and_remembered_for_the_retry(db, room):
    _walk, visit = room
    door = Refusing(db)
    drafts = RoomDrafts(door, visit, "Ana")
    assert "Tags and kind not written (database or disk is full)" in drafts.keep_set_up('{"tags": []}')
    assert drafts.state_failed
    door.full = False
    assert drafts.keep_set_up('{"tags": ["x"]}') is None and not drafts.state_failed
    assert drafts.set_up("Ana") == '{"tags": ["x"]}'
    assert drafts.set_up("Ben") == ""  # the set-up is the typist's own
    assert db.draft(state_key(visit, "Ana")) == '{"tags": ["x"]}'


def test_an_unreadable_line_starts_empty_when_asked_and_raises_otherwise(db, room):
    _walk, visit = room

    class Unreadable:
        def draft(self, key):
            raise sqlite3.DatabaseError("file is not a database")

    drafts = RoomDrafts(Unreadable(), visit, "Ana")
    assert drafts.take_up("Ben", quiet=True) == "" and drafts.typist == "Ben"
    with pytest.raises(sqlite3.DatabaseError):
        drafts.take_up("Ana")


@pytest.mark.parametrize("waiting, typed, kept", [
    ("", "students explain", "students explain"),
    ("   ", "students explain", "students explain"),
    ("the teacher asks", "students explain", "the teacher asks students explain"),
    ("the teacher asks ", "  ", "the teacher asks "),
    ("the teacher asks students explain", "students explain", "the teacher asks students explain"),
])
def test_joined_words_never_replace_each_other(waiting, typed, kept):
    assert joined(waiting, typed) == kept


def test_words_carried_to_the_next_room_join_what_waits_there(db, room):
    walk, first = room
    db.save_draft(note_key(first, "Ana"), "typed in room 7")
    second = db.start_visit(walk, "Room 9", observer="Ana", at=AT + dt.timedelta(minutes=5))
    db.save_draft(note_key(second, "Ana"), "already waiting")
    assert carry_over(db, "typed in room 7", "Ana", first, second)
    assert db.draft(note_key(second, "Ana")) == "already waiting typed in room 7"
    assert db.draft(note_key(first, "Ana")) == ""


def test_words_stay_where_they_were_typed_when_the_carry_is_refused(db, room):
    walk, first = room
    db.save_draft(note_key(first, "Ana"), "typed in room 7")
    second = db.start_visit(walk, "Room 9", observer="Ana", at=AT + dt.timedelta(minutes=5))
    assert not carry_over(Refusing(db), "typed in room 7", "Ana", first, second)
    assert db.draft(note_key(first, "Ana")) == "typed in room 7"


def test_a_limited_door_reads_and_writes_no_draft_of_a_walk_outside_it(db_path, db, room):
    _walk, visit = room
    db.save_draft(note_key(visit, "Ana"), "Lincoln words")
    with classwalk.open_db(db_path, observer="Cy", school="Hillside") as other:
        with pytest.raises(ClasswalkError):
            RoomDrafts(other, visit, "Ana").take_up("Ana")
        with pytest.raises(ClasswalkError):
            other.save_draft(note_key(visit, "Ana"), "replaced")
    assert db.draft(note_key(visit, "Ana")) == "Lincoln words"


def test_a_refusal_is_one_line_saying_why_and_where_the_words_are():
    from classwalk.tui.room.screen import refusal

    assert refusal(ClasswalkError("note: the visit to Room 7 ended at 09:05:00 UTC; nothing saved"),
                   "the note stays in the line.") == "Not saved: note: the visit to Room 7 ended at 09:05:00 UTC; " \
                                                     "nothing saved"
    assert refusal(sqlite3.OperationalError("database or disk is full"), "the note stays in the line.") \
        == "Not saved (database or disk is full): the note stays in the line."
    assert refusal(OSError(), "kept.") == "Not saved (OSError): kept."
