"""Type an answer in the debrief, then die by SIGKILL without any chance to clean up.

Run as ``python -m tests.process.tui_debrief.crash_while_typing DB WALK_ID TEXT`` from the
project folder; used by the crash test.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from classwalk.api import Classwalk
from tests.tui_debrief.debrief_app import DebriefTestApp, wait_loaded


async def main(db_path: str, walk_id: str, text: str) -> None:
    app = DebriefTestApp(Classwalk(db_path=db_path), walk_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("2", *text)
        await pilot.pause(0.05)  # killed within 100 ms of the last key: every key is written at once
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
