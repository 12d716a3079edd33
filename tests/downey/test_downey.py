"""The Downey walkthrough: content, timing, reflective question, follow-up, faculty patterns."""

import datetime as dt

import attrs
import pytest

from classwalk.features.debriefs.debrief import build_debrief
from classwalk.core.records.model import Evidence, Observer, Visit, Walk


@pytest.fixture
def downey(classwalk):
    return classwalk.protocols.get("downey")


def test_five_steps_in_order(downey):
    assert [c.id for c in downey.categories] == ["orientation", "curricular", "instructional", "walls", "safety"]
    assert downey.ordered_categories
    assert all(len(c.look_fors) >= 3 for c in downey.categories)
    assert downey.look_for("curricular.cognitive_level") is not None


def test_solo_observer_and_short_visits(downey):
    assert downey.solo
    assert (downey.timing.min_minutes, downey.timing.target_minutes, downey.timing.max_minutes) == (2, 3, 5)


def test_nothing_in_it_rates_a_teacher(downey):
    from classwalk.core.protocols.toml_files import protocol_to_toml

    text = protocol_to_toml(downey).lower()
    for word in ("score", "rating", "rate the", "grade the teacher"):
        assert word not in text


@pytest.mark.parametrize(
    ("elapsed", "phase"),
    [(0, "before_target"), (179, "before_target"), (180, "at_target"), (300, "at_target"), (301, "past_max")],
)
def test_timing_phases(classwalk, downey, elapsed, phase):
    assert classwalk.timing_status(downey, None, elapsed).phase == phase


def make_visit(walk_id, day, teacher="Ms. Alvarez"):
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.timezone.utc)
    return Visit(walk_id=walk_id, classroom="Room 12", teacher=teacher, started_at=start,
                 ended_at=start + dt.timedelta(minutes=3))


def test_reflective_question_is_open_and_about_a_decision_point(classwalk, downey):
    walk_id = Walk(protocol_id="downey", school="S", date=dt.date(2026, 11, 2)).id
    visit = make_visit(walk_id, dt.date(2026, 11, 2))
    notes = [
        Evidence(walk_id=walk_id, visit_id=visit.id, kind="observation", text="Exit blocked by boxes",
                 look_fors=["safety.hazard"]),
        Evidence(walk_id=walk_id, visit_id=visit.id, kind="objective",
                 text="Students order five fractions and justify the order", look_fors=["curricular.cognitive_level"],
                 mark="analyse"),
    ]
    question = classwalk.reflective_question(downey, visit, notes)
    assert "Students order five fractions" in question
    assert "level of thinking" in question
    assert question.rstrip().endswith("?")
    closing = question.split("\u201d. ", 1)[1]
    assert closing.split()[0] in {"What", "How", "Why", "Which", "When"}


def test_no_question_without_evidence(classwalk, downey):
    visit = make_visit(Walk(protocol_id="downey", school="S", date=dt.date(2026, 11, 2)).id, dt.date(2026, 11, 2))
    assert classwalk.reflective_question(downey, visit, []) is None


def test_follow_up_is_occasional(classwalk, downey, today):
    walk_id = Walk(protocol_id="downey", school="S", date=today).id
    one = [make_visit(walk_id, today)]
    assert not classwalk.follow_up_due(downey, one, [], today).due
    same_day = [make_visit(walk_id, today) for _ in range(3)]
    assert not classwalk.follow_up_due(downey, same_day, [], today).due
    spread = [make_visit(walk_id, today - dt.timedelta(days=d)) for d in (1, 5, 9)]
    suggestion = classwalk.follow_up_due(downey, spread, [], today)
    assert suggestion.due and "3 visits on 3 different days" in suggestion.reason
    stale = [make_visit(walk_id, today - dt.timedelta(days=d)) for d in (40, 45, 50)]
    assert not classwalk.follow_up_due(downey, stale, [], today).due


def test_faculty_debrief_reports_patterns_and_names_no_teacher(classwalk, today):
    store = classwalk.store
    walk = Walk(protocol_id="downey", school="Maple Grove", date=today, observers=[Observer(name="Dana")])
    store.save_walk(walk)
    visits = [make_visit(walk.id, today, teacher=f"Teacher {n}") for n in range(3)]
    for n, visit in enumerate(visits):
        visit = attrs.evolve(visit, classroom=f"Room {n + 10}",
                             started_at=visit.started_at + dt.timedelta(minutes=5 * n),
                             ended_at=visit.ended_at + dt.timedelta(minutes=5 * n))
        store.save_visit(visit)
        store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="objective",
                                    text="objective posted", look_fors=["curricular.objective"],
                                    mark="apply" if n else "create",
                                    captured_at=visit.started_at + dt.timedelta(minutes=1)))
    view = build_debrief(classwalk, walk)
    patterns = {p.id: p for p in view.patterns}
    steps = {row[0]: row[1] for row in patterns["downey_steps"].rows}
    assert steps["2 Curricular decision point"] == 3
    assert steps["1 Student orientation to the work"] == 0
    levels = dict(patterns["downey_cognitive_levels"].rows)
    assert levels["apply"] == 2 and levels["create"] == 1
    matrix = patterns["look_fors_by_classroom"]
    assert matrix.columns[1:4] == ("Room A", "Room B", "Room C")
    rendered = repr(view.patterns)
    assert "Teacher" not in rendered
    assert [p.id for p in view.prompts][-1] == "faculty_question"
