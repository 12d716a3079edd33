"""Reports for the capture shapes: shares of intervals per code, groups of codes, one-choice
items and a timeline for interval protocols; snapshot counts as "k of N"; typed items.

Every table says its denominator: a share of intervals gives the intervals counted, a
count of students the students present. Classrooms appear as the debrief names them
(Room A, B...); nothing rates a teacher: a share says how the lesson's time was spent.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from attrs import frozen

from classwalk.core.records.patterns import Pattern
from classwalk.features.capture.shapes import Coding
from classwalk.features.reports.lessons import consensus_coding, lessons

SHARE_NOTE = ("Share of intervals in which each code was seen, out of the intervals coded "
              "(the number in each column heading): how the lesson's time was spent, never a rating.")


@frozen(kw_only=True)
class VisitCoding:
    """One classroom visit's coding, ready to count: the intervals it covered and what was
    coded in each (the lead coding), and the other observers' codings of the same lesson."""

    visit_id: str
    label: str
    intervals: int
    coding: Coding
    others: tuple[tuple[str, int, Coding], ...] = ()
    """(observer as shown, intervals, coding) for each other observer of the lesson."""
    consensus: Coding | None = None
    """The observers' consensus, when the protocol asks for one: then the lesson counts by it."""


@frozen(kw_only=True)
class Column:
    """One column of a share table: a coding, its heading, and whether it counts in the total."""

    heading: str
    intervals: int
    coding: Coding
    counted: bool


def share(count: int, total: int) -> "Share":
    """``45% (9 of 20)``: the share with its count and denominator (numbers kept for machine formats)."""
    return Share.of(count, total)


class Share(str):
    """A share of intervals as text (``45% (9 of 20)``) that keeps its count and denominator.

    Markdown and the screen show the text; CSV and JSON reports also give ``count``,
    ``denominator`` and ``share`` (0-1, None when nothing was counted) as numbers.
    """

    count: int
    denominator: int

    @classmethod
    def of(cls, count: int, total: int) -> "Share":
        text = f"{round(100 * count / total)}% ({count} of {total})" if total else "— (0 intervals)"
        made = cls(text)
        made.count, made.denominator = count, total
        return made

    @property
    def share(self) -> float | None:
        return self.count / self.denominator if self.denominator else None


class Tick(str):
    """A code seen in an interval of a timeline: ``■`` on screen, ``1`` in CSV and JSON reports."""

    machine_value = 1


TICK = Tick("■")


def visit_codings(protocol, visits, marks, events, labels: dict[str, str]) -> list[VisitCoding]:
    """Each classroom visit's coding (see :mod:`.lessons`): the lead observer's, counted once,
    with every other observer's coding of the same lesson beside it as Observer 2, 3..."""
    found = []
    for lesson in lessons(protocol, visits, marks, events):
        lead = lesson.lead
        others = tuple((f"Observer {number}", other.intervals, other.coding)
                       for number, other in enumerate(lesson.codings[1:], start=2))
        rule = protocol.intervals.consensus
        consensus = consensus_coding(lesson, rule) if rule and others else None
        found.append(VisitCoding(visit_id=lesson.id, label=labels.get(lesson.id, lesson.visits[0].classroom),
                                 intervals=lead.intervals, coding=lead.coding, others=others, consensus=consensus))
    return found


def _columns(codings: list[VisitCoding]) -> list[Column]:
    """A column per coding: a lesson coded by several observers gives one per observer, side by side."""
    columns = []
    for c in codings:
        if not c.others:
            columns.append(Column(heading=_heading(c.label, c.intervals, c.coding), intervals=c.intervals,
                                  coding=c.coding, counted=True))
            continue
        columns.append(Column(heading=_heading(f"{c.label}, Observer 1", c.intervals, c.coding),
                              intervals=c.intervals, coding=c.coding, counted=c.consensus is None))
        for name, intervals, coding in c.others:
            columns.append(Column(heading=_heading(f"{c.label}, {name}", intervals, coding), intervals=intervals,
                                  coding=coding, counted=False))
        if c.consensus is not None:
            columns.append(Column(heading=_heading(f"{c.label}, consensus", c.intervals, c.consensus),
                                  intervals=c.intervals, coding=c.consensus, counted=True))
    return columns


def _total_heading(scope: str, columns: list[Column]) -> str:
    counted = [col for col in columns if col.counted]
    observed = sum(len(col.coding.observed(col.intervals)) for col in counted)
    return _heading(scope, sum(col.intervals for col in counted), left_out=sum(col.intervals for col in counted)
                    - observed)


def _seen(coding: Coding, intervals: int, codes: set[str]) -> int:
    """Observed intervals in which any of ``codes`` was ticked."""
    return sum(1 for number in coding.observed(intervals) if coding.ticked(number) & codes)


def _chosen(coding: Coding, intervals: int, item_id: str, choice_id: str) -> int:
    return sum(1 for number in coding.observed(intervals) if coding.chosen(number).get(item_id) == choice_id)


def _heading(label: str, intervals: int, coding: Coding | None = None, left_out: int = 0) -> str:
    """``Room A (14 intervals)``, or ``Room A (12 of 14 intervals observed)`` when some were not."""
    if coding is not None:
        left_out = intervals - len(coding.observed(intervals))
    if left_out:
        return f"{label} ({intervals - left_out} of {intervals} intervals observed)"
    return f"{label} ({intervals} interval{'s' if intervals != 1 else ''})"


def _with_total(codings: list[VisitCoding]) -> bool:
    return len(codings) != 1 or bool(codings[0].others)


def _shares(columns: list[Column], count, with_total: bool) -> list:
    """A row of shares, one per column, then (``with_total``) the lead codings' total over every lesson."""
    cells = [share(count(col.coding, col.intervals), len(col.coding.observed(col.intervals))) for col in columns]
    if with_total:
        counted = [col for col in columns if col.counted]
        cells.append(share(sum(count(col.coding, col.intervals) for col in counted),
                           sum(len(col.coding.observed(col.intervals)) for col in counted)))
    return cells


SEVERAL_OBSERVERS_NOTE = (" A lesson coded by several observers counts its intervals once, from Observer 1's "
                          "coding (or the consensus, where the protocol asks for one); the other observers' "
                          "shares are shown beside it.")


NOT_OBSERVED_NOTE = " Intervals marked not observed are left out of every denominator (the headings say how many)."


def _note(codings: list[VisitCoding], note: str) -> str:
    left_out = any(c.coding.not_observed for c in codings) or any(
        coding.not_observed for c in codings for _name, _n, coding in c.others)
    return (note + (SEVERAL_OBSERVERS_NOTE if any(c.others for c in codings) else "")
            + (NOT_OBSERVED_NOTE if left_out else ""))


def _share_columns(codings: list[VisitCoding], scope: str, *first: str):
    """The share columns for ``codings`` (an observer each, or visits), whether a total column
    follows, and the table's headings: ``first`` then one per column (then the total)."""
    columns = _columns(codings)
    with_total = _with_total(codings)
    headings = [*first, *(col.heading for col in columns)]
    if with_total:
        headings.append(_total_heading(scope, columns))
    return columns, with_total, headings


def code_shares(protocol, codings: list[VisitCoding], pattern_id: str = "interval_codes",
                scope: str = "all visits") -> Pattern:
    """Codes (rows) × visits: the share of each visit's intervals with the code, and over all."""
    columns, with_total, headings = _share_columns(codings, scope, "code")
    rows, row_ids = [], []
    for code_set, code in protocol.intervals.codes():
        code_id = f"{code_set.id}.{code.id}"
        cells = _shares(columns, lambda coding, n: _seen(coding, n, {code_id}), with_total)
        rows.append([protocol.intervals.code_label(code_id), *cells])
        row_ids.append(code_id)
    return Pattern(id=pattern_id, title="Share of intervals with each code", columns=tuple(headings), rows=rows,
                   note=_note(codings, SHARE_NOTE), row_ids=row_ids)


def group_shares(protocol, codings: list[VisitCoding], scope: str = "all visits") -> Pattern | None:
    """The protocol's collapsed groups of codes: intervals in which any code of the group was seen."""
    groups = protocol.intervals.groups
    if not groups:
        return None
    columns, with_total, headings = _share_columns(codings, scope, "group of codes")
    rows = []
    for group in groups:
        codes = set(group.codes)
        rows.append([group.label, *_shares(columns, lambda coding, n: _seen(coding, n, codes), with_total)])
    return Pattern(id="interval_groups", title="Share of intervals with each group of codes",
                   columns=tuple(headings), rows=rows, row_ids=[group.id for group in groups],
                   note=_note(codings, "An interval counts once for a group when any of its codes was seen. "
                              + SHARE_NOTE))


def item_shares(protocol, codings: list[VisitCoding], scope: str = "all visits") -> Pattern | None:
    """One-choice items per interval: the share of intervals given each choice (unanswered shown too)."""
    items = protocol.intervals.items
    if not items:
        return None
    columns, with_total, headings = _share_columns(codings, scope, "item", "choice")
    rows, row_ids = [], []
    for item in items:
        choices = [(choice.id, choice.label) for choice in item.choices] + [(None, "not answered")]
        for choice_id, label in choices:
            if choice_id is None:
                def count(coding, n, item=item):
                    return len(coding.observed(n)) - sum(_chosen(coding, n, item.id, ch.id) for ch in item.choices)
            else:
                def count(coding, n, item=item, choice_id=choice_id):
                    return _chosen(coding, n, item.id, choice_id)
            rows.append([item.label, label, *_shares(columns, count, with_total)])
            row_ids.append(f"{item.id}.{choice_id or ''}")
    return Pattern(id="interval_items", title="One-choice items: share of intervals", columns=tuple(headings),
                   rows=rows, row_ids=row_ids,
                   note=_note(codings, "Out of the intervals coded (the number in each column heading)."))


def timeline(protocol, coding: VisitCoding, pattern_id: str) -> Pattern:
    """Codes (rows) × intervals (columns) of one visit: ■ where the code was seen."""
    numbers = list(range(1, coding.intervals + 1))
    rows = []
    for code_set, code in protocol.intervals.codes():
        code_id = f"{code_set.id}.{code.id}"
        cells = [TICK if code_id in coding.coding.ticked(n) else "" for n in numbers]
        if any(cells):
            rows.append([protocol.intervals.code_label(code_id), *cells])
    for item in protocol.intervals.items:
        labels = {choice.id: choice.short or choice.label for choice in item.choices}
        rows.append([item.label, *(labels.get(coding.coding.chosen(n).get(item.id), "") for n in numbers)])
    if coding.coding.not_observed:
        rows.append(["not observed", *("×" if n in coding.coding.not_observed else "" for n in numbers)])
    minutes = protocol.intervals.minutes
    return Pattern(
        id=pattern_id, title=f"Timeline of codes, {coding.label}",
        columns=("code", *(str(n) for n in numbers)), rows=rows,
        note=f"Interval by interval ({minutes:g} minutes each, {coding.intervals} coded): ■ where a code was "
             "seen; codes not seen in this lesson are left out.",
    )


def interval_patterns(protocol, codings: list[VisitCoding], scope: str = "all visits",
                      timelines: bool = True) -> list[Pattern]:
    """Shares, groups, items and (for each visit) a timeline: the patterns of interval coding."""
    if not protocol.interval_coding or not codings:
        return []
    patterns = [code_shares(protocol, codings, scope=scope)]
    patterns += [p for p in (group_shares(protocol, codings, scope), item_shares(protocol, codings, scope)) if p]
    if timelines:
        for index, coding in enumerate(codings):
            suffix = "" if len(codings) == 1 else f"_{index + 1}"
            patterns.append(timeline(protocol, coding, f"interval_timeline{suffix}"))
    return patterns


# snapshots and typed items --------------------------------------------------------


def snapshot_pattern(protocol, counts, labels: dict[str, str]) -> Pattern | None:
    """Every count as "k of N present", then each snapshot's total over the counts taken."""
    if not protocol.snapshots:
        return None
    names = {s.id: s.label for s in protocol.snapshots}
    rows = []
    for count in sorted(counts, key=lambda c: (labels.get(c.visit_id, ""), c.taken_at)):
        when = f"minute {count.minute:g}" if count.minute is not None else "when chosen"
        rows.append([names.get(count.snapshot, count.snapshot), labels.get(count.visit_id, ""), when,
                     f"{count.count} of {count.present}", f"{round(100 * count.count / count.present)}%"])
    for snapshot in protocol.snapshots:
        mine = [c for c in counts if c.snapshot == snapshot.id]
        if len(mine) > 1:
            k, n = sum(c.count for c in mine), sum(c.present for c in mine)
            rows.append([snapshot.label, f"all {len(mine)} counts", "", f"{k} of {n}", f"{round(100 * k / n)}%"])
    return Pattern(id="snapshot_counts", title="Counts of students", rows=rows,
                   columns=("counted", "classroom", "taken", "students (of those present)", "share"),
                   note="Each count is out of the students present at that moment.")


def items_pattern(protocol, answers, labels: dict[str, str], visits: int) -> Pattern | None:
    """Typed items: choices as visits out of the visits, counts and texts room by room."""
    if not protocol.visit_items:
        return None
    rows = []
    for item in protocol.visit_items:
        mine = [a for a in answers if a.item == item.id and a.value]
        if item.type == "choice":
            chosen = Counter(a.value for a in mine)
            for choice in item.choices:
                rows.append([item.label, choice.label, f"{chosen.get(choice.id, 0)} of {_visits(visits)}"])
            rows.append([item.label, "not answered", f"{visits - len({a.visit_id for a in mine})} of {_visits(visits)}"])
        else:
            for answer in sorted(mine, key=lambda a: labels.get(a.visit_id, "")):
                rows.append([item.label, labels.get(answer.visit_id, ""), answer.value])
    return Pattern(id="visit_items", title="Typed items", columns=("item", "answer or classroom", "visits or answer"),
                   rows=rows, note=f"Choices are counted out of the {_visits(visits)} of the walk.")


def _visits(count: int) -> str:
    return f"{count} visit{'s' if count != 1 else ''}"


def capture_walk_patterns(store, protocol, walk, visits, labels: dict[str, str]) -> list[Pattern]:
    """Every capture-shape pattern of one walk (none for a protocol of free notes only)."""
    patterns: list[Pattern] = []
    if protocol.interval_coding:
        codings = visit_codings(protocol, visits, store.marks_for_walk(walk.id), store.clock_events_for_walk(walk.id),
                                labels)
        patterns += interval_patterns(protocol, codings)
    visit_ids = {v.id for v in visits}
    snapshot = snapshot_pattern(protocol, [c for c in store.snapshots_for_walk(walk.id) if c.visit_id in visit_ids],
                                labels)
    items = items_pattern(protocol, [a for a in store.answers_for_walk(walk.id) if a.visit_id in visit_ids], labels,
                          len(visits))
    return patterns + [p for p in (snapshot, items) if p]


def capture_rollup(classwalk, walks, scope: str) -> list[Pattern]:
    """Across many walks (a school, a cycle): code shares per protocol, over all their visits."""
    by_protocol = defaultdict(list)
    for walk in walks:
        by_protocol[walk.protocol_id].append(walk)
    patterns = []
    for protocol_id, its_walks in sorted(by_protocol.items()):
        protocol = classwalk.protocols.find(protocol_id)
        if protocol is None or not protocol.interval_coding:
            continue
        codings = _walk_codings(classwalk.store, protocol, its_walks)
        for pattern in interval_patterns(protocol, codings, scope=scope, timelines=False):
            patterns.append(Pattern(id=f"{pattern.id}_{protocol.id}", title=f"{protocol.name}: {pattern.title}",
                                    columns=pattern.columns, rows=pattern.rows, row_ids=pattern.row_ids,
                                    note=pattern.note.replace("in each column heading", "in each column heading; "
                                                              "a walk's column adds up its visits")))
    return patterns


def _walk_codings(store, protocol, walks) -> list[VisitCoding]:
    """One merged coding per walk, each lesson counted once: a lesson recorded in several
    walks (two observers who each started their own) counts in the walk of its earliest visit."""
    walks = sorted(walks, key=lambda w: (w.date, w.created_at))
    school = {walk.id: walk.school for walk in walks}
    visits = [visit for walk in walks for visit in store.visits_for_walk(walk.id)]
    marks = [mark for walk in walks for mark in store.marks_for_walk(walk.id)]
    events = [event for walk in walks for event in store.clock_events_for_walk(walk.id)]
    by_walk = defaultdict(list)
    for lesson in lessons(protocol, visits, marks, events, school_of=lambda visit: school[visit.walk_id]):
        rule = protocol.intervals.consensus
        coding = consensus_coding(lesson, rule) if rule and len(lesson.codings) > 1 else lesson.lead.coding
        by_walk[lesson.visits[0].walk_id].append(VisitCoding(
            visit_id=lesson.id, label="", intervals=lesson.lead.intervals, coding=coding))
    codings = []
    for walk in walks:
        found = by_walk.get(walk.id, [])
        codings.append(VisitCoding(visit_id=walk.id, label=f"{walk.date.isoformat()}, {_visits(len(found))}",
                                   intervals=sum(c.intervals for c in found), coding=_merge(found)))
    return codings


def _merge(codings: list[VisitCoding]) -> Coding:
    """Several visits' codings laid end to end, so their intervals add up."""
    codes, choices, not_observed, offset = {}, {}, set(), 0
    for coding in codings:
        for number in range(1, coding.intervals + 1):
            if coding.coding.ticked(number):
                codes[offset + number] = coding.coding.ticked(number)
            if coding.coding.chosen(number):
                choices[offset + number] = coding.coding.chosen(number)
            if number in coding.coding.not_observed:
                not_observed.add(offset + number)
        offset += coding.intervals
    return Coding(codes=codes, choices=choices, not_observed=frozenset(not_observed))
