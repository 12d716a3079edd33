"""A school over a date range: how often each look-for was seen, month by month.

Counts only: walks, visits, notes, and the visits in which each look-for was noted.
No classroom or teacher appears.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from classwalk.core.errors import ClasswalkError
from classwalk.core.records.patterns import Pattern
from classwalk.features.debriefs.debrief import EQUITY_QUESTIONS, NO_GROUPS_TAGGED
from classwalk.features.reports.intervals import capture_rollup
from classwalk.features.outputs.labels import LabelsByProtocol
from classwalk.features.reports.rollup_reads import schools_walked
from classwalk.features.reports.queries import (
    WalkFilter, classroom_totals, index_by, kind_totals, look_for_totals, student_group_totals, visit_totals,
)

COUNTS_NOTE = "Counts of visits in which a look-for was noted: descriptions of practice, not judgements."


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ClasswalkError(f"the date range ends ({date_to}) before it starts ({date_from})")


def range_text(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """A report title's dates: ``, 2026-09-01 to 2026-12-31``, ``, from …``, ``, to …`` or nothing."""
    if date_from and date_to:
        return f", {date_from} to {date_to}"
    if date_from:
        return f", from {date_from}"
    if date_to:
        return f", to {date_to}"
    return ""


def summary_pattern(db, labels: LabelsByProtocol, walks: WalkFilter, pattern_id: str, title: str) -> Pattern:
    """Walks, visits, classrooms and notes per protocol, with a total row."""
    totals = sorted(visit_totals(db, walks), key=lambda row: labels.protocol_name(row["protocol_id"]))
    rows = [
        [labels.protocol_name(row["protocol_id"]), row["walks"], row["visits"], row["classrooms"], row["notes"]]
        for row in totals
    ]
    if len(rows) > 1:
        walks_, visits, _, notes = (sum(row[i] for row in rows) for i in range(1, 5))
        rows.append(["all protocols", walks_, visits, classroom_totals(db, walks).get("", 0), notes])
    return Pattern(id=pattern_id, title=title,
                   columns=("protocol", "walks", "visits", "classrooms", "notes"), rows=rows)


def look_fors_seen(db, labels: LabelsByProtocol, walks: WalkFilter) -> Pattern:
    """Each look-for of each protocol walked: visits noting it, out of the visits made."""
    visits = index_by(visit_totals(db, walks, classrooms=False), "protocol_id")
    seen = index_by(look_for_totals(db, walks), "protocol_id", "look_for")
    rows, row_ids = [], []
    for (protocol_id,), totals in sorted(visits.items(), key=lambda kv: labels.protocol_name(kv[0][0])):
        ids = labels.look_for_ids(protocol_id, (lf for (pid, lf) in seen if pid == protocol_id))
        for look_for in ids:
            row = seen.get((protocol_id, look_for), {"visits": 0, "notes": 0})
            rows.append([labels.protocol_name(protocol_id), labels.look_for(protocol_id, look_for),
                         row["visits"], totals["visits"], row["notes"]])
            row_ids.append(f"{protocol_id}:{look_for}")
    return Pattern(
        id="look_fors_seen", title="How often each look-for was seen",
        columns=("protocol", "look-for", "visits noting it", "visits", "notes"), rows=rows,
        shade=True, note=COUNTS_NOTE, row_ids=row_ids,
    )


def look_fors_by_month(db, labels: LabelsByProtocol, walks: WalkFilter) -> Pattern:
    """Look-fors × months: visits noting each look-for, with the month's visits on top."""
    visits = index_by(visit_totals(db, walks, group="month", classrooms=False), "grp", "protocol_id")
    seen = index_by(look_for_totals(db, walks, group="month"), "grp", "protocol_id", "look_for")
    months = sorted({month for month, _ in visits})
    protocols = sorted({pid for _, pid in visits}, key=labels.protocol_name)
    rows = []
    for protocol_id in protocols:
        name = labels.protocol_name(protocol_id)
        rows.append([name, "visits", *(visits.get((m, protocol_id), {}).get("visits", 0) for m in months)])
        ids = labels.look_for_ids(protocol_id, (lf for (_, pid, lf) in seen if pid == protocol_id))
        for look_for in ids:
            rows.append([name, labels.look_for(protocol_id, look_for),
                         *(seen.get((m, protocol_id, look_for), {}).get("visits", 0) for m in months)])
    return Pattern(
        id="look_fors_by_month", title="Visits noting each look-for, by month",
        columns=("protocol", "look-for", *months), rows=rows, shade=True, note=COUNTS_NOTE,
    )


def kinds_pattern(db, labels: LabelsByProtocol, walks: WalkFilter) -> Pattern:
    counts = defaultdict(dict)
    for row in kind_totals(db, walks):
        counts[row["protocol_id"]][row["kind"]] = row["notes"]
    rows = [
        [labels.protocol_name(pid), labels.kind(pid, kind), counts[pid].get(kind, 0)]
        for pid in sorted(counts, key=labels.protocol_name)
        for kind in labels.kind_ids(pid, counts[pid])
    ]
    return Pattern(id="evidence_kinds", title="Evidence by kind", columns=("protocol", "kind", "notes"), rows=rows)


def student_groups_pattern(db, labels: LabelsByProtocol, walks: WalkFilter) -> Pattern | None:
    counts = defaultdict(dict)
    for row in student_group_totals(db, walks):
        counts[row["protocol_id"]][row["student_group"]] = row["notes"]
    protocols = {row["protocol_id"] for row in visit_totals(db, walks, classrooms=False)}
    protocols = {pid for pid in protocols if labels.protocol(pid) is None or labels.protocol(pid).student_groups}
    if not protocols:  # no protocol walked declares student groups: the equity table has nothing to say
        return None
    rows = [
        [labels.protocol_name(pid), labels.student_group(pid, group), counts[pid].get(group, 0)]
        for pid in sorted(protocols, key=labels.protocol_name)
        for group in labels.student_group_ids(pid, counts[pid])
    ]
    return Pattern(
        id="student_groups", title="Evidence by student group", rows=rows,
        columns=("protocol", "student group", "notes"),
        note=EQUITY_QUESTIONS if any(counts.values()) else NO_GROUPS_TAGGED,
    )


def school_report(classwalk, school: str, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, *, rollups: bool = True) -> list[Pattern]:
    """Patterns for ``school``'s walks dated ``date_from`` to ``date_to`` (inclusive).

    ``rollups=False`` counts from the per-walk counts only (the same exact figures, slower
    over many walks; for checking the roll-ups and for comparison).
    """
    check_range(date_from, date_to)
    store = classwalk.store
    schools = schools_walked(store.db) if rollups else store.schools()
    if school not in schools:
        raise ClasswalkError(f"no walks at a school named {school!r} (see 'classwalk walks')")
    labels = LabelsByProtocol(classwalk.protocols)
    walks = WalkFilter(school=school, date_from=date_from, date_to=date_to, rollups=rollups)
    patterns = [
        summary_pattern(store.db, labels, walks, "school_summary", f"{school}: walks and visits"),
        look_fors_seen(store.db, labels, walks),
        look_fors_by_month(store.db, labels, walks),
        kinds_pattern(store.db, labels, walks),
        student_groups_pattern(store.db, labels, walks),
    ]
    patterns += capture_rollup(classwalk, _interval_walks(classwalk, walks), scope=school)
    return [pattern for pattern in patterns if pattern is not None]


def _interval_walks(classwalk, walks: WalkFilter) -> list:
    """The walks in range under protocols coded in intervals (the only ones the interval
    roll-up reads): none are loaded when no such protocol was walked."""
    walked = {row["protocol_id"] for row in visit_totals(classwalk.store.db, walks, classrooms=False)}
    coded = {pid for pid in walked if (p := classwalk.protocols.find(pid)) is not None and p.interval_coding}
    if not coded:
        return []
    return [walk for walk in classwalk.store.list_walks(school=walks.school)
            if walk.protocol_id in coded
            and (walks.date_from is None or walk.date >= walks.date_from)
            and (walks.date_to is None or walk.date <= walks.date_to)]
