"""SQL aggregates the reports are built from: counts per group, never a row per note.

Every query filters walks first (school, date range, cycle, explicit ids). Over a school
or the district and a date range, whole months are read from the counts kept per school,
month and protocol (``rollup_counts``, see :mod:`classwalk.core.storage.rollups` and
:mod:`.rollup_reads`), so a district report over millions of notes reads a few rows per
school and month; the days around them, and cycles or lists of walks, sum the running
per-walk counts (migration ``0002_report_counts``). Both give the same exact counts.
A *group* is an SQL expression over the walk (alias ``w``): its school, its id, its month.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from attrs import frozen

from classwalk.features.reports import rollup_reads

GROUPS = {
    "all": "''",
    "school": "w.school",
    "walk": "w.id",
    "month": "substr(w.date, 1, 7)",
}


@frozen(kw_only=True)
class WalkFilter:
    """Which walks a report covers; empty fields do not filter."""

    school: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    cycle_id: str | None = None
    walk_ids: tuple[str, ...] | None = None
    rollups: bool = True
    """Read whole months from the kept roll-ups; False sums the per-walk counts only."""

    def sql(self) -> tuple[str, list]:
        """A WHERE clause over walks ``w`` and its arguments (deleted walks never match)."""
        clauses, args = ["w.deleted_at IS NULL"], []
        if self.school is not None:
            clauses.append("w.school = ?")
            args.append(self.school)
        if self.date_from is not None:
            clauses.append("w.date >= ?")
            args.append(self.date_from.isoformat())
        if self.date_to is not None:
            clauses.append("w.date <= ?")
            args.append(self.date_to.isoformat())
        if self.cycle_id is not None:
            clauses.append("w.cycle_id = ?")
            args.append(self.cycle_id)
        if self.walk_ids is not None:
            clauses.append(f"w.id IN ({', '.join('?' for _ in self.walk_ids) or 'NULL'})")
            args.extend(self.walk_ids)
        return " AND ".join(clauses), args


def _group(group: str) -> str:
    if group not in GROUPS:
        raise ValueError(f"unknown report group {group!r}")
    return GROUPS[group]


def look_for_totals(db, walks: WalkFilter, group: str = "all") -> list[dict]:
    """Per group, protocol and look-for: notes tagged with it and visits noting it.

    Read from the running per-walk counts (``walk_look_for_counts``); a visit belongs to
    one walk, so visit counts add up across walks.
    """
    plan = rollup_reads.plan_for(walks, group)
    if plan is not None:
        return rollup_reads.summed(db, plan, group, "look_for", "look_for", ("notes", "visits"),
                                   lambda edge: look_for_totals(db, edge, group))
    where, args = walks.sql()
    sql = f"""
        SELECT {_group(group)} AS grp, w.protocol_id AS protocol_id, c.look_for AS look_for,
               SUM(c.notes) AS notes, SUM(c.visits) AS visits
        FROM walks w JOIN walk_look_for_counts c ON c.walk_id = w.id
        WHERE {where} AND c.notes > 0
        GROUP BY grp, w.protocol_id, c.look_for
    """
    return [dict(row) for row in db.query(sql, args)]


def visit_totals(db, walks: WalkFilter, group: str = "all", classrooms: bool = True) -> list[dict]:
    """Per group and protocol: walks, visits, distinct classrooms and notes.

    ``classrooms=False`` leaves the classrooms at 0 and skips reading the visits (for
    callers that count classrooms across protocols with :func:`classroom_totals`).
    """
    grp = _group(group)
    plan = rollup_reads.plan_for(walks, group)
    if plan is not None:
        rows = rollup_reads.summed(db, plan, group, "walk", None, ("walks", "visits", "notes"),
                                   lambda edge: visit_totals(db, edge, group, classrooms=False))
        rooms = (rollup_reads.distinct_classrooms(db, plan, group, grp, True, lambda edge: edge.sql())
                 if classrooms else {})
        return [dict(row, classrooms=rooms.get((row["grp"], row["protocol_id"]), 0)) for row in rows]
    where, args = walks.sql()
    sql = f"""
        SELECT {grp} AS grp, w.protocol_id AS protocol_id, COUNT(*) AS walks,
               COALESCE(SUM(c.visits), 0) AS visits, COALESCE(SUM(c.notes), 0) AS notes
        FROM walks w LEFT JOIN walk_counts c ON c.walk_id = w.id
        WHERE {where}
        GROUP BY grp, w.protocol_id
    """
    rows = {(row["grp"], row["protocol_id"]): dict(row, classrooms=0) for row in db.query(sql, args)}
    if not classrooms:
        return list(rows.values())
    rooms_sql = f"""
        SELECT {grp} AS grp, w.protocol_id AS protocol_id,
               COUNT(DISTINCT w.school || char(31) || v.classroom) AS classrooms
        FROM walks w JOIN visits v ON v.walk_id = w.id
        WHERE {where}
        GROUP BY grp, w.protocol_id
    """
    for row in db.query(rooms_sql, args):
        key = (row["grp"], row["protocol_id"])
        if key in rows:
            rows[key]["classrooms"] = row["classrooms"]
    return list(rows.values())


def classroom_totals(db, walks: WalkFilter, group: str = "all") -> dict:
    """Per group: distinct classrooms visited, whatever the protocol (a classroom is its
    school and name, so a room walked under two protocols counts once). Grouped by
    school, the counts add up to the district's classrooms."""
    plan = rollup_reads.plan_for(walks, group)
    if plan is not None:
        rooms = rollup_reads.distinct_classrooms(db, plan, group, _group(group), False, lambda edge: edge.sql())
        return {key[0]: count for key, count in rooms.items()}
    where, args = walks.sql()
    sql = f"""
        SELECT {_group(group)} AS grp, COUNT(DISTINCT w.school || char(31) || v.classroom) AS classrooms
        FROM walks w JOIN visits v ON v.walk_id = w.id
        WHERE {where}
        GROUP BY grp
    """
    return {row["grp"]: row["classrooms"] for row in db.query(sql, args)}


def kind_totals(db, walks: WalkFilter) -> list[dict]:
    """Per protocol and evidence kind: how many notes."""
    return _note_totals(db, walks, "kind", "kind", "e.kind", "")


def student_group_totals(db, walks: WalkFilter) -> list[dict]:
    """Per protocol and student group: how many notes were tagged with it."""
    return _note_totals(db, walks, "group", "student_group", "g.value",
                        ", json_each(e.student_groups) g",
                        " AND e.student_groups IS NOT NULL AND e.student_groups != '[]'")


def _note_totals(db, walks: WalkFilter, rollup: str, column: str, value_sql: str, join_sql: str,
                 where_sql: str = "") -> list[dict]:
    """Notes per protocol and ``column``: from the counts kept per school and month where the
    range allows (``rollup`` names them), else counted from the notes (``value_sql`` over
    ``evidence e`` joined with ``join_sql``)."""
    plan = rollup_reads.plan_for(walks, "all")
    if plan is not None:
        rows = rollup_reads.summed(db, plan, "all", rollup, column, ("notes",),
                                   lambda edge: [dict(row, grp="") for row in
                                                 _note_totals(db, edge, rollup, column, value_sql, join_sql, where_sql)])
        return [{key: row[key] for key in ("protocol_id", column, "notes")} for row in rows]
    where, args = walks.sql()
    sql = f"""
        SELECT w.protocol_id AS protocol_id, {value_sql} AS {column}, COUNT(*) AS notes
        FROM walks w JOIN evidence e ON e.walk_id = w.id{join_sql}
        WHERE {where} AND e.deleted_at IS NULL{where_sql}
        GROUP BY w.protocol_id, {value_sql}
    """
    return [dict(row) for row in db.query(sql, args)]


def index_by(rows: Iterable[dict], *keys: str) -> dict[tuple, dict]:
    """Rows keyed by the tuple of ``keys``."""
    return {tuple(row[key] for key in keys): row for row in rows}
