"""A team coding lessons: the grid says when a teammate moves to another room, ctrl+f follows
them into it, and a facilitator moving the team takes the grid (and a half-typed interval
note) along. The teammates act through their own database connection, as their devices do."""

from __future__ import annotations

import datetime as dt

from tests.support.clock import LESSON_START as START
from tests.support.intervals import resuming, assert_soon
from tests.support.pilot import screen_text

from classwalk.core.records.model import Observer, Visit, Walk
from classwalk.core.storage.store import Store
from classwalk.features.capture import team
from classwalk.tui.screens.interval_visit import IntervalVisitScreen

LATER = START + dt.timedelta(minutes=1)


def coding_team(store) -> tuple[Walk, Visit, Visit]:
    """Ana (facilitator) and Ben coding Lab 2 together, each with their own visit."""
    walk = Walk(protocol_id="lesson_intervals", school="Hillside High", date=START.date(),
                observers=(Observer(name="Ana", role="facilitator"), Observer(name="Ben")))
    store.save_walk(walk)
    ana = store.start_visit(Visit(walk_id=walk.id, classroom="Lab 2", observer="Ana", started_at=START))
    ben = store.start_visit(Visit(walk_id=walk.id, classroom="Lab 2", observer="Ben", started_at=START,
                                  joins=ana.stay_id))
    return walk, ana, ben


def test_the_grid_shows_a_teammate_moving_and_ctrl_f_follows(shaped, ui_clock, tmp_path):
    walk, ana, ben = coding_team(shaped.store)

    async def scenario(app, pilot):
        await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen))
        screen = app.screen
        assert screen.visit.id == ben.id and not screen.check_action("follow", ())
        ui_clock.advance(60)
        with Store(tmp_path / "walks.db") as anas_device:  # Ana presses "Next room" on her tablet
            moved = anas_device.start_visit(
                Visit(walk_id=walk.id, classroom="Lab 9", observer="Ana", started_at=LATER), leaving=ana.id)
        await assert_soon(pilot, lambda: "Ana moved to Lab 9 · ctrl+f follows, or stay" in screen_text(app))
        assert screen.check_action("follow", ())  # offered in the footer and palette now
        assert not shaped.store.get_visit(ben.id).ended  # Ben stays until he chooses
        await pilot.press("g")  # and goes on coding meanwhile
        await assert_soon(pilot, lambda: shaped.store.marks_for_visit(ben.id))
        await pilot.press("ctrl+f")
        await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen) and app.screen.visit.id != ben.id)
        return app.screen.visit, moved

    followed, moved = resuming(shaped, walk, scenario, observer="Ben")
    assert followed.classroom == "Lab 9" and followed.observer == "Ben" and followed.joins == moved.id
    assert shaped.store.get_visit(ben.id).ended
    stays = team.classroom_visits(shaped.store.visits_for_walk(walk.id))
    assert sorted((c.classroom, tuple(sorted(c.observers))) for c in stays) == \
        [("Lab 2", ("Ana", "Ben")), ("Lab 9", ("Ana", "Ben"))]


def test_the_facilitator_moving_the_team_takes_the_grid_and_the_typed_note_along(shaped, ui_clock, tmp_path):
    walk, ana, ben = coding_team(shaped.store)

    async def scenario(app, pilot):
        await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen))
        await pilot.press("tab", *"half a note")
        await assert_soon(pilot, lambda: app.screen.unsaved_words() == "half a note")
        ui_clock.advance(60)
        with Store(tmp_path / "walks.db") as anas_device:
            team.move_team(anas_device, walk, "Ana", Visit(walk_id=walk.id, classroom="Lab 9", observer="Ana"),
                           at=LATER)
        await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen) and app.screen.visit.id != ben.id)
        await pilot.pause(0.3)
        return app.screen.visit, app.screen.unsaved_words(), [str(n.message) for n in app._notifications]

    now_in, words, told = resuming(shaped, walk, scenario, observer="Ben")
    assert now_in.classroom == "Lab 9" and now_in.observer == "Ben"
    assert words == "half a note"  # the words typed in Lab 2 came along, in the note line
    assert any("Ana moved the team to Lab 9" in line for line in told)
    assert shaped.store.evidence_for_walk(walk.id) == []  # nothing was saved into Lab 2 after it ended
