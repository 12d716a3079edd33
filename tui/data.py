"""Reads for the home screen, done on a worker thread with their own database connection.

SQLite connections belong to the thread that opened them, so a worker opens its own
:class:`Store` and closes it when done.
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from classwalk.core.model import Walk
from classwalk.core.store import Store


@frozen
class WalkSummary:
    """One walk as the home screen lists it."""

    walk: Walk
    visits: int
    open_visit: bool
    evidence: int


def app_scope(app):
    """The scope of this run (observer, school limit, own walks), read without opening anything:
    safe from a worker thread."""
    from classwalk.core.scope import EVERYONE, Scope

    current = getattr(app.classwalk, "scope", EVERYONE)
    return Scope(observer=getattr(app, "fixed_observer", None) or current.observer,
                 school=getattr(app, "school_limit", None) or current.school,
                 own_walks=bool(getattr(app, "own_walks", None)) or current.own_walks)


def app_door(app):
    """The app's :class:`classwalk.Classwalk`, scoped as this run is (its observer, school
    limit and own-walks limit): what the screens call instead of the store. Call it on
    the app's thread (it shares the app's database connection)."""
    from classwalk.api import door

    return door(app.classwalk, observer=getattr(app, "fixed_observer", None),
                school=getattr(app, "school_limit", None), own_walks=getattr(app, "own_walks", None))


def walk_summaries(db_path: Path, limit: int = 50, *, school: str | None = None,
                   observer: str | None = None, scope=None) -> list[WalkSummary]:
    """Every walk in progress and the newest ``limit`` others, with their counts.

    ``school`` keeps to that school's walks; ``observer``'s own walks come first;
    ``scope`` (a :class:`~classwalk.core.scope.Scope`) leaves out every walk outside it.
    """
    store = Store(db_path)
    try:
        school = school or (scope.school if scope is not None else None)
        walks = {walk.id: walk for walk in store.list_walks(status="in_progress", school=school)}
        for walk in store.list_walks(limit=limit, school=school):
            walks.setdefault(walk.id, walk)
        if scope is not None:
            walks = {walk_id: walk for walk_id, walk in walks.items() if scope.allows(walk)}
        counts = store.walk_counts(list(walks))
        ordered = sorted(walks.values(), key=lambda w: (w.date, w.created_at), reverse=True)
        if observer:
            ordered.sort(key=lambda w: observer not in {o.name for o in w.observers})
        return [
            WalkSummary(walk=walk, visits=counts[walk.id]["visits"],
                        open_visit=bool(counts[walk.id]["open_visits"]), evidence=counts[walk.id]["notes"])
            for walk in ordered
        ]
    finally:
        store.close()
