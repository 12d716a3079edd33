"""The hallway note's draft belongs to one observer on one device, like every other draft."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tests.support.pilot import burst, keys_for, settle, until
from tests.support.records import walk_in_a_room
from tests.support.tui_steps import drive

from classwalk.tui.app import ClasswalkApp
from classwalk.core.records.model import old_hallway_key
from classwalk.tui.dialogs.hallway_note import HallwayNoteDialog, draft_key
from classwalk.tui.screens.visit import VisitScreen


async def _open_hallway(pilot):
    """Resume the walk; the room's hallway note (offered at once when words wait in it, else ctrl+n)."""
    await settle(pilot)
    await pilot.press("r")
    await until(pilot, lambda: isinstance(pilot.app.screen, (VisitScreen, HallwayNoteDialog)))
    if isinstance(pilot.app.screen, VisitScreen):
        await pilot.press("ctrl+n")
        await settle(pilot)
    assert isinstance(pilot.app.screen, HallwayNoteDialog)
    return pilot.app.screen.query_one("#hallway", Input)


def _type_and_put_aside(classwalk, words: str) -> None:
    app = ClasswalkApp(classwalk, observer="Ana")

    async def steps(pilot):
        field = await _open_hallway(pilot)
        assert field.value == ""
        await burst(pilot, keys_for(words))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

    drive(app, steps)


def _shown_in_a_new_dialog(classwalk) -> str:
    app = ClasswalkApp(classwalk, observer="Ana")
    shown = []

    async def steps(pilot):
        shown.append((await _open_hallway(pilot)).value)

    drive(app, steps)
    return shown[0]


def test_two_devices_of_one_observer_keep_their_own_hallway_draft(classwalk, frozen_clock, monkeypatch):
    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk", observers=("Ana", "Ben"))
    monkeypatch.setenv("CLASSWALK_DEVICE", "laptop")
    _type_and_put_aside(classwalk, "the laptop words")
    monkeypatch.setenv("CLASSWALK_DEVICE", "tablet")
    assert _shown_in_a_new_dialog(classwalk) == ""  # the laptop's words are not on the tablet
    monkeypatch.setenv("CLASSWALK_DEVICE", "laptop")
    assert _shown_in_a_new_dialog(classwalk) == "the laptop words"  # reopened on the laptop: its own
    key = draft_key(visit, "Ana")
    assert (key.slot, key.observer, key.device, key.walk_id) == ("hallway", "Ana", "laptop", walk.id)
    assert classwalk.store.get_draft(key) == "the laptop words"
    assert classwalk.store.get_draft(draft_key(visit, "Ben")) == ""  # a teammate's line stays empty


def test_a_hallway_draft_kept_under_the_old_shared_key_still_comes_back(classwalk, frozen_clock):
    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk", observers=("Ana",))
    classwalk.store.save_draft(old_hallway_key(visit.id), "words from before")
    assert _shown_in_a_new_dialog(classwalk) == "words from before"


def test_the_old_shared_hallway_draft_is_its_visits_observers_alone(classwalk, frozen_clock):
    import classwalk as package
    from classwalk.core.errors import ClasswalkError

    from tests.support.clock import START

    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk", observers=("Ana", "Ben"), started_at=START)
    assert visit.observer == "Ana"
    classwalk.store.save_draft(old_hallway_key(visit.id), "words from before")
    assert classwalk.old_hallway_draft(visit, "Ana") == "words from before"
    assert classwalk.old_hallway_draft(visit, "Ben") == ""  # a teammate is not offered them
    with package.open_db(classwalk.store.path, observer="Ben") as bens:
        with pytest.raises(ClasswalkError, match="theirs alone"):
            bens.old_hallway_draft(visit, "Ana")  # Ben cannot ask in Ana's name
    classwalk.forget_old_hallway_draft(visit)
    assert classwalk.store.get_draft(old_hallway_key(visit.id)) == ""
