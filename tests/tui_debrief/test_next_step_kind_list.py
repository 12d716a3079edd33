"""At 80×24 the next-step kind list opens where every kind can be seen and chosen."""

from __future__ import annotations

import asyncio

from textual.widgets import Footer, Select

from classwalk.tui.widgets.next_steps import NextStepsPanel
from tests.tui_debrief.debrief_app import wait_loaded


def test_the_kind_list_is_all_above_the_footer_and_a_kind_can_be_chosen(app, classwalk, walk):
    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_loaded(pilot)
            await pilot.press("3", "a", *"Visit grade 4 again", "tab", *"Principal", "tab", "tab", "enter")
            await pilot.pause(0.2)
            select = app.screen.query_one("#step-kind", Select)
            overlay = select.query_one("SelectOverlay")
            footer_top = min(f.region.y for f in app.screen.query(Footer))
            kinds = app.screen.query_one(NextStepsPanel).kinds
            assert overlay.region.height == len(kinds) + 1  # every kind and the blank line, none hidden
            assert overlay.region.y >= 0 and overlay.region.bottom <= footer_top
            assert overlay.region.bottom <= select.region.y  # above the field, not over it
            await pilot.press("down", "down", "enter", "shift+tab", "shift+tab", "enter")  # the second kind
            await pilot.pause(0.2)
            return kinds

    kinds = asyncio.run(scenario())
    [saved] = [s for s in classwalk.store.next_steps_for_walk(walk.id) if s.text == "Visit grade 4 again"]
    assert saved.kind == kinds[1]
