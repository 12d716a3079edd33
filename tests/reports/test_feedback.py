"""Individual feedback: one teacher's visits only, a reflective question, status and due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.cli import main
from classwalk.core.errors import ClasswalkError, NotFound
from classwalk.features.debriefs.feedback import (
    DUE_AFTER, draft_feedback, overdue, set_status, teacher_feedback,
)
from tests.reports.report_tools import TEACHERS, row, table


def test_draft_uses_the_protocols_question_and_is_due_48_hours_after_the_visit(classwalk, fixture_walks):
    visit = fixture_walks.first.visits["N1"]
    item = draft_feedback(classwalk, visit.id[:8])
    assert item.question.startswith("I noticed:") and "note 0 in N1" in item.question
    assert item.due == visit.ended_at + DUE_AFTER == visit.ended_at + dt.timedelta(hours=48)
    assert item.status == "drafted" and item.teacher == TEACHERS["N1"]
    assert classwalk.store.feedback_for_visit(visit.id) == [item]


def test_own_question_and_due_date(classwalk, fixture_walks):
    due = dt.datetime(2026, 10, 6, 12, 0, tzinfo=dt.timezone.utc)
    item = draft_feedback(classwalk, fixture_walks.first.visits["N3"].id, "What did you plan for the opening?", due)
    assert (item.question, item.due) == ("What did you plan for the opening?", due)


def test_overdue_lists_drafted_items_past_due_until_shared(classwalk, fixture_walks):
    visit = fixture_walks.first.visits["N2"]
    item = draft_feedback(classwalk, visit.id)
    assert overdue(classwalk.store, at=item.due - dt.timedelta(seconds=1)) == []
    assert [f.id for f in overdue(classwalk.store, at=item.due + dt.timedelta(seconds=1))] == [item.id]
    assert set_status(classwalk, item.id[:8], "shared").status == "shared"
    assert overdue(classwalk.store, at=item.due + dt.timedelta(days=9)) == []
    assert set_status(classwalk, item.id, "discussed").status == "discussed"
    with pytest.raises(ClasswalkError, match="unknown feedback status"):
        set_status(classwalk, item.id, "graded")
    with pytest.raises(NotFound):
        set_status(classwalk, "ffffffff", "shared")


def test_teacher_feedback_holds_only_that_teachers_visits(classwalk, fixture_walks):
    patterns = teacher_feedback(classwalk, TEACHERS["N2"], today=dt.date(2026, 10, 20))
    visits = table(patterns, "teacher_visits")
    assert [r[1] for r in visits.rows] == ["2026-10-05", "2026-10-19"]
    assert {r[2] for r in visits.rows} == {"N2"}
    assert visits.rows[1][-1] == "working on the task as you enter; a strategy in use"
    follow_up = row(table(patterns, "teacher_follow_up"), "Downey walkthrough")
    assert follow_up[1] == "not yet" and "2 recent visit(s)" in follow_up[2]
    text = repr(patterns)
    for room, teacher in TEACHERS.items():
        if room != "N2":
            assert teacher not in text
    with pytest.raises(NotFound):
        teacher_feedback(classwalk, "Nobody Here")


def test_feedback_commands(classwalk, fixture_walks, capsys):
    db = ["--db", str(classwalk.db_path)]
    visit = fixture_walks.first.visits["N1"]
    assert main([*db, "feedback", "draft", visit.id[:8], "--due-by", "2026-10-06 09:00"]) == 0
    assert "due 2026-10-06 09:00" in capsys.readouterr().out
    assert main([*db, "feedback", "--due"]) == 0
    listing = capsys.readouterr().out
    assert "overdue" in listing and TEACHERS["N1"] in listing
    item = classwalk.store.feedback_for_visit(visit.id)[0]
    assert main([*db, "feedback", "status", item.id[:8], "shared"]) == 0
    capsys.readouterr()
    assert main([*db, "feedback", "--due"]) == 0
    assert "nothing overdue" in capsys.readouterr().out
    assert main([*db, "feedback", "teacher", TEACHERS["N1"]]) == 0
    assert f"# Feedback for {TEACHERS['N1']}" in capsys.readouterr().out
    assert main([*db, "feedback", "draft", "zzzz"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_feedback_is_written_by_the_visits_observer_or_the_one_named(classwalk, fixture_walks, capsys):
    visit = fixture_walks.first.visits["N1"]
    assert draft_feedback(classwalk, visit.id).author == visit.observer == "Pat Observer"
    assert draft_feedback(classwalk, visit.id, "Which minute mattered?", author="Dana").author == "Dana"
    db = ["--db", str(classwalk.db_path)]
    assert main([*db, "--observer", "Sam Ortiz", "feedback", "draft", fixture_walks.first.visits["N2"].id[:8]]) == 0
    assert [f.author for f in classwalk.store.feedback_for_visit(fixture_walks.first.visits["N2"].id)] == ["Sam Ortiz"]
