"""A database made by the first released schema opens in the current version, nothing lost."""

from __future__ import annotations

import shutil
import sqlite3

from classwalk.core.storage.migrations import migrations
from classwalk.core.records.model import Draft
from classwalk.core.storage.store import Store
from tests.safety.safety_helpers import FIXTURES, table_rows

V1_TABLES = ("cycles", "walks", "visits", "evidence", "evidence_look_fors", "debrief_responses",
             "next_steps", "feedback", "drafts")


def _rows(path) -> dict[str, list[dict]]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return {
            table: [dict(row) for row in table_rows(connection, table)]
            for table in V1_TABLES
        }
    finally:
        connection.close()


def _first_schema_copy(tmp_path):
    path = tmp_path / "schema_v1.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", path)
    return path


def test_fixture_is_first_schema_with_data(tmp_path):
    path = _first_schema_copy(tmp_path)
    connection = sqlite3.connect(path)
    applied = [row[0] for row in connection.execute("SELECT name FROM _sqlite_migrations")]
    connection.close()
    assert applied == ["0001_initial"]
    before = _rows(path)
    assert len(before["walks"]) == 3 and len(before["visits"]) >= 10 and len(before["evidence"]) >= 25


def test_every_first_schema_value_survives_migration(tmp_path):
    path = _first_schema_copy(tmp_path)
    before = _rows(path)
    with Store(path) as store:
        applied = [m.name for m in migrations.applied(store.db)]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert applied == [m.name for m in migrations._migrations]
    after = _rows(path)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table]):
            if table == "drafts":  # a draft's key became typed (its observer, line, device): the text stays
                old = {key: value for key, value in old.items() if key != "key"}
            assert {key: new.get(key) for key in old} == old, table


def test_migrated_records_read_back_through_the_store(tmp_path):
    path = _first_schema_copy(tmp_path)
    before = _rows(path)
    with Store(path) as store:
        walks = store.list_walks()
        assert sorted(w.id for w in walks) == sorted(r["id"] for r in before["walks"])
        evidence = [item for walk in walks for item in store.evidence_for_walk(walk.id)]
        texts = {row["id"]: row["text"] for row in before["evidence"]}
        assert {item.id: item.text for item in evidence} == texts
        for walk in walks:
            bundle = store.walk_bundle(walk.id)
            assert len(bundle.visits) == sum(1 for r in before["visits"] if r["walk_id"] == walk.id)
        visit_id = next(r["id"] for r in before["visits"] if r["classroom"] == "Room 101")
        visit = store.get_visit(visit_id)  # the old draft is now its observer's, on this device
        observer = visit.observer or store.get_walk(visit.walk_id).observers[0].name
        assert store.get_draft(Draft(slot="note", walk_id=visit.walk_id, subject=visit_id,
                                     observer=observer)) == "half-typed note about the lab"
        assert [f.question for f in store.feedback_for_visit(visit_id)] == [
            r["question"] for r in before["feedback"]
        ]


def test_migrating_twice_changes_nothing(tmp_path):
    path = _first_schema_copy(tmp_path)
    Store(path).close()
    once = _rows(path)
    Store(path).close()
    assert _rows(path) == once
