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


def walk_summaries(db_path: Path, limit: int = 50) -> list[WalkSummary]:
    """The newest walks with their visit and evidence counts."""
    store = Store(db_path)
    try:
        counts = {
            row["walk_id"]: row
            for row in store.db.query(
                """SELECT w.id AS walk_id,
                          (SELECT COUNT(*) FROM visits v WHERE v.walk_id = w.id) AS visits,
                          (SELECT COUNT(*) FROM visits v WHERE v.walk_id = w.id
                                                           AND v.ended_at IS NULL) AS open_visits,
                          (SELECT COUNT(*) FROM evidence e WHERE e.walk_id = w.id) AS evidence
                   FROM walks w"""
            )
        }
        summaries = []
        for walk in store.list_walks()[:limit]:
            row = counts.get(walk.id, {})
            summaries.append(WalkSummary(
                walk=walk, visits=row.get("visits", 0), open_visit=bool(row.get("open_visits")),
                evidence=row.get("evidence", 0),
            ))
        return summaries
    finally:
        store.close()
