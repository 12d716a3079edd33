"""Walks recorded through the capture API, as an observer's keys would record them."""

from __future__ import annotations

from attrs import evolve

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.features.capture import shapes as capture
from tests.support.clock import LESSON_START, at


def lesson_walk(classwalk, school="Hillside High", date=None, cycle_id=None):
    """Two lessons coded in 2-minute intervals: 4 intervals in Lab 2, 3 in Lab 5."""
    store = classwalk.store
    protocol = classwalk.protocols.get("lesson_intervals")
    day = date or LESSON_START.date()  # the lessons happen on the walk's date

    walk = Walk(protocol_id=protocol.id, school=school, date=date or LESSON_START.date(),
                observers=(Observer(name="Ana"),), cycle_id=cycle_id, status="debriefing")
    store.save_walk(walk)
    first = Visit(walk_id=walk.id, classroom="Lab 2", observer="Ana", started_at=at(9, 0, day=day))
    store.save_visit(first)
    plan = {  # minute -> keys ticked (codes) and the engagement choice
        0.5: (["students.listening", "instructor.lecturing"], "some"),
        2.5: (["students.listening", "instructor.lecturing", "instructor.writing"], "few"),
        4.5: (["students.groups", "instructor.moving"], "most"),
        6.5: (["students.groups", "students.question", "instructor.answering"], "most"),
    }
    for minute, (codes, engaged) in plan.items():
        for code in codes:
            capture.toggle_code(store, protocol, walk, first, "Ana", code, at=at(9, minute, day=day))
        capture.choose(store, protocol, walk, first, "Ana", "engagement", engaged, at=at(9, minute, day=day))
    store.add_evidence(Evidence(walk_id=walk.id, visit_id=first.id, kind="observation", observer="Ana",
                                text="groups compare two graphs of the same data", captured_at=at(9, 5, day=day)))
    capture.answer_item(store, protocol, walk, first, "Ana", "layout", "tables", at=at(9, 1, day=day))
    first = store.end_visit(first.id, at=at(9, 8, day=day))
    second = Visit(walk_id=walk.id, classroom="Lab 5", observer="Ana", started_at=at(9, 10, day=day))
    store.save_visit(second)
    for minute, codes in {10.5: ["students.listening", "instructor.lecturing"],
                          12.5: ["students.individual", "instructor.moving"],
                          14.5: ["students.individual"]}.items():
        for code in codes:
            capture.toggle_code(store, protocol, walk, second, "Ana", code, at=at(9, minute, day=day))
    capture.answer_item(store, protocol, walk, second, "Ana", "layout", "rows", at=at(9, 11, day=day))
    store.end_visit(second.id, at=at(9, 16, day=day))
    return walk


def snapshot_walk(classwalk):
    """A walkthrough with counts at minutes 2 and 8 and one taken on demand."""
    store = classwalk.store
    protocol = classwalk.protocols.get("engagement_snapshots")
    walk = Walk(protocol_id=protocol.id, school="Hillside High", date=LESSON_START.date(),
                observers=(Observer(name="Ana"),), status="debriefing")
    store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom="Room 4", observer="Ana", started_at=at(9, 0))
    store.save_visit(visit)
    capture.record_snapshot(store, protocol, walk, visit, "Ana", "on_task", 18, 24, minute=2.0, at=at(9, 2.2))
    capture.record_snapshot(store, protocol, walk, visit, "Ana", "on_task", 21, 24, minute=8.0, at=at(9, 8.1))
    capture.record_snapshot(store, protocol, walk, visit, "Ana", "talking_content", 6, 24, at=at(9, 5))
    capture.answer_item(store, protocol, walk, visit, "Ana", "grouping", "pairs", at=at(9, 3))
    capture.answer_item(store, protocol, walk, visit, "Ana", "objective", "compare fractions", at=at(9, 3))
    store.add_evidence(Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", observer="Ana",
                                text="pairs explain why 3/4 is more than 2/3", look_fors=("task.explain",),
                                captured_at=at(9, 4)))
    store.end_visit(visit.id, at=at(9, 10))
    return evolve(walk)
