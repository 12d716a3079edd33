"""A district: the school report's counts side by side for every school in the database.

Built from SQL aggregates only (see :mod:`.queries`), so it stays quick over millions of
notes. Schools are compared on what was seen, never on who taught it.
"""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.patterns import Pattern
from classwalk.features.outputs.labels import LabelsByProtocol
from classwalk.features.reports.queries import WalkFilter, classroom_totals, index_by, look_for_totals, visit_totals
from classwalk.features.reports.school import COUNTS_NOTE, check_range


def schools_pattern(labels: LabelsByProtocol, totals: list[dict], classrooms: dict[str, int],
                    all_classrooms: int) -> Pattern:
    """Walks, visits, classrooms and notes per school (all protocols together).

    Walks, visits and notes add up across protocols; classrooms do not (one room walked
    under two protocols is one classroom), so they come counted distinct: ``classrooms``
    per school, ``all_classrooms`` across the district.
    """
    by_school: dict[str, dict[str, int]] = {}
    for row in totals:
        sums = by_school.setdefault(row["grp"], {"walks": 0, "visits": 0, "notes": 0})
        for key in sums:
            sums[key] += row[key]
    rows = [[school, sums["walks"], sums["visits"], classrooms.get(school, 0), sums["notes"]]
            for school, sums in sorted(by_school.items())]
    if len(rows) > 1:
        walks, visits, _, notes = (sum(row[i] for row in rows) for i in range(1, 5))
        rows.append(["all schools", walks, visits, all_classrooms, notes])
    return Pattern(id="district_schools", title="Walks and visits by school",
                   columns=("school", "walks", "visits", "classrooms", "notes"), rows=rows)


def look_fors_by_school(labels: LabelsByProtocol, protocol_id: str, totals: list[dict],
                        seen: dict[tuple, dict]) -> Pattern:
    """One protocol's look-fors × schools: visits noting each, the schools' visits on top."""
    visits = {row["grp"]: row["visits"] for row in totals if row["protocol_id"] == protocol_id}
    schools = sorted(visits)
    ids = labels.look_for_ids(protocol_id, (lf for (_, pid, lf) in seen if pid == protocol_id))
    rows = [["visits", *(visits[s] for s in schools), sum(visits.values())]]
    for look_for in ids:
        cells = [seen.get((s, protocol_id, look_for), {}).get("visits", 0) for s in schools]
        rows.append([labels.look_for(protocol_id, look_for), *cells, sum(cells)])
    return Pattern(
        id=f"look_fors_by_school.{protocol_id}",
        title=f"{labels.protocol_name(protocol_id)}: visits noting each look-for, by school",
        columns=("look-for", *schools, "all schools"), rows=rows, shade=True, note=COUNTS_NOTE,
        row_ids=["visits", *ids],
    )


def district_report(classwalk, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, *, rollups: bool = True) -> list[Pattern]:
    """Patterns across every school's walks dated ``date_from`` to ``date_to`` (inclusive).

    Whole months are read from the counts kept per school and month; ``rollups=False``
    counts from the per-walk counts only (the same exact figures, slower).
    """
    check_range(date_from, date_to)
    db = classwalk.store.db
    labels = LabelsByProtocol(classwalk.protocols)
    walks = WalkFilter(date_from=date_from, date_to=date_to, rollups=rollups)
    totals = visit_totals(db, walks, group="school", classrooms=False)
    seen = index_by(look_for_totals(db, walks, group="school"), "grp", "protocol_id", "look_for")
    protocols = sorted({row["protocol_id"] for row in totals}, key=labels.protocol_name)
    classrooms = classroom_totals(db, walks, group="school")
    return [schools_pattern(labels, totals, classrooms, sum(classrooms.values()))] + [
        look_fors_by_school(labels, protocol_id, totals, seen) for protocol_id in protocols
    ]
