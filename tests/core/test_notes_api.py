"""The notes API the screens call: edits checked against the protocol, full history."""

from __future__ import annotations

import pytest

from classwalk.core.errors import ClasswalkError
from classwalk.features.capture.notes import delete_note, edit_note, note_history, restore_note
from tests.support.records import objective_note


@pytest.fixture
def note(classwalk):
    return objective_note(classwalk)


@pytest.mark.parametrize("change, message", [
    ({"look_fors": ["no.such"]}, "look-for 'no.such' is not one of"),
    ({"student_groups": ["left_handed"]}, "student group 'left_handed' is not one of"),
    ({"mark": "memorise"}, "mark 'memorise' is not a mark of 'objective and task level' notes \\(choose from"),
])
def test_an_edit_outside_the_protocol_is_refused_and_changes_nothing(classwalk, note, change, message):
    with pytest.raises(ClasswalkError, match=message):
        edit_note(classwalk, note.id, editor="Sam", text="changed", **change)
    assert classwalk.store.get_evidence(note.id) == note
    assert classwalk.store.evidence_revisions(note.id) == []


def test_history_lists_every_version_oldest_first_with_its_writer(classwalk, note):
    edit_note(classwalk, note.id, editor="Sam", text="Compare two fractions with a number line", mark="apply")
    edit_note(classwalk, note.id, editor="Dana", look_fors=["curricular.objective", "walls.objectives"])
    history = note_history(classwalk, note.id)
    assert [(v.text, v.mark, v.written_by, v.current) for v in history] == [
        ("Compare two fractions", "understand", "Dana", False),
        ("Compare two fractions with a number line", "apply", "Sam", False),
        ("Compare two fractions with a number line", "apply", "Dana", True),
    ]
    assert history[-1].look_fors == ("curricular.objective", "walls.objectives")


def test_delete_and_restore_through_the_api(classwalk, note):
    delete_note(classwalk, note.id, by="Sam")
    assert classwalk.store.evidence_for_walk(note.walk_id) == []
    restore_note(classwalk, note.id)
    assert [n.id for n in classwalk.store.evidence_for_walk(note.walk_id)] == [note.id]


def test_the_public_api_clears_a_mark_with_empty_text(tmp_path, note, classwalk):
    from classwalk import open_db

    with open_db(classwalk.db_path) as db:
        cleared = db.edit_evidence(note.id, editor="Sam", mark="")
        assert cleared.mark is None and db.evidence_revisions(note.id)[0].mark == "understand"

