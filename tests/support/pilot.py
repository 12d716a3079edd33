"""Helpers the UI tests share: a hand-moved clock, the screen as text, running scenarios."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import time
from collections import defaultdict

START = dt.datetime(2026, 11, 23, 9, 12, tzinfo=dt.timezone.utc)


class FrozenClock:
    """A clock tests move by hand: ``advance(seconds)``."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (read back from the app's SVG screenshot)."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        rows[float(match.group(2))].append((float(match.group(1)), html.unescape(match.group(3)).replace("\xa0", " ")))
    return "\n".join("".join(text for _x, text in sorted(row)).rstrip() for _y, row in sorted(rows.items()))


def run(coroutine):
    """Run one async scenario to the end (tests stay plain functions)."""
    return asyncio.run(coroutine)


async def settle(pilot, seconds: float = 0.0) -> None:
    """Wait for the keys sent, the app's workers (database reads) and the screen to catch up."""
    if getattr(pilot.app, "_key_pipeline", None) is not None:
        await keys_done(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(seconds or None)
    # On a busy machine (the suite runs in parallel) the home screen may only start reading
    # the walks after the pause above: wait until it has shown them, then for any other reads.
    if await until(pilot, lambda: _home_has_read(pilot.app)):
        await pilot.app.workers.wait_for_complete()


def _home_has_read(app) -> bool:
    """False while the home screen is up but has not shown what it read from the database."""
    from classwalk.tui.screens.home import HomeScreen

    screen = app.screen
    if not isinstance(screen, HomeScreen):
        return True
    try:
        return bool(str(screen.query_one("#home-message").content))
    except Exception:  # not composed yet
        return False


async def until(pilot, condition, seconds: float = 15.0) -> bool:
    """Let the app run until ``condition()`` holds (at most ``seconds``); True if it did.

    A busy machine (the suite runs in parallel) may need several pauses where an idle one
    needs one; callers still assert the condition, so a wrong screen still fails."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def keys_done(pilot, timeout: float = 30.0) -> None:
    """Wait until every key sent has been read and acted on (on a busy machine this takes a while)."""
    import time

    from classwalk.tui.keys import wait_until_settled

    deadline = time.monotonic() + timeout
    while pilot.app._key_pipeline.pending and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert not pilot.app._key_pipeline.pending, "keys still waiting to be read"
    await wait_until_settled(pilot.app, timeout=max(0.1, deadline - time.monotonic()))
    await pilot.pause()
