"""The new-walk form at 80×24 and 120×40: every field a protocol asks for can be reached
with Tab and is on screen, whole, while it has the cursor; a form error puts the cursor
in the field at fault and goes away once that field is right."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from classwalk.tui.screens.new_walk import NewWalkScreen
from tests.support.pilot import screen_text, settle
from tests.support.tui_steps import drive

SIZES = [(80, 24), (120, 40)]

# The fields each built-in protocol asks for, beyond protocol, school, date and observers.
PROTOCOL_FIELDS = {
    "downey": {"focus", "question", "shaped-by"},
    "ifl_learning_walk": {"focus", "question", "shaped-by", "focus-categories", "mode", "timing"},
    "ilw_tiered": {"focus", "question", "shaped-by", "slice-kind", "slice-tier", "slice-description"},
}
ALWAYS = {"protocol", "school", "date", "observers", "start"}


async def open_form(pilot, protocol_id: str) -> NewWalkScreen:
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NewWalkScreen)
    screen.query_one("#protocol", Select).value = protocol_id
    await pilot.pause()
    if protocol_id == "ilw_tiered":  # a tiered slice shows its tier line too
        screen.query_one("#slice-kind", Select).value = "tier2_block"
        await pilot.pause()
    return screen


def visible_problem(screen, widget) -> str | None:
    """Why ``widget`` is not wholly on screen, or None when it is."""
    geometry = screen.find_widget(widget)
    region, shown = geometry.region, geometry.visible_region
    if region.height == 0 or region.width == 0:
        return f"#{widget.id} has no room on screen ({region})"
    if shown != region:
        return f"#{widget.id} is cut off: {region} but only {shown} shows"
    if not screen.region.contains_region(region):
        return f"#{widget.id} is outside the screen {screen.region}: {region}"
    return None


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("protocol_id", sorted(PROTOCOL_FIELDS))
def test_tab_reaches_every_field_and_each_shows_whole(app, protocol_id, size):
    async def steps(pilot):
        screen = await open_form(pilot, protocol_id)
        screen.query_one("#protocol").focus()
        await pilot.pause()
        reached = []
        for _ in range(40):
            focused = screen.focused
            if focused.id in reached:
                break
            reached.append(focused.id)
            await pilot.pause()
            assert visible_problem(screen, focused) is None, visible_problem(screen, focused)
            await pilot.press("tab")
            await pilot.pause()
        missing = (PROTOCOL_FIELDS[protocol_id] | ALWAYS) - set(reached)
        assert not missing, f"Tab never reached {missing} (reached {reached})"
        chain = {widget.id for widget in screen.focus_chain}
        assert chain <= set(reached), f"focusable but not reached: {chain - set(reached)}"

    drive(app, steps, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_shift_tab_back_through_the_form_keeps_each_field_in_view(app, size):
    async def steps(pilot):
        screen = await open_form(pilot, "ifl_learning_walk")
        screen.query_one("#start").focus()
        await pilot.pause()
        for _ in range(len(screen.focus_chain)):
            await pilot.press("shift+tab")
            await pilot.pause()
            assert visible_problem(screen, screen.focused) is None, visible_problem(screen, screen.focused)

    drive(app, steps, size)


def test_hidden_fields_take_no_focus(app):
    async def steps(pilot):
        screen = await open_form(pilot, "downey")
        chain = {widget.id for widget in screen.focus_chain}
        assert not chain & {"slice-kind", "slice-tier", "slice-description", "focus-categories", "timing"}

    drive(app, steps, (80, 24))


def test_a_form_error_puts_the_cursor_in_the_field_and_clears_once_fixed(app):
    async def steps(pilot):
        screen = await open_form(pilot, "ilw_tiered")
        screen.query_one("#slice-kind", Select).clear()
        screen.query_one("#school", Input).value = "Lincoln Elem"
        screen.query_one("#question", Input).value = "Do Tier 2 students keep the challenge?"
        screen.query_one("#observers", Input).value = "Ana, Ben"
        screen.query_one("#protocol").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = screen.query_one("#form-message", Static)
        assert "slice of learning is needed" in str(message.render())
        assert screen.focused.id == "slice-kind"
        assert visible_problem(screen, screen.focused) is None
        screen.query_one("#slice-kind", Select).value = "tier2_block"
        await pilot.pause()
        assert str(message.render()).strip() == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.focused.id == "slice-tier"
        assert "tier is needed" in str(message.render())
        await pilot.press("x")
        await pilot.pause()
        assert "tier is needed" not in str(message.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a number" in str(message.render()) and screen.focused.id == "slice-tier"
        await pilot.press("backspace", "2")
        await pilot.pause()
        assert str(message.render()).strip() == ""

    drive(app, steps, (80, 24))


def test_a_bad_date_sends_the_cursor_to_the_date(app):
    async def steps(pilot):
        screen = await open_form(pilot, "downey")
        screen.query_one("#school", Input).value = "Lincoln Elem"
        screen.query_one("#date", Input).value = "2026-13-01"
        screen.query_one("#observers", Input).value = "Dana"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.focused.id == "date"
        assert "not a date" in screen_text(app)

    drive(app, steps, (80, 24))


def test_observer_names_register_as_they_are_typed(app):
    async def steps(pilot):
        screen = await open_form(pilot, "ifl_learning_walk")
        screen.query_one("#observers", Input).focus()
        await pilot.press(*"Ana: facilitator, Ben")
        await pilot.pause()
        assert screen.focused.id == "observers"
        reading = str(screen.query_one("#observers-read", Static).render())
        assert "2 observers" in reading and "Ana (facilitator)" in reading and "Ben" in reading
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        reading = str(screen.query_one("#observers-read", Static).render())
        assert "1 observer:" in reading and "at least 2" in reading

    drive(app, steps, (80, 24))
