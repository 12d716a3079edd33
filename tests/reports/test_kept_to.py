"""A walk kept to some look-fors reports only those; the rest share one line."""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.features.debriefs.debrief import build_debrief
from classwalk.features.outputs.export import walk_markdown
from tests.reports.report_tools import table
from tests.support.clock import at


def _rigour_walk(classwalk, kept_to=("academic_rigor",)):
    day = dt.date(2026, 11, 23)
    walk = Walk(protocol_id="ifl_learning_walk", school="Lincoln Elem", date=day, focus="rigour",
                guiding_question="Where is the thinking?", focus_categories=kept_to,
                observers=(Observer(name="Ana"), Observer(name="Ben")))
    visit = Visit(walk_id=walk.id, classroom="N1", started_at=at(9, 0, day=day), ended_at=at(9, 12, day=day))
    notes = [Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=f"note {n}", look_fors=tags,
                      observer="Ana", captured_at=at(9, n + 1, day=day))
             for n, tags in enumerate([("rigor.core_concept",), ("talk.builds_on",), ("rigor.high_demand",
                                                                                       "talk.evidence")])]
    classwalk.store.save_many([walk, visit, *notes])
    return walk


def test_a_walk_kept_to_one_lens_lists_its_look_fors_and_one_line_for_the_rest(classwalk):
    walk = _rigour_walk(classwalk)
    matrix = table(build_debrief(classwalk, walk).patterns, "look_fors_by_classroom")
    labels = [row[0] for row in matrix.rows]
    assert len(labels) == 4 + 1  # the four rigour look-fors, then the others in one line
    assert labels[-1] == "other look-fors (30, not the walk's focus)"
    assert list(matrix.rows[-1][1:]) == [2, 2]  # two notes carry a tag from outside the focus
    assert "The walk was kept to" in matrix.note
    text = walk_markdown(classwalk, walk.id)
    assert "other look-fors (30, not the walk's focus)" in text
    outside = classwalk.protocols.get("ifl_learning_walk").look_for_label("effort.same_goal")
    assert outside not in text


def test_a_walk_kept_to_nothing_lists_every_look_for(classwalk):
    walk = _rigour_walk(classwalk, kept_to=())
    matrix = table(build_debrief(classwalk, walk).patterns, "look_fors_by_classroom")
    assert len(matrix.rows) == 34
