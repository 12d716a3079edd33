"""A Downey walk with known counts, and a tiny app that opens its debrief."""

from __future__ import annotations

import datetime as dt

import pytest

from classwalk.core.records.model import Evidence, NextStep, Observer, Visit, Walk
from tests.support.clock import at
from tests.tui_debrief.debrief_app import CLASSROOMS, NOTES, TEACHERS, WALK_DATE, DebriefTestApp


@pytest.fixture
def walk(classwalk) -> Walk:
    """Three visits, nine notes: on-task 3/1/0, objective 1/2/2, student work 0/1/0."""
    store = classwalk.store
    walk = Walk(
        protocol_id="downey", school="Lincoln Elementary", date=WALK_DATE,
        focus="student discourse", observers=(Observer(name="Dana Reyes", role="observer"),),
        created_at=at(8, 0, day=WALK_DATE), updated_at=at(8, 0, day=WALK_DATE),
    )
    store.save_walk(walk)
    visits = [
        Visit(walk_id=walk.id, classroom=room, teacher=teacher, grade="4", subject="math",
              observer="Dana Reyes", started_at=at(9, 10 * index, day=WALK_DATE), ended_at=at(9, 10 * index + 4, day=WALK_DATE))
        for index, (room, teacher) in enumerate(zip(CLASSROOMS, TEACHERS))
    ]
    store.save_many(visits)
    for number, (room, tags, groups, kind) in enumerate(NOTES):
        visit = visits[room]
        store.add_evidence(Evidence(
            walk_id=walk.id, visit_id=visit.id, kind=kind, look_fors=tags, student_groups=groups,
            text=f"note {number}: 20 of 24 students writing", observer="Dana Reyes",
            captured_at=visit.started_at + dt.timedelta(minutes=1, seconds=number),
        ))
    store.save_next_step(NextStep(
        walk_id=walk.id, text="Share the on-task counts at the staff meeting",
        owner="Principal", due=dt.date(2026, 12, 4), kind="PLC",
    ))
    return walk


@pytest.fixture
def app(classwalk, walk, tmp_path):
    return DebriefTestApp(classwalk, walk.id, export_folder=tmp_path)


@pytest.fixture(autouse=True)
def times_in_utc():
    """Times read the same on every machine running the tests: shown in UTC unless a test says otherwise."""
    from classwalk.features.outputs import localtime

    localtime.use_zone("UTC")
    yield
    localtime.use_zone(None)
