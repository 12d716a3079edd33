"""Build tests/fixtures/schema_v1.db: a database in the first released schema.

Run once, when ``0001_initial`` was the only migration; the file is kept in the
repository so every later migration is tested against real first-schema data. It
refuses to run once other migrations exist (the fixture must stay first-schema).

    python tests/safety/build_schema_v1.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from classwalk.api import Classwalk
from classwalk.features.demo.school import demo_id, demo_records
from classwalk.core.storage.migrations import migrations
from classwalk.core.records.model import Cycle, Evidence, Feedback, Observer, Visit, Walk

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.db"
TODAY = dt.date(2026, 11, 23)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.timezone.utc)


def cycle_walk() -> list:
    """A walk in a cycle, with a walk-level note, odd text and private feedback."""
    day = TODAY - dt.timedelta(days=20)
    cycle = Cycle(id=demo_id("v1", "cycle"), name="Autumn cycle", school="Cedar Hill Middle",
                  focus="Student talk", created_at=_at(day, 8, 0))
    walk = Walk(
        id=demo_id("v1", "walk"), protocol_id="downey", school="Cedar Hill Middle", date=day,
        focus="Student talk", guiding_question="Who explains their thinking?",
        observers=[Observer(name="Sam Ito", role="observer"), Observer(name="Lee Park")],
        cycle_id=cycle.id, status="debriefing", created_at=_at(day, 8, 5), updated_at=_at(day, 9, 0),
    )
    visit = Visit(id=demo_id("v1", "visit"), walk_id=walk.id, classroom="Room 101",
                  teacher="Mr. Diaz", grade="7", subject="science", observer="Sam Ito",
                  started_at=_at(day, 8, 10), ended_at=None)
    notes = [
        Evidence(id=demo_id("v1", "note", 1), walk_id=walk.id, visit_id=visit.id, kind="observation",
                 text="Pairs explain: «why does ice float?» — 12 of 14 talking\nsecond line\ttab",
                 look_fors=("orientation.on_task", "instructional.grouping"),
                 student_groups=("multilingual",), observer="Sam Ito", captured_at=_at(day, 8, 11)),
        Evidence(id=demo_id("v1", "note", 2), walk_id=walk.id, visit_id=None, kind="observation",
                 text="Hallway: posters in three languages 🌍", observer="Lee Park",
                 captured_at=_at(day, 8, 30)),
    ]
    feedback = Feedback(id=demo_id("v1", "feedback"), visit_id=visit.id, teacher="Mr. Diaz",
                        question="What did you notice about who explained first?",
                        due=_at(day + dt.timedelta(days=2), 16, 0), updated_at=_at(day, 9, 0))
    return [cycle, walk, visit, *notes, feedback]


def build(path: Path = FIXTURE) -> None:
    if path.exists():
        path.unlink()
    classwalk = Classwalk(db_path=path)
    store = classwalk.store
    applied = [m.name for m in migrations.applied(store.db)]
    if applied != ["0001_initial"]:
        classwalk.close()
        path.unlink()
        sys.exit(f"refusing: migrations {applied} applied, the fixture must be first-schema only")
    store.save_many(demo_records(TODAY, {"downey"}) + cycle_walk())
    store.save_draft("note:" + demo_id("v1", "visit"), "half-typed note about the lab")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    classwalk.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    build()
    print(f"wrote {FIXTURE}")
