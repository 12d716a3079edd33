"""At 80×24 the debrief header shows the walk's whole focus, however long."""

from __future__ import annotations

import asyncio

from attrs import evolve
from tests.tui_debrief.debrief_app import DebriefTestApp, wait_loaded


def test_a_long_focus_is_shown_whole_at_80_columns(classwalk, walk):
    focus = "how students explain their reasoning to a partner before the whole class discussion"
    classwalk.store.save_walk(evolve(walk, focus=focus))
    app = DebriefTestApp(classwalk, walk.id)

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_loaded(pilot)
            state = screen.query_one("#summary-state")
            shown = " ".join("".join(s.text for s in strip).strip() for strip in
                             (state.render_line(y) for y in range(state.region.height)))
            assert focus in " ".join(shown.split())

    asyncio.run(main())
