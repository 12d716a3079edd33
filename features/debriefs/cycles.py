"""Cycles of walks: what changed since the previous walk, and where the next one starts.

A change compares the share of visits in which a look-for was noted: it *rose*, *fell*
or stayed the *same*; it is *new* when the previous walk did not note it, and a
*new focus* when its category joined the walk's focus. The next walk of a cycle starts
from the last walk's focus and the cycle's open next steps.
"""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from classwalk.core.errors import NotFound
from classwalk.core.records.model import NextStep, Observer, Walk
from classwalk.core.clock import now
from classwalk.features.outputs.labels import LabelsByProtocol
from classwalk.features.reports.queries import WalkFilter, index_by, look_for_totals, visit_totals

CHANGES = ("rose", "fell", "same", "new", "new focus", "no longer noted", "not noted")


@frozen(kw_only=True)
class LookForChange:
    """One look-for across two walks: visits noting it, out of the visits made."""

    look_for: str
    label: str
    before: int
    before_visits: int
    after: int
    after_visits: int
    change: str


@frozen(kw_only=True)
class NextWalkStart:
    """What the next walk of a cycle starts from."""

    cycle_id: str
    school: str
    protocol_id: str | None
    focus: str
    guiding_question: str
    focus_categories: tuple[str, ...]
    open_next_steps: tuple[NextStep, ...] = field(converter=tuple)
    last_walk: Walk | None = None


def classify(before: int, before_visits: int, after: int, after_visits: int, new_focus: bool) -> str:
    """One of :data:`CHANGES`, comparing shares of visits (so walk sizes may differ)."""
    if new_focus:
        return "new focus"
    if not before and not after:
        return "not noted"
    if not before:
        return "new"
    if not after:
        return "no longer noted"
    share_before = before / before_visits if before_visits else 0.0
    share_after = after / after_visits if after_visits else 0.0
    if abs(share_after - share_before) < 1e-9:
        return "same"
    return "rose" if share_after > share_before else "fell"


def cycle_walks(store, cycle_id: str) -> list[Walk]:
    """The walks of a cycle, oldest first."""
    return store.walks_in_cycle(cycle_id)


def previous_walk(store, walk: Walk) -> Walk | None:
    """The walk of the same cycle just before ``walk``, if any."""
    if not walk.cycle_id:
        return None
    earlier = None
    for candidate in cycle_walks(store, walk.cycle_id):
        if candidate.id == walk.id:
            return earlier
        earlier = candidate
    return None


def walk_counts(db, walk_ids: list[str]) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Visits per walk, and visits noting each look-for per (walk, look-for)."""
    walks = WalkFilter(walk_ids=tuple(walk_ids))
    visits = {row["grp"]: row["visits"] for row in visit_totals(db, walks, group="walk")}
    seen = {key[::2]: row["visits"] for key, row in
            index_by(look_for_totals(db, walks, group="walk"), "grp", "protocol_id", "look_for").items()}
    return visits, seen


def _focus_look_fors(protocol, walk: Walk) -> set[str]:
    if protocol is None or not walk.focus_categories:
        return set()
    return {lf.id for c in protocol.categories if c.id in walk.focus_categories for lf in c.look_fors}


def look_for_changes(classwalk, walk: Walk, previous: Walk | None = None) -> list[LookForChange]:
    """Each look-for of ``walk``'s protocol, compared with the previous walk of its cycle."""
    store = classwalk.store
    previous = previous or previous_walk(store, walk)
    if previous is None:
        return []
    labels = LabelsByProtocol(classwalk.protocols)
    protocol = labels.protocol(walk.protocol_id)
    visits, seen = walk_counts(store.db, [walk.id, previous.id])
    newly_focused = _focus_look_fors(protocol, walk) - _focus_look_fors(labels.protocol(previous.protocol_id), previous)
    tagged = {lf for (_, lf) in seen}
    changes = []
    for look_for in labels.look_for_ids(walk.protocol_id, tagged):
        before, after = seen.get((previous.id, look_for), 0), seen.get((walk.id, look_for), 0)
        before_visits, after_visits = visits.get(previous.id, 0), visits.get(walk.id, 0)
        changes.append(LookForChange(
            look_for=look_for, label=labels.look_for(walk.protocol_id, look_for),
            before=before, before_visits=before_visits, after=after, after_visits=after_visits,
            change=classify(before, before_visits, after, after_visits, look_for in newly_focused),
        ))
    return changes


def open_next_steps(store, cycle_id: str) -> list[NextStep]:
    """Next steps of the cycle's walks not yet done, by due date."""
    steps = [step for walk in cycle_walks(store, cycle_id) for step in store.next_steps_for_walk(walk.id)]
    return sorted((s for s in steps if s.status == "open"), key=lambda s: (s.due or dt.date.max, s.text))


def next_walk_start(classwalk, cycle_id: str) -> NextWalkStart:
    """Where the next walk of the cycle starts: the last focus and the open next steps."""
    store = classwalk.store
    cycle = _cycle(store, cycle_id)
    walks = cycle_walks(store, cycle.id)
    last = walks[-1] if walks else None
    return NextWalkStart(
        cycle_id=cycle.id, school=cycle.school, protocol_id=last.protocol_id if last else None,
        focus=(last.focus if last and last.focus else cycle.focus),
        guiding_question=last.guiding_question if last else "",
        focus_categories=last.focus_categories if last else (),
        open_next_steps=open_next_steps(store, cycle.id), last_walk=last,
    )


def start_next_walk(classwalk, cycle_id: str, date: dt.date, observers: tuple[Observer, ...] = (),
                    protocol_id: str | None = None) -> Walk:
    """Create and save the cycle's next walk, carrying the last walk's focus forward."""
    start = next_walk_start(classwalk, cycle_id)
    protocol_id = protocol_id or start.protocol_id
    if protocol_id is None:
        raise NotFound(f"cycle {cycle_id} has no walk yet: name the protocol of its first walk")
    classwalk.protocols.get(protocol_id)
    last = start.last_walk
    walk = Walk(
        protocol_id=protocol_id, school=start.school, date=date, focus=start.focus,
        guiding_question=start.guiding_question, focus_categories=start.focus_categories,
        focus_shaped_by=last.focus_shaped_by if last else "",
        slice=last.slice if last and last.protocol_id == protocol_id else None,
        observers=observers or (last.observers if last else ()), mode=last.mode if last else "in_person",
        timing_variant=last.timing_variant if last and last.protocol_id == protocol_id else None,
        cycle_id=start.cycle_id, created_at=now(), updated_at=now(),
    )
    classwalk.store.save_walk(walk)
    return walk


def find_cycle(store, cycle_ref: str):
    """A cycle by full id or unique id prefix."""
    return _cycle(store, cycle_ref)


def _cycle(store, cycle_ref: str):
    ref = cycle_ref.strip().lower().replace("%", "")
    rows = list(store.db["cycles"].rows_where("id LIKE ?", [ref + "%"], limit=2)) if ref else []
    if not rows:
        raise NotFound(f"no cycle with id {cycle_ref!r}")
    if len(rows) > 1:
        raise NotFound(f"cycle id {cycle_ref!r} is ambiguous: give more characters")
    return store.get_cycle(rows[0]["id"])
