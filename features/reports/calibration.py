"""Calibration: where two observers recorded the same visit, how far they agree.

For each classroom both observers were in at the same time, and each look-for of the
walk's focus (or of the whole protocol), each observer either noted it or did not.
Percent agreement counts the look-fors they answered alike; Cohen's kappa corrects it
for the agreement expected by chance. It is for the observers' own calibration
conversation: it describes two observers' notes, never a classroom or a teacher.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from attrs import frozen

from classwalk.features.debriefs.debrief import room_labels
from classwalk.core.records.model import Visit
from classwalk.core.records.patterns import Pattern


@frozen(kw_only=True)
class Agreement:
    """Two observers' yes/no answers compared over the same items."""

    items: int
    both: int
    only_first: int
    only_second: int
    neither: int

    @property
    def percent(self) -> float | None:
        """Share of items answered alike, 0-100."""
        return 100.0 * (self.both + self.neither) / self.items if self.items else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa; None when chance agreement is total (every answer the same)."""
        if not self.items:
            return None
        n = self.items
        observed = (self.both + self.neither) / n
        first_yes = (self.both + self.only_first) / n
        second_yes = (self.both + self.only_second) / n
        expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
        if expected >= 1.0:
            return None
        return (observed - expected) / (1 - expected)


def agreement(first: list[bool], second: list[bool]) -> Agreement:
    """Compare two observers' answers, item by item."""
    if len(first) != len(second):
        raise ValueError("both observers must answer the same items")
    pairs = list(zip(first, second))
    return Agreement(
        items=len(pairs), both=sum(a and b for a, b in pairs),
        only_first=sum(a and not b for a, b in pairs), only_second=sum(b and not a for a, b in pairs),
        neither=sum(not a and not b for a, b in pairs),
    )


def _overlap(a: Visit, b: Visit) -> bool:
    a_end = a.ended_at or a.started_at
    b_end = b.ended_at or b.started_at
    return a.started_at <= b_end and b.started_at <= a_end


def shared_visits(visits: list[Visit]) -> list[list[Visit]]:
    """Groups of visits to the same classroom at overlapping times (one group per occasion)."""
    groups: list[list[Visit]] = []
    for visit in sorted(visits, key=lambda v: (v.classroom, v.started_at)):
        for group in groups:
            if group[0].classroom == visit.classroom and any(_overlap(visit, other) for other in group):
                group.append(visit)
                break
        else:
            groups.append([visit])
    return groups


def seen_by_observer(group: list[Visit], evidence) -> dict[str, set[str]]:
    """observer -> look-fors noted during one occasion (the visit's observer if a note has none)."""
    visit_ids = {visit.id: visit for visit in group}
    seen: dict[str, set[str]] = {visit.observer: set() for visit in group if visit.observer}
    for item in evidence:
        if item.visit_id in visit_ids:
            observer = item.observer or visit_ids[item.visit_id].observer
            if observer:
                seen.setdefault(observer, set()).update(item.look_fors)
    return seen


def items_for(protocol, walk) -> list[str]:
    """The look-fors compared: the walk's focus categories, or the whole protocol."""
    categories = [c for c in protocol.categories if c.id in walk.focus_categories]
    look_fors = [lf for c in categories for lf in c.look_fors] or list(protocol.look_fors())
    return [look_for.id for look_for in look_fors]


def walk_calibration(classwalk, walk_id: str) -> list[Pattern]:
    """Agreement of every pair of observers who shared a visit of the walk."""
    store = classwalk.store
    walk = store.find_walk(walk_id)
    protocol = classwalk.protocols.get(walk.protocol_id)
    if protocol.interval_coding:  # observers coded intervals: agreement per code over intervals
        from classwalk.features.reports.interval_calibration import interval_calibration

        return interval_calibration(classwalk, walk, protocol)
    visits = store.visits_for_walk(walk.id)
    evidence = store.evidence_for_walk(walk.id)
    labels = room_labels(walk, visits)
    items = items_for(protocol, walk)
    answers: dict[tuple[str, str], tuple[list[bool], list[bool]]] = defaultdict(lambda: ([], []))
    detail_rows = []
    for group in shared_visits(visits):
        seen = seen_by_observer(group, evidence)
        for first, second in itertools.combinations(sorted(seen), 2):
            a = [item in seen[first] for item in items]
            b = [item in seen[second] for item in items]
            answers[(first, second)][0].extend(a)
            answers[(first, second)][1].extend(b)
            result = agreement(a, b)
            detail_rows.append([labels[group[0].id], first, second, result.both, result.only_first,
                                result.only_second, result.neither])
    summary_rows = []
    for (first, second), (a, b) in sorted(answers.items()):
        result = agreement(a, b)
        summary_rows.append([
            first, second, len(a) // len(items) if items else 0, result.items,
            f"{result.percent:.0f}%" if result.percent is not None else "",
            f"{result.kappa:.2f}" if result.kappa is not None else "n/a (all answers alike)",
        ])
    from classwalk.features.reports.interval_calibration import count_agreement

    counts = count_agreement(classwalk, walk, protocol, visits, labels)
    return [
        Pattern(
            id="calibration", title="Observer agreement on the look-fors noted",
            columns=("observer", "with observer", "shared visits", "look-fors compared",
                     "agreement", "Cohen's kappa"),
            rows=summary_rows,
            note="For the observers' calibration conversation: compares notes, never a classroom or teacher.",
        ),
        Pattern(
            id="calibration_visits", title="Shared visits, look-for by look-for",
            columns=("classroom", "observer", "with observer", "both noted", "only the first",
                     "only the second", "neither"),
            rows=detail_rows,
        ),
    ] + ([counts] if counts is not None else [])


def category_agreement(first: list, second: list) -> tuple[float | None, float | None]:
    """(percent agreement 0-100, Cohen's kappa) of two observers' answers with any number of
    categories (a one-choice item); kappa is None when chance agreement is total."""
    if len(first) != len(second):
        raise ValueError("both observers must answer the same items")
    n = len(first)
    if not n:
        return None, None
    observed = sum(a == b for a, b in zip(first, second)) / n
    categories = set(first) | set(second)
    expected = sum((first.count(c) / n) * (second.count(c) / n) for c in categories)
    kappa = None if expected >= 1.0 else (observed - expected) / (1 - expected)
    return 100.0 * observed, kappa
