"""A write refused in the coding grid is handled as in a notes room: the typed words stay in
the line and one line says why; a visit that cannot be ended leaves the observer in the room."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input, Static

from tests.support.clock import LESSON_START as START
from tests.support.intervals import with_visit_open, typed
from tests.support.pilot import screen_text

from classwalk.tui.screens.interval_visit import IntervalVisitScreen


def full_disk(*args, **kwargs):
    raise sqlite3.OperationalError("database or disk is full")


def note_line(app) -> str:
    return app.screen.query_one("#interval-note", Input).value


def message(app) -> str:
    return str(app.screen.query_one("#interval-message", Static).render())


def test_a_refused_interval_note_stays_in_the_line_and_one_line_says_why(shaped, ui_clock, monkeypatch, lesson):
    _walk, visit = lesson

    async def scenario(app, pilot):
        monkeypatch.setattr(shaped.store, "add_evidence", full_disk)
        await typed(pilot, "tab", *"two groups compare graphs", "enter")
        assert note_line(app) == "two groups compare graphs"
        assert message(app) == ("Not saved (database or disk is full): the note stays in the line; "
                                "Enter tries again.")
        monkeypatch.undo()
        await typed(pilot, "enter")
        assert note_line(app) == ""
        assert [e.text for e in shaped.store.evidence_for_visit(visit.id)] == ["two groups compare graphs"]

    with_visit_open(shaped, *lesson, scenario)


def test_a_note_refused_because_the_lesson_ended_elsewhere_keeps_the_words(shaped, ui_clock, lesson):
    _walk, visit = lesson

    async def scenario(app, pilot):
        shaped.store.end_visit(visit.id, at=START)  # a teammate's device ended it
        ui_clock.advance(5)
        await typed(pilot, "tab", *"students restate", "enter")
        assert note_line(app) == "students restate"
        said = message(app)
        assert said.startswith("Not saved: note: the visit to Lab 2 ended") and "\n" not in said
        assert shaped.store.evidence_for_visit(visit.id) == []

    with_visit_open(shaped, *lesson, scenario)


def test_a_visit_that_cannot_be_ended_keeps_the_observer_coding(shaped, ui_clock, monkeypatch, lesson):
    _walk, visit = lesson

    async def scenario(app, pilot):
        monkeypatch.setattr(shaped.store, "end_visit", full_disk)
        await typed(pilot, "ctrl+n")
        assert isinstance(app.screen, IntervalVisitScreen)
        assert message(app) == ("The visit could not be ended (database or disk is full); "
                                "you are still in the room.")
        assert "Lab 2" in screen_text(app)

    with_visit_open(shaped, *lesson, scenario)
    assert shaped.store.get_visit(visit.id).ended_at is None
