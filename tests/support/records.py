"""Records a test starts from, written straight to the database.

For a whole walk as an observer records it, use the shipped test kit instead:
``record_walk(db, protocol_id, {"Room 1": ["a note"]})`` from ``classwalk.testing`` on an
``open_db`` (or the ``classwalk_db`` fixture). The builders here are for what the kit does not
set: fixed times, a visit left open.
"""

from __future__ import annotations

import datetime as dt

from classwalk.core.model import Observer, Slice, Visit, Walk
from tests.support.clock import START

SLICE = Slice(kind="tier2_block", tier=2, description="phonics block")


def walk_in_a_room(classwalk, protocol_id: str = "ilw_tiered", observers=("Ana", "Ben"),
                   classroom: str = "Room 7", *, school: str = "Lincoln Elem",
                   started_at: dt.datetime | None = None) -> tuple[Walk, Visit]:
    """A walk of ``protocol_id`` with one open visit.

    Without ``started_at`` the visit began a minute before ``START`` (the frozen UI clock)
    and has no observer named; with it, the visit begins then and is the first observer's."""
    extra = {"slice": SLICE, "guiding_question": "Do Tier 2 students keep the challenge?"} \
        if protocol_id == "ilw_tiered" else {}
    if protocol_id == "ifl_learning_walk":
        extra = {"focus": "student talk", "guiding_question": "Who talks about ideas?"}
    team = tuple(Observer(name=name) for name in observers)
    if started_at is None:
        walk = Walk(protocol_id=protocol_id, school=school, date=START.date(), observers=team,
                    created_at=START, updated_at=START, **extra)
        visit = Visit(walk_id=walk.id, classroom=classroom, started_at=START - dt.timedelta(seconds=60),
                      slice=walk.slice)
    else:
        walk = Walk(protocol_id=protocol_id, school=school, date=started_at.date(), observers=team, **extra)
        visit = Visit(walk_id=walk.id, classroom=classroom, observer=observers[0], started_at=started_at,
                      slice=walk.slice)
    classwalk.store.save_walk(walk)
    classwalk.store.save_visit(visit)
    return walk, visit

