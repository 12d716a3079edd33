"""A walk already in a room, written straight to the database, for tests of the visit screen."""

from __future__ import annotations

import datetime as dt

from tui_pilot import START, keys_done, settle, until

from classwalk.core.model import Observer, Slice, Visit, Walk
from classwalk.tui.screens.visit import VisitScreen

SLICE = Slice(kind="tier2_block", tier=2, description="phonics block")


def walk_in_a_room(classwalk, protocol_id: str = "ilw_tiered", observers=("Ana", "Ben"),
                   classroom: str = "Room 7") -> tuple[Walk, Visit]:
    """A walk of ``protocol_id`` with an open visit that started a minute ago."""
    extra = {"slice": SLICE, "guiding_question": "Do Tier 2 students keep the challenge?"} \
        if protocol_id == "ilw_tiered" else {}
    if protocol_id == "ifl_learning_walk":
        extra = {"focus": "student talk", "guiding_question": "Who talks about ideas?"}
    walk = Walk(protocol_id=protocol_id, school="Lincoln Elem", date=dt.date(2026, 11, 23),
                observers=tuple(Observer(name=name) for name in observers),
                created_at=START, updated_at=START, **extra)
    classwalk.store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom=classroom, started_at=START - dt.timedelta(seconds=60),
                  slice=walk.slice)
    classwalk.store.save_visit(visit)
    return walk, visit


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
