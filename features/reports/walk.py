"""One walk's report: the faculty debrief's patterns, and what changed since the last walk.

Patterns only: classrooms appear as Room A, B, ... (or as the team named them when the
walk allows), teachers never. Everything is read from the walk's own records.
"""

from __future__ import annotations

from classwalk.features.debriefs import cycles
from classwalk.features.outputs.anonymise import for_walk
from classwalk.features.debriefs.debrief import build_debrief
from classwalk.core.records.patterns import Pattern


def walk_summary(walk, visits: int, notes: int, protocol_name: str, rewrite=lambda text: text) -> Pattern:
    rows = [
        ["protocol", protocol_name], ["school", walk.school], ["date", walk.date.isoformat()],
        ["focus", rewrite(walk.focus)], ["guiding question", rewrite(walk.guiding_question)],
        ["observers", len(walk.observers) or ""], ["visits", visits], ["notes", notes],
    ]
    return Pattern(id="walk_summary", title="The walk", columns=("", ""),
                   rows=[row for row in rows if row[1] != ""])


def changes_pattern(changes: list[cycles.LookForChange], previous_date: str) -> Pattern:
    rows = [
        [c.label, f"{c.before} of {c.before_visits}", f"{c.after} of {c.after_visits}", c.change]
        for c in changes
    ]
    return Pattern(
        id="cycle_changes", title=f"Since the previous walk of the cycle ({previous_date})",
        columns=("look-for", "visits noting it before", "visits noting it now", "change"), rows=rows,
        note="Compares the share of visits in which each look-for was noted.",
    )


def walk_report(classwalk, walk_id: str) -> list[Pattern]:
    """The patterns of one walk (an id or a unique id prefix), teachers' names in free
    text replaced (see :mod:`..anonymise`)."""
    store = classwalk.store
    walk = store.find_walk(walk_id)
    anonymiser = for_walk(store, walk)
    view = build_debrief(classwalk, walk, anonymiser=anonymiser)
    visits = len(view.room_labels)
    notes = store.db.execute("SELECT COUNT(*) FROM evidence WHERE walk_id = ? AND deleted_at IS NULL", [walk.id]).fetchone()[0]
    patterns = [walk_summary(walk, visits, notes, view.protocol.name, anonymiser), *view.patterns]
    previous = cycles.previous_walk(store, walk)
    if previous is not None:
        patterns.append(changes_pattern(cycles.look_for_changes(classwalk, walk, previous),
                                        previous.date.isoformat()))
    return patterns
