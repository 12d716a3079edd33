"""Driving the terminal UI in-process with Textual's Pilot: run a scenario, wait for the
app to catch up, read the screen as text, type as an observer does, and the common steps
(start a walk, enter a room, write a note, resume a visit)."""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections import defaultdict

from textual.widgets import Input, Select, SelectionList

from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog
from classwalk.tui.screens.new_walk import NewWalkScreen
from classwalk.tui.screens.visit import VisitScreen

_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def run(coroutine):
    """Run one async scenario to the end (tests stay plain functions)."""
    return asyncio.run(coroutine)


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (read back from the app's SVG screenshot)."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        rows[float(match.group(2))].append((float(match.group(1)), html.unescape(match.group(3)).replace("\xa0", " ")))
    return "\n".join("".join(text for _x, text in sorted(row)).rstrip() for _y, row in sorted(rows.items()))
async def workers_done(app) -> None:
    """Wait for the app's workers; one cancelled because its screen moved on (a newer read of
    the same group) is done too."""
    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass


async def settle(pilot, seconds: float = 0.0) -> None:
    """Wait for the keys sent, the app's workers (database reads) and the screen to catch up."""
    if getattr(pilot.app, "_key_pipeline", None) is not None:
        await keys_done(pilot)
    await workers_done(pilot.app)
    await pilot.pause(seconds or None)
    # On a busy machine (the suite runs in parallel) the home screen may only start reading
    # the walks after the pause above: wait until it has shown them, then for any other reads.
    if await until(pilot, lambda: _home_has_read(pilot.app)):
        await workers_done(pilot.app)


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
    from classwalk.tui.keys import wait_until_settled

    deadline = time.monotonic() + timeout
    while pilot.app._key_pipeline.pending and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert not pilot.app._key_pipeline.pending, "keys still waiting to be read"
    await wait_until_settled(pilot.app, timeout=max(0.1, deadline - time.monotonic()))
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type into the focused input: all but the last few characters at once, the rest as keys."""
    focused = pilot.app.screen.focused
    head, tail = (text[:-3], text[-3:]) if isinstance(focused, Input) else ("", text)
    if head:
        focused.insert_text_at_cursor(head)
    await pilot.press(*[("space" if ch == " " else ch) for ch in tail])


async def start_walk(pilot, protocol_id: str, school: str, observers: str, **fields) -> None:
    """From home: n (unless the form is open), fill the form (protocol first), ctrl+s."""
    app = pilot.app
    if not isinstance(app.screen, NewWalkScreen):
        await pilot.press("n")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, NewWalkScreen))
    assert isinstance(app.screen, NewWalkScreen)
    app.screen.query_one("#protocol", Select).value = protocol_id
    await pilot.pause()
    await pilot.click("#school")
    await type_text(pilot, school)
    app.screen.query_one("#observers", Input).value = observers
    for field_id, value in fields.items():
        widget = app.screen.query_one(f"#{field_id}")
        if isinstance(widget, SelectionList):
            for item in value:
                widget.select(item)
        else:
            widget.value = value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def enter_room(pilot, room: str, grade: str = "") -> None:
    """In the classroom dialog: type the room (and grade), Enter."""
    await until(pilot, lambda: isinstance(pilot.app.screen, ClassroomDialog))
    assert isinstance(pilot.app.screen, ClassroomDialog), type(pilot.app.screen)
    await type_text(pilot, room)
    if grade:
        pilot.app.screen.query_one("#grade", Input).value = grade
    await pilot.press("enter")
    await pilot.pause()
    await until(pilot, lambda: isinstance(pilot.app.screen, VisitScreen))
    assert isinstance(pilot.app.screen, VisitScreen)


async def note(pilot, text: str, tags: str = "") -> None:
    """Tag the next note with look-for keys (Esc, letters, Esc), type it, Enter."""
    if tags:
        await pilot.press("escape", *tags, "escape")
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def hallway(pilot, text: str) -> None:
    """In the hallway-note dialog: type the note, Enter."""
    await until(pilot, lambda: isinstance(pilot.app.screen, HallwayNoteDialog))
    assert isinstance(pilot.app.screen, HallwayNoteDialog), type(pilot.app.screen)
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def resume_room(pilot) -> VisitScreen:
    """From home: r resumes the walk in progress, into its open visit."""
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    await until(pilot, lambda: isinstance(pilot.app.screen, VisitScreen))
    assert isinstance(pilot.app.screen, VisitScreen), type(pilot.app.screen)
    return pilot.app.screen


def keys_for(text: str) -> list[str]:
    """``text`` as the key names Pilot presses, one key per character."""
    names = {" ": "space", ".": "full_stop", ",": "comma", ":": "colon", ";": "semicolon", "'": "apostrophe",
             "-": "minus", "?": "question_mark", "!": "exclamation_mark", "/": "slash", "\t": "tab"}
    return [names.get(ch, ch) for ch in text]


async def burst(pilot, keys: list[str]) -> None:
    """Send ``keys`` all at once, as a paste or tmux send-keys would: none is read before the last is sent."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    driver = pilot.app._driver
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            character = key if len(key) == 1 else None
        if key.startswith("alt+") and len(key) == 5:
            character = key[-1]
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await keys_done(pilot)
    await pilot.pause()


async def paste(pilot, text: str) -> None:
    """A bracketed paste arriving at the terminal."""
    from textual import events

    pilot.app._driver.send_message(events.Paste(text))
    await pilot.pause()
    await keys_done(pilot)
    await pilot.pause()
