"""Report counts read from the kept per-month roll-ups (``rollup_counts``), exactly.

A date range is cut into whole months, read from the roll-ups (a few rows per school and
month), and the days at either end that do not fill a month, read from the per-walk counts
as before. The two add up to what the per-walk counts alone give: every count here is a
sum, except classrooms, which are counted distinct over both sources together.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from attrs import evolve, frozen

ROLLUP_GROUPS = {"all": "''", "school": "school", "month": "month"}
"""Report groups the roll-ups can answer (a walk's own counts are not kept by month)."""


@frozen
class Plan:
    """How a filter's walks split into whole months (read from roll-ups) and edge days."""

    school: str | None
    first: str | None
    """First whole month (``YYYY-MM``), None when the range has no start."""
    last: str | None
    whole_months: bool
    edges: tuple  # WalkFilters over the days outside whole months

    def where(self, dimension: str) -> tuple[str, list]:
        clauses, args = ["dimension = ?"], [dimension]
        if self.school is not None:
            clauses.append("school = ?")
            args.append(self.school)
        if self.first is not None:
            clauses.append("month >= ?")
            args.append(self.first)
        if self.last is not None:
            clauses.append("month <= ?")
            args.append(self.last)
        return " AND ".join(clauses), args


def plan_for(walks, group: str) -> Plan | None:
    """The split of ``walks`` (a WalkFilter), or None when it must be read walk by walk:
    roll-ups turned off, a cycle or an explicit list of walks, a grouping by walk."""
    if not walks.rollups or walks.cycle_id is not None or walks.walk_ids is not None or group not in ROLLUP_GROUPS:
        return None
    start, end = walks.date_from, walks.date_to
    first = last = None
    edges = []
    if start is not None:
        first = _month(start) if start.day == 1 else _month(_month_end(start) + dt.timedelta(days=1))
    if end is not None:
        last = _month(end) if end == _month_end(end) else _month(end.replace(day=1) - dt.timedelta(days=1))
    whole = first is None or last is None or first <= last
    if start is not None and end is not None and _month(start) == _month(end) and not whole:
        edges.append((start, end))
    else:
        if start is not None and start.day != 1:
            edges.append((start, min(_month_end(start), end) if end else _month_end(start)))
        if end is not None and end != _month_end(end):
            edges.append((max(end.replace(day=1), start) if start else end.replace(day=1), end))
    edge_filters = tuple(evolve(walks, date_from=a, date_to=b, rollups=False) for a, b in edges)
    return Plan(school=walks.school, first=first, last=last, whole_months=whole, edges=edge_filters)


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def summed(db, plan: Plan, group: str, dimension: str, item_as: str | None, fields: tuple[str, ...],
           edge_rows: Callable[[object], list[dict]]) -> list[dict]:
    """Rows per group, protocol (and item, named ``item_as``) summing ``fields``: the whole
    months from the roll-ups plus ``edge_rows`` of each edge filter; rows whose first field
    sums to nothing are left out, as the per-walk queries leave them out."""
    keys = ("grp", "protocol_id") + ((item_as,) if item_as else ())
    months: list[dict] = []
    if plan.whole_months:
        where, args = plan.where(dimension)
        item = f", item AS {item_as}" if item_as else ""
        sums = ", ".join(f"SUM({f}) AS {f}" for f in fields)
        sql = (f"SELECT {ROLLUP_GROUPS[group]} AS grp, protocol_id{item}, {sums} FROM rollup_counts "
               f"WHERE {where} GROUP BY grp, protocol_id{', item' if item_as else ''} HAVING SUM({fields[0]}) > 0")
        names = keys + fields
        months = [dict(zip(names, row)) for row in db.execute(sql, args).fetchall()]
    if not plan.edges:
        return months
    totals: dict[tuple, dict] = {}
    for row in months + [row for edge in plan.edges for row in edge_rows(edge)]:
        key = tuple(row[k] for k in keys)
        into = totals.setdefault(key, {**{k: row[k] for k in keys}, **{f: 0 for f in fields}})
        for field in fields:
            into[field] += row[field] or 0
    return [row for row in totals.values() if row[fields[0]] > 0]


def distinct_classrooms(db, plan: Plan, group: str, walk_group: str, by_protocol: bool,
                        edge_where: Callable[[object], tuple[str, list]]) -> dict[tuple, int]:
    """Distinct classrooms (school and room) per group (and protocol), over whole months and edges."""
    parts, args = [], []
    if plan.whole_months:
        where, more = plan.where("classroom")
        parts.append(f"SELECT {ROLLUP_GROUPS[group]} AS grp, protocol_id, school || char(31) || item AS room "
                     f"FROM rollup_counts WHERE {where} AND visits > 0")
        args += more
    for edge in plan.edges:
        where, more = edge_where(edge)
        parts.append(f"SELECT {walk_group} AS grp, w.protocol_id AS protocol_id, "
                     f"w.school || char(31) || v.classroom AS room "
                     f"FROM walks w JOIN visits v ON v.walk_id = w.id WHERE {where}")
        args += more
    if not parts:
        return {}
    keys = "grp, protocol_id" if by_protocol else "grp"
    sql = f"SELECT {keys}, COUNT(DISTINCT room) AS classrooms FROM ({' UNION ALL '.join(parts)}) GROUP BY {keys}"
    return {tuple(row[:-1]): row[-1] for row in db.execute(sql, args).fetchall()}


def schools_walked(db) -> list[str]:
    """Schools with at least one live walk (as ``Store.schools``), from the roll-ups."""
    sql = ("SELECT school FROM rollup_counts WHERE dimension = 'walk' "
           "GROUP BY school HAVING SUM(walks) > 0 ORDER BY school")
    return [row[0] for row in db.execute(sql).fetchall()]


def protocols_walked(db, plan: Plan) -> set[str]:
    """Protocols with at least one live walk in the plan's whole months (edges not included)."""
    if not plan.whole_months:
        return set()
    where, args = plan.where("walk")
    sql = f"SELECT protocol_id FROM rollup_counts WHERE {where} GROUP BY protocol_id HAVING SUM(walks) > 0"
    return {row[0] for row in db.execute(sql, args).fetchall()}
