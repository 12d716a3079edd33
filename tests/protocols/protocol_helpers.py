"""Helpers for protocol tests: small walks, visits and notes built in memory."""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Evidence, Visit, Walk
from tests.support.clock import at

DAY = dt.date(2026, 11, 16)


def make_walk(protocol_id: str, **extra) -> Walk:
    return Walk(protocol_id=protocol_id, school="Test School", date=DAY, **extra)


def make_visit(walk: Walk, classroom: str, minute: int, teacher: str = "Teacher Name") -> Visit:
    return Visit(walk_id=walk.id, classroom=classroom, teacher=teacher, started_at=at(9, minute, day=DAY),
                 ended_at=at(9, minute + 12, day=DAY))


def note(visit: Visit, kind: str, text: str, *look_fors: str, minute: int = 0, **extra) -> Evidence:
    captured = visit.started_at + dt.timedelta(minutes=minute)
    return Evidence(walk_id=visit.walk_id, visit_id=visit.id, kind=kind, text=text,
                    look_fors=look_fors, captured_at=captured, **extra)
