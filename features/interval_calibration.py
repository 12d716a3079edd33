"""Calibration for interval protocols: two observers coding the same lesson, code by code.

Each observer's coding of a shared lesson is compared interval by interval: for every
code, each interval is one yes/no answer per observer (seen or not). Agreement and
Cohen's kappa are given per code over the intervals both coded, and over all codes
together. Like look-for calibration it describes the observers' coding, never a
classroom or a teacher.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from classwalk.core.interval_clock import clock_state
from classwalk.core.patterns import Pattern
from .calibration import agreement, shared_visits
from .capture import coding_from_marks
from .debrief import room_labels

NOTE = ("For the observers' calibration conversation: each interval both coded is one answer per code "
        "(seen or not); compares coding, never a classroom or teacher.")


def _kappa(result) -> str:
    return f"{result.kappa:.2f}" if result.kappa is not None else "n/a (all answers alike)"


def _percent(result) -> str:
    return f"{result.percent:.0f}%" if result.percent is not None else ""


def codings_by_observer(protocol, group, marks, events) -> dict[str, tuple]:
    """observer -> (coding, intervals coded) for one shared lesson (visits of one occasion)."""
    visit_ids = {visit.id for visit in group}
    mine = [m for m in marks if m.visit_id in visit_ids]
    observers = {m.observer for m in mine} | {v.observer for v in group if v.observer}
    found = {}
    for observer in sorted(observers):
        coding = coding_from_marks(mine, observer)
        visit = next((v for v in group if v.observer == observer), group[0])
        end = visit.ended_at or max([visit.started_at, *(m.updated_at for m in mine if m.observer == observer)])
        own_events = [e for e in events if e.visit_id == visit.id]
        state = clock_state(visit.started_at, protocol.intervals.seconds, own_events, end)
        found[observer] = (coding, max(state.observed(), coding.last_interval()))
    return found


def interval_calibration(classwalk, walk, protocol) -> list[Pattern]:
    """Per pair of observers: agreement per code over the intervals both coded, and overall."""
    store = classwalk.store
    visits = store.visits_for_walk(walk.id)
    marks = store.marks_for_walk(walk.id)
    events = store.clock_events_for_walk(walk.id)
    labels = room_labels(walk, visits)
    code_ids = protocol.intervals.code_ids()
    per_code: dict[tuple[str, str], dict[str, tuple[list, list]]] = defaultdict(
        lambda: {code: ([], []) for code in code_ids})
    lessons: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group in shared_visits(visits):
        codings = codings_by_observer(protocol, group, marks, events)
        for first, second in itertools.combinations(sorted(codings), 2):
            (a, a_count), (b, b_count) = codings[first], codings[second]
            compared = min(a_count, b_count)
            if not compared:
                continue
            lessons[(first, second)].append(f"{labels[group[0].id]} ({compared} intervals)")
            for code in code_ids:
                for number in range(1, compared + 1):
                    per_code[(first, second)][code][0].append(code in a.ticked(number))
                    per_code[(first, second)][code][1].append(code in b.ticked(number))
    summary, detail = [], []
    for pair in sorted(per_code):
        first, second = pair
        all_a = [x for code in code_ids for x in per_code[pair][code][0]]
        all_b = [x for code in code_ids for x in per_code[pair][code][1]]
        overall = agreement(all_a, all_b)
        intervals = len(per_code[pair][code_ids[0]][0])
        summary.append([first, second, "; ".join(lessons[pair]), intervals, _percent(overall), _kappa(overall)])
        for code in code_ids:
            result = agreement(*per_code[pair][code])
            detail.append([first, second, protocol.intervals.code_label(code), result.items, result.both,
                           result.only_first, result.only_second, result.neither, _percent(result), _kappa(result)])
    return [
        Pattern(id="interval_calibration", title="Observer agreement over intervals, all codes together",
                columns=("observer", "with observer", "shared lessons", "intervals compared", "agreement",
                         "Cohen's kappa"),
                rows=summary, note=NOTE),
        Pattern(id="interval_calibration_codes", title="Observer agreement over intervals, code by code",
                columns=("observer", "with observer", "code", "intervals compared", "both saw it", "only the first",
                         "only the second", "neither", "agreement", "Cohen's kappa"),
                rows=detail, note=NOTE),
    ]
