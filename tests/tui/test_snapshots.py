"""SVG snapshots of the main screens at 80x24, on fixed data and a clock that stands still.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from classwalk.core.records.model import Evidence, Observer, Slice, Visit, Walk
from classwalk.tui.screens.visit import note_key, state_key
from tests.support.clock import START
from tests.support.pilot import workers_done

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def still_cursor(monkeypatch):
    """The input cursor does not blink, so two runs draw the same picture."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def _walk(classwalk, protocol_id: str, **fields) -> Walk:
    fields = {"observers": (Observer(name="Dana"),), **fields}
    walk = Walk(protocol_id=protocol_id, school="Lincoln Elem", date=dt.date(2026, 11, 23),
                created_at=START, updated_at=START, **fields)
    classwalk.store.save_walk(walk)
    return walk


def _visit(classwalk, walk, classroom: str, seconds_ago: int, ended: bool = False) -> Visit:
    started = START - dt.timedelta(seconds=seconds_ago)
    visit = Visit(walk_id=walk.id, classroom=classroom, grade="4", subject="math", started_at=started,
                  ended_at=started + dt.timedelta(minutes=3) if ended else None)
    classwalk.store.save_visit(visit)
    return visit


def _note(classwalk, visit, text: str, after: int, **fields) -> None:
    classwalk.store.add_evidence(Evidence(walk_id=visit.walk_id, visit_id=visit.id, text=text,
                                          captured_at=visit.started_at + dt.timedelta(seconds=after),
                                          **{"kind": "observation", **fields}))


@pytest.fixture
def downey_in_a_room(classwalk):
    finished = _walk(classwalk, "downey", status="debriefing")
    _visit(classwalk, finished, "Room 2", 4000, ended=True)
    walk = _walk(classwalk, "downey")
    visit = _visit(classwalk, walk, "Room 12", 190)
    _note(classwalk, visit, "22 of 24 students working on fraction strips; 2 sharpening pencils", 5,
          look_fors=("orientation.on_task",))
    _note(classwalk, visit, "objective on board: compare fractions with unlike denominators", 40,
          kind="objective", mark="apply", look_fors=("curricular.objective",))
    classwalk.store.save_draft(note_key(visit, "Dana"), "a great explanation by a student at the board")
    return walk


async def _settle(pilot) -> None:
    await workers_done(pilot.app)
    await pilot.pause()


def test_home(snap_compare, app, downey_in_a_room):
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def _after(*keys: str):
    """What runs before the picture: once home has read the walks, ``keys`` are pressed."""
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_new_walk_form(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("n"))


def test_visit_with_coach_and_amber_timer(snap_compare, app, downey_in_a_room):
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("r"))


def test_visit_with_interview_panel(snap_compare, app, classwalk):
    walk = _walk(classwalk, "ilw_tiered", guiding_question="Do Tier 2 students keep the challenge?",
                 slice=Slice(kind="tier2_block", tier=2, description="phonics"),
                 observers=(Observer(name="Ana"), Observer(name="Ben")))
    visit = _visit(classwalk, walk, "Room 7", 30)
    questions = classwalk.protocols.get("ilw_tiered").interview_questions
    _note(classwalk, visit, "how to find the main idea", 20, kind="interview",
          student_label="Student A", question_id=questions[0].id)
    classwalk.store.save_draft(state_key(visit, "Ana"),
                               '{"student": "Student A", "question": 1, "kind": "instructions"}')
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("r"))


def test_classroom_picker(snap_compare, app, downey_in_a_room):
    async def next_room(pilot):
        await _after("r")(pilot)
        pilot.app.screen.query_one("#note", Input).value = ""
        await pilot.press("ctrl+n")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=next_room)


def test_protocols_browser(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("p"))


def test_help(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_after("question_mark"))
