"""Walk, school, cycle and district reports on fixture walks with counts known by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.core.errors import ClasswalkError
from classwalk.features.reports import (
    cycle_report, district_report, render_report, school_report, walk_report,
)
from tests.reports.report_tools import row, table

ON_TASK = "working on the task as you enter"
OBJECTIVE = "objective can be named"
STRATEGY = "a strategy in use"
DOWNEY = "Downey walkthrough"


def test_walk_report_counts_notes_per_anonymous_room(classwalk, fixture_walks):
    patterns = walk_report(classwalk, fixture_walks.first.walk.id[:8])
    matrix = table(patterns, "look_fors_by_classroom")
    assert matrix.columns == ("look-for", "Room A", "Room B", "Room C", "total")
    assert row(matrix, ON_TASK) == [ON_TASK, 2, 0, 0, 2]
    assert row(matrix, OBJECTIVE) == [OBJECTIVE, 1, 1, 0, 2]
    summary = table(patterns, "walk_summary")
    assert row(summary, "visits") == ["visits", 3]
    assert row(summary, "notes") == ["notes", 4]
    assert row(table(patterns, "downey_steps"), "1 Student orientation to the work")[1:] == [1, 3]
    assert not [p for p in patterns if p.id == "cycle_changes"]


def test_walk_report_shows_change_since_the_previous_walk_of_its_cycle(classwalk, fixture_walks):
    changes = table(walk_report(classwalk, fixture_walks.second.walk.id), "cycle_changes")
    assert row(changes, ON_TASK) == [ON_TASK, "1 of 3", "2 of 2", "rose"]
    assert row(changes, OBJECTIVE) == [OBJECTIVE, "2 of 3", "0 of 2", "no longer noted"]
    assert row(changes, STRATEGY) == [STRATEGY, "0 of 3", "1 of 2", "new focus"]
    assert row(changes, "students say what they are doing")[-1] == "not noted"


def test_school_report_counts_look_fors_over_the_range(classwalk, fixture_walks):
    patterns = school_report(classwalk, "North Park", None, None)
    assert row(table(patterns, "school_summary"), DOWNEY) == [DOWNEY, 2, 5, 3, 6]
    seen = table(patterns, "look_fors_seen")
    assert row(seen, DOWNEY, ON_TASK) == [DOWNEY, ON_TASK, 3, 5, 4]
    assert row(seen, DOWNEY, OBJECTIVE) == [DOWNEY, OBJECTIVE, 2, 5, 2]
    assert row(seen, DOWNEY, STRATEGY) == [DOWNEY, STRATEGY, 1, 5, 1]
    monthly = table(patterns, "look_fors_by_month")
    assert monthly.columns == ("protocol", "look-for", "2026-10")
    assert row(monthly, DOWNEY, "visits") == [DOWNEY, "visits", 5]
    assert row(table(patterns, "evidence_kinds"), DOWNEY, "observation")[-1] == 6


def test_school_report_keeps_to_its_dates(classwalk, fixture_walks):
    patterns = school_report(classwalk, "North Park", dt.date(2026, 10, 10), dt.date(2026, 10, 31))
    assert row(table(patterns, "school_summary"), DOWNEY) == [DOWNEY, 1, 2, 2, 2]
    assert row(table(patterns, "look_fors_seen"), DOWNEY, ON_TASK)[2:] == [2, 2, 2]
    assert row(table(patterns, "look_fors_seen"), DOWNEY, OBJECTIVE)[2:] == [0, 2, 0]
    empty = school_report(classwalk, "North Park", dt.date(2027, 1, 1), dt.date(2027, 2, 1))
    assert table(empty, "school_summary").rows == ()


def test_school_report_refuses_unknown_school_and_reversed_range(classwalk, fixture_walks):
    with pytest.raises(ClasswalkError, match="no walks at a school named 'Nowhere'"):
        school_report(classwalk, "Nowhere", None, None)
    with pytest.raises(ClasswalkError, match="ends .* before it starts"):
        school_report(classwalk, "North Park", dt.date(2026, 11, 1), dt.date(2026, 10, 1))


def test_cycle_report_sets_walks_side_by_side_and_starts_the_next(classwalk, fixture_walks):
    patterns = cycle_report(classwalk, fixture_walks.cycle.id[:6])
    walks = table(patterns, "cycle_walks")
    assert [list(r[3:]) for r in walks.rows] == [[3, 4], [2, 2]]
    look_fors = table(patterns, "cycle_look_fors")
    assert look_fors.columns == ("look-for", "2026-10-05", "2026-10-19")
    assert row(look_fors, "visits") == ["visits", 3, 2]
    assert row(look_fors, ON_TASK) == [ON_TASK, 1, 2]
    assert row(table(patterns, "cycle_changes"), ON_TASK)[-1] == "rose"
    start = table(patterns, "cycle_next_walk")
    assert row(start, "focus") == ["focus", "orientation and strategy"]
    steps = [r[1] for r in start.rows if r[0] == "open next step"]
    assert steps == ["Share the entry routine at the staff meeting (PLC, due 2026-10-12)"]


def test_district_report_sets_schools_side_by_side(classwalk, fixture_walks):
    patterns = district_report(classwalk)
    schools = table(patterns, "district_schools")
    assert row(schools, "North Park") == ["North Park", 2, 5, 3, 6]
    assert row(schools, "South Hill") == ["South Hill", 1, 1, 1, 1]
    assert row(schools, "all schools") == ["all schools", 3, 6, 4, 7]
    by_school = table(patterns, "look_fors_by_school.downey")
    assert by_school.columns == ("look-for", "North Park", "South Hill", "all schools")
    assert row(by_school, "visits") == ["visits", 5, 1, 6]
    assert row(by_school, ON_TASK) == [ON_TASK, 3, 1, 4]
    assert row(by_school, OBJECTIVE) == [OBJECTIVE, 2, 0, 2]
    november = district_report(classwalk, dt.date(2026, 11, 1), None)
    assert [r[0] for r in table(november, "district_schools").rows] == ["South Hill"]


def test_running_counts_follow_edits_and_deletes(classwalk, fixture_walks):
    store = classwalk.store
    first = fixture_walks.first
    notes = store.evidence_for_visit(first.visits["N1"].id)
    store.delete_evidence(notes[0].id, by="")
    from attrs import evolve

    store.add_evidence(evolve(notes[1], look_fors=("curricular.objective",)))
    store.add_evidence(evolve(notes[1], look_fors=("curricular.objective", "walls.objectives")))
    recomputed = sorted(
        tuple(r) for r in store.db.execute(
            "SELECT walk_id, look_for, COUNT(*), COUNT(DISTINCT visit_id) FROM evidence_look_fors GROUP BY 1, 2"
        ).fetchall()
    )
    kept = sorted(tuple(r) for r in store.db.execute(
        "SELECT walk_id, look_for, notes, visits FROM walk_look_for_counts").fetchall())
    assert kept == recomputed
    notes_per_walk = dict(store.db.execute(
        "SELECT walk_id, COUNT(*) FROM evidence WHERE deleted_at IS NULL GROUP BY walk_id").fetchall())
    assert dict(store.db.execute("SELECT walk_id, notes FROM walk_counts").fetchall()) == notes_per_walk
    seen = table(school_report(classwalk, "North Park"), "look_fors_seen")
    assert row(seen, DOWNEY, ON_TASK)[2:] == [2, 5, 2]
    assert row(seen, DOWNEY, OBJECTIVE)[2:] == [2, 5, 2]


def test_reports_render_as_markdown_and_csv(classwalk, fixture_walks):
    patterns = school_report(classwalk, "North Park")
    markdown = render_report("North Park", patterns, "md")
    assert markdown.startswith("# North Park\n")
    assert f"| {DOWNEY} | {ON_TASK} | 3 | 5 | 4 |" in markdown
    long_form = render_report("North Park", patterns, "csv").splitlines()
    assert long_form[0] == "table,row,column,value,row_id,count,denominator,share"
    assert "school_summary,Downey walkthrough,visits,5,,,," in long_form
    one = render_report("North Park", patterns, "csv", table="look_fors_seen").splitlines()
    assert one[0] == "protocol,look-for,visits noting it,visits,notes,id"
    assert f"{DOWNEY},{ON_TASK},3,5,4,downey:orientation.on_task" in one
    with pytest.raises(ClasswalkError, match="no table 'nope'"):
        render_report("North Park", patterns, "csv", table="nope")
