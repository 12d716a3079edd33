"""A write refused in the coding grid is handled as in a notes room: the typed words stay in
the line and one line says why; a visit that cannot be ended leaves the observer in the room."""

from __future__ import annotations

import asyncio
import sqlite3

from textual.widgets import Input, Static

from tests.support.clock import LESSON_START as START
from tests.support.pilot import screen_text
from tests.support.records import walk_in_a_room

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from classwalk.tui.screens.visit import open_visit


def full_disk(*args, **kwargs):
    raise sqlite3.OperationalError("database or disk is full")


def message(app) -> str:
    return str(app.screen.query_one("#interval-message", Static).render())


def test_a_refused_interval_note_stays_in_the_line_and_one_line_says_why(shaped, ui_clock, monkeypatch):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            monkeypatch.setattr(shaped.store, "add_evidence", full_disk)
            await pilot.press("tab", *"two groups compare graphs", "enter")
            await pilot.pause()
            assert app.screen.query_one("#interval-note", Input).value == "two groups compare graphs"
            assert message(app) == ("Not saved (database or disk is full): the note stays in the line; "
                                    "Enter tries again.")
            monkeypatch.undo()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query_one("#interval-note", Input).value == ""
            assert [e.text for e in shaped.store.evidence_for_visit(visit.id)] == ["two groups compare graphs"]

    asyncio.run(scenario())


def test_a_note_refused_because_the_lesson_ended_elsewhere_keeps_the_words(shaped, ui_clock):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            shaped.store.end_visit(visit.id, at=START)  # a teammate's device ended it
            ui_clock.advance(5)
            await pilot.press("tab", *"students restate", "enter")
            await pilot.pause()
            assert app.screen.query_one("#interval-note", Input).value == "students restate"
            said = message(app)
            assert said.startswith("Not saved: note: the visit to Lab 2 ended") and "\n" not in said
            assert shaped.store.evidence_for_visit(visit.id) == []

    asyncio.run(scenario())


def test_a_visit_that_cannot_be_ended_keeps_the_observer_coding(shaped, ui_clock, monkeypatch):
    walk, visit = walk_in_a_room(shaped, "lesson_intervals", ("Ana",), "Lab 2", school="Hillside High", started_at=START)
    app = ClasswalkApp(shaped)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            open_visit(app, walk, visit)
            await pilot.pause()
            monkeypatch.setattr(shaped.store, "end_visit", full_disk)
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert isinstance(app.screen, IntervalVisitScreen)
            assert message(app) == ("The visit could not be ended (database or disk is full); "
                                    "you are still in the room.")
            assert "Lab 2" in screen_text(app)

    asyncio.run(scenario())
    assert shaped.store.get_visit(visit.id).ended_at is None
