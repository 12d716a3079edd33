"""The debrief shows times in the local zone, and says which zone once, in its header."""

from __future__ import annotations

import asyncio
import datetime as dt
import html

from classwalk.core.records.model import Evidence, Visit
from classwalk.features.outputs import localtime
from tests.tui_debrief.debrief_app import wait_loaded


def test_a_note_captured_at_15_51_utc_reads_09_51_in_chicago(app, classwalk, walk):
    afternoon = dt.datetime(2026, 11, 18, 15, 45, tzinfo=dt.timezone.utc)
    visit = Visit(walk_id=walk.id, classroom="Room 30", observer="Dana Reyes", started_at=afternoon,
                  ended_at=afternoon + dt.timedelta(minutes=10))  # a note goes into a room under way
    classwalk.store.save_visit(visit)
    classwalk.store.add_evidence(Evidence(
        walk_id=walk.id, visit_id=visit.id, kind="observation", text="late note by the window",
        observer="Dana Reyes", captured_at=dt.datetime(2026, 11, 18, 15, 51, tzinfo=dt.timezone.utc)))
    localtime.use_zone("America/Chicago")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_loaded(pilot)
            assert "times in CST" in str(screen.query_one("#summary").content)
            await pilot.press("4")
            await pilot.pause(0.1)
            table = screen.query_one("#note-list")
            times = [str(table.get_row(key)[0]) for key in table.rows]
            row = [t for t, note in zip(times, screen.query_one("#note-list").rows) if t == "09:51"]
            assert row and "15:51" not in times
            assert "09:51" in html.unescape(pilot.app.export_screenshot()).replace("\xa0", " ")

    try:
        asyncio.run(main())
    finally:
        localtime.use_zone(None)
