"""Calibration for interval protocols: two observers coding the same lesson, lined up by the clock.

Each observer's intervals ran by their own clock: one may have started a few seconds (or
a whole interval) after the other. Intervals are therefore paired by time: each pair is
the two intervals that overlap most, never by their numbers. The offset between the
codings (the median gap between paired intervals' starts) is shown, with a warning when
it is more than the protocol's ``offset_warning`` share of an interval.

Intervals either observer marked not observed are left out. Over the paired intervals: agreement and Cohen's kappa for every code (seen or not), for
every one-choice item (the choice, "not answered" included), and for counts the two
observers took (mean absolute difference, share within one). Like look-for calibration
it describes the observers' coding, never a classroom or a teacher.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict

from classwalk.core.records.patterns import Pattern
from classwalk.features.reports.calibration import agreement, category_agreement
from classwalk.features.debriefs.debrief import room_labels
from classwalk.features.reports.lessons import group_visits, lessons, time_pairs

NOTE = ("For the observers' calibration conversation: intervals are paired by the clock (greatest overlap); "
        "each pair is one answer per code (seen or not); compares coding, never a classroom or teacher.")


def _kappa(kappa) -> str:
    return f"{kappa:.2f}" if kappa is not None else "n/a (all answers alike)"


def _percent(percent) -> str:
    return f"{percent:.0f}%" if percent is not None else ""


def clock_offset(first_spans, second_spans, pairs) -> float:
    """Seconds the second coding's intervals began after the first's (median over the pairs)."""
    starts_a = {n: start for n, start, _ in first_spans}
    starts_b = {n: start for n, start, _ in second_spans}
    return statistics.median((starts_b[b] - starts_a[a]).total_seconds() for a, b, _ in pairs) if pairs else 0.0


def same_day_walks(store, walk) -> list:
    """``walk`` first, then the other walks at its school on its date under its protocol: an
    observer who started a walk of their own to code the same lesson is compared too."""
    others = [w for w in store.list_walks(school=walk.school)
              if w.id != walk.id and w.date == walk.date and w.protocol_id == walk.protocol_id]
    return [walk, *others]


def interval_calibration(classwalk, walk, protocol) -> list[Pattern]:
    """Per pair of observers: offsets, and agreement per code, per item and over all codes."""
    store = classwalk.store
    visits = store.visits_for_walk(walk.id)
    labels = room_labels(walk, visits)
    intervals = protocol.intervals
    walks = same_day_walks(store, walk)
    own = {visit.id for visit in visits}
    every_visit = visits + [v for other in walks[1:] for v in store.visits_for_walk(other.id)]
    marks = [m for each in walks for m in store.marks_for_walk(each.id)]
    events = [e for each in walks for e in store.clock_events_for_walk(each.id)]
    code_ids = intervals.code_ids()
    codes: dict[tuple, dict[str, tuple[list, list]]] = defaultdict(lambda: {c: ([], []) for c in code_ids})
    items: dict[tuple, dict[str, tuple[list, list]]] = defaultdict(lambda: {i.id: ([], []) for i in intervals.items})
    lessons_of: dict[tuple, list[str]] = defaultdict(list)
    offsets = []
    for lesson in lessons(protocol, every_visit, marks, events):
        mine = [visit for visit in lesson.visits if visit.id in own]
        if not mine:
            continue  # another walk's lesson this walk was not in
        label = labels[mine[0].id]
        for first, second in itertools.combinations(lesson.codings, 2):
            if first.observer > second.observer:
                first, second = second, first
            pair = (first.observer, second.observer)
            pairs = [(a, b, overlap) for a, b, overlap in time_pairs(first.spans, second.spans)
                     if a not in first.coding.not_observed and b not in second.coding.not_observed]
            if not pairs:
                continue
            offset = clock_offset(first.spans, second.spans, pairs)
            share = abs(offset) / intervals.seconds
            warning = (f"offset of more than {intervals.offset_warning:.0%} of an interval: check that both "
                       "clocks started with the lesson" if share > intervals.offset_warning else "")
            offsets.append([label, *pair, len(pairs), round(offset, 1), round(share, 3), warning])
            lessons_of[pair].append(f"{label} ({len(pairs)} intervals)")
            for a, b, _overlap in pairs:
                for code in code_ids:
                    codes[pair][code][0].append(code in first.coding.ticked(a))
                    codes[pair][code][1].append(code in second.coding.ticked(b))
                for item in intervals.items:
                    items[pair][item.id][0].append(first.coding.chosen(a).get(item.id, ""))
                    items[pair][item.id][1].append(second.coding.chosen(b).get(item.id, ""))
    summary, detail, item_rows = [], [], []
    for pair in sorted(codes):
        all_a = [x for code in code_ids for x in codes[pair][code][0]]
        all_b = [x for code in code_ids for x in codes[pair][code][1]]
        overall = agreement(all_a, all_b)
        compared = len(codes[pair][code_ids[0]][0])
        summary.append([*pair, "; ".join(lessons_of[pair]), compared, _percent(overall.percent),
                        _kappa(overall.kappa)])
        for code in code_ids:
            result = agreement(*codes[pair][code])
            detail.append([*pair, intervals.code_label(code), result.items, result.both, result.only_first,
                           result.only_second, result.neither, _percent(result.percent), _kappa(result.kappa)])
        for item in intervals.items:
            percent, kappa = category_agreement(*items[pair][item.id])
            item_rows.append([*pair, item.label, len(items[pair][item.id][0]), _percent(percent), _kappa(kappa)])
    patterns = [
        Pattern(id="interval_calibration", title="Observer agreement over intervals, all codes together",
                columns=("observer", "with observer", "shared lessons", "intervals compared", "agreement",
                         "Cohen's kappa"),
                rows=summary, note=NOTE),
        Pattern(id="interval_calibration_offsets", title="How the two codings lined up by the clock",
                columns=("classroom", "observer", "with observer", "intervals paired", "offset (seconds)",
                         "offset (share of an interval)", "warning"),
                rows=offsets,
                note=("Intervals are paired by the clock, each with the one it overlaps most; the offset is how "
                      "many seconds later the second observer's intervals began (median over the pairs).")),
        Pattern(id="interval_calibration_codes", title="Observer agreement over intervals, code by code",
                columns=("observer", "with observer", "code", "intervals compared", "both saw it", "only the first",
                         "only the second", "neither", "agreement", "Cohen's kappa"),
                rows=detail, note=NOTE),
    ]
    if intervals.items:
        patterns.append(Pattern(
            id="interval_calibration_items", title="Observer agreement on the one-choice items",
            columns=("observer", "with observer", "item", "intervals compared", "agreement", "Cohen's kappa"),
            rows=item_rows,
            note="Each paired interval is one answer per item (a choice, or not answered); kappa over the choices."))
    counts = count_agreement(classwalk, walk, protocol, visits, labels)
    if counts is not None:
        patterns.append(counts)
    return patterns


def count_agreement(classwalk, walk, protocol, visits, labels) -> Pattern | None:
    """Counts two observers took of the same lesson (snapshot counts at the same set minute,
    count items): mean absolute difference and share within one."""
    store = classwalk.store
    groups = {visit.id: group[0].id for group in group_visits(visits) for visit in group}
    values: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    names = {s.id: s.label for s in protocol.snapshots}
    for count in store.snapshots_for_walk(walk.id):
        if count.minute is not None and count.visit_id in groups:
            what = f"{names.get(count.snapshot, count.snapshot)} at minute {count.minute:g}"
            values[(groups[count.visit_id], what)][count.observer].append(count.count)
    kinds = {item.id: item for item in protocol.visit_items if item.type == "count"}
    for answer in store.answers_for_walk(walk.id):
        if answer.item in kinds and answer.value.isdigit() and answer.visit_id in groups:
            values[(groups[answer.visit_id], kinds[answer.item].label)][answer.observer].append(int(answer.value))
    differences: dict[tuple, list[int]] = defaultdict(list)
    for (_lesson, what), by_observer in values.items():
        for first, second in itertools.combinations(sorted(by_observer), 2):
            differences[(first, second, what)].append(abs(by_observer[first][-1] - by_observer[second][-1]))
    if not differences:
        return None
    rows = [[first, second, what, len(diffs), round(sum(diffs) / len(diffs), 2),
             f"{100 * sum(d <= 1 for d in diffs) / len(diffs):.0f}%"]
            for (first, second, what), diffs in sorted(differences.items())]
    return Pattern(id="calibration_counts", title="Observer agreement on counts",
                   columns=("observer", "with observer", "counted", "lessons compared", "mean absolute difference",
                            "within one"),
                   rows=rows, note="Counts both observers took of the same lesson: how far apart they were.")
