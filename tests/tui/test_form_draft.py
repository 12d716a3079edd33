"""The new-walk form is kept as a draft on every change: closed (or killed) half-filled, it comes
back as it was; once the walk starts, the draft is gone."""

from __future__ import annotations

from textual.widgets import Input, Select

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.new_walk import FORM_DRAFT_KEY, NewWalkScreen
from tests.support.pilot import keys_for, settle
from tests.support.tui_steps import drive, from_home


async def _open_form(pilot) -> NewWalkScreen:
    return await from_home(pilot, "n", NewWalkScreen)


def _school_on_the_form(app) -> str:
    """What the School field of the new-walk form holds when ``app`` opens it."""
    async def look(pilot):
        screen = await _open_form(pilot)
        await settle(pilot)
        return screen.query_one("#school", Input).value

    return drive(app, look)


def test_a_half_filled_form_comes_back_as_it_was(classwalk, frozen_clock):
    first = ClasswalkApp(classwalk)

    async def fill(pilot):
        screen = await _open_form(pilot)
        screen.query_one("#protocol", Select).value = "ifl_learning_walk"
        await settle(pilot)
        screen.query_one("#school", Input).focus()
        await pilot.press(*keys_for("Oak Hill"))
        screen.query_one("#observers", Input).focus()
        await pilot.press(*keys_for("Ana, Ben"))
        await settle(pilot)

    drive(first, fill)
    assert "Oak Hill" in classwalk.store.get_draft(FORM_DRAFT_KEY)

    again = ClasswalkApp(classwalk)

    async def reopen(pilot):
        screen = await _open_form(pilot)
        await settle(pilot)
        assert screen.query_one("#protocol", Select).value == "ifl_learning_walk"
        assert screen.query_one("#school", Input).value == "Oak Hill"
        assert screen.query_one("#observers", Input).value == "Ana, Ben"
        screen.query_one("#focus", Input).value = "student talk"
        screen.query_one("#question", Input).value = "Who talks about ideas?"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    drive(again, reopen)
    [walk] = classwalk.store.list_walks()
    assert walk.school == "Oak Hill"
    assert classwalk.store.get_draft(FORM_DRAFT_KEY) == ""


def test_a_form_opened_and_left_untouched_leaves_no_draft(app, classwalk, frozen_clock):
    async def steps(pilot):
        await _open_form(pilot)
        await pilot.press("tab", "tab")
        await settle(pilot)

    drive(app, steps)
    assert classwalk.store.get_draft(FORM_DRAFT_KEY) == ""


def test_the_tier_line_is_there_before_a_kind_of_slice_is_chosen(app, classwalk, frozen_clock):
    """Choosing the kind of slice never moves the fields below it (the Tab order stays)."""
    async def steps(pilot):
        screen = await _open_form(pilot)
        screen.query_one("#protocol", Select).value = "ilw_tiered"
        await settle(pilot)
        assert screen.query_one("#slice-tier-row").display
        order_before = [w.id for w in screen.focus_chain]
        screen.query_one("#slice-kind", Select).value = "tier2_block"
        await settle(pilot)
        assert [w.id for w in screen.focus_chain] == order_before

    drive(app, steps)


def test_one_observers_half_filled_form_never_fills_anothers(classwalk, frozen_clock):
    """Served, each observer runs with --observer: Ana's unfinished form stays Ana's."""
    ana = ClasswalkApp(classwalk, observer="Ana")

    async def fill(pilot):
        screen = await _open_form(pilot)
        screen.query_one("#school", Input).focus()
        await pilot.press(*keys_for("Oak Hill"))
        await settle(pilot)

    drive(ana, fill)
    assert _school_on_the_form(ClasswalkApp(classwalk, observer="Ben")) == ""
    assert _school_on_the_form(ClasswalkApp(classwalk, observer="Ana")) == "Oak Hill"
