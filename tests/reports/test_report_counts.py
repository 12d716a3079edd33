"""The running counts reports read: filled for an old database, and read instead of every note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from classwalk.features.reports.queries import WalkFilter, look_for_totals, visit_totals
from classwalk.core.storage.store import Store

FIRST_SCHEMA = Path(__file__).parent.parent / "fixtures" / "schema_v1.db"


def recomputed(db) -> tuple[list, dict]:
    tags = sorted(tuple(r) for r in db.execute(
        "SELECT walk_id, look_for, COUNT(*), COUNT(DISTINCT visit_id) FROM evidence_look_fors GROUP BY 1, 2"))
    notes = dict(db.execute("SELECT walk_id, COUNT(*) FROM evidence WHERE deleted_at IS NULL GROUP BY walk_id").fetchall())
    return tags, notes


def kept(db) -> tuple[list, dict]:
    tags = sorted(tuple(r) for r in db.execute("SELECT walk_id, look_for, notes, visits FROM walk_look_for_counts"))
    notes = {walk: n for walk, n in db.execute("SELECT walk_id, notes FROM walk_counts") if n}
    return tags, notes


def test_counts_are_filled_when_a_first_schema_database_is_opened(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    with Store(path) as store:
        tags, notes = recomputed(store.db)
        assert tags and notes
        assert kept(store.db) == (tags, notes)
        visits = dict(store.db.execute("SELECT walk_id, COUNT(*) FROM visits GROUP BY walk_id").fetchall())
        assert {w: n for w, n in store.db.execute("SELECT walk_id, visits FROM walk_counts") if n} == visits


def test_counts_follow_every_write_of_a_walk(classwalk, fixture_walks):
    db = classwalk.store.db
    assert kept(db) == recomputed(db)
    visit = fixture_walks.first.visits["N3"]
    for item in classwalk.store.evidence_for_visit(visit.id):
        classwalk.store.delete_evidence(item.id, by="")
    db.execute("DELETE FROM visits WHERE id = ?", [visit.id])
    assert kept(db) == recomputed(db)
    assert db.execute("SELECT visits FROM walk_counts WHERE walk_id = ?", [visit.walk_id]).fetchone()[0] == 2


@pytest.mark.parametrize("rollups", [True, False])
def test_school_and_district_queries_do_not_read_the_notes(classwalk, fixture_walks, rollups):
    db = classwalk.store.db
    for query in (look_for_totals, visit_totals):
        for walks in (WalkFilter(rollups=rollups), WalkFilter(school="North Park", rollups=rollups)):
            captured = []
            db.conn.set_trace_callback(captured.append)
            try:
                query(db, walks, group="school")
            finally:
                db.conn.set_trace_callback(None)
            sql = " ".join(captured)
            plan = " ".join(
                str(row[-1]) for statement in captured if statement.lstrip().upper().startswith("SELECT")
                for row in db.execute("EXPLAIN QUERY PLAN " + statement, _args_for(statement, walks))
            )
            assert "evidence" not in plan, plan
            if rollups:  # the counts kept per school and month, nothing per walk
                assert "rollup_counts" in sql and "walk_counts" not in sql and "walks w" not in sql
            else:
                assert "walk_look_for_counts" in sql or "walk_counts" in sql


def _args_for(statement: str, walks: WalkFilter) -> list:
    return walks.sql()[1] if "?" in statement else []
