"""A district's database, made through the real store: schools, walks, visits, evidence.

Everything is invented and seeded, so the same scale gives the same database. Walks
follow a school year (late August to mid June), most under the Downey walkthrough,
some learning walks; notes are short descriptive sentences tagged with look-fors.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path
from typing import Callable, Iterator

from attrs import frozen

from classwalk.api import Classwalk
from classwalk.core.records.model import DebriefResponse, Evidence, Observer, Visit, Walk

NAMESPACE = uuid.UUID("5b0c6a8e-2f4d-4e57-9c1a-7d3e9f2b4a60")
YEAR_START = dt.date(2025, 8, 25)
YEAR_DAYS = 290
BATCH = 5_000
PROTOCOL_SHARES = (("downey", 0.7), ("ifl_learning_walk", 0.2), ("ilw_tiered", 0.1))
SUBJECTS = ("math", "reading", "science", "writing", "history", "art")
PHRASES = (
    "{a} of {b} students at work on the task when I came in",
    "Objective on the board and read aloud; students restate it to a partner",
    "Teacher asks 'how do you know?' and waits; {a} hands go up",
    "Pairs compare strategies on whiteboards, {a} pairs explaining aloud",
    "Anchor chart dated this week, students point to it while working",
    "Student says: 'we are finding which fraction is bigger and why'",
    "Transition took about {a} minutes while materials were handed out",
    "Small group of {a} with the teacher, the rest reading independently",
)


@frozen
class Scale:
    """How big a district to make."""

    name: str
    schools: int
    visits: int
    evidence: int

    @property
    def walks(self) -> int:
        return max(self.schools, self.visits // 8)


SCALES = {
    "small": Scale("small", schools=5, visits=2_000, evidence=20_000),
    "medium": Scale("medium", schools=20, visits=20_000, evidence=200_000),
    "full": Scale("full", schools=50, visits=200_000, evidence=2_000_000),
}


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def school_name(index: int) -> str:
    return f"School {index + 1:02d}"


def _protocol_for(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for protocol_id, share in PROTOCOL_SHARES:
        total += share
        if roll < total:
            return protocol_id
    return PROTOCOL_SHARES[0][0]


def district_records(classwalk: Classwalk, scale: Scale, seed: int = 1) -> Iterator[object]:
    """Every record of the district, walk by walk (a walk, its visits, their notes)."""
    rng = random.Random(seed)
    protocols = {pid: classwalk.protocols.get(pid) for pid, _share in PROTOCOL_SHARES}
    walks = scale.walks
    for number in range(walks):
        school = number % scale.schools
        protocol = protocols[_protocol_for(rng)]
        day = YEAR_START + dt.timedelta(days=rng.randrange(YEAR_DAYS))
        start = dt.datetime.combine(day, dt.time(8, 30), tzinfo=dt.timezone.utc)
        observers = [Observer(name=f"Observer {rng.randrange(200)}")
                     for _ in range(protocol.min_observers)]
        walk = Walk(
            id=stable_id("walk", number), protocol_id=protocol.id, school=school_name(school),
            date=day, observers=observers, focus="student talk" if protocol.requires_focus else "",
            slice=None, status="closed", created_at=start, updated_at=start,
        )
        yield walk
        visits = scale.visits * (number + 1) // walks - scale.visits * number // walks
        notes_per_visit = scale.evidence // scale.visits
        look_fors = [lf.id for lf in protocol.look_fors()]
        kinds = [k.id for k in protocol.evidence_kinds if k.id != "interview"]
        groups = [g.id for g in protocol.student_groups]
        for room in range(visits):
            visit_start = start + dt.timedelta(minutes=room * 6)
            visit = Visit(
                id=stable_id("visit", number, room), walk_id=walk.id,
                classroom=f"Room {rng.randrange(1, 40)}", teacher=f"Teacher {school}-{rng.randrange(40)}",
                grade=str(rng.randrange(1, 9)), subject=rng.choice(SUBJECTS), observer=observers[0].name,
                started_at=visit_start, ended_at=visit_start + dt.timedelta(minutes=4),
            )
            yield visit
            for note in range(notes_per_visit):
                text = rng.choice(PHRASES).format(a=rng.randrange(2, 25), b=rng.randrange(20, 30))
                yield Evidence(
                    id=stable_id("note", number, room, note), walk_id=walk.id, visit_id=visit.id,
                    kind=rng.choice(kinds), text=text, look_fors=rng.sample(look_fors, rng.randint(0, 3)),
                    student_groups=rng.sample(groups, rng.choice((0, 0, 0, 1))), observer=observers[0].name,
                    captured_at=visit_start + dt.timedelta(seconds=20 * (note + 1)),
                )
        for prompt in protocol.debrief_prompts[:2]:
            yield DebriefResponse(id=stable_id("response", number, prompt.id), walk_id=walk.id,
                                  prompt_id=prompt.id, text="Most rooms showed the focus practice early.",
                                  updated_at=start)


def generate(path: Path, scale: Scale, progress: Callable[[str], None] = lambda _: None) -> Path:
    """Write the district at ``scale`` to a new database at ``path`` (batches through save_many)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    classwalk = Classwalk(db_path=path)
    store = classwalk.store
    batch: list = []
    written = 0
    for record in district_records(classwalk, scale):
        batch.append(record)
        if len(batch) >= BATCH:
            store.save_many(batch)
            written += len(batch)
            batch = []
            if written % (BATCH * 40) == 0:
                progress(f"  {written:,} records written")
    if batch:
        store.save_many(batch)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.execute("ANALYZE")
    classwalk.close()
    return path


def ensure_database(folder: Path, scale: Scale, regenerate: bool = False,
                    progress: Callable[[str], None] = lambda _: None) -> tuple[Path, dict]:
    """The district database for ``scale`` in ``folder``, made once and then reused.

    A small JSON file beside it records the scale and how long making it took; a
    database without one (an interrupted run) is made again.
    """
    import json
    import time

    path = folder / f"district-{scale.name}.db"
    info_path = folder / f"district-{scale.name}.json"
    if not regenerate and path.exists() and info_path.exists():
        info = json.loads(info_path.read_text())
        if info.get("scale") == [scale.schools, scale.visits, scale.evidence]:
            return path, info
    info_path.unlink(missing_ok=True)
    progress(f"making the {scale.name} district ({scale.schools} schools, {scale.visits:,} visits, "
             f"{scale.evidence:,} notes) through Store.save_many ...")
    started = time.perf_counter()
    generate(path, scale, progress)
    info = {"scale": [scale.schools, scale.visits, scale.evidence],
            "seconds": round(time.perf_counter() - started, 1)}
    info_path.write_text(json.dumps(info))
    return path, info
