"""Classroom visits: one lesson, however many observers coded it.

Codings of the same classroom at overlapping times by different observers (on one
device, served, or merged from bundles) are one *classroom visit*: its intervals count
once in every report, and each observer's coding is kept beside the others. The lesson's
intervals and the counts over several lessons come from its *lead coding* (the coding of
the observer whose visit began first); the other observers' codings are shown side by
side and compared in calibration.

A classroom visit is known by the id of its earliest visit record, so the same records
always give the same id (reports, calibration and ``classwalk data export`` agree).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from attrs import frozen

from classwalk.features.capture.interval_clock import clock_state, interval_spans
from classwalk.core.records.model import Visit
from classwalk.features.capture.shapes import Coding, coding_from_marks


@frozen(kw_only=True)
class ObserverCoding:
    """One observer's coding of a lesson: its intervals and when each ran by the clock."""

    observer: str
    visit: Visit
    coding: Coding
    intervals: int
    spans: tuple[tuple[int, dt.datetime, dt.datetime], ...]
    """(number, began, ended) for each interval covered."""


@frozen(kw_only=True)
class Lesson:
    """A classroom visit: the visit records of one classroom at one time, and each observer's coding."""

    id: str
    visits: tuple[Visit, ...]
    codings: tuple[ObserverCoding, ...]
    """The lead coding first, then the others by when their visit began."""

    @property
    def lead(self) -> ObserverCoding | None:
        return self.codings[0] if self.codings else None


def _end(visit: Visit) -> dt.datetime:
    return visit.ended_at or visit.started_at


def _overlap(a: Visit, b: Visit, a_end: dt.datetime, b_end: dt.datetime) -> bool:
    return a.started_at <= b_end and b.started_at <= a_end


def group_visits(visits, school_of=lambda visit: "", end_of=_end) -> list[list[Visit]]:
    """Visit records of the same classroom (of the same school) at overlapping times, grouped.

    Each group is one classroom visit, its records ordered by when they began. A visit
    still open counts until ``end_of(visit)`` (by default its start).
    """
    by_room: dict[tuple, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_room[(school_of(visit), visit.classroom)].append(visit)
    groups: list[list[Visit]] = []
    for room_visits in by_room.values():
        current: list[Visit] = []
        current_end = None
        for visit in sorted(room_visits, key=lambda v: (v.started_at, v.id)):
            if current and visit.started_at <= current_end:
                current.append(visit)
                current_end = max(current_end, end_of(visit))
            else:
                if current:
                    groups.append(current)
                current, current_end = [visit], end_of(visit)
        if current:
            groups.append(current)
    return sorted(groups, key=lambda g: (g[0].started_at, g[0].id))


def classroom_visit_ids(visits, school_of=lambda visit: "") -> dict[str, str]:
    """visit id -> the id of its classroom visit (the id of the group's earliest visit)."""
    return {visit.id: group[0].id for group in group_visits(visits, school_of) for visit in group}


def observer_codings(protocol, group: list[Visit], marks, events) -> list[ObserverCoding]:
    """Each observer's coding of one classroom visit: the lead (earliest visit's observer) first."""
    visit_ids = {visit.id for visit in group}
    mine = [m for m in marks if m.visit_id in visit_ids]
    order: list[str] = []
    for visit in group:
        if visit.observer and visit.observer not in order:
            order.append(visit.observer)
    coders = {m.observer for m in mine}
    if order and order[0] not in coders and coders:
        order = [o for o in order if o in coders] or order
    for observer in sorted(coders):
        if observer not in order:
            order.append(observer)
    if not order:
        order = [group[0].observer]
    found = []
    for observer in order:
        visit = next((v for v in group if v.observer == observer), group[0])
        coding = coding_from_marks(mine, observer)
        own = [m for m in mine if m.observer == observer]
        end = visit.ended_at or max([visit.started_at, *(m.updated_at for m in own)])
        own_events = [e for e in events if e.visit_id == visit.id]
        seconds = protocol.intervals.seconds
        state = clock_state(visit.started_at, seconds, own_events, end)
        count = max(state.observed(), coding.last_interval())
        spans = list(interval_spans(visit.started_at, seconds, own_events, end))
        while len(spans) < count:  # coded past the clock's end (a visit still open): go on by the length
            last_end = spans[-1][2] if spans else visit.started_at
            spans.append((len(spans) + 1, last_end, last_end + dt.timedelta(seconds=seconds)))
        found.append(ObserverCoding(observer=observer, visit=visit, coding=coding, intervals=count,
                                    spans=tuple(spans[:count])))
    if len(found) > 1 and not found[0].coding.codes and not found[0].coding.choices:
        coded = [c for c in found if c.coding.codes or c.coding.choices]
        if coded:  # the first visit's observer coded nothing: the first who did leads
            found = coded + [c for c in found if c not in coded]
    return found


def lessons(protocol, visits, marks, events, school_of=lambda visit: "") -> list[Lesson]:
    """The classroom visits of a set of visit records (one walk's, or several walks' of a school)."""
    return [Lesson(id=group[0].id, visits=tuple(group), codings=tuple(observer_codings(protocol, group, marks, events)))
            for group in group_visits(visits, school_of)]


def time_pairs(first_spans, second_spans) -> list[tuple[int, int, float]]:
    """(first's interval, second's interval, seconds overlapping): each interval in at most
    one pair, the pairs of greatest overlap first; intervals that never overlap are left out."""
    candidates = []
    for a, a_start, a_end in first_spans:
        for b, b_start, b_end in second_spans:
            overlap = (min(a_end, b_end) - max(a_start, b_start)).total_seconds()
            if overlap > 0:
                candidates.append((overlap, a, b))
    used_a, used_b, pairs = set(), set(), []
    for overlap, a, b in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            pairs.append((a, b, overlap))
    return sorted(pairs)


CONSENSUS_RULES = ("all", "majority")


def consensus_coding(lesson: Lesson, rule: str) -> Coding:
    """The lesson's coding agreed by its observers, interval by interval of the lead coding.

    Each other observer's interval is the one paired with the lead's by the clock
    (:func:`time_pairs`). With ``rule = "all"`` a code (or a choice) stands when every
    observer of that interval gave it; with ``"majority"`` when more than half did. An
    interval the lead marked not observed is not observed in the consensus; an interval
    another observer marked not observed leaves that observer out of it.
    """
    lead = lesson.lead
    partners = []
    for other in lesson.codings[1:]:
        paired = {a: b for a, b, _ in time_pairs(lead.spans, other.spans) if b not in other.coding.not_observed}
        partners.append((other, paired))
    codes: dict[int, frozenset[str]] = {}
    choices: dict[int, dict[str, str]] = {}
    for number in range(1, lead.intervals + 1):
        if number in lead.coding.not_observed:
            continue
        views = [(lead.coding, number)] + [(o.coding, p[number]) for o, p in partners if number in p]
        need = len(views) if rule == "all" else len(views) // 2 + 1
        counted: dict[str, int] = defaultdict(int)
        for coding, at in views:
            for code in coding.ticked(at):
                counted[code] += 1
        agreed = frozenset(code for code, n in counted.items() if n >= need)
        if agreed:
            codes[number] = agreed
        picked: dict[tuple[str, str], int] = defaultdict(int)
        for coding, at in views:
            for item, choice in coding.chosen(at).items():
                picked[(item, choice)] += 1
        chosen = {item: choice for (item, choice), n in picked.items() if n >= need}
        if chosen:
            choices[number] = chosen
    return Coding(codes=codes, choices=choices, not_observed=lead.coding.not_observed)
