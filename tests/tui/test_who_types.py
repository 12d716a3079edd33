"""Who is typing: ctrl+o picks the walk's observer each note is saved under, kept per device."""

from __future__ import annotations

from classwalk.tui.app import ClasswalkApp
from classwalk.tui.observer import observer_key
from tests.support.pilot import enter_room, hallway, note, screen_text, settle, start_walk
from tests.support.tui_steps import drive, in_the_room

TEAM = dict(focus="student discourse", question="Who does the talking about ideas?",
            **{"focus-categories": ["accountable_talk", "discourse"]})


async def team_in_room_3(pilot, observers: str) -> None:
    """From home: start an IFL walk of ``observers`` (as typed in the form) and enter Room 3."""
    await settle(pilot)
    await start_walk(pilot, "ifl_learning_walk", "Lincoln Elem", observers, **TEAM)
    await enter_room(pilot, "Room 3")


def test_two_observers_take_turns_and_each_note_carries_its_writer(app, classwalk, frozen_clock):
    async def steps(pilot):
        await team_in_room_3(pilot, "Ana: facilitator, Ben: recorder")
        assert "typing: Ana (ctrl+o)" in screen_text(app)
        await note(pilot, "Ana writes the first note")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.active_observer == "Ben" and "typing: Ben" in screen_text(app)
        await note(pilot, "Ben writes the second note")
        frozen_clock.advance(600)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await hallway(pilot, "Ben writes the hallway note")
        await enter_room(pilot, "Room 5")
        assert "typing: Ben" in screen_text(app)  # the choice stays for the next room
        await pilot.press("ctrl+o")
        await pilot.pause()
        await note(pilot, "Ana again in Room 5")

    drive(app, steps)
    walk = classwalk.store.list_walks()[0]
    by_text = {e.text: e.observer for e in classwalk.store.evidence_for_walk(walk.id)}
    assert by_text == {
        "Ana writes the first note": "Ana", "Ben writes the second note": "Ben",
        "Ben writes the hallway note": "Ben", "Ana again in Room 5": "Ana",
    }
    assert [v.observer for v in classwalk.store.visits_for_walk(walk.id)] == ["Ana", "Ben"]
    assert classwalk.store.get_draft(observer_key(walk.id)) == "Ana"


def test_the_choice_is_kept_on_this_device_and_restored_on_resume(app, classwalk, frozen_clock):
    async def first_run(pilot):
        await team_in_room_3(pilot, "Ana, Ben, Cy")
        await pilot.press("ctrl+o", "ctrl+o")
        await pilot.pause()
        assert app.active_observer == "Cy"

    drive(app, first_run)
    again = ClasswalkApp(classwalk)

    async def second_run(pilot, _screen):
        assert again.active_observer == "Cy" and "typing: Cy" in screen_text(again)
        await pilot.press("ctrl+o")  # wraps round to the first
        await note(pilot, "Ana after the resume")

    in_the_room(again, second_run)
    walk = classwalk.store.list_walks()[0]
    assert [e.observer for e in classwalk.store.evidence_for_walk(walk.id)] == ["Ana"]


def test_an_observer_fixed_for_the_run_cannot_be_switched(classwalk, frozen_clock):
    app = ClasswalkApp(classwalk, observer="Dee")

    async def steps(pilot):
        await team_in_room_3(pilot, "Ana, Ben")
        await pilot.press("ctrl+o")
        await pilot.pause()
        text = screen_text(app)
        assert app.active_observer == "Dee" and "typing: Dee" in text and "(ctrl+o)" not in text
        await note(pilot, "Dee's note from her own session")

    drive(app, steps)
    walk = classwalk.store.list_walks()[0]
    assert [(e.text, e.observer) for e in classwalk.store.evidence_for_walk(walk.id)] == [
        ("Dee's note from her own session", "Dee")]
    assert classwalk.store.get_draft(observer_key(walk.id)) == ""


def test_the_debrief_opens_as_whoever_is_typing(app, classwalk, frozen_clock):
    async def steps(pilot):
        await team_in_room_3(pilot, "Ana, Ben")
        await pilot.press("ctrl+o")
        await note(pilot, "one note")
        await pilot.press("ctrl+e", "enter")
        await pilot.pause()
        await hallway(pilot, "hallway words")
        await settle(pilot, 0.3)
        assert type(app.screen).__name__ == "DebriefScreen"
        assert app.screen.author == "Ben"

    drive(app, steps)
