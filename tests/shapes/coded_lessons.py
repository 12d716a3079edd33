"""Interval lessons coded by one or two observers, tick by tick through the capture API."""

from __future__ import annotations

import datetime as dt
import random

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.features.capture import shapes as capture
from tests.support.clock import LESSON_START

CODES = ("students.listening", "students.groups", "students.question", "instructor.lecturing",
         "instructor.moving", "instructor.writing")
CHOICES = ("few", "some", "most")


def lesson_plan(intervals: int = 14, seed: int = 7) -> list[tuple[set[str], str]]:
    """What happened in each interval: the codes to tick and the engagement choice."""
    rng = random.Random(seed)
    return [({code for code in CODES if rng.random() < 0.45}, rng.choice(CHOICES)) for _ in range(intervals)]


def code_lesson(classwalk, walk, visit, observer: str, plan, start: dt.datetime, seconds: float = 120.0,
                flip: set[tuple[int, str]] = frozenset()) -> None:
    """``observer`` codes ``plan`` interval by interval from ``start``; ``flip`` lists
    (interval, code) they see differently from the plan."""
    protocol = classwalk.protocols.get(walk.protocol_id)
    for number, (codes, engaged) in enumerate(plan, start=1):
        moment = start + dt.timedelta(seconds=(number - 1) * seconds + 30)
        seen = codes ^ {code for n, code in flip if n == number}
        for code in sorted(seen):
            capture.toggle_code(classwalk.store, protocol, walk, visit, observer, code, at=moment)
        capture.choose(classwalk.store, protocol, walk, visit, observer, "engagement", engaged, at=moment)


def two_observer_lesson(classwalk, school="Hillside High", late_seconds: float = 4.0, intervals: int = 14,
                        flip=frozenset(), date=None, protocol_id="lesson_intervals"):
    """One 14-interval lesson in Lab 2 coded by Ana and, ``late_seconds`` later, by Ben (who
    codes what he sees: from the interval he came in during, by his own clock)."""
    store = classwalk.store
    date = date or LESSON_START.date()
    start = LESSON_START + dt.timedelta(days=(date - LESSON_START.date()).days)
    walk = Walk(protocol_id=protocol_id, school=school, date=date,
                observers=(Observer(name="Ana"), Observer(name="Ben")), status="debriefing")
    store.save_walk(walk)
    plan = lesson_plan(intervals)
    ben_start = start + dt.timedelta(seconds=late_seconds)
    first = Visit(walk_id=walk.id, classroom="Lab 2", teacher="Dr. Imani Osei", observer="Ana", started_at=start)
    second = Visit(walk_id=walk.id, classroom="Lab 2", teacher="Dr. Imani Osei", observer="Ben",
                   started_at=ben_start)
    store.save_many([first, second])
    code_lesson(classwalk, walk, first, "Ana", plan, start)
    missed = int(late_seconds // 120)  # intervals of the lesson over before Ben came in
    code_lesson(classwalk, walk, second, "Ben", plan[missed:], ben_start, flip=flip)
    store.end_visit(first.id, at=start + dt.timedelta(seconds=intervals * 120))
    store.end_visit(second.id, at=ben_start + dt.timedelta(seconds=(intervals - missed) * 120))
    return walk, first, second
