"""Provenance, not trust: who sent each record that arrived, and what a sender may send.

A server account sends only walks it is an observer of; teammates' notes in a walk it
observes are accepted and marked as sent by it; a record id this database holds under
another walk (revisions included) refuses the whole bundle, changing nothing.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.model import Observer
from classwalk.features.accounts import Account
from classwalk.features.bundles.importer import import_bundle

AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def account(login="ana", observer="Ana Ruiz", school=None) -> Account:
    return Account(login=login, observer=observer, school=school, password_hash="scrypt$x")


def shared_device_walk(db):
    """Ana and Ben's walk recorded on one shared tablet: a note by each."""
    walk = db.start_walk("downey", school="Lincoln Elementary", date=AT.date(),
                         observers=[Observer(name="Ana Ruiz"), Observer(name="Ben Cho")])
    visit = db.start_visit(walk, "Room 12", observer="Ana Ruiz", at=AT)
    db.record(visit, "pairs explain a rule", observer="Ana Ruiz", at=AT + dt.timedelta(minutes=1))
    db.record(visit, "the teacher asks why", observer="Ben Cho", at=AT + dt.timedelta(minutes=2))
    db.end_visit(visit, at=AT + dt.timedelta(minutes=5))
    return walk


def test_teammates_notes_from_a_shared_device_are_accepted_and_marked_as_sent_by_the_account(tablet, server):
    walk = shared_device_walk(tablet)
    result = import_bundle(server, tablet.export(walk), "bundle from ana", account=account())
    assert result.new_walk
    notes = {n.text: n for n in server.evidence(walk)}
    assert notes["the teacher asks why"].observer == "Ben Cho"  # still Ben's note ...
    sent = server.store.received("evidence", notes["the teacher asks why"].id)
    assert sent.sent_by == "ana" and sent.source == "bundle from ana"  # ... sent by Ana's account
    exported = json.loads(server.export(walk))
    assert {r["record_id"]: r["sent_by"] for r in exported["received"]}[notes["pairs explain a rule"].id] == "ana"


def test_an_account_may_send_only_walks_it_is_an_observer_of(tablet, server):
    walk = shared_device_walk(tablet)
    with pytest.raises(ClasswalkError, match="Cleo Diaz is not an observer of walk"):
        import_bundle(server, tablet.export(walk), "bundle from cleo", account=account("cleo", "Cleo Diaz"))
    assert server.walks() == []


def test_an_account_cannot_make_itself_an_observer_of_a_walk_already_here(tablet, server):
    walk = shared_device_walk(tablet)
    import_bundle(server, tablet.export(walk), "bundle from ana", account=account())
    bundle = json.loads(tablet.export(walk))
    bundle["walk"]["observers"].append({"name": "Cleo Diaz", "role": ""})
    with pytest.raises(ClasswalkError, match="not an observer"):
        import_bundle(server, json.dumps(bundle), "bundle from cleo", account=account("cleo", "Cleo Diaz"))
    assert [o.name for o in server.walk(walk.id).observers] == ["Ana Ruiz", "Ben Cho"]


def test_a_school_limited_account_cannot_send_another_schools_walk(tablet, server):
    walk = shared_device_walk(tablet)
    with pytest.raises(ClasswalkError, match="limited to Hillside"):
        import_bundle(server, tablet.export(walk), "bundle from ana", account=account(school="Hillside"))
    assert server.walks() == []


def test_a_revision_id_of_another_walk_is_refused_and_nothing_changes(tablet, server):
    first = shared_device_walk(tablet)
    note = tablet.evidence(first)[0]
    tablet.edit_evidence(note, editor="Ana Ruiz", text="pairs explain a rule to each other")
    import_bundle(server, tablet.export(first), "first", account=account())
    revision = server.store.revisions_for_walk(first.id)[0]
    second = shared_device_walk(tablet)
    other = tablet.evidence(second)[0]
    tablet.edit_evidence(other, editor="Ana Ruiz", text="changed")
    bundle = json.loads(tablet.export(second))
    bundle["evidence_revisions"][0]["id"] = revision.id  # reuse the first walk's revision id
    before = server.store.revisions_for_walk(first.id)
    with pytest.raises(ClasswalkError, match=f"evidence_revisions {revision.id}: already in this database under "
                                             "another walk"):
        import_bundle(server, json.dumps(bundle), "second", account=account())
    assert server.store.revisions_for_walk(first.id) == before
    assert [w.id for w in server.walks()] == [first.id]


def test_a_tampered_copy_of_a_kept_revision_is_refused_naming_it_and_nothing_changes(tablet, server):
    walk = shared_device_walk(tablet)
    tablet.edit_evidence(tablet.evidence(walk)[0], editor="Ana Ruiz", text="a first edit")
    import_bundle(server, tablet.export(walk), "first", account=account())
    tablet.edit_evidence(tablet.evidence(walk)[1], editor="Ana Ruiz", text="the teacher asks why, twice")
    bundle = json.loads(tablet.export(walk))
    tampered = next(r for r in bundle["evidence_revisions"] if r["text"] == "pairs explain a rule")
    tampered["text"] = "what Ben never wrote"
    before = _tables(server)
    with pytest.raises(ClasswalkError) as refused:
        import_bundle(server, json.dumps(bundle), "again", account=account())
    assert str(refused.value).splitlines() == [
        f"again: evidence_revisions {tampered['id']}: differs from this database's copy "
        "(a kept version of a note never changes)"]
    assert _tables(server) == before  # not even the other note's new edit went in
    assert server.store.revisions_for_walk(walk.id)[0].text == "pairs explain a rule"


def _tables(db) -> dict:
    from tests.safety.safety_helpers import table_rows

    names = [row[0] for row in db.store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: table_rows(db.store.db.conn, name) for name in names}


def test_a_bundle_editing_another_observers_note_keeps_both_versions(tablet, server):
    walk = shared_device_walk(tablet)
    import_bundle(server, tablet.export(walk), "first", account=account())
    bens = next(n for n in tablet.evidence(walk) if n.observer == "Ben Cho")
    tablet.edit_evidence(bens, editor="Ana Ruiz", text="the teacher asks why, twice")
    import_bundle(server, tablet.export(walk), "second", account=account())
    history = server.store.evidence_revisions(bens.id)
    assert [r.text for r in history] == ["the teacher asks why"]  # Ben's words are kept
    assert server.store.get_evidence(bens.id).observer == "Ben Cho"


def test_file_imports_keep_who_imported_them(tablet, server, tmp_path):
    walk = shared_device_walk(tablet)
    path = tmp_path / "walk.json"
    path.write_text(tablet.export(walk))
    server.import_bundle(path, sent_by="Dana")
    rows = server.store.received_for_walk(walk.id)
    assert rows and {r.sent_by for r in rows} == {"Dana"} and {r.source for r in rows} == {str(path)}


def test_conflicts_and_a_notes_history_show_who_sent_it(tablet, server, tmp_path, capsys):
    from classwalk.features.capture.notes import note_history
    from classwalk.tui.__main__ import main

    walk = shared_device_walk(tablet)
    path = tmp_path / "walk.json"
    path.write_text(tablet.export(walk))
    code = main(["--db", str(server.db_path), "--observer", "Dana", "import", str(path)])
    assert code == 0
    capsys.readouterr()
    assert main(["--db", str(server.db_path), "conflicts", walk.id[:8]]) == 0
    out = capsys.readouterr().out
    assert "Records that arrived by import or sync" in out and "Dana" in out and "walk.json" in out
    note = server.evidence(walk)[0]
    current = note_history(server, note.id)[-1]
    assert current.current and current.sent_by == "Dana" and current.received_at is not None
