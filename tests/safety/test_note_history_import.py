"""Bundles carry note revisions and deletions, and import merges them without losing a word.

Two devices hold the same walk. Whatever one edits, deletes or restores, importing its
bundle on the other keeps every text either device ever saved; a deletion made without
seeing the other device's edit never hides that edit (the note stays, flagged); and
importing the same bundle again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.features.bundles.importer import import_bundle
from classwalk.features.outputs.export import bundle_json

from tests.support.bundles import tables

DAY = dt.date(2026, 10, 5)
START = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.timezone.utc)


def _records():
    walk = Walk(protocol_id="downey", school="North Park", date=DAY, created_at=START, updated_at=START,
                observers=(Observer(name="Ana"), Observer(name="Ben")))
    visit = Visit(walk_id=walk.id, classroom="N1", observer="Ana", started_at=START,
                  ended_at=START + dt.timedelta(minutes=4))
    note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="Students read the task aloud.",
                    look_fors=("orientation.on_task",), observer="Ana", captured_at=START)
    other = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="Timer on the board.",
                     observer="Ben", captured_at=START + dt.timedelta(minutes=1))
    return SimpleNamespace(walk=walk, visit=visit, note=note, other=other, all=[walk, visit, note, other])


def _pair(folder):
    records = _records()
    here, there = Classwalk(db_path=folder / "here.db"), Classwalk(db_path=folder / "there.db")
    for device in (here, there):
        device.store.save_many(records.all)
    return here, there, records


@pytest.fixture
def devices(tmp_path):
    here, there, records = _pair(tmp_path)
    yield SimpleNamespace(here=here, there=there, r=records)
    here.close()
    there.close()


def _send(source, target, walk_id: str):
    return import_bundle(target, bundle_json(source, walk_id), "bundle.json")


def _texts(classwalk, note_id: str) -> set[str]:
    store = classwalk.store
    return {r.text for r in store.evidence_revisions(note_id)} | {store.get_evidence(note_id).text}


def _notes_counted(classwalk, walk_id: str) -> int:
    return classwalk.store.db.execute("SELECT notes FROM walk_counts WHERE walk_id = ?", [walk_id]).fetchone()[0]


def test_an_edit_travels_with_its_revision_and_a_second_import_changes_nothing(devices):
    r = devices.r
    devices.there.store.edit_evidence(r.note.id, editor="Ben", text="Students read the task aloud in pairs.")
    result = _send(devices.there, devices.here, r.walk.id)
    note = devices.here.store.get_evidence(r.note.id)
    assert note.text == "Students read the task aloud in pairs." and note.edited_by == "Ben"
    assert [x.text for x in devices.here.store.evidence_revisions(r.note.id)] == [r.note.text]
    assert result.updated["notes"] == 1 and result.conflicts == 0
    before = tables(devices.here)
    again = _send(devices.there, devices.here, r.walk.id)
    assert not again.changed and tables(devices.here) == before


def test_a_deletion_travels_and_the_counts_follow(devices):
    r = devices.r
    devices.there.store.delete_evidence(r.other.id, by="Ben")
    _send(devices.there, devices.here, r.walk.id)
    assert [n.id for n in devices.here.store.evidence_for_walk(r.walk.id)] == [r.note.id]
    assert devices.here.store.get_evidence(r.other.id).deleted_by == "Ben"
    assert _notes_counted(devices.here, r.walk.id) == 1


def test_a_restore_is_not_undone_by_the_older_bundle_that_deleted(devices):
    r = devices.r
    devices.there.store.delete_evidence(r.other.id, by="Ben")
    old_bundle = bundle_json(devices.there, r.walk.id)
    devices.there.store.restore_evidence(r.other.id)
    import_bundle(devices.there, old_bundle, "old.json")
    assert not devices.there.store.get_evidence(r.other.id).deleted
    import_bundle(devices.here, old_bundle, "old.json")
    _send(devices.there, devices.here, r.walk.id)
    assert not devices.here.store.get_evidence(r.other.id).deleted
    assert _notes_counted(devices.here, r.walk.id) == 2


@pytest.mark.parametrize("direction", ["deleter first", "editor first"])
def test_a_deletion_never_hides_an_edit_the_deleting_device_had_not_seen(devices, direction):
    r = devices.r
    devices.here.store.delete_evidence(r.note.id, by="Ana")
    devices.there.store.edit_evidence(r.note.id, editor="Ben", text="Students read the task aloud in pairs.")
    first, second = (devices.here, devices.there) if direction == "deleter first" else (devices.there, devices.here)
    result = _send(first, second, r.walk.id)
    assert result.deletions_set_aside == 1
    assert "deleted on one device without seeing an edit" in result.summary()
    _send(second, first, r.walk.id)
    for device in (devices.here, devices.there):
        note = device.store.get_evidence(r.note.id)
        assert not note.deleted and note.text == "Students read the task aloud in pairs."
        assert "Ana deleted this note on another device" in note.conflict_note and "Ben" in note.conflict_note
        assert _texts(device, r.note.id) == {r.note.text, note.text}
        assert r.note.id in {n.id for n in device.store.evidence_for_walk(r.walk.id)}
        assert _notes_counted(device, r.walk.id) == 2
    before = [tables(devices.here), tables(devices.there)]
    assert not _send(devices.here, devices.there, r.walk.id).changed
    assert not _send(devices.there, devices.here, r.walk.id).changed
    assert [tables(devices.here), tables(devices.there)] == before


def test_a_deletion_after_seeing_the_edit_stands(devices):
    r = devices.r
    devices.there.store.edit_evidence(r.note.id, editor="Ben", text="Edited once.")
    _send(devices.there, devices.here, r.walk.id)
    devices.here.store.delete_evidence(r.note.id, by="Ana")
    result = _send(devices.here, devices.there, r.walk.id)
    assert result.deletions_set_aside == 0
    assert devices.there.store.get_evidence(r.note.id).deleted
    assert _texts(devices.there, r.note.id) == {r.note.text, "Edited once."}


def test_edits_on_both_devices_keep_both_texts(devices):
    r = devices.r
    devices.here.store.edit_evidence(r.note.id, editor="Ana", text="Here's version.")
    devices.there.store.edit_evidence(r.note.id, editor="Ben", text="There's version.")
    result = _send(devices.there, devices.here, r.walk.id)
    assert result.conflicts == 1
    assert _texts(devices.here, r.note.id) == {r.note.text, "Here's version.", "There's version."}
    assert devices.here.store.get_evidence(r.note.id).text == "There's version."  # the later edit
    before = tables(devices.here)
    assert not _send(devices.there, devices.here, r.walk.id).changed
    assert tables(devices.here) == before


def test_a_version_1_bundle_still_imports(devices, tmp_path):
    r = devices.r
    data = json.loads(bundle_json(devices.there, r.walk.id))
    data["format_version"] = 1
    data.pop("evidence_revisions")
    for item in data["evidence"]:
        for key in ("edited_at", "edited_by", "deleted_at", "deleted_by", "restored_at", "conflict_note"):
            item.pop(key, None)
    for key in ("deleted_at", "deleted_by"):
        data["walk"].pop(key, None)
    fresh = Classwalk(db_path=tmp_path / "fresh.db")
    try:
        result = import_bundle(fresh, json.dumps(data), "v1.json")
        assert result.new_walk and result.added["notes"] == 2
        assert {n.text for n in fresh.store.evidence_for_walk(r.walk.id)} == {r.note.text, r.other.text}
    finally:
        fresh.close()


def test_a_bundle_revision_of_a_note_not_in_it_is_refused(devices):
    r = devices.r
    devices.there.store.edit_evidence(r.note.id, editor="Ben", text="changed")
    data = json.loads(bundle_json(devices.there, r.walk.id))
    data["evidence"] = [item for item in data["evidence"] if item["id"] != r.note.id]
    before = tables(devices.here)
    with pytest.raises(Exception, match="evidence_revisions\\[0\\].evidence_id"):
        import_bundle(devices.here, json.dumps(data), "bad.json")
    assert tables(devices.here) == before


def test_a_walk_deleted_on_one_device_is_deleted_on_the_other(devices):
    r = devices.r
    devices.there.store.delete_walk(r.walk.id, by="Ben")
    bundle = json.loads(bundle_json(devices.there, r.walk.id))
    assert bundle["walk"]["deleted_at"] and bundle["walk"]["deleted_by"] == "Ben"
    result = _send(devices.there, devices.here, r.walk.id)
    assert result.walk_deleted and "walks undelete" in result.summary()
    assert devices.here.store.list_walks() == [] and devices.here.store.last_deleted_walk().id == r.walk.id
    assert not _send(devices.there, devices.here, r.walk.id).changed
    devices.here.store.restore_walk(r.walk.id)
    assert [w.id for w in devices.here.store.list_walks()] == [r.walk.id]


# any edits on two devices, exchanged both ways: nothing typed is lost ----------------------

STEP = st.one_of(
    st.tuples(st.sampled_from(["here", "there"]), st.just("edit"),
              st.text(alphabet="abcdefgh ", min_size=1, max_size=8).filter(str.strip)),
    st.tuples(st.sampled_from(["here", "there"]), st.just("delete")),
    st.tuples(st.sampled_from(["here", "there"]), st.just("restore")),
    st.tuples(st.sampled_from(["here", "there"]), st.just("send")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, max_size=10))
# each device typed the other's final text on the way to its own
@example(steps=[("here", "edit", "a"), ("here", "edit", "aa"), ("there", "edit", "aa"), ("there", "edit", "a")])
def test_any_exchange_keeps_every_text_and_ends_equal(tmp_path_factory, steps):
    here, there, r = _pair(tmp_path_factory.mktemp("exchange"))
    devices = {"here": here, "there": there}
    saved = {r.note.text}
    try:
        for who, action, *rest in steps:
            device = devices[who]
            other = there if device is here else here
            note = device.store.get_evidence(r.note.id)
            if action == "edit" and not note.deleted:
                device.store.edit_evidence(r.note.id, editor=who, text=rest[0])
                saved.add(device.store.get_evidence(r.note.id).text)
            elif action == "delete":
                device.store.delete_evidence(r.note.id, by=who)
            elif action == "restore":
                device.store.restore_evidence(r.note.id)
            elif action == "send":
                _send(device, other, r.walk.id)
        _send(here, there, r.walk.id)
        _send(there, here, r.walk.id)
        for device in (here, there):
            assert saved <= _texts(device, r.note.id)
            live = len(device.store.evidence_for_walk(r.walk.id))
            assert _notes_counted(device, r.walk.id) == live
        assert here.store.get_evidence(r.note.id).content() == there.store.get_evidence(r.note.id).content()
        assert here.store.get_evidence(r.note.id).deleted == there.store.get_evidence(r.note.id).deleted
        before = [tables(here), tables(there)]
        assert not _send(here, there, r.walk.id).changed and not _send(there, here, r.walk.id).changed
        assert [tables(here), tables(there)] == before
    finally:
        here.close()
        there.close()


@pytest.mark.parametrize("where, value, message", [
    (("evidence", 0, "edited_at"), "2199-01-01T00:00:00+00:00", "evidence[0].edited_at: 2199-01-01T00:00:00+00:00 is in the future"),
    (("evidence", 0, "deleted_by"), "An\u200bna", "evidence[0].deleted_by: holds an invisible character"),
    (("evidence_revisions", 0, "text"), "   ", "evidence_revisions[0].text: only white space"),
    (("evidence_revisions", 0, "replaced_at"), "2199-01-01T00:00:00+00:00", "is in the future"),
])
def test_history_values_in_a_bundle_are_checked_like_every_other(devices, where, value, message):
    r = devices.r
    devices.there.store.edit_evidence(r.note.id, editor="Ben", text="changed")
    data = json.loads(bundle_json(devices.there, r.walk.id))
    data["evidence"].sort(key=lambda item: item["id"] != r.note.id)
    data[where[0]][where[1]][where[2]] = value
    before = tables(devices.here)
    with pytest.raises(Exception, match=message.replace("[", "\\[").replace("]", "\\]").replace("+", "\\+")):
        import_bundle(devices.here, json.dumps(data), "bad.json")
    assert tables(devices.here) == before
