"""Team walks: the notes every observer of a walk has taken in one classroom.

When a team walks together, each observer records on their own device into the same
database; this is what a visit screen shows of the others' notes as they arrive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from classwalk.core.model import Evidence, Visit
    from classwalk.core.store import Store


def room_evidence(store: Store, visit: Visit) -> list[Evidence]:
    """Every note of ``visit``'s walk taken in ``visit``'s classroom (any observer's visit), oldest first."""
    room = visit.classroom.strip().casefold()
    visit_ids = {v.id for v in store.visits_for_walk(visit.walk_id)
                 if v.id == visit.id or v.classroom.strip().casefold() == room}
    return [e for e in store.evidence_for_walk(visit.walk_id) if e.visit_id in visit_ids]


def data_version(store: Store) -> int:
    """SQLite's counter of commits by other connections: a cheap 'has anything changed?'."""
    return store.db.conn.execute("PRAGMA data_version").fetchone()[0]
