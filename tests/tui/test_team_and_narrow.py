"""Served use of the UI: the team's notes arrive live, a phone and a tablet fit, taps reach actions."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Footer

from classwalk.core.records.model import Evidence, Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.dialogs.classroom import ClassroomDialog
from classwalk.tui.screens.new_walk import NewWalkScreen
from tests.support.clock import START
from tests.support.pilot import enter_room, note, screen_text, settle, start_walk
from tests.support.tui_steps import drive, in_the_room


def team_walk(store: Store, room: str = "Room 12") -> tuple[Walk, Visit]:
    walk = Walk(protocol_id="ifl_learning_walk", protocol_version="1", school="Lincoln Elem",
                date=START.date(), focus="student discourse", guiding_question="Who talks about ideas?",
                observers=(Observer(name="Ana", role="facilitator"), Observer(name="Ben"), Observer(name="Cleo")))
    store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom=room, observer="Ana", started_at=START)
    store.save_visit(visit)
    return walk, visit


def teammate_note(db_path, walk: Walk, observer: str, text: str, room: str = "Room 12") -> Evidence:
    """What a teammate's own session does: its own connection, its own visit in the room."""
    with Store(db_path) as store:
        visit = Visit(walk_id=walk.id, classroom=room, observer=observer, started_at=START)
        store.save_visit(visit)
        evidence = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text=text,
                            observer=observer, captured_at=START)
        store.add_evidence(evidence)
        return evidence


async def wait_for(pilot, condition, seconds: float = 2.5) -> float:
    """Pause until ``condition()`` holds; how long it took (fails after ``seconds``)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "not shown in time"
        await pilot.pause(0.1)
    return time.monotonic() - started


def test_the_teams_notes_in_this_room_appear_within_two_seconds_marked_by_observer(classwalk, db_path, frozen_clock):
    walk, _visit = team_walk(classwalk.store)
    app = ClasswalkApp(classwalk, observer="Ana")

    async def steps(pilot, _screen):
        await note(pilot, "Pairs compare two strategies aloud")
        teammate_note(db_path, walk, "Ben", "Four of six groups name a rule")
        teammate_note(db_path, walk, "Cleo", "A note from the hallway room", room="Room 14")
        # the feed looks once a second; 4 s leaves room for a loaded test machine
        await wait_for(pilot, lambda: "Four of six groups" in screen_text(app), 4.0)
        text = screen_text(app)
        line = next(line for line in text.splitlines() if "Four of six groups" in line)
        assert "Ben:" in line
        assert "Ana:" not in text  # one's own notes carry no name
        assert "hallway room" not in text  # another room's notes stay out
        assert "Pairs compare two strategies aloud" in text

    in_the_room(app, steps, (128, 38))


@pytest.mark.parametrize(("size", "narrow"), [((45, 40), True), ((128, 38), False)])
def test_phone_and_tablet_sizes(classwalk, frozen_clock, size, narrow):
    app = ClasswalkApp(classwalk, observer="Ana")

    async def steps(pilot):
        await settle(pilot)
        await start_walk(pilot, "downey", "Lincoln Elem", "Ana")
        await enter_room(pilot, "Room 12")
        await note(pilot, "Students explain the rule to a partner", tags="a")
        screen = app.screen
        assert screen.has_class("narrow") is narrow
        look_fors, evidence = screen.query_one("#look-fors"), screen.query_one("#evidence")
        if narrow:  # stacked: the look-fors above the evidence, each the full width
            assert look_fors.region.bottom <= evidence.region.y
            assert look_fors.region.width == evidence.region.width == size[0]
        else:  # side by side
            assert look_fors.region.right <= evidence.region.x
        assert look_fors.region.height >= 6 and evidence.region.height >= 6
        footer = screen.query_one(Footer)
        keys = list(footer.query("FooterKey"))
        assert keys and all(screen.region.contains_region(key.region) for key in keys)
        assert all(key.region.width >= 8 for key in keys)  # each one big enough to tap and read
        next_room = next(key for key in keys if key.action == "next_room")
        await pilot.click(next_room)
        await pilot.pause()
        assert isinstance(app.screen, ClassroomDialog)

    drive(app, steps, size)


def test_tapping_reaches_the_home_screens_actions_on_a_phone(classwalk, frozen_clock):
    app = ClasswalkApp(classwalk)

    async def steps(pilot):
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = {key.action: key for key in footer.query("FooterKey")}
        assert {"app.new_walk", "app.protocols", "resume", "debrief", "app.reports"} <= set(keys)
        assert all(app.screen.region.contains_region(key.region) for key in keys.values())
        await pilot.click(keys["app.new_walk"])
        await pilot.pause()
        assert isinstance(app.screen, NewWalkScreen)

    drive(app, steps, (45, 40))


def test_an_account_limited_to_a_school_sees_and_starts_walks_there_only(classwalk, frozen_clock):
    store = classwalk.store
    for school, observer in (("Lincoln Elem", "Ben"), ("Lincoln Elem", "Ana"), ("Hillside Middle", "Ana")):
        store.save_walk(Walk(protocol_id="downey", protocol_version="1", school=school, date=START.date(),
                             observers=(Observer(name=observer),)))
    app = ClasswalkApp(classwalk, observer="Ana", school="Lincoln Elem")

    async def steps(pilot):
        await settle(pilot)
        text = screen_text(app)
        assert "Hillside" not in text
        listed = app.screen.query_one("#in-progress")
        firsts = [store.get_walk(listed.get_option_at_index(i).id) for i in range(listed.option_count)]
        assert [w.observers[0].name for w in firsts] == ["Ana", "Ben"]  # her own walk first
        await pilot.press("g")
        await pilot.pause()
        assert any("not open to an account limited" in n.message for n in app._notifications)
        assert app.screen.__class__.__name__ == "HomeScreen"
        await pilot.press("n")
        await pilot.pause()
        school = app.screen.query_one("#school")
        assert school.value == "Lincoln Elem" and school.disabled
        assert app.screen.query_one("#observers").value == "Ana"

    drive(app, steps, (128, 38))
