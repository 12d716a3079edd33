"""Editing and deleting a saved note keeps its history; the running counts follow.

An edit keeps the replaced version as an ``EvidenceRevision``; a deletion is a tombstone
(left out of listings and counts) that ``restore_evidence`` undoes. After any sequence
of edits, deletions and restores, every text ever saved is still in the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.core.storage.store import Store

LOOK_FORS = ("orientation.on_task", "curricular.objective", "walls.objectives")


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


@pytest.fixture
def room(store):
    walk = Walk(protocol_id="downey", school="Maple Grove", date=dt.date(2026, 11, 2),
                observers=[Observer(name="Dana"), Observer(name="Sam")])
    visit = Visit(walk_id=walk.id, classroom="Room 12", observer="Dana")
    store.save_many([walk, visit])
    return walk, visit


def _note(room, text="18 of 22 students at work", look_fors=("orientation.on_task",), **extra) -> Evidence:
    walk, visit = room
    return Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=text,
                    look_fors=look_fors, observer="Dana", **extra)


def counted(store, walk_id: str) -> tuple[int, dict]:
    """(notes, look-for -> (notes, visits)) as the running counts hold them."""
    notes = store.db.execute("SELECT notes FROM walk_counts WHERE walk_id = ?", [walk_id]).fetchone()
    tags = {row[0]: (row[1], row[2]) for row in store.db.execute(
        "SELECT look_for, notes, visits FROM walk_look_for_counts WHERE walk_id = ?", [walk_id])}
    return (notes[0] if notes else 0), tags


def recounted(store, walk_id: str) -> tuple[int, dict]:
    """The same numbers worked out afresh from the live notes."""
    live = store.evidence_for_walk(walk_id)
    tags: dict = {}
    for look_for in {tag for item in live for tag in item.look_fors}:
        having = [item for item in live if look_for in item.look_fors]
        tags[look_for] = (len(having), len({item.visit_id for item in having}))
    return len(live), tags


def test_an_edit_keeps_the_previous_version_as_a_revision(store, room):
    note = _note(room, student_groups=("multilingual",))
    store.add_evidence(note)
    edited = store.edit_evidence(note.id, editor="Sam", text="19 of 22 students at work",
                                 look_fors=["curricular.objective"], student_groups=[], mark="")
    assert edited.text == "19 of 22 students at work" and edited.look_fors == ("curricular.objective",)
    assert edited.edited_by == "Sam" and edited.edited_at is not None and edited.observer == "Dana"
    assert store.get_evidence(note.id) == edited
    [revision] = store.evidence_revisions(note.id)
    assert (revision.text, revision.look_fors, revision.student_groups) == (
        note.text, note.look_fors, ("multilingual",))
    assert revision.written_by == "Dana" and revision.written_at == note.captured_at
    assert revision.replaced_by == "Sam" and revision.replaced_at == edited.edited_at


def test_only_what_is_given_changes_and_an_edit_that_changes_nothing_writes_nothing(store, room):
    note = _note(room, mark="apply")
    store.add_evidence(note)
    assert store.edit_evidence(note.id, editor="Sam", text=note.text) == note
    assert store.evidence_revisions(note.id) == []
    kept = store.edit_evidence(note.id, editor="Sam", student_groups=["whole_class"])
    assert (kept.text, kept.look_fors, kept.mark) == (note.text, note.look_fors, "apply")
    cleared = store.edit_evidence(note.id, editor="Sam", mark="")
    assert cleared.mark is None
    assert [r.mark for r in store.evidence_revisions(note.id)] == ["apply", "apply"]


def test_a_second_edit_credits_the_first_editor_with_the_version_it_replaces(store, room):
    note = _note(room)
    store.add_evidence(note)
    store.edit_evidence(note.id, editor="Sam", text="second")
    store.edit_evidence(note.id, editor="Dana", text="third")
    revisions = store.evidence_revisions(note.id)
    assert [(r.text, r.written_by, r.replaced_by) for r in revisions] == [
        (note.text, "Dana", "Sam"), ("second", "Sam", "Dana")]


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_a_note_cannot_be_emptied_by_an_edit(store, room, text):
    note = _note(room)
    store.add_evidence(note)
    with pytest.raises(ClasswalkError, match="delete the note instead"):
        store.edit_evidence(note.id, editor="Sam", text=text)
    assert store.get_evidence(note.id) == note and store.evidence_revisions(note.id) == []


def test_delete_is_a_tombstone_hidden_from_listings_and_undone_by_restore(store, room):
    walk, visit = room
    kept, gone = _note(room, text="kept"), _note(room, text="gone")
    store.save_many([kept, gone])
    store.delete_evidence(gone.id, by="Sam")
    assert store.evidence_for_walk(walk.id) == [kept] and store.evidence_for_visit(visit.id) == [kept]
    tombstone = store.get_evidence(gone.id)
    assert tombstone.deleted and tombstone.deleted_by == "Sam" and tombstone.text == "gone"
    assert store.evidence_for_walk(walk.id, deleted=True) == [tombstone]
    store.delete_evidence(gone.id, by="Dana")  # a second deletion keeps the first
    assert store.get_evidence(gone.id) == tombstone
    store.restore_evidence(gone.id)
    restored = store.get_evidence(gone.id)
    assert not restored.deleted and restored.deleted_by == "" and restored.restored_at >= tombstone.deleted_at
    assert sorted(item.text for item in store.evidence_for_walk(walk.id)) == ["gone", "kept"]


def test_a_deleted_note_is_restored_before_it_is_edited(store, room):
    note = _note(room)
    store.add_evidence(note)
    store.delete_evidence(note.id, by="Dana")
    with pytest.raises(ClasswalkError, match="restore it"):
        store.edit_evidence(note.id, editor="Dana", text="changed")


def test_unknown_notes_are_not_found(store, room):
    for action in (lambda: store.delete_evidence("0" * 8 + "-0000-4000-8000-" + "0" * 12, by="x"),
                   lambda: store.restore_evidence("missing"),
                   lambda: store.edit_evidence("missing", editor="x", text="y")):
        with pytest.raises(NotFound):
            action()


def test_the_running_counts_follow_edits_deletes_and_restores(store, room):
    walk, _visit = room
    first, second = _note(room, look_fors=LOOK_FORS[:2]), _note(room, text="other", look_fors=LOOK_FORS[:1])
    store.save_many([first, second])
    assert counted(store, walk.id) == recounted(store, walk.id) == (2, {
        LOOK_FORS[0]: (2, 1), LOOK_FORS[1]: (1, 1)})
    store.edit_evidence(first.id, editor="Sam", look_fors=[LOOK_FORS[2]])
    assert counted(store, walk.id) == recounted(store, walk.id) == (2, {LOOK_FORS[0]: (1, 1), LOOK_FORS[2]: (1, 1)})
    store.delete_evidence(second.id, by="Sam")
    assert counted(store, walk.id) == recounted(store, walk.id) == (1, {LOOK_FORS[2]: (1, 1)})
    store.restore_evidence(second.id)
    assert counted(store, walk.id) == recounted(store, walk.id) == (2, {LOOK_FORS[0]: (1, 1), LOOK_FORS[2]: (1, 1)})


def test_saving_a_tombstone_again_counts_nothing(store, room):
    walk, _visit = room
    note = _note(room)
    store.add_evidence(note)
    store.delete_evidence(note.id, by="Dana")
    store.save(store.get_evidence(note.id))  # what an import of a deleted note does
    assert counted(store, walk.id) == recounted(store, walk.id) == (0, {})


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.text(min_size=1, max_size=20).filter(str.strip),
                  st.lists(st.sampled_from(LOOK_FORS), max_size=3), st.sampled_from(["Dana", "Sam", ""])),
        st.tuples(st.just("delete"), st.sampled_from(["Dana", "Sam"])),
        st.tuples(st.just("restore")),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_after_any_edits_deletes_and_restores_every_text_ever_saved_is_kept(tmp_path_factory, actions):
    with Store(tmp_path_factory.mktemp("history") / "walks.db") as store:
        walk = Walk(protocol_id="downey", school="Maple Grove", date=dt.date(2026, 11, 2))
        visit = Visit(walk_id=walk.id, classroom="Room 12")
        note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="first",
                        look_fors=LOOK_FORS[:1], observer="Dana")
        store.save_many([walk, visit, note])
        saved, deleted = ["first"], False
        for action in actions:
            if action[0] == "edit":
                if deleted:
                    with pytest.raises(ClasswalkError):
                        store.edit_evidence(note.id, editor=action[3], text=action[1])
                    continue
                store.edit_evidence(note.id, editor=action[3], text=action[1], look_fors=action[2])
                saved.append(action[1])
            elif action[0] == "delete":
                store.delete_evidence(note.id, by=action[1])
                deleted = True
            else:
                store.restore_evidence(note.id)
                deleted = False
        current = store.get_evidence(note.id)
        history = [revision.text for revision in store.evidence_revisions(note.id)] + [current.text]
        assert set(saved) <= set(history)
        assert current.text == saved[-1] and current.deleted == deleted
        assert counted(store, walk.id) == recounted(store, walk.id)
