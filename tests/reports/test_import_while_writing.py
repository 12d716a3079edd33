"""A large import does not hold the database: it is decided first, then written in short batches.

Between two batches nothing is locked, so an observer's note or draft goes in at once.
If a row the import was decided from changes meanwhile, the rest is decided again (both
sides of a conflict are kept); if the import is refused part way, what it wrote is put
back and the database is as it was.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Evidence, Observer
from classwalk.core.storage.store import Store
from classwalk.features.bundles import merge_writes
from classwalk.features.bundles.importer import import_bundle

AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
NOTES = 60


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 5 records at most, and a record of every pause between two batches."""
    monkeypatch.setattr(merge_writes, "UNITS_PER_CHECK", 5)
    monkeypatch.setattr(merge_writes, "BATCH_SECONDS", 0.0)
    pauses: list = []
    monkeypatch.setattr(merge_writes.BatchWriter, "pause", lambda writer, seconds: pauses.append(writer))
    return pauses


def walk_with_notes(db, notes: int = NOTES):
    walk = db.start_walk("downey", school="Lincoln Elementary", date=AT.date(), observers=[Observer(name="Ana Ruiz")])
    visit = db.start_visit(walk, "Room 12", observer="Ana Ruiz", at=AT)
    for number in range(notes):
        db.record(visit, f"note {number}: pairs explain a rule", observer="Ana Ruiz",
                  at=AT + dt.timedelta(seconds=number + 1))
    db.end_visit(visit, at=AT + dt.timedelta(minutes=5))
    return walk


def tables(path) -> dict:
    """Every table's rows, in a stable order (rowids aside)."""
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                 if row[0] != "sqlite_sequence"]
        return {name: sorted(map(repr, connection.execute(f"SELECT * FROM [{name}]"))) for name in names}
    finally:
        connection.close()


def test_between_batches_nothing_is_locked_and_the_import_still_brings_everything(tablet, server, tmp_path,
                                                                                   small_batches, monkeypatch):
    walk = walk_with_notes(tablet)
    saved = []

    def another_writer(writer, seconds):
        small_batches.append(writer)
        other = sqlite3.connect(tmp_path / "server.db", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # the write lock, at once: if the import held it, this fails
            other.execute("ROLLBACK")
        finally:
            other.close()
        saved.append(seconds)

    monkeypatch.setattr(merge_writes.BatchWriter, "pause", another_writer)
    result = import_bundle(server, tablet.export(walk), "tablet")
    assert len(saved) >= NOTES // 5  # a pause, with the write lock free, after every batch
    assert result.added["notes"] == NOTES and result.new_walk
    assert sorted(n.text for n in server.evidence(walk)) == sorted(n.text for n in tablet.evidence(walk))
    assert len({server.store.received("evidence", n.id).sent_by for n in server.evidence(walk)}) == 1


def test_a_note_edited_while_the_import_writes_keeps_both_versions(tablet, server, tmp_path, small_batches,
                                                                  monkeypatch):
    walk = walk_with_notes(tablet)
    import_bundle(server, tablet.export(walk), "tablet")
    last = tablet.evidence(walk)[-1]
    for note in tablet.evidence(walk)[:20]:  # enough for several batches before the last note
        tablet.edit_evidence(note, editor="Ana Ruiz", text=note.text + ", then swap roles")
    tablet.edit_evidence(last, editor="Ana Ruiz", text="the tablet's words")
    edited = []

    def edit_on_the_server(writer, seconds):
        if not edited:  # after the first batch, before the last note's is written
            with Store(tmp_path / "server.db") as other:
                edited.append(other.edit_evidence(last.id, editor="Ana Ruiz", text="the server's words"))

    monkeypatch.setattr(merge_writes.BatchWriter, "pause", edit_on_the_server)
    result = import_bundle(server, tablet.export(walk), "tablet again")
    assert edited
    note = server.store.get_evidence(last.id)
    history = [r.text for r in server.store.evidence_revisions(last.id)]
    assert {note.text, *history} >= {"the tablet's words", "the server's words", last.text}
    assert result.conflicts == 1  # both edits are shown to the team as a conflict
    assert result.updated["notes"] == 21


def test_an_import_refused_part_way_puts_back_what_it_wrote(tablet, server, tmp_path, small_batches,
                                                           monkeypatch):
    other_walk = walk_with_notes(server, notes=1)
    walk = walk_with_notes(tablet)
    last = tablet.evidence(walk)[-1]
    expected = tmp_path / "expected.db"
    expected.touch(mode=0o600)
    with sqlite3.connect(expected) as copy:
        server.store.db.conn.backup(copy)
    clash = []

    def clash_on_the_server(writer, seconds):
        """Another import, meanwhile, brought a note with the same id under another walk."""
        if clash:
            return
        for path in (tmp_path / "server.db", expected):
            with Store(path) as other:
                visit = other.visits_for_walk(other_walk.id)[0]
                other.save(Evidence(id=last.id, walk_id=other_walk.id, visit_id=visit.id, kind="observation",
                                    text="another walk's note", observer="Ana Ruiz", captured_at=AT))
        clash.append(writer.batches)

    monkeypatch.setattr(merge_writes.BatchWriter, "pause", clash_on_the_server)
    with pytest.raises(ClasswalkError) as refused:
        import_bundle(server, tablet.export(walk), "tablet")
    assert clash == [1]  # one batch was already written when the clash came
    assert str(refused.value).splitlines() == [f"tablet: notes {last.id}: already in this database under another walk"]
    assert tables(tmp_path / "server.db") == tables(expected)
