"""A sample school with walks under each built-in protocol, for a newcomer to explore.

Everything here is invented: Maple Grove Elementary, its rooms and its staff. Ids are
derived from names (UUID5), so running the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid

from classwalk.core.records.model import DebriefResponse, Evidence, NextStep, Observer, Visit, Walk

DEMO_NAMESPACE = uuid.UUID("6f1c2a4e-8a53-4c1e-9a70-3d5b2f0c9e11")
SCHOOL = "Maple Grove Elementary"
ROOMS = {
    "Room 12": ("Ms. Alvarez", "4", "math"),
    "Room 14": ("Mr. Okafor", "4", "reading"),
    "Room 21": ("Ms. Chen", "5", "science"),
    "Room 23": ("Mr. Haddad", "5", "math"),
    "Room 8": ("Ms. Kowalski", "3", "writing"),
    "Room 30": ("Mrs. Nguyen", "5", "reading"),
}


def demo_id(*parts: object) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(str(p) for p in parts)))


def _at(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=dt.timezone.utc)


class DemoBuilder:
    """Collects the records of one demo walk, with times that advance realistically."""

    def __init__(self, walk: Walk):
        self.walk = walk
        self.records: list = [walk]

    def visit(self, room: str, start: dt.datetime, minutes: float, notes: list[dict]) -> Visit:
        teacher, grade, subject = ROOMS[room]
        observer = self.walk.observers[0].name if self.walk.observers else ""
        visit = Visit(
            id=demo_id(self.walk.id, room, start.isoformat()), walk_id=self.walk.id,
            classroom=room, teacher=teacher, grade=grade, subject=subject, observer=observer,
            started_at=start, ended_at=start + dt.timedelta(minutes=minutes),
        )
        self.records.append(visit)
        step = minutes * 60 / (len(notes) + 1)
        for index, note in enumerate(notes, start=1):
            self.records.append(Evidence(
                id=demo_id(visit.id, index), walk_id=self.walk.id, visit_id=visit.id,
                observer=note.pop("observer", observer),
                captured_at=start + dt.timedelta(seconds=round(step * index)), **note,
            ))
        return visit

    def hallway(self, visit: Visit, notes: list[dict], minutes_after: float = 1.0) -> None:
        """Notes taken after ``visit`` ended: the hallway conversation."""
        start = visit.ended_at + dt.timedelta(seconds=20)
        step = minutes_after * 60 / max(len(notes), 1)
        for index, note in enumerate(notes, start=1):
            self.records.append(Evidence(
                id=demo_id(visit.id, "after", index), walk_id=self.walk.id, visit_id=visit.id,
                observer=note.pop("observer", visit.observer),
                captured_at=start + dt.timedelta(seconds=round(step * (index - 1))), **note,
            ))

    def respond(self, prompt_id: str, text: str, author: str = "") -> None:
        self.records.append(DebriefResponse(
            id=demo_id(self.walk.id, "response", prompt_id, author), walk_id=self.walk.id,
            prompt_id=prompt_id, text=text, author=author, updated_at=_at(self.walk.date, 15, 30),
        ))

    def next_step(self, text: str, owner: str, due: dt.date, kind: str, author: str = "") -> None:
        """A next step, written by ``author`` (default: the walk's first observer)."""
        author = author or (self.walk.observers[0].name if self.walk.observers else "")
        self.records.append(NextStep(
            id=demo_id(self.walk.id, "step", text), walk_id=self.walk.id, text=text, owner=owner,
            due=due, kind=kind, updated_at=_at(self.walk.date, 15, 45), author=author,
        ))


def _note(kind: str, text: str, *look_fors: str, **extra) -> dict:
    return {"kind": kind, "text": text, "look_fors": look_fors, **extra}


def downey_walks(today: dt.date) -> list[DemoBuilder]:
    """Two weeks of principal walkthroughs at Maple Grove."""
    builders = []
    for week, day in enumerate((today - dt.timedelta(days=9), today - dt.timedelta(days=2))):
        walk = Walk(
            id=demo_id("downey", day), protocol_id="downey", school=SCHOOL, date=day,
            observers=[Observer(name="Dana Reyes", role="observer")],
            status="closed" if week == 0 else "in_progress",
            created_at=_at(day, 8, 55), updated_at=_at(day, 11, 0),
        )
        b = DemoBuilder(walk)
        b.visit("Room 12", _at(day, 9, 5), 3.2, [
            _note("observation", "20 of 23 students at work on fraction strips when I came in; 3 sharing one set of strips", "orientation.on_task"),
            _note("objective", "Board: 'I can compare fractions with unlike denominators' - students asked to order 5 fractions and justify", "curricular.objective", "curricular.cognitive_level", mark="analyse"),
            _note("observation", "Teacher asked 'How do you know 3/4 is more than 2/3?' and waited; two students answered with strips", "instructional.questioning"),
        ])
        b.visit("Room 14", _at(day, 9, 12), 2.8, [
            _note("observation", "Whole class on the carpet, 17 of 19 looking at the shared text", "orientation.on_task"),
            _note("objective", "Objective said aloud: find the main idea of a paragraph; students underline key sentences", "curricular.objective", "curricular.cognitive_level", mark="understand"),
            _note("walls", "Anchor chart 'Main idea vs detail' dated this week, with student sticky notes on it", "walls.anchor_charts"),
        ])
        b.visit("Room 21", _at(day, 9, 20), 3.5, [
            _note("observation", "Groups of 4 at lab tables measuring plant height; each group has a recorder sheet", "instructional.grouping", "orientation.materials"),
            _note("observation", "Student explained to me: 'we want to see if light changes how fast it grows'", "orientation.can_explain"),
            _note("safety", "Extension cable across the walkway at the back table", "safety.hazard"),
        ])
        b.visit("Room 23", _at(day, 9, 30), 3.0 + week, [
            _note("observation", "Transition from warm-up to task took about 4 minutes; students waiting for handouts", "orientation.transition"),
            _note("observation", "Teacher modelled one area problem on the board, then students tried two on whiteboards", "instructional.strategy", "instructional.checking"),
        ])
        b.visit("Room 8", _at(day, 9, 40), 2.5, [
            _note("walls", "Student opinion pieces posted with the rubric beside them; dated last month", "walls.student_work", "walls.earlier_learning"),
            _note("objective", "Students drafting an opening sentence for an opinion piece using a frame", "curricular.objective", "curricular.cognitive_level", mark="create"),
        ])
        if week == 1:
            b.visit("Room 12", _at(day, 10, 50), 3.0, [
                _note("observation", "Pairs explaining their ordering of fractions to each other; 9 of 11 pairs talking about the task", "orientation.on_task", "instructional.grouping"),
                _note("objective", "Same objective as last week; now with number lines instead of strips", "curricular.objective", "curricular.cognitive_level", mark="apply"),
            ])
        if week == 0:
            b.respond("orientation", "In 4 of 5 rooms most students were at work on the task within the first moments; one room was mid-transition.")
            b.respond("objectives", "Objectives were visible or said aloud in every room; tasks ranged from understand to create.")
            b.respond("faculty_question", "How do our first five minutes get every student into the thinking of the lesson?")
            b.next_step("Share the 'first five minutes' question at the staff meeting", "Dana Reyes", day + dt.timedelta(days=7), "schoolwide shift")
        builders.append(b)
    return builders


def demo_records(today: dt.date, protocol_ids: set[str]) -> list:
    """All demo records for the protocols that are loaded."""
    from classwalk.features.demo.learning_walks import ifl_walks, ilw_walks

    builders: list[DemoBuilder] = []
    if "downey" in protocol_ids:
        builders += downey_walks(today)
    if "ifl_learning_walk" in protocol_ids:
        builders += ifl_walks(today)
    if "ilw_tiered" in protocol_ids:
        builders += ilw_walks(today)
    records: list = []
    for builder in builders:
        records.extend(builder.records)
    return records


def seed_demo(classwalk, today: dt.date | None = None) -> dict[str, int]:
    """Write the demo into the store; returns counts of what was written."""
    today = today or dt.date.today()
    records = demo_records(today, set(classwalk.protocols.entries))
    classwalk.store.save_many(records)
    counts: dict[str, int] = {}
    for record in records:
        name = type(record).__name__
        counts[name] = counts.get(name, 0) + 1
    return counts
