"""Team walks: each observer in their own room, the team's notes, and moving together.

When a team walks together, each observer records on their own device (or takes turns
on a shared one) into the same database. Every observer has their own visit of a
classroom; an observer who walks into a room where a teammate already is *joins* the
teammate's visit (``Visit.joins``), so the classroom counts once in reports, time in
classrooms and debriefs. "Next room" moves only the observer who pressed it; teammates
who were in the same room are told and may follow. A facilitator may move the whole
team at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterable

from attrs import evolve, frozen

from classwalk.core.errors import ClasswalkError

if TYPE_CHECKING:
    from classwalk.core.records.model import Evidence, Visit, Walk
    from classwalk.core.storage.store import Store

FACILITATOR_ROLE = "facilitator"


def room_evidence(store: Store, visit: Visit) -> list[Evidence]:
    """Every note of ``visit``'s walk taken in ``visit``'s classroom (any observer's visit), oldest first."""
    room = visit.classroom.strip().casefold()
    visit_ids = {v.id for v in store.visits_for_walk(visit.walk_id)
                 if v.id == visit.id or v.classroom.strip().casefold() == room}
    return [e for e in store.evidence_for_walk(visit.walk_id) if e.visit_id in visit_ids]


def data_version(store: Store) -> int:
    """SQLite's counter of commits by other connections: a cheap 'has anything changed?'."""
    return store.db.conn.execute("PRAGMA data_version").fetchone()[0]


def is_facilitator(walk: Walk, observer: str) -> bool:
    """True when ``observer`` takes the facilitator's role in ``walk`` (they may move the team)."""
    return any(o.name == observer and o.role == FACILITATOR_ROLE for o in walk.observers)


@frozen
class Move:
    """A teammate who was in this room and is now in another (or between rooms)."""

    observer: str
    visit: Visit | None  # their visit now, None while they choose the next room

    def words(self) -> str:
        return f"{self.observer} moved to {self.visit.classroom}" if self.visit else f"{self.observer} left the room"


def same_room(one: Visit, other: Visit) -> bool:
    return one.classroom.strip().casefold() == other.classroom.strip().casefold()


def teammates_moved(store: Store, visit: Visit) -> list[Move]:
    """Teammates who shared ``visit``'s classroom with its observer and have since left it.

    Each is listed with the room they are in now: what "Ana moved to Room 14" says.
    """
    visits = store.visits_for_walk(visit.walk_id)
    moves = []
    for observer in dict.fromkeys(v.observer for v in visits if v.observer != visit.observer):
        theirs = [v for v in visits if v.observer == observer]
        shared = [v for v in theirs if same_room(v, visit) and v.ended
                  and v.ended_at >= visit.started_at and (visit.ended_at is None or v.started_at <= visit.ended_at)]
        if not shared:
            continue
        left_at = max(v.ended_at for v in shared)
        now_in = [v for v in theirs if not v.ended]
        if any(same_room(v, visit) for v in now_in):
            continue  # back in this room
        later = [v for v in now_in if v.started_at >= left_at]
        moves.append(Move(observer=observer, visit=later[-1] if later else None))
    return moves


def in_rooms(store: Store, walk_id: str) -> list[Visit]:
    """Who is in a room now: each open visit of the walk, one per observer, in start order."""
    return sorted(store.open_visits(walk_id), key=lambda v: (v.started_at, v.id))


def who_is_in_a_room(visits: Iterable[Visit]) -> str:
    """``Ana in Room 14, Ben in Room 12`` (what ending the walk's visits asks about)."""
    return ", ".join(f"{v.observer or 'someone'} in {v.classroom}" for v in visits)


def follow(store: Store, walk: Walk, observer: str, mate: Visit, *, leaving: Visit | None = None,
           at: dt.datetime | None = None) -> Visit:
    """``observer`` follows a teammate into ``mate``'s room: their visit joins the teammate's.

    ``leaving`` (the observer's own open visit) ends at the same moment.
    """
    from classwalk.core.records.model import Visit
    from classwalk.core.clock import now

    if mate.ended:
        raise ClasswalkError(f"{mate.observer} has left {mate.classroom} already: choose the room instead")
    visit = Visit(walk_id=walk.id, classroom=mate.classroom, teacher=mate.teacher, grade=mate.grade,
                  subject=mate.subject, slice=mate.slice, observer=observer, started_at=at or now(),
                  joins=mate.stay_id)
    return store.start_visit(visit, leaving=leaving.id if leaving is not None and not leaving.ended else None)


def move_team(store: Store, walk: Walk, facilitator: str, classroom: Visit,
              at: dt.datetime | None = None) -> list[Visit]:
    """The facilitator moves everyone who is in a room into ``classroom`` (a new, unsaved Visit
    of the facilitator's); every open visit ends and each observer gets a visit joining it.

    Refused (nothing changes) unless ``facilitator`` has that role in the walk.
    """
    from classwalk.core.records.model import Visit
    from classwalk.core.clock import now

    if not is_facilitator(walk, facilitator):
        raise ClasswalkError(f"only the walk's facilitator moves the whole team; {facilitator or 'nobody'} "
                             "is not: 'Next room' moves you alone")
    moment = at or now()
    with store.transaction():
        team = [v for v in in_rooms(store, walk.id) if v.observer != facilitator]
        mine = store.open_visit(walk.id, facilitator)
        lead = store.start_visit(evolve(classroom, observer=facilitator, started_at=moment, joins=None),
                                 leaving=mine.id if mine else None)
        moved = [lead]
        for visit in team:
            store.end_visit(visit.id, at=moment)
            moved.append(store.start_visit(Visit(
                walk_id=walk.id, classroom=lead.classroom, teacher=lead.teacher, grade=lead.grade,
                subject=lead.subject, slice=lead.slice, observer=visit.observer, started_at=moment,
                joins=lead.stay_id)))
    return moved


def end_all_visits(store: Store, walk_id: str, at: dt.datetime | None = None) -> list[Visit]:
    """End every visit of the walk still under way (everyone leaves their room); returns them ended."""
    with store.transaction():
        return [store.end_visit(v.id, at=at) for v in store.open_visits(walk_id)]


@frozen
class ClassroomVisit:
    """One classroom visit of a walk: the visits of every observer who was in it together."""

    visits: tuple  # the observers' visits, the first one started first

    @property
    def first(self) -> Visit:
        return self.visits[0]

    @property
    def classroom(self) -> str:
        return self.first.classroom

    @property
    def observers(self) -> list[str]:
        return list(dict.fromkeys(v.observer for v in self.visits if v.observer))

    @property
    def started_at(self) -> dt.datetime:
        return min(v.started_at for v in self.visits)

    @property
    def ended_at(self) -> dt.datetime | None:
        if any(v.ended_at is None for v in self.visits):
            return None
        return max(v.ended_at for v in self.visits)

    def elapsed_seconds(self, at: dt.datetime | None = None) -> float:
        """Time in the classroom: from the first observer in to the last one out."""
        from classwalk.core.clock import now

        end = self.ended_at or at or now()
        return max(0.0, (end - self.started_at).total_seconds())


def classroom_visits(visits: Iterable[Visit]) -> list[ClassroomVisit]:
    """A walk's visits grouped into classroom visits (joined visits together), in start order."""
    groups: dict[str, list[Visit]] = {}
    for visit in sorted(visits, key=lambda v: (v.started_at, v.id)):
        groups.setdefault(visit.stay_id, []).append(visit)
    return [ClassroomVisit(visits=tuple(group)) for group in groups.values()]
