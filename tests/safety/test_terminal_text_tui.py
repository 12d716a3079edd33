"""Escape sequences in stored and protocol text are drawn visibly escaped on every screen.

The screens are rendered with Pilot and every strip the terminal would receive is read:
no ESC, C1 or bidi control may be in the text of any segment (Textual adds its own
escape codes around segments, never inside them), and the escaped form is on screen.
"""

from __future__ import annotations

import asyncio
import re
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from textual.worker import WorkerCancelled

from classwalk.api import Classwalk
from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.tui import clock
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.visit import start_or_resume
from tests.safety.hostile_text import HOSTILE, PIECES, HostileWorld, assert_no_raw_controls
from tests.support.pilot import workers_done

SIZE = (160, 50)
EVERY_PIECE = "Escola " + " ".join(PIECES) + " fim"


async def calm(pilot, seconds: float = 0.2) -> None:
    for _ in range(10):
        try:
            await workers_done(pilot.app)
            await pilot.pause(seconds)
            return
        except WorkerCancelled:
            continue


def drawn(app) -> str:
    """Every segment's text of the screen as the terminal would receive it."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        text = "".join(segment.text for segment in strip)
        lines.append(text)
    return "\n".join(lines)


def _shows_escapes(text: str) -> bool:
    """Whether an escape such as \\x1b, \\u202e, \\ufeff or \\U000e0041 is on screen."""
    return re.search(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})", text) is not None


async def check(pilot, where: str, *, must_show: bool = True) -> None:
    """No raw control on screen, now or once the screen's data has loaded."""
    app = pilot.app
    for _ in range(40):
        text = drawn(app)
        assert_no_raw_controls(text, f"{where} ({type(app.screen).__name__})")
        if not must_show or _shows_escapes(text):
            return
        await pilot.pause(0.1)
    raise AssertionError(f"{where}: the hostile text never showed on the {type(app.screen).__name__}")


def _in_progress_walk(db_path, text: str) -> Walk:
    """A second walk, under way, with an open visit and a note."""
    walk = Walk(protocol_id="downey", school=text, date=dt.date(2026, 11, 23), focus=text,
                observers=(Observer(name=text),))
    start = clock.now() - dt.timedelta(minutes=1)
    visit = Visit(walk_id=walk.id, classroom=text, teacher=text, observer=text, started_at=start)
    note = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=text,
                    look_fors=("orientation.on_task",), observer=text, captured_at=start)
    classwalk = Classwalk(db_path=db_path)
    classwalk.store.save_many([walk, visit, note])
    classwalk.close()
    return walk


def walk_every_screen(folder, text: str) -> None:
    world = HostileWorld(folder, text)
    with world.protocol_path():
        live = _in_progress_walk(world.db_path, text)
        classwalk = Classwalk(db_path=world.db_path)
        app = ClasswalkApp(classwalk)

        async def scenario():
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await calm(pilot)
                await check(pilot, "home")
                app.action_protocols()
                await calm(pilot)
                listing = app.screen.query_one("#protocol-list")
                listing.highlighted = list(app.screen.protocols).index("hostile")
                await calm(pilot)
                await check(pilot, "protocols")
                app.action_home()
                app.action_new_walk()
                await calm(pilot)
                await check(pilot, "new walk", must_show=False)
                app.action_home()
                app.action_reports()
                await calm(pilot)
                await check(pilot, "reports", must_show=False)
                app.action_home()
                app.open_debrief(world.walk.id)
                await calm(pilot, 0.4)
                await check(pilot, "debrief patterns")
                for tab in ("2", "3"):
                    await pilot.press(tab)
                    await calm(pilot)
                    await check(pilot, f"debrief tab {tab}")
                await pilot.press("d")  # deleting the step: the notice quotes it
                await calm(pilot)
                await check(pilot, "next step deleted")
                app.action_home()
                await calm(pilot)
                start_or_resume(app, live.id)
                await calm(pilot, 0.4)
                await check(pilot, "visit")

        try:
            asyncio.run(scenario())
        finally:
            classwalk.close()


@pytest.fixture
def frozen(monkeypatch):
    moment = dt.datetime(2026, 11, 23, 9, 12, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_every_screen_with_every_hostile_piece(tmp_path, frozen):
    walk_every_screen(tmp_path, EVERY_PIECE)


@settings(max_examples=2, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE)
def test_every_screen_with_generated_hostile_text(tmp_path_factory, frozen, text):
    walk_every_screen(tmp_path_factory.mktemp("tui"), text)
