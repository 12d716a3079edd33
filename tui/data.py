"""The app's scoped door, and what the home screen lists (read on the app's database thread)."""

from __future__ import annotations

from attrs import frozen

from classwalk.core.records.model import Walk


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

    current = getattr(app.api, "scope", EVERYONE)
    return Scope(observer=getattr(app, "fixed_observer", None) or current.observer,
                 school=getattr(app, "school_limit", None) or current.school,
                 own_walks=bool(getattr(app, "own_walks", None)) or current.own_walks)


def app_door(app):
    """The app's :class:`classwalk.Classwalk`, scoped as this run is (its observer, school
    limit and own-walks limit): what the screens call instead of the store. Call it on
    the app's thread (it shares the app's database connection)."""
    from classwalk.api import door

    return door(app.api, observer=getattr(app, "fixed_observer", None),
                school=getattr(app, "school_limit", None), own_walks=getattr(app, "own_walks", None))


def walk_summaries(door, limit: int = 50) -> tuple[list[WalkSummary], dict[str, str]]:
    """Every walk in progress and the newest ``limit`` others in ``door``'s scope, with their
    counts (the scope's observer's own walks first), and the protocols' names by id.

    A job for the app's database thread (:mod:`classwalk.tui.database`).
    """
    walks = {walk.id: walk for walk in door.walks(status="in_progress")}
    for walk in door.walks(limit=limit):
        walks.setdefault(walk.id, walk)
    counts = door.walk_counts(list(walks.values()))
    ordered = sorted(walks.values(), key=lambda w: (w.date, w.created_at), reverse=True)
    observer = door.scope.observer
    if observer:
        ordered.sort(key=lambda w: observer not in {o.name for o in w.observers})
    summaries = [
        WalkSummary(walk=walk, visits=counts[walk.id]["visits"],
                    open_visit=bool(counts[walk.id]["open_visits"]), evidence=counts[walk.id]["notes"])
        for walk in ordered
    ]
    return summaries, {p.id: p.name for p in door.list_protocols()}
