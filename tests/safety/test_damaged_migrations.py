"""A damaged record of schema changes is reported as damage, and nothing is changed.

Losing rows of the ``_sqlite_migrations`` table (or the table) used to read "not a
classwalk database (table cycles already exists)": the program tried to build the schema
again. Now it says the file is damaged and to restore it from a backup, in one line
naming the file; another program's SQLite file is still "not a classwalk database".
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from classwalk.cli import main
from classwalk.api import Classwalk
from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.store import Store
from classwalk.features.demo.school import seed_demo
from tests.safety.safety_helpers import assert_one_line_error

DAMAGE = {
    "every row lost": "DELETE FROM _sqlite_migrations",
    "the table dropped": "DROP TABLE _sqlite_migrations",
    "a middle row lost": "DELETE FROM _sqlite_migrations WHERE name = '0003_debrief_response_conflicts'",
    "the last row lost": "DELETE FROM _sqlite_migrations WHERE name = '0009_observer_accounts'",
    "the first row lost": "DELETE FROM _sqlite_migrations WHERE name = '0001_initial'",
}


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_path(tmp_path):
    path = tmp_path / "walks.db"
    classwalk = Classwalk(db_path=path)
    seed_demo(classwalk)
    classwalk.close()
    return path


def _damage(path, statement: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_migrations_table_is_reported_as_damage(demo_path, capsys, how):
    _damage(demo_path, DAMAGE[how])
    before = _digest(demo_path)
    with pytest.raises(ClasswalkError) as caught:
        Store(demo_path)
    assert_one_line_error(caught.value)
    message = str(caught.value)
    assert message.startswith(f"{demo_path}: is damaged") and "restore it from a backup" in message, message
    assert "not a classwalk database" not in message and "already exists" not in message
    code = main(["--db", str(demo_path), "walks"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "is damaged" in err and str(demo_path) in err, err
    assert _digest(demo_path) == before


def test_another_programs_database_is_still_not_a_classwalk_database(tmp_path, capsys):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE walks (route TEXT)")
    connection.commit()
    connection.close()
    code = main(["--db", str(path), "walks"])
    err = capsys.readouterr().err
    assert code == 1 and "not a classwalk database" in err and "damaged" not in err, err
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("walks",)]
