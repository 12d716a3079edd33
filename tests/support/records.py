"""Records a test starts from, written straight to the database.

For a whole walk as an observer records it, use the shipped test kit instead:
``record_walk(db, protocol_id, {"Room 1": ["a note"]})`` from ``classwalk.testing`` on an
``open_db`` (or the ``classwalk_db`` fixture). The builders here are for what the kit does not
set: fixed times, a visit left open.
"""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Evidence, Observer, Slice, Visit, Walk
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


def recorded_walk(db_path, protocol_id: str, rooms, *, observer: str | None = None, **walk_fields) -> Walk:
    """A walk recorded through the public API by the shipped test kit's ``record_walk``.

    ``rooms`` maps each classroom to its notes (a text, or a dict of ``record`` arguments);
    ``observer`` is who writes them; ``walk_fields`` go to ``record_walk`` (``school``,
    ``date``, ``observers``, ``end``, a focus...). Only the built-in protocol plugins load."""
    from classwalk.api import open_db
    from classwalk.testing import built_in_plugin_names, record_walk

    with open_db(db_path, plugins=built_in_plugin_names(), protocol_dirs=[], observer=observer) as db:
        return record_walk(db, protocol_id, rooms, **walk_fields)


def objective_note(classwalk) -> Evidence:
    """Dana's one note, an objective with a look-for and a mark, on a Downey walk Dana and Sam share."""
    walk = recorded_walk(classwalk.db_path, "downey", {"Room 12": [{
        "text": "Compare two fractions", "kind": "objective", "look_fors": ["curricular.objective"],
        "mark": "understand"}]}, observer="Dana", school="Maple Grove", date=dt.date(2026, 11, 2),
        observers=("Dana", "Sam"), end=False)
    [note] = classwalk.store.evidence_for_walk(walk.id)
    return note
