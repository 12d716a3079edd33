"""Helpers for protocol tests: small walks, visits and notes built in memory."""

from __future__ import annotations

import datetime as dt

import attrs

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


def assert_hooks_ignore_another_protocol(plugin, protocol, walk: Walk, visits: list[Visit],
                                         evidence: list[Evidence]) -> None:
    """Each of ``plugin``'s walk hooks answers None for a protocol like ``protocol`` but with
    another id (one that neither is nor extends it)."""
    other = attrs.evolve(protocol, id="someone_else")
    assert plugin.classwalk_timing_status(other, walk, 60) is None
    assert plugin.classwalk_debrief_patterns(other, walk, visits, evidence) is None
    assert plugin.classwalk_reflective_question(other, visits[0], evidence) is None
    assert plugin.classwalk_follow_up_due(other, visits, evidence, dt.date.today()) is None
