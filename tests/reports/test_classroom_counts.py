"""Classrooms are counted once however many protocols walked them.

North Park has six classrooms, P1–P6. Downey walks visit all six, an IFL walk visits
P1–P4 and an ILW walk P1–P3: 13 classroom visits under three protocols, six classrooms.
South Hill has two classrooms walked under two protocols; its "P1" is another room.
"""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Visit, Walk
from classwalk.features.reports import district_report, school_report
from tests.reports.report_tools import row, table
from tests.support.clock import at

DAY = dt.date(2026, 10, 5)


def _walk(protocol_id: str, school: str, rooms, day: dt.date = DAY) -> list:
    walk = Walk(protocol_id=protocol_id, school=school, date=day)
    visits = [Visit(walk_id=walk.id, classroom=room, started_at=at(9, i, day=day), ended_at=at(9, i + 3, day=day))
              for i, room in enumerate(rooms)]
    return [walk, *visits]


def _save(classwalk) -> None:
    rooms = [f"P{n}" for n in range(1, 7)]
    classwalk.store.save_many([
        *_walk("downey", "North Park", rooms),
        *_walk("downey", "North Park", rooms[:2], DAY + dt.timedelta(days=7)),
        *_walk("ifl_learning_walk", "North Park", rooms[:4]),
        *_walk("ilw_tiered", "North Park", rooms[:3]),
        *_walk("downey", "South Hill", ["P1", "S2"]),
        *_walk("ifl_learning_walk", "South Hill", ["S2"]),
    ])


def test_the_school_report_counts_six_classrooms_not_thirteen(classwalk):
    _save(classwalk)
    summary = table(school_report(classwalk, "North Park"), "school_summary")
    downey = classwalk.protocols.get("downey").name
    assert row(summary, downey)[1:] == [2, 8, 6, 0]
    assert row(summary, "all protocols")[1:] == [4, 15, 6, 0]


def test_the_district_report_counts_each_schools_classrooms_once(classwalk):
    _save(classwalk)
    schools = table(district_report(classwalk), "district_schools")
    assert row(schools, "North Park")[1:] == [4, 15, 6, 0]
    assert row(schools, "South Hill")[1:] == [2, 3, 2, 0]
    assert row(schools, "all schools")[1:] == [6, 18, 8, 0]
