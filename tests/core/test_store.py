"""The SQLite store: commits at once, private file, survives a kill."""

import datetime as dt
import os
import stat

import pytest

from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.core.storage.store import Store


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


def seed(store):
    walk = Walk(protocol_id="downey", school="Maple Grove", date=dt.date(2026, 11, 2),
                observers=[Observer(name="Dana")])
    store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Room 12", teacher="Ms. A")
    store.save_visit(visit)
    return walk, visit


def test_database_is_owner_only(store, db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_wal_and_full_sync(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_records_round_trip(store):
    walk, visit = seed(store)
    note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation",
                    text="18 of 22 students at work", look_fors=["orientation.on_task"],
                    student_groups=["multilingual"])
    store.add_evidence(note)
    assert store.get_walk(walk.id) == walk
    assert store.visits_for_walk(walk.id) == [visit]
    assert store.evidence_for_walk(walk.id) == [note]
    tags = list(store.db.query("SELECT look_for FROM evidence_look_fors WHERE evidence_id = ?", [note.id]))
    assert tags == [{"look_for": "orientation.on_task"}]


def test_evidence_is_visible_to_another_connection_at_once(store, db_path):
    walk, visit = seed(store)
    store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="x"))
    with Store(db_path) as other:
        assert len(other.evidence_for_walk(walk.id)) == 1


def test_find_walk_by_prefix(store):
    walk, _ = seed(store)
    assert store.find_walk(walk.id[:8]).id == walk.id
    with pytest.raises(NotFound):
        store.find_walk("zzzz")


def test_open_visit_and_end(store):
    walk, visit = seed(store)
    assert store.open_visit(walk.id) == visit
    store.end_visit(visit.id)
    assert store.open_visit(walk.id) is None


def test_drafts_survive_and_clear(store, db_path):
    store.save_draft("walk:1", "students explain to a partner why")
    with Store(db_path) as other:
        assert other.get_draft("walk:1") == "students explain to a partner why"
    store.save_draft("walk:1", "")
    assert store.get_draft("walk:1") == ""


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(ClasswalkError, match="not a classwalk database"):
        Store(bogus)


def test_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ClasswalkError, match="is a folder"):
        Store(tmp_path)
