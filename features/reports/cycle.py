"""A cycle of walks: each walk's counts side by side, the latest change, and what comes next."""

from __future__ import annotations

from attrs import evolve

from classwalk.features.debriefs import cycles
from classwalk.features.outputs.anonymise import for_walk
from classwalk.core.records.patterns import Pattern
from classwalk.features.reports.intervals import capture_rollup
from classwalk.features.outputs.labels import LabelsByProtocol
from classwalk.features.reports.walk import changes_pattern


def cycle_walks_pattern(walks, visits: dict[str, int], notes: dict[str, int], labels: LabelsByProtocol,
                        rewrite: dict | None = None) -> Pattern:
    rewrite = rewrite or {}
    rows = [
        [walk.date.isoformat(), labels.protocol_name(walk.protocol_id),
         rewrite[walk.id](walk.focus) if walk.id in rewrite else walk.focus,
         visits.get(walk.id, 0), notes.get(walk.id, 0)]
        for walk in walks
    ]
    return Pattern(id="cycle_walks", title="Walks of the cycle",
                   columns=("date", "protocol", "focus", "visits", "notes"), rows=rows)


def cycle_look_fors(walks, visits: dict[str, int], seen: dict[tuple[str, str], int],
                    labels: LabelsByProtocol) -> Pattern:
    """Look-fors × walks: visits noting each, the walk's visits on the first row."""
    columns = [walk.date.isoformat() for walk in walks]
    rows = [["visits", *(visits.get(walk.id, 0) for walk in walks)]]
    shown: dict[tuple[str, str], None] = {}
    for walk in walks:
        tagged = (lf for (wid, lf) in seen if wid == walk.id)
        for look_for in labels.look_for_ids(walk.protocol_id, tagged):
            shown.setdefault((walk.protocol_id, look_for), None)
    for protocol_id, look_for in shown:
        rows.append([labels.look_for(protocol_id, look_for), *(seen.get((walk.id, look_for), 0) for walk in walks)])
    return Pattern(id="cycle_look_fors", title="Visits noting each look-for, walk by walk",
                   columns=("look-for", *columns), rows=rows, shade=True)


def next_walk_pattern(start: cycles.NextWalkStart) -> Pattern:
    rows = [["focus", start.focus], ["guiding question", start.guiding_question]]
    rows = [row for row in rows if row[1]]
    rows += [
        ["open next step", f"{step.text} ({step.kind or 'next step'}"
                           + (f", due {step.due.isoformat()})" if step.due else ")")]
        for step in start.open_next_steps
    ]
    return Pattern(id="cycle_next_walk", title="The next walk starts from", columns=("", ""), rows=rows)


def cycle_report(classwalk, cycle_id: str) -> list:
    """Patterns of a cycle (an id or a unique id prefix) across its walks."""
    store = classwalk.store
    cycle = cycles.find_cycle(store, cycle_id)
    labels = LabelsByProtocol(classwalk.protocols)
    walks = cycles.cycle_walks(store, cycle.id)
    visits, seen = cycles.walk_counts(store.db, [walk.id for walk in walks])
    notes = {
        row["walk_id"]: row["notes"] for row in store.db.query(
            "SELECT walk_id, COUNT(*) AS notes FROM evidence WHERE deleted_at IS NULL AND walk_id IN"
            " (SELECT id FROM walks WHERE cycle_id = ? AND deleted_at IS NULL) GROUP BY walk_id", [cycle.id])
    }
    summary = Pattern(
        id="cycle_summary", title=f"Cycle: {cycle.name}", columns=("", ""),
        rows=[row for row in (["school", cycle.school], ["focus", cycle.focus], ["walks", len(walks)])
              if row[1] != ""],
    )
    anonymisers = {walk.id: for_walk(store, walk) for walk in walks}
    patterns = [summary, cycle_walks_pattern(walks, visits, notes, labels, anonymisers),
                cycle_look_fors(walks, visits, seen, labels)]
    if len(walks) >= 2:
        changes = cycles.look_for_changes(classwalk, walks[-1], walks[-2])
        patterns.append(changes_pattern(changes, walks[-2].date.isoformat()))
    patterns += capture_rollup(classwalk, walks, scope="the cycle")
    patterns.append(next_walk_pattern(_anonymised(cycles.next_walk_start(classwalk, cycle.id), anonymisers)))
    return patterns


def _anonymised(start: cycles.NextWalkStart, anonymisers: dict) -> cycles.NextWalkStart:
    """The next walk's start with teachers' names in its text replaced, walk by walk."""
    last = anonymisers.get(start.last_walk.id) if start.last_walk else None
    steps = [
        evolve(step, text=anonymisers[step.walk_id](step.text)) if step.walk_id in anonymisers else step
        for step in start.open_next_steps
    ]
    if last is None:
        return evolve(start, open_next_steps=steps)
    return evolve(start, focus=last(start.focus), guiding_question=last(start.guiding_question), open_next_steps=steps)
