"""The visit's evidence list shows which notes were edited and which an import kept flagged."""

from __future__ import annotations

import pytest
from attrs import evolve

from classwalk.features.capture.notes import edit_note
from classwalk.tui.widgets.evidence_list import entry_line
from tests.support.records import objective_note


@pytest.fixture
def note(classwalk):
    return objective_note(classwalk)


def test_the_visit_list_marks_edited_and_flagged_notes(classwalk, note):
    visit = classwalk.store.get_visit(note.visit_id)
    protocol = classwalk.protocols.get("downey")
    plain = entry_line(note, visit, protocol, {}).plain
    assert "(edited)" not in plain and "⚑" not in plain
    edited = edit_note(classwalk, note.id, editor="Sam", text="Compare two fractions on a number line")
    assert entry_line(edited, visit, protocol, {}).plain.endswith("Compare two fractions on a number line (edited)")
    flagged = evolve(edited, conflict_note="Ana deleted this note on another device")
    assert "⚑ kept after a deletion elsewhere Compare" in entry_line(flagged, visit, protocol, {}).plain
