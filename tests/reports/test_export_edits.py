"""Exports say which notes were edited and by whom, and count the deleted ones: author and editor
are named the same way in the Markdown, the CSV and the debrief's Notes tab."""

from __future__ import annotations

import csv
import datetime as dt
import io

from classwalk.features.capture import notes
from classwalk.features.debriefs.debrief import note_credit
from classwalk.features.outputs.export import evidence_csv, walk_markdown
from tests.reports.report_tools import WalkMaker


def _walk_with_an_edit_and_a_deletion(classwalk):
    maker = WalkMaker("North Park", dt.date(2026, 10, 5))
    maker.visit("N1", ("orientation.on_task",), (), ())
    classwalk.store.save_many(maker.records)
    first, second, third = classwalk.store.evidence_for_walk(maker.walk.id)
    notes.edit_note(classwalk, first.id, editor="Ben Okafor", text="12 of 14 students working")
    notes.edit_note(classwalk, second.id, editor=second.observer, text="objective posted on the board")
    notes.delete_note(classwalk, third.id, by="Ben Okafor")
    return maker.walk


def test_the_markdown_marks_edits_and_counts_deletions(classwalk):
    walk = _walk_with_an_edit_and_a_deletion(classwalk)
    text = walk_markdown(classwalk, walk.id)
    assert "12 of 14 students working _(look-fors: working on the task as you enter · by: Pat Observer, edited by Ben Okafor)_" in text
    assert "objective posted on the board _(by: Pat Observer, edited)_" in text
    assert "- **Notes:** 2 (2 edited; 1 deleted, left out)" in text


def test_the_csv_names_author_and_editor(classwalk):
    walk = _walk_with_an_edit_and_a_deletion(classwalk)
    rows = list(csv.DictReader(io.StringIO(evidence_csv(classwalk, walk.id))))
    assert [(r["observer"], r["edited_by"]) for r in rows] == [("Pat Observer", "Ben Okafor"),
                                                               ("Pat Observer", "Pat Observer")]
    assert all(r["edited_at"] for r in rows)


def test_credit_names_the_author_first_everywhere(classwalk):
    walk = _walk_with_an_edit_and_a_deletion(classwalk)
    credits = [note_credit(item) for item in classwalk.store.evidence_for_walk(walk.id)]
    assert credits == ["Pat Observer, edited by Ben Okafor", "Pat Observer, edited"]
