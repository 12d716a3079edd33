"""Help opens at the section of the screen it was asked from; F1 is in every footer; `?`
types a question mark inside a text field and opens help elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Markdown

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.tui.screens.help import HelpScreen, anchor
from tests.support.clock import START
from tests.support.pilot import screen_text, settle, until
from tests.support.tui_steps import drive


def _walk(classwalk) -> Walk:
    walk = Walk(protocol_id="downey", school="Lincoln Elem", date=dt.date(2026, 11, 23),
                observers=(Observer(name="Dana"),), created_at=START, updated_at=START)
    classwalk.store.save_walk(walk)
    classwalk.store.save_visit(Visit(walk_id=walk.id, classroom="Room 12", started_at=START))
    return walk


async def open_screen(pilot, name: str, walk: Walk) -> None:
    app = pilot.app
    await settle(pilot)
    if name == "New walk":
        await pilot.press("n")
    elif name == "Reports":
        await pilot.press("g")
    elif name == "Protocols":
        await pilot.press("p")
    elif name == "Debrief":
        app.open_debrief(walk.id)
    elif name == "In a classroom":
        await pilot.press("r")
    await settle(pilot, 0.2)


def heading_shown(help_screen: HelpScreen, title: str) -> bool:
    markdown = help_screen.query_one(Markdown)
    header_id = next(hid for _level, text, hid in markdown.table_of_contents if text == title)
    heading = help_screen.query_one(f"#{header_id}")
    geometry = help_screen.find_widget(heading)
    return geometry.visible_region == geometry.region and geometry.region.height > 0


def _quietly(check, *args) -> bool:
    """``check(*args)``, False while the screen is still being built."""
    try:
        return check(*args)
    except Exception:
        return False


SCREENS = ["Home", "New walk", "In a classroom", "Debrief", "Reports", "Protocols"]


@pytest.mark.parametrize("name", SCREENS)
def test_f1_is_in_the_footer_and_opens_help_at_the_screens_section(app, classwalk, name):
    walk = _walk(classwalk)

    async def steps(pilot):
        await open_screen(pilot, name, walk)
        for _ in range(40):  # the footer draws its keys once the screen's bindings settle
            footer = screen_text(app).splitlines()[-1]
            if "F1 Help" in footer:
                break
            await pilot.pause(0.05)
        assert footer.lstrip().startswith("F1 Help"), footer
        await pilot.press("f1")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.section == name
        await until(pilot, lambda: _quietly(heading_shown, app.screen, name))  # help scrolls once drawn
        assert heading_shown(app.screen, name), f"the {name!r} section is not in view"
        if name != "Home":
            assert not heading_shown(app.screen, "Home")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    drive(app, steps, (80, 24))


def test_question_mark_types_in_a_text_field_and_opens_help_outside_one(app, classwalk):
    async def steps(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, HelpScreen) and app.screen.section == "Home"
        await pilot.press("escape", "n")
        await settle(pilot, 0.2)
        app.screen.query_one("#school", Input).focus()
        await pilot.press("W", "h", "o", "question_mark")
        await pilot.pause()
        assert app.screen.query_one("#school", Input).value == "Who?"
        await pilot.press("f1")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, HelpScreen) and app.screen.section == "New walk"

    drive(app, steps, (80, 24))


def test_anchor_matches_the_headings():
    assert anchor("In a classroom") == "in-a-classroom"
