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


def walk_summaries(db_path: Path, limit: int = 50, *, school: str | None = None,
                   observer: str | None = None) -> list[WalkSummary]:
    """Every walk in progress and the newest ``limit`` others, with their counts.

    ``school`` keeps to that school's walks; ``observer``'s own walks come first.
    """
    store = Store(db_path)
    try:
        walks = {walk.id: walk for walk in store.list_walks(status="in_progress", school=school)}
        for walk in store.list_walks(limit=limit, school=school):
            walks.setdefault(walk.id, walk)
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
