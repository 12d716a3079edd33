"""A team walk in the terminal: each observer's own room, told when a teammate moves.

The app runs as one observer (``--observer``); the teammates act through their own
database connection, as their own devices do.
"""

from __future__ import annotations

import datetime as dt

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.features.capture import team
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.debrief import DebriefScreen
from classwalk.tui.screens.visit import VisitScreen, note_key
from tests.support.clock import START
from tests.support.pilot import keys_for, screen_text, settle
from tests.support.tui_steps import in_the_room

LATER = START + dt.timedelta(minutes=5)
SIZE = (120, 36)


def downey_team(store: Store) -> tuple[Walk, Visit, Visit]:
    """Ana (facilitator) and Ben in Room 12 together, each with their own visit."""
    walk = Walk(protocol_id="downey", school="Lincoln Elem", date=START.date(),
                observers=(Observer(name="Ana", role="facilitator"), Observer(name="Ben")))
    store.save_walk(walk)
    ana = store.start_visit(Visit(walk_id=walk.id, classroom="Room 12", observer="Ana", started_at=START))
    ben = store.start_visit(Visit(walk_id=walk.id, classroom="Room 12", observer="Ben", started_at=START))
    return walk, ana, ben


def in_room_as(classwalk, observer: str | None, steps):
    """The app run as ``observer`` (None: whoever the device picks), resumed into their open visit."""
    return in_the_room(ClasswalkApp(classwalk, observer=observer), steps, SIZE)


def in_another_visit_than(app, visit: Visit) -> bool:
    return isinstance(app.screen, VisitScreen) and app.screen.visit.id != visit.id


async def wait_until(pilot, condition, seconds: float = 4.0) -> None:
    waited = 0.0
    while not condition():
        assert waited < seconds, screen_text(pilot.app)
        await pilot.pause(0.1)
        waited += 0.1


def test_a_teammate_moving_on_is_shown_and_ctrl_f_follows(classwalk, db_path, frozen_clock):
    walk, ana, ben = downey_team(classwalk.store)

    async def steps(pilot, screen):
        assert isinstance(pilot.app.screen, VisitScreen) and pilot.app.screen.visit.id == ben.id
        with Store(db_path) as anas_device:  # Ana presses "Next room" on her tablet
            moved = anas_device.start_visit(
                Visit(walk_id=walk.id, classroom="Room 14", observer="Ana", started_at=LATER), leaving=ana.id)
        await wait_until(pilot, lambda: "Ana moved to Room 14" in screen_text(pilot.app))
        assert pilot.app.screen.visit.id == ben.id and not classwalk.store.get_visit(ben.id).ended  # Ben stays
        await pilot.press("ctrl+f")
        await settle(pilot)
        await wait_until(pilot, lambda: in_another_visit_than(pilot.app, ben))
        return pilot.app.screen.visit, moved

    followed, moved = in_room_as(classwalk, "Ben", steps)
    assert followed.classroom == "Room 14" and followed.observer == "Ben" and followed.joins == moved.id
    assert classwalk.store.get_visit(ben.id).ended
    stays = team.classroom_visits(classwalk.store.visits_for_walk(walk.id))
    assert sorted((c.classroom, tuple(sorted(c.observers))) for c in stays) == \
        [("Room 12", ("Ana", "Ben")), ("Room 14", ("Ana", "Ben"))]


def test_the_facilitator_moving_the_team_takes_the_screen_and_the_typed_words_along(classwalk, db_path,
                                                                                     frozen_clock):
    walk, ana, ben = downey_team(classwalk.store)

    async def steps(pilot, screen):
        await pilot.press(*keys_for("half a sentence"))
        await pilot.pause()
        with Store(db_path) as anas_device:
            team.move_team(anas_device, walk, "Ana",
                           Visit(walk_id=walk.id, classroom="Room 14", observer="Ana"), at=LATER)
        await wait_until(pilot, lambda: in_another_visit_than(pilot.app, ben))
        await settle(pilot)
        return pilot.app.screen.visit, pilot.app.screen.note_input.value

    now_in, line = in_room_as(classwalk, "Ben", steps)
    assert now_in.classroom == "Room 14" and now_in.observer == "Ben"
    assert line == "half a sentence"
    assert classwalk.store.evidence_for_walk(walk.id) == []  # nothing was saved into Room 12 after it ended


def test_ending_the_walks_visits_elsewhere_shows_at_once_and_a_late_note_is_refused(classwalk, db_path,
                                                                                    frozen_clock):
    walk, ana, ben = downey_team(classwalk.store)

    async def steps(pilot, screen):
        await pilot.press(*keys_for("a late note"))
        with Store(db_path) as anas_device:
            team.end_all_visits(anas_device, walk.id, at=START)  # the moment Ben's clock shows
            anas_device.set_walk_status(walk.id, "debriefing")
        # Enter before the screen has looked: the store refuses, the words stay
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))

    in_room_as(classwalk, "Ben", steps)
    assert classwalk.store.evidence_for_walk(walk.id) == []
    assert classwalk.store.get_draft(note_key(ben, "Ben")) == "a late note"


def test_ctrl_o_on_a_shared_device_gives_each_typist_their_own_draft(classwalk, frozen_clock):
    walk, ana, _ben = downey_team(classwalk.store)

    async def steps(pilot, screen):
        assert screen.visit.id == ana.id and pilot.app.active_observer == "Ana"
        await pilot.press(*keys_for("anas words"))
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert pilot.app.active_observer == "Ben" and screen.note_input.value == ""
        await pilot.press(*keys_for("bens"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await settle(pilot)
        return screen.note_input.value

    assert in_room_as(classwalk, None, steps) == "anas words"
    notes = classwalk.store.evidence_for_walk(walk.id)
    assert [(n.text, n.observer) for n in notes] == [("bens", "Ben")]
    assert classwalk.store.get_draft(note_key(ana, "Ana")) == "anas words"
    assert classwalk.store.get_draft(note_key(ana, "Ben")) == ""
