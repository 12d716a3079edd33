"""Tools for the report tests: building walks with known counts, reading pattern tables."""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from tests.support.clock import at

TEACHERS = {
    "N1": "Teacher Tanaka-Quill", "N2": "Mx Bellweather", "N3": "Ms Oduya-Finch", "S9": "Mr Quibbleton",
}
OBSERVER = "Pat Observer"


class WalkMaker:
    """Builds one walk's records: visits of three minutes and their notes."""

    def __init__(self, school: str, day: dt.date, **walk_fields):
        walk_fields.setdefault("observers", (Observer(name=OBSERVER, role="observer"),))
        self.walk = Walk(protocol_id="downey", school=school, date=day, **walk_fields)
        self.records: list = [self.walk]
        self.visits: dict[str, Visit] = {}
        self.minute = 0

    def visit(self, room: str, *notes: tuple[str, ...], observer: str = OBSERVER,
              minutes: int = 3, start: dt.datetime | None = None, key: str | None = None) -> Visit:
        start = start or at(9, self.minute, day=self.walk.date)
        self.minute += 10
        visit = Visit(walk_id=self.walk.id, classroom=room, teacher=TEACHERS.get(room, ""),
                      observer=observer, started_at=start, ended_at=start + dt.timedelta(minutes=minutes))
        self.visits[key or room] = visit
        self.records.append(visit)
        for index, tags in enumerate(notes):
            self.records.append(Evidence(
                walk_id=self.walk.id, visit_id=visit.id, kind="observation",
                text=f"note {index} in {room}", look_fors=tags, observer=observer,
                captured_at=start + dt.timedelta(seconds=30 * (index + 1)),
            ))
        return visit


def table(patterns, pattern_id: str):
    """The pattern with ``pattern_id`` from a report."""
    found = [p for p in patterns if p.id == pattern_id]
    assert found, f"no pattern {pattern_id} in {[p.id for p in patterns]}"
    return found[0]


def row(pattern, first_cell, *more_cells):
    """The row of ``pattern`` whose leading cells are these."""
    key = (first_cell, *more_cells)
    found = [r for r in pattern.rows if tuple(r[: len(key)]) == key]
    assert len(found) == 1, f"{key} in {pattern.rows}"
    return list(found[0])


def dump(db) -> dict:
    """Every row of every table, to prove that something changed nothing."""
    tables = [name for name in db.table_names() if not name.startswith("_")]
    return {name: sorted(repr(tuple(r.values())) for r in db[name].rows) for name in tables}
