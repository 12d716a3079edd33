"""A click or a tap waits behind the keys that arrived before it, as a key would.

Under load the keys of a burst wait their turn; a mouse press arriving with them must
act on the screen as slow typing would have left it: the Start button after the whole
school name, a footer key after the text before it and before the keys after it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Input

from tests.support.pilot import keys_for, settle, until
from tests.support.tui_steps import drive

from classwalk.tui.screens.new_walk import NewWalkScreen


def _keys(app, text: str) -> None:
    """``text`` typed, sent the way the terminal sends it, without waiting for any of it to be read."""
    for key in keys_for(text):
        app._driver.send_message(events.Key(key, " " if key == "space" else key))


def _press_at(app, x: int, y: int) -> None:
    """A mouse button pressed and let go at (x, y), sent the way the terminal sends it."""
    for kind in (events.MouseDown, events.MouseUp):
        app._driver.send_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


def _middle(widget) -> tuple[int, int]:
    region = widget.region
    return region.x + region.width // 2, region.y + region.height // 2


async def _form_with_an_observer(pilot) -> NewWalkScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NewWalkScreen)
    screen.query_one("#observers", Input).value = "Dana"
    screen.query_one("#school", Input).value = ""
    screen.query_one("#school", Input).focus()
    await settle(pilot)
    return screen


def test_a_click_on_start_right_after_typing_starts_the_walk_with_the_whole_school(app, classwalk, frozen_clock):
    async def steps(pilot):
        screen = await _form_with_an_observer(pilot)
        start = screen.query_one("#start", Button)
        screen.scroll_to_widget(start, animate=False)
        await settle(pilot)
        _keys(app, "Lincoln Elem")  # none read yet when the click comes
        _press_at(app, *_middle(start))
        await settle(pilot)
        await until(pilot, lambda: classwalk.store.list_walks() != [])

    drive(app, steps, (100, 40))
    [walk] = classwalk.store.list_walks()
    assert walk.school == "Lincoln Elem"


def test_a_footer_tap_in_a_burst_acts_after_the_keys_before_it_and_before_the_keys_after_it(
        app, classwalk, frozen_clock):
    async def steps(pilot):
        screen = await _form_with_an_observer(pilot)
        [start_key] = [key for key in screen.query("FooterKey") if key.key == "ctrl+s"]
        _keys(app, "Lincoln Elem")
        _press_at(app, *_middle(start_key))
        _keys(app, "Room 5")
        await settle(pilot)
        await until(pilot, lambda: classwalk.store.list_walks() != [])
        return app.screen, app.focused

    screen, focused = drive(app, steps, (100, 40))
    [walk] = classwalk.store.list_walks()
    assert walk.school == "Lincoln Elem"
    assert not isinstance(screen, NewWalkScreen)
    assert isinstance(focused, Input) and focused.value == "Room 5"  # the next screen's field


def test_mouse_presses_always_wait_in_line_and_other_mouse_events_only_behind_waiting_keys():
    from classwalk.tui.keys import KeyPipeline

    pipeline = KeyPipeline(app=None, deliver=None)
    press = events.MouseDown(None, 3, 4, 0, 0, 1, False, False, False)
    scroll = events.MouseScrollDown(None, 3, 4, 0, 0, 0, False, False, False)
    assert pipeline.takes(press) and pipeline.takes(events.Key("a", "a"))
    assert not pipeline.takes(scroll)  # nothing waits: a scroll or a hover goes straight on
    pipeline.waiting.append(events.Key("a", "a"))
    assert pipeline.takes(scroll)  # behind a waiting key, it keeps its place
    forwarded = events.MouseUp(None, 3, 4, 0, 0, 1, False, False, False)
    forwarded._set_forwarded()
    assert not pipeline.takes(forwarded)  # already on its way to a widget


def test_a_footer_tap_while_the_footer_is_redrawn_is_not_lost(app, classwalk, frozen_clock):
    async def steps(pilot):
        screen = await _form_with_an_observer(pilot)
        screen.query_one("#school", Input).value = "Lincoln Elem"
        await settle(pilot)
        [start_key] = [key for key in screen.query("FooterKey") if key.key == "ctrl+s"]
        where = _middle(start_key)
        screen.refresh_bindings()  # the footer redraws its keys after the next repaint
        _press_at(app, *where)
        await settle(pilot)
        await until(pilot, lambda: classwalk.store.list_walks() != [], seconds=5)

    drive(app, steps, (100, 40))
    assert [walk.school for walk in classwalk.store.list_walks()] == ["Lincoln Elem"]
