"""`/` on Home searches the walks as you type (school, protocol, focus, date); Esc clears."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList

from classwalk.core.records.model import Observer, Walk
from tests.support.clock import START
from tests.support.pilot import screen_text, settle
from tests.support.tui_steps import drive, press_to


def _walks(classwalk) -> dict[str, Walk]:
    made = {}
    for key, protocol, school, day, focus, status in [
        ("maple", "downey", "Maple Grove", 3, "", "in_progress"),
        ("lincoln", "ifl_learning_walk", "Lincoln Elem", 5, "student discourse", "debriefing"),
        ("oak", "ilw_tiered", "Oak Hill", 9, "Tier 2 literacy", "closed"),
    ]:
        walk = Walk(protocol_id=protocol, school=school, date=dt.date(2026, 11, day), focus=focus,
                    guiding_question="Who talks?", status=status,
                    observers=(Observer(name="Ana"), Observer(name="Ben")), created_at=START, updated_at=START)
        classwalk.store.save_walk(walk)
        made[key] = walk
    return made


def listed(app) -> set[str]:
    ids = set()
    for widget in app.screen.query(OptionList):
        if widget.display:
            ids |= {widget.get_option_at_index(i).id for i in range(widget.option_count)}
    return ids


def test_slash_filters_as_you_type_and_escape_clears(app, classwalk):
    walks = _walks(classwalk)

    async def steps(pilot):
        await settle(pilot)
        assert listed(app) == {w.id for w in walks.values()}
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen.focused, Input) and app.screen.focused.id == "home-search"
        await pilot.press(*"oak")
        await pilot.pause()
        assert listed(app) == {walks["oak"].id}
        assert "1 of 3 walks match 'oak'" in screen_text(app)
        await pilot.press(*["backspace"] * 3, *"IFL")  # the protocol's name
        await pilot.pause()
        assert listed(app) == {walks["lincoln"].id}
        await pilot.press(*["backspace"] * 3, *"2026-11-0")  # a date, as typed so far
        await pilot.pause()
        assert listed(app) == {walks["maple"].id, walks["lincoln"].id, walks["oak"].id}
        await pilot.press("9")
        await pilot.pause()
        assert listed(app) == {walks["oak"].id}
        await pilot.press(*["backspace"] * 10, *"discourse lincoln")  # every word must match
        await pilot.pause()
        assert listed(app) == {walks["lincoln"].id}
        await pilot.press(*" nope")
        await pilot.pause()
        assert listed(app) == set() and "No walk matches" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert listed(app) == {w.id for w in walks.values()}
        assert not app.screen.query_one("#home-search").display
        assert isinstance(app.screen.focused, OptionList)
        assert "match" not in screen_text(app)

    drive(app, steps, (80, 24))


def test_enter_in_the_search_goes_to_the_matching_walk(app, classwalk):
    walks = _walks(classwalk)

    async def steps(pilot):
        await settle(pilot)
        await pilot.press("slash", *"tier", "enter")
        await pilot.pause()
        focused = app.screen.focused
        assert isinstance(focused, OptionList)
        assert focused.get_option_at_index(focused.highlighted).id == walks["oak"].id

    drive(app, steps, (80, 24))


def test_the_hidden_search_never_takes_the_keys(app):
    """On an empty database nothing is focused, and Home's letter keys still act."""
    from classwalk.tui.screens.new_walk import NewWalkScreen

    async def steps(pilot):
        await settle(pilot)
        assert not isinstance(app.screen.focused, Input)
        for _ in range(40):  # the footer draws its keys once the bindings settle
            if "n New walk" in screen_text(app).splitlines()[-1]:
                break
            await pilot.pause(0.05)
        assert "n New walk" in screen_text(app).splitlines()[-1]
        await press_to(pilot, "n", NewWalkScreen)

    drive(app, steps, (80, 24))
