"""A ticked box shows ✓ and an unticked one is blank: ticked or not reads without colour."""

from __future__ import annotations

from textual.app import App

from classwalk.tui.widgets.ticked import TickedCheckbox, TickedSelectionList
from tests.support.pilot import run


def test_ticks_show_without_colour():
    class Host(App):
        def compose(self):
            yield TickedSelectionList(("multilingual", "ml", True), ("disability", "sd", False), id="groups")
            yield TickedCheckbox("Pin", False, id="pin")

    async def scenario():
        app = Host()
        async with app.run_test(size=(40, 8)) as pilot:
            await pilot.pause()
            groups = app.query_one(TickedSelectionList)
            lines = [groups.render_line(y).text for y in range(2)]
            assert "✓" in lines[0] and "multilingual" in lines[0]
            assert "✓" not in lines[1] and "X" not in lines[1]
            pin = app.query_one(TickedCheckbox)
            assert "✓" not in pin.render().plain
            pin.toggle()
            await pilot.pause()
            assert "✓" in pin.render().plain

    run(scenario())
