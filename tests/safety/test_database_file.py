"""The database file: loose permissions tightened once, and every trouble with it in one line.

Corrupt pages, a read-only file, a full disk and a database from a newer classwalk each
give one line that names the file and says what to do; a newer schema refuses writes,
import included, and changes nothing.
"""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from classwalk.core.storage import store as store_module
from classwalk.api import Classwalk
from classwalk.core.storage.dbfile import DatabaseProblem, database_problem
from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Cycle
from classwalk.core.storage.store import Store
from classwalk.features.demo.school import seed_demo
from tests.safety.safety_helpers import assert_one_line_error
from tests.support.cli import run_cli


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _demo(path):
    classwalk = Classwalk(db_path=path)
    seed_demo(classwalk)
    walk = classwalk.store.list_walks()[0]
    classwalk.close()
    return walk


def _counts(path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: connection.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]
                for table in ("walks", "visits", "evidence", "cycles", "next_steps")}
    finally:
        connection.close()


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "walks.db"
    walk = _demo(path)
    return path, walk


def test_a_world_readable_database_is_made_owner_only_and_said_once(demo_db, capsys):
    path, _walk = demo_db
    held = Store(path)  # keeps the -wal and -shm files in place while the CLI runs
    try:
        for suffix in ("", "-wal", "-shm"):
            os.chmod(f"{path}{suffix}", 0o644)
        code, out, err = run_cli(capsys, "--db", path, "walks")
        assert code == 0
        assert err.count("\n") == 1 and "made owner-only" in err and str(path) in err, err
        for suffix in ("", "-wal", "-shm"):
            assert _mode(f"{path}{suffix}") == 0o600, suffix
        code, out, err = run_cli(capsys, "--db", path, "walks")
        assert code == 0 and err == ""
    finally:
        held.close()


def test_new_folders_for_the_database_are_owner_only_with_an_open_umask(tmp_path, capsys):
    previous = os.umask(0)
    try:
        path = tmp_path / "a" / "b" / "walks.db"
        code, _out, err = run_cli(capsys, "--db", path, "cycles", "new", "Talk", "--school", "North")
        assert code == 0, err
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "a") == 0o700 and _mode(tmp_path / "a" / "b") == 0o700
    assert _mode(path) == 0o600


def test_corrupt_pages_are_one_line_naming_the_file(demo_db, capsys):
    path, walk = demo_db
    size = path.stat().st_size
    assert size > 3 * 4096
    with path.open("r+b") as handle:
        handle.seek(2 * 4096)
        handle.write(b"\xa5" * (size - 2 * 4096))
    for args in (["walks"], ["report", "walk", walk.id[:8]], ["report", "district"], ["export", walk.id[:8]],
                 ["cycles", "new", "Talk", "--school", "North"]):
        code, _out, err = run_cli(capsys, "--db", path, *args)
        assert code == 1, (args, err)
        assert err.count("\n") == 1 and str(path) in err and "damaged" in err, (args, err)


def test_a_file_that_is_not_a_database_is_one_line(tmp_path, capsys):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are not walks\n" * 100)
    code, _out, err = run_cli(capsys, "--db", path, "walks")
    assert code == 1 and err.count("\n") == 1 and "not a classwalk database" in err


def _read_only_connections(monkeypatch):
    """Open every database read-only, as a read-only file or folder does (even for root)."""
    real = store_module.Database

    def read_only(path, **kwargs):
        return real(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))

    monkeypatch.setattr(store_module, "Database", read_only)


def test_a_read_only_database_refuses_writes_in_one_line(demo_db, capsys, monkeypatch, tmp_path):
    path, walk = demo_db
    bundle = tmp_path / "walk.json"
    assert run_cli(capsys, "--db", path, "export", walk.id[:8], "-o", bundle)[0] == 0
    connection = sqlite3.connect(path)
    for table in ("evidence_look_fors", "evidence"):  # so that import has notes to add
        connection.execute(f"DELETE FROM {table} WHERE walk_id = ?", [walk.id])
    connection.commit()
    connection.close()
    before = _counts(path)
    _read_only_connections(monkeypatch)
    code, out, err = run_cli(capsys, "--db", path, "walks")
    assert code == 0 and walk.id[:8] in out, err
    for args in (["cycles", "new", "Talk", "--school", "North"], ["demo"], ["import", bundle]):
        code, _out, err = run_cli(capsys, "--db", path, *args)
        assert code == 1, (args, err, _out)
        assert err.count("\n") == 1 and str(path) in err and ("read-only" in err or "cannot be written" in err), err
    monkeypatch.undo()
    assert _counts(path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_file_on_disk(demo_db, capsys):
    path, _walk = demo_db
    os.chmod(path, 0o400)
    code, _out, err = run_cli(capsys, "--db", path, "cycles", "new", "Talk", "--school", "North")
    assert code == 1 and err.count("\n") == 1 and str(path) in err


def test_a_full_disk_is_one_line_and_saves_nothing(demo_db, capsys, monkeypatch, tmp_path):
    path, _walk = demo_db
    with Store(path) as store:
        walk = max(store.list_walks(), key=lambda w: len(store.evidence_for_walk(w.id)))
    bundle = tmp_path / "walk.json"
    assert run_cli(capsys, "--db", path, "export", walk.id[:8], "-o", bundle)[0] == 0
    other = tmp_path / "other.db"
    real_open = Store._open

    def no_room(self):
        real_open(self)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"

    monkeypatch.setattr(Store, "_open", no_room)
    fresh = tmp_path / "fresh.db"  # (the demo again over itself rewrites its records in place)
    for target, args in ((fresh, ["demo"]), (other, ["import", bundle])):
        code, _out, err = run_cli(capsys, "--db", target, *args)
        assert code == 1, (args, err)
        assert err.count("\n") == 1 and str(target) in err and "disk is full" in err, err
    monkeypatch.undo()
    assert _counts(other)["walks"] == 0 and _counts(fresh)["walks"] == 0


def test_a_full_disk_through_the_store_is_a_database_problem(tmp_path):
    store = Store(tmp_path / "walks.db")
    try:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(DatabaseProblem) as caught:
            store.save_many([Cycle(name=f"cycle {n} " + "x" * 500, school="North") for n in range(200)])
        assert_one_line_error(caught.value)
        assert isinstance(caught.value, sqlite3.OperationalError)  # callers that retry still see one
        assert store.list_cycles() == []
    finally:
        store.close()


def test_a_newer_schema_is_read_but_never_written(demo_db, capsys, tmp_path):
    path, walk = demo_db
    bundle = tmp_path / "walk.json"
    assert run_cli(capsys, "--db", path, "export", walk.id[:8], "-o", bundle)[0] == 0
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                       "VALUES ('classwalk', '0999_from_a_later_version', '2030-01-01')")
    connection.execute("DELETE FROM walks WHERE id = ?", [walk.id])
    connection.commit()
    connection.close()
    before = _counts(path)
    code, out, err = run_cli(capsys, "--db", path, "walks")
    assert code == 0 and out, err
    for args in (["import", bundle], ["demo"], ["cycles", "new", "Talk", "--school", "North"]):
        code, _out, err = run_cli(capsys, "--db", path, *args)
        assert code == 1, (args, err)
        assert err.count("\n") == 1 and str(path) in err and "newer classwalk" in err, err
        assert "0999_from_a_later_version" in err
    assert _counts(path) == before


@pytest.mark.parametrize("message, words", [
    ("database or disk is full", "disk is full"),
    ("attempt to write a readonly database", "read"),
    ("database disk image is malformed", "damaged"),
    ("file is not a database", "not a classwalk database"),
    ("unable to open database file", "cannot be opened"),
    ("disk I/O error", "input/output"),
])
def test_each_file_problem_has_its_advice(tmp_path, message, words):
    problem = database_problem(tmp_path / "walks.db", sqlite3.OperationalError(message))
    assert isinstance(problem, ClasswalkError)
    assert_one_line_error(problem)
    assert str(tmp_path / "walks.db") in str(problem) and words in str(problem)
    assert database_problem(tmp_path / "walks.db", sqlite3.IntegrityError("UNIQUE constraint failed")) is None
