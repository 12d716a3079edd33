"""Home: x deletes the highlighted walk after asking; u brings the last deleted one back."""

from __future__ import annotations

import datetime as dt

from textual.widgets import OptionList

from classwalk.core.records.model import Observer, Walk
from classwalk.tui.dialogs.delete_walk import DeleteWalkDialog
from tests.support.clock import START
from tests.support.pilot import screen_text, settle
from tests.support.tui_steps import drive, press_to


def _walks(classwalk) -> tuple[Walk, Walk]:
    practice = Walk(protocol_id="downey", school="Practice School", date=dt.date(2026, 11, 20),
                    observers=(Observer(name="Dana"),), created_at=START, updated_at=START)
    real = Walk(protocol_id="downey", school="Lincoln Elem", date=dt.date(2026, 11, 19),
                observers=(Observer(name="Dana"),), created_at=START, updated_at=START, status="debriefing")
    classwalk.store.save_many([practice, real])
    return practice, real


def _listed(app) -> list[str]:
    return [widget.get_option_at_index(i).id for widget in app.screen.query(OptionList)
            for i in range(widget.option_count)]


async def _until(pilot, check) -> None:
    """Let the home screen's database worker catch up until ``check()`` holds (at most ~5 s)."""
    for _ in range(50):
        await settle(pilot, 0.1)
        if check():
            return
    assert check()


def test_x_asks_and_y_deletes_then_u_brings_it_back(app, classwalk):
    practice, real = _walks(classwalk)

    async def steps(pilot):
        await _until(pilot, lambda: _listed(app) == [practice.id, real.id])
        await press_to(pilot, "x", DeleteWalkDialog)
        assert "Practice School" in screen_text(app) and "Nothing is erased" in screen_text(app)
        await pilot.press("y")
        await _until(pilot, lambda: _listed(app) == [real.id])
        assert classwalk.store.last_deleted_walk().id == practice.id
        await pilot.press("u")
        await _until(pilot, lambda: _listed(app) == [practice.id, real.id])
        assert classwalk.store.last_deleted_walk() is None

    drive(app, steps, (80, 24))


def test_escape_or_n_keeps_the_walk(app, classwalk):
    practice, real = _walks(classwalk)

    async def steps(pilot):
        await _until(pilot, lambda: _listed(app) == [practice.id, real.id])
        for key in ("escape", "n", "enter"):  # Enter presses the focused button: Keep
            await press_to(pilot, "x", DeleteWalkDialog)
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, DeleteWalkDialog)
            assert _listed(app) == [practice.id, real.id]
        await pilot.press("u")
        await settle(pilot)
        assert _listed(app) == [practice.id, real.id] and classwalk.store.deleted_walks() == []

    drive(app, steps, (80, 24))
