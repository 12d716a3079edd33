"""The debrief screen at 80×24, compared with stored SVG snapshots.

Nothing on these screens depends on the clock: the fixture walk has fixed dates and
the cursors stop blinking before the picture is taken.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from tests.tui_debrief.debrief_app import wait_loaded
from tests.support.pilot import workers_done

SIZE = (80, 24)


async def still_cursors(pilot) -> None:
    for widget in pilot.app.screen.query("TextArea, Input"):
        if isinstance(widget, (TextArea, Input)):
            widget.cursor_blink = False
    await pilot.pause()


async def typing_in(pilot, *keys: str) -> None:
    """Once the debrief has loaded, ``keys`` open where the typing goes; no cursor blinks."""
    await wait_loaded(pilot)
    await pilot.press(*keys)
    await still_cursors(pilot)


def test_patterns_tab(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=wait_loaded)


def test_patterns_tab_scrolled_to_student_groups(app, snap_compare):
    async def run_before(pilot):
        await wait_loaded(pilot)
        await pilot.press("tab", "tab")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_prompts_tab_with_an_answer(app, snap_compare):
    async def run_before(pilot):
        await typing_in(pilot, "2")
        await pilot.press(*"11 of 14 rooms: students at work within a minute")
        area = pilot.app.screen.query_one("#answer-orientation")
        for _ in range(100):
            await pilot.pause(0.05)
            if area.border_subtitle == "saved":
                break

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_next_steps_tab_refusing_a_bad_date(app, snap_compare):
    async def run_before(pilot):
        await typing_in(pilot, "3", "a")
        await pilot.press(*"Visit grade 4 again", "tab", *"Principal", "tab", *"2026-02-30", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_rooms_named_for_the_team(app, snap_compare):
    async def run_before(pilot):
        await wait_loaded(pilot)
        await pilot.press("n")
        await pilot.pause(0.2)
        await workers_done(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def _kind_list_open(pilot) -> None:
    await typing_in(pilot, "3", "a")
    await pilot.press(*"Visit grade 4 again", "tab", *"Principal", "tab", "tab", "enter")
    await pilot.pause(0.2)


def test_next_step_kind_list_opens_above_the_footer(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=_kind_list_open)
