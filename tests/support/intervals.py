"""Coded lessons in the tests: the docs' example protocols, a lesson open in Lab 2, the app
opened on that visit (the coding grid) and keys typed there as an observer types them."""

from __future__ import annotations

from pathlib import Path

import pytest

from classwalk.features.capture.shapes import coding_from_marks
from tests.support.clock import LESSON_START
from tests.support.tui_steps import drive
from tests.support.pilot import screen_text, until
from tests.support.records import walk_in_a_room

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def examples(monkeypatch):
    """The protocol folder holding docs/examples, as a district would install them.

    A conftest.py makes it a fixture of its folder by importing it."""
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(EXAMPLES))
    return EXAMPLES


def lesson_in_lab_2(classwalk, observers=("Ana",), protocol_id: str = "lesson_intervals"):
    """A walk of ``protocol_id`` at Hillside High with the first observer's visit to Lab 2,
    open since the lesson began (``LESSON_START``): returns (walk, visit)."""
    return walk_in_a_room(classwalk, protocol_id, observers, "Lab 2", school="Hillside High",
                          started_at=LESSON_START)


def with_visit_open(classwalk, walk, visit, scenario, size=(80, 24), **app_options):
    """Run a ``ClasswalkApp`` (``app_options`` go to it) at ``size`` with ``visit`` open on
    screen, and ``await scenario(app, pilot)`` in it; returns what the scenario returns."""
    from classwalk.tui.screens.visit import open_visit

    return _run_app(classwalk, lambda app: open_visit(app, walk, visit), scenario, size, app_options)


def resuming(classwalk, walk, scenario, size=(80, 24), **app_options):
    """As ``with_visit_open``, but the app starts at home and resumes ``walk`` as ``r`` does (the
    scenario waits for the screen it expects: the grid, or a question first)."""
    return _run_app(classwalk, lambda app: app.screen.resume(walk.id), scenario, size, app_options)


def _run_app(classwalk, first_step, scenario, size, app_options):
    from classwalk.tui.app import ClasswalkApp

    app = ClasswalkApp(classwalk, **app_options)

    async def steps(pilot):
        first_step(app)
        await pilot.pause()
        return await scenario(app, pilot)

    return drive(app, steps, size)


async def assert_soon(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds; fail, showing the screen, after ``seconds``."""
    assert await until(pilot, condition, seconds), screen_text(pilot.app)


async def typed(pilot, *keys, wait: float | None = None) -> None:
    """Press ``keys``, then let the app catch up (``wait`` seconds, or one pause)."""
    await pilot.press(*keys)
    await pilot.pause(wait)


def coding(classwalk, visit, observer: str | None = None):
    """The ticks, choices and intervals not observed that stand for ``visit`` (of one observer, if given)."""
    return coding_from_marks(classwalk.store.marks_for_visit(visit.id), observer)
