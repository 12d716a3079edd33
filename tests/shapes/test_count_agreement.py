"""Calibration on counts: two observers' snapshot counts of the same lesson at the same set
minute, compared as mean absolute difference and share within one."""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.features.capture import shapes as capture
from classwalk.features.reports.calibration import walk_calibration
from tests.support.clock import LESSON_START


def test_counts_two_observers_took_are_compared(shaped):
    store = shaped.store
    protocol = shaped.protocols.get("engagement_snapshots")
    walk = Walk(protocol_id=protocol.id, school="Hillside High", date=LESSON_START.date(),
                observers=(Observer(name="Ana"), Observer(name="Ben")), status="debriefing")
    store.save_walk(walk)
    counts = {"Ana": {2.0: 18, 8.0: 21}, "Ben": {2.0: 17, 8.0: 24}}
    for name, late in (("Ana", 0), ("Ben", 5)):
        visit = Visit(walk_id=walk.id, classroom="Room 4", observer=name, started_at=LESSON_START + dt.timedelta(seconds=late))
        store.save_visit(visit)
        for minute, count in counts[name].items():
            capture.record_snapshot(store, protocol, walk, visit, name, "on_task", count, 25, minute=minute,
                                    at=visit.started_at + dt.timedelta(minutes=minute, seconds=10))
        capture.record_snapshot(store, protocol, walk, visit, name, "talking_content", 6, 25,
                                at=visit.started_at + dt.timedelta(minutes=5))  # on demand: not paired
        store.end_visit(visit.id, at=visit.started_at + dt.timedelta(minutes=10))
    table = next(p for p in walk_calibration(shaped, walk.id) if p.id == "calibration_counts")
    rows = {row[2]: row for row in table.rows}
    label = next(s.label for s in protocol.snapshots if s.id == "on_task")
    assert rows[f"{label} at minute 2"][3:] == (1, 1.0, "100%")
    assert rows[f"{label} at minute 8"][3:] == (1, 3.0, "0%")
    assert all(row[:2] == ("Ana", "Ben") for row in table.rows) and len(rows) == 2
