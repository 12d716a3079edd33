"""The SQLite store: commits at once, private file, survives a kill."""

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.model import Evidence, Observer, Visit, Walk
from classwalk.core.store import Store


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


WRITER = textwrap.dedent("""
    import datetime as dt, sys, time
    from classwalk.core.model import Evidence, Visit, Walk
    from classwalk.core.store import Store
    store = Store(sys.argv[1])
    walk = Walk(protocol_id="downey", school="Maple Grove", date=dt.date(2026, 11, 2))
    store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Room 12")
    store.save_visit(visit)
    first = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="first note")
    store.add_evidence(first)
    print(walk.id, first.id, flush=True)
    time.sleep(60)
    store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="second"))
""")


def test_killed_between_two_writes_keeps_the_first(db_path):
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        walk_id, first_id = child.stdout.readline().split()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Store(db_path) as store:
        assert [e.id for e in store.evidence_for_walk(walk_id)] == [first_id]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_opening_another_store_in_this_process_keeps_the_first_ones_locks(db_path):
    """Closing any descriptor of the file drops this process's SQLite locks: a store must not.

    Were they dropped, another process closing its connection would think it the last one
    and remove the WAL under the open store ("disk I/O error", writes at risk).
    """
    import subprocess
    import sys

    first = Store(db_path)
    first.save_draft("k", "kept")
    Store(db_path).close()
    code = f"from classwalk.core.store import Store; s = Store({str(db_path)!r}); s.save_draft('j', 'x'); s.close()"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert db_path.with_name(db_path.name + "-wal").exists()
    assert first.get_draft("k") == "kept" and first.get_draft("j") == "x"
    first.close()
