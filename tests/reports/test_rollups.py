"""The counts kept per school, month and protocol stay exact through every kind of write.

A small generated district goes through random edits, deletions, undos, moved walks,
changed rooms, new notes and bundle imports from a second copy of the district; after
each sequence the kept roll-ups equal the same counts computed afresh from the records,
and school-year and district reports read from them equal the reports counted walk by
walk (``rollups=False``), over whole months and over ranges that cut months.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.core.errors import UserDataError
from classwalk.core.records.model import Evidence, Visit
from classwalk.core.storage.rollups import kept_rollups, rollups_from_records
from classwalk.core.storage.store import Store
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.outputs.export import bundle_json
from classwalk.features.reports import district_report, school_report
from classwalk.features.reports.rollup_reads import plan_for, schools_walked
from classwalk.features.reports.queries import WalkFilter

REPO = Path(__file__).resolve().parents[2]
FIRST_SCHEMA = REPO / "tests" / "fixtures" / "schema_v1.db"
RANGES = (
    (None, None),
    (dt.date(2025, 8, 1), dt.date(2026, 7, 31)),  # a school year, whole months
    (dt.date(2025, 9, 15), dt.date(2026, 2, 10)),  # cuts a month at each end
    (dt.date(2025, 10, 3), dt.date(2025, 10, 20)),  # inside one month
    (dt.date(2025, 11, 1), None),
    (None, dt.date(2025, 12, 14)),
)


def _district_records(classwalk):
    import sys

    sys.path.insert(0, str(REPO))
    try:
        from bench.generate import Scale, district_records
    finally:
        sys.path.remove(str(REPO))
    return list(district_records(classwalk, Scale("test", schools=3, visits=48, evidence=240), seed=3))


@pytest.fixture(scope="module")
def district_file(tmp_path_factory) -> Path:
    """A generated district of 3 schools, 6 walks, 48 visits and 240 notes, made once."""
    path = tmp_path_factory.mktemp("district") / "district.db"
    classwalk = Classwalk(db_path=path)
    classwalk.store.save_many(_district_records(classwalk))
    classwalk.close()
    return path


def _copy(source: Path, path: Path) -> None:
    shutil.copyfile(source, path)
    path.chmod(0o600)


def assert_exact(classwalk) -> None:
    """Kept counts equal the records' counts; every report reads the same both ways."""
    db = classwalk.store.db
    assert kept_rollups(db) == rollups_from_records(db)
    assert schools_walked(db) == classwalk.store.schools()
    for first, last in RANGES:
        assert district_report(classwalk, first, last) == district_report(classwalk, first, last, rollups=False)
        for school in classwalk.store.schools():
            assert (school_report(classwalk, school, first, last)
                    == school_report(classwalk, school, first, last, rollups=False)), (school, first, last)


def _walks(classwalk) -> list:
    return sorted(classwalk.store.list_walks() + classwalk.store.deleted_walks(), key=lambda w: w.id)


def _notes(classwalk) -> list:
    rows = classwalk.store.db.execute("SELECT id FROM evidence ORDER BY id").fetchall()
    return [classwalk.store.get_evidence(row[0]) for row in rows]


def _visits(classwalk) -> list:
    return [visit for walk in _walks(classwalk) for visit in classwalk.store.visits_for_walk(walk.id)]


def apply(classwalk, operation: tuple, other) -> None:
    """One write, picked by name, on records picked by number."""
    name, n, m = operation
    store = classwalk.store
    walks, notes = _walks(classwalk), _notes(classwalk)
    walk, note = walks[n % len(walks)], notes[n % len(notes)]
    protocol = classwalk.protocols.get(note_walk(classwalk, note).protocol_id)
    look_fors = [lf.id for lf in protocol.look_fors()]
    groups = [g.id for g in protocol.student_groups]
    if name == "edit note":
        if not note.deleted:
            store.edit_evidence(note.id, editor="Observer 1", text=note.text + " (edited)",
                                look_fors=tuple(look_fors[m % len(look_fors):][:m % 3]),
                                student_groups=tuple(groups[m % max(len(groups), 1):][:1]))
    elif name == "delete note":
        store.delete_evidence(note.id, by="Observer 1")
    elif name == "undo note":
        store.restore_evidence(note.id)
    elif name == "delete walk":
        store.delete_walk(walk.id, by="Observer 1")
    elif name == "undo walk":
        store.restore_walk(walk.id)
    elif name == "move walk":  # another date (another month), sometimes another school
        school = walk.school if m % 2 else f"School {m % 4 + 1:02d}"
        store.save(evolve(walk, date=dt.date(2025, 8, 25) + dt.timedelta(days=17 * m), school=school))
    elif name == "change room":
        visits = _visits(classwalk)
        visit = visits[n % len(visits)]
        store.save(evolve(visit, classroom=f"Room {m % 5}"))
    elif name == "new note":
        visits = [v for v in _visits(classwalk) if v.walk_id == walk.id]
        if visits:
            visit = visits[m % len(visits)]
            walk_protocol = classwalk.protocols.get(walk.protocol_id)
            ids = [lf.id for lf in walk_protocol.look_fors()]
            store.save(Evidence(walk_id=walk.id, visit_id=visit.id, kind=walk_protocol.evidence_kinds[0].id,
                                text="Students explain their steps to a partner", observer=visit.observer,
                                look_fors=ids[m % len(ids):][:2], captured_at=visit.started_at))
    elif name == "new visit":
        store.save(Visit(walk_id=walk.id, classroom=f"Room {m % 7}", teacher="Teacher X", observer="Observer 1",
                         started_at=dt.datetime.combine(walk.date, dt.time(13, m % 60), tzinfo=dt.timezone.utc)))
    elif name == "import":  # the walk as the other copy of the district has it, with its own changes
        other_walks = _walks(other)
        if not other_walks:
            return
        source = other_walks[n % len(other_walks)]
        other_notes = [e for e in _notes(other) if e.walk_id == source.id and not e.deleted]
        if other_notes and m % 2:
            other.store.delete_evidence(other_notes[m % len(other_notes)].id, by="Observer 2")
        elif other_notes:
            chosen = other_notes[m % len(other_notes)]
            other.store.edit_evidence(chosen.id, editor="Observer 2", text=chosen.text + " (seen again)")
        try:
            import_bundle(classwalk, bundle_json(other, source.id), "other.json")
        except UserDataError:
            pass  # refused (the walk was moved here, say): nothing written, the counts must still hold
    else:
        raise AssertionError(name)


def note_walk(classwalk, note):
    return classwalk.store.get_walk(note.walk_id) if not _deleted(classwalk, note.walk_id) else \
        next(w for w in classwalk.store.deleted_walks() if w.id == note.walk_id)


def _deleted(classwalk, walk_id: str) -> bool:
    return classwalk.store.db.execute("SELECT deleted_at IS NOT NULL FROM walks WHERE id = ?",
                                      [walk_id]).fetchone()[0] == 1


OPERATIONS = st.tuples(
    st.sampled_from(["edit note", "delete note", "undo note", "delete walk", "undo walk", "move walk",
                     "change room", "new note", "new visit", "import"]),
    st.integers(0, 10_000), st.integers(0, 50),
)


def test_the_generated_district_starts_exact(district_file):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.db"
        _copy(district_file, path)
        classwalk = Classwalk(db_path=path)
        try:
            db = classwalk.store.db
            kept = kept_rollups(db)
            assert {key[0] for key in kept} == {"walk", "look_for", "classroom", "kind", "group"}
            assert sum(walks for (dimension, *_), (walks, _, _) in kept.items() if dimension == "walk") == 6
            assert sum(notes for (dimension, *_), (_, _, notes) in kept.items() if dimension == "walk") == 240
            assert_exact(classwalk)
        finally:
            classwalk.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=10))
def test_rollups_stay_exact_through_edits_deletes_undos_and_imports(district_file, operations):
    with tempfile.TemporaryDirectory() as folder:
        here, there = Path(folder) / "here.db", Path(folder) / "there.db"
        _copy(district_file, here)
        _copy(district_file, there)
        classwalk, other = Classwalk(db_path=here), Classwalk(db_path=there)
        try:
            for operation in operations:
                apply(classwalk, operation, other)
            assert_exact(classwalk)
        finally:
            classwalk.close()
            other.close()


def test_a_refused_write_leaves_the_rollups_as_they_were(district_file, tmp_path):
    path = tmp_path / "d.db"
    _copy(district_file, path)
    classwalk = Classwalk(db_path=path)
    try:
        before = kept_rollups(classwalk.store.db)
        walk = classwalk.store.list_walks()[0]
        with pytest.raises(RuntimeError):
            with classwalk.store.transaction():
                classwalk.store.delete_walk(walk.id, by="Observer 1")
                raise RuntimeError("the write fails after the walk was deleted")
        assert kept_rollups(classwalk.store.db) == before
    finally:
        classwalk.close()


def test_an_old_database_gets_its_rollups_and_keeps_every_record(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIRST_SCHEMA, path)
    connection = sqlite3.connect(path)
    tags = sorted(connection.execute("SELECT * FROM evidence_look_fors").fetchall())
    connection.close()
    with Store(path) as store:
        assert sorted(tuple(row) for row in store.db.execute("SELECT * FROM evidence_look_fors")) == tags
        assert kept_rollups(store.db) == rollups_from_records(store.db) != {}
    classwalk = Classwalk(db_path=path)
    try:
        assert_exact(classwalk)
    finally:
        classwalk.close()


@pytest.mark.parametrize(("first", "last", "months", "edges"), [
    (dt.date(2025, 8, 1), dt.date(2026, 7, 31), ("2025-08", "2026-07"), []),
    (dt.date(2025, 9, 15), dt.date(2026, 2, 10), ("2025-10", "2026-01"),
     [(dt.date(2025, 9, 15), dt.date(2025, 9, 30)), (dt.date(2026, 2, 1), dt.date(2026, 2, 10))]),
    (dt.date(2025, 10, 3), dt.date(2025, 10, 20), None, [(dt.date(2025, 10, 3), dt.date(2025, 10, 20))]),
    (dt.date(2025, 10, 3), dt.date(2025, 11, 20), None,
     [(dt.date(2025, 10, 3), dt.date(2025, 10, 31)), (dt.date(2025, 11, 1), dt.date(2025, 11, 20))]),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 29), ("2024-02", "2024-02"), []),
    (None, dt.date(2025, 12, 14), (None, "2025-11"), [(dt.date(2025, 12, 1), dt.date(2025, 12, 14))]),
])
def test_a_range_splits_into_whole_months_and_the_days_around_them(first, last, months, edges):
    plan = plan_for(WalkFilter(date_from=first, date_to=last), "school")
    assert plan.whole_months == (months is not None)
    if months is not None:
        assert (plan.first, plan.last) == months
    assert [(edge.date_from, edge.date_to) for edge in plan.edges] == edges
    assert all(edge.rollups is False for edge in plan.edges)


def test_cycles_lists_of_walks_and_walk_groups_are_counted_walk_by_walk():
    assert plan_for(WalkFilter(cycle_id="c"), "all") is None
    assert plan_for(WalkFilter(walk_ids=("w",)), "all") is None
    assert plan_for(WalkFilter(), "walk") is None
    assert plan_for(WalkFilter(rollups=False), "school") is None


def test_report_labels_are_the_protocols_own(classwalk):
    from classwalk.features.outputs.labels import LabelsByProtocol

    labels = LabelsByProtocol(classwalk.protocols)
    checked = 0
    for entry in classwalk.protocols:
        protocol = entry.protocol
        for look_for in protocol.look_fors():
            assert labels.look_for(protocol.id, look_for.id) == protocol.look_for_label(look_for.id)
            checked += 1
        assert labels.look_for(protocol.id, "no.such_look_for") == "no.such_look_for"
    assert labels.look_for("no_such_protocol", "a.b") == "a.b"
    assert checked > 50
