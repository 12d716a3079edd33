"""Not observed, from the coding grid: ctrl+x marks the interval (or intervals typed), the grid
shows ×, reports leave it out, ctrl+z takes the change back; and a lesson resumed after time
away offers to mark the intervals missed meanwhile, naming them and their local times."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.clock import LESSON_START as START
from tests.support.intervals import coding, with_visit_open, lesson_in_lab_2, resuming, assert_soon
from tests.support.pilot import screen_text

from classwalk.features.outputs import localtime
from classwalk.features.reports import walk_report
from classwalk.tui.dialogs.not_observed import IntervalsProblem, NotObservedDialog, parse_intervals
from classwalk.tui.dialogs.time_away import TimeAwayDialog
from classwalk.tui.screens.interval_visit import IntervalVisitScreen


@pytest.fixture(autouse=True)
def utc_times():
    localtime.use_zone("UTC")
    yield
    localtime.use_zone(None)


def palette_has(app, screen, title: str) -> bool:
    return any(command.title.startswith(title + " (") for command in app.get_system_commands(screen))


async def typed(pilot, *keys, wait=0.1):
    await pilot.press(*keys)
    await pilot.pause(wait)


def test_typed_intervals_are_read_or_refused_in_one_line():
    assert parse_intervals("4", 5) == [4]
    assert parse_intervals(" 2 - 4, 1 ", 5) == [1, 2, 3, 4]
    assert parse_intervals("2–3 5", 5) == [2, 3, 5]
    for bad, why in (("", "Type an interval"), ("x", "not an interval"), ("4-2", "comes first"),
                     ("6", "only intervals 1 to 5 have begun"), ("0", "only intervals 1 to 5")):
        with pytest.raises(IntervalsProblem, match=why):
            parse_intervals(bad, 5)


def test_ctrl_x_marks_the_interval_not_observed_the_grid_shows_it_and_ctrl_z_takes_it_back(shaped, ui_clock, lesson):
    walk, visit = lesson

    async def scenario(app, pilot):
        await typed(pilot, "g")
        ui_clock.advance(125)  # interval 2
        await assert_soon(pilot, lambda: app.screen.state_now.number == 2)
        screen = app.screen
        assert not screen.check_action("undo", ())  # nothing to undo: the key is not offered
        await typed(pilot, "ctrl+x")
        assert isinstance(app.screen, NotObservedDialog)
        assert "Enter marks interval 2 not observed" in screen_text(app)
        await typed(pilot, "enter")
        assert isinstance(app.screen, IntervalVisitScreen)
        assert coding(shaped, visit).not_observed == {2}
        text = screen_text(app)
        assert "Interval 2: not observed, left out of every count" in text
        assert "×" in text and "ctrl+z undoes" in text
        assert "^x Away" in text  # in the footer at 80x24
        assert palette_has(app, screen, "Undo")  # offered now (the palette has every key the footer cuts)
        codes = next(p for p in walk_report(shaped, walk.id) if p.id == "interval_codes")
        assert "1 of 2 intervals observed" in codes.columns[1]

        await typed(pilot, "ctrl+z")
        assert coding(shaped, visit).not_observed == frozenset()
        assert "Undone" in screen_text(app) and "×" not in screen_text(app)
        assert not screen.check_action("undo", ()) and not palette_has(app, screen, "Undo")

        await typed(pilot, "ctrl+x", "1", "enter")  # another interval, typed over the offer
        assert coding(shaped, visit).not_observed == {1}
        assert coding(shaped, visit).ticked(1) == {"students.groups"}  # its tick is kept
        await typed(pilot, "ctrl+x", "1", "enter")  # all typed are marked: Enter takes it back
        assert coding(shaped, visit).not_observed == frozenset()
        await typed(pilot, "ctrl+z")  # undo the take-back: marked again
        assert coding(shaped, visit).not_observed == {1}

        await typed(pilot, "ctrl+x", "3", "enter")  # not begun: refused in the dialog
        assert isinstance(app.screen, NotObservedDialog)
        assert "only intervals 1 to 2 have begun" in screen_text(app)
        await typed(pilot, "escape")  # Esc changes nothing
        assert isinstance(app.screen, IntervalVisitScreen)
        assert coding(shaped, visit).not_observed == {1}

    with_visit_open(shaped, walk, visit, scenario)


def test_back_after_time_away_the_grid_offers_to_mark_the_missed_intervals(shaped, ui_clock, lesson):
    walk, visit = lesson

    async def coded_then_closed(app, pilot):
        await typed(pilot, "g")  # interval 1, 09:00 UTC
        ui_clock.advance(130)
        await assert_soon(pilot, lambda: app.screen.state_now.number == 2)
        await typed(pilot, "l", "enter")  # interval 2: the last mark before the program closed
        await assert_soon(pilot, lambda: coding(shaped, visit).ticked(2) == {"students.listening"})

    with_visit_open(shaped, walk, visit, coded_then_closed)
    ui_clock.advance(8 * 60)  # intervals 3-5 (09:04-09:10) go by while the program is closed

    def answered(answer: str):
        async def scenario(app, pilot):
            await assert_soon(pilot, lambda: isinstance(app.screen, TimeAwayDialog))
            await pilot.pause()
            text = screen_text(app)
            assert "3 intervals went by with nothing coded" in text
            assert "Intervals 3–5 (09:04–09:10), UTC." in text
            await typed(pilot, *answer.split())
            await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen))

        resuming(shaped, walk, scenario)

    answered("escape")  # Esc: no change, asked again next time
    assert coding(shaped, visit).not_observed == frozenset()
    answered("enter")  # the default keeps them unmarked
    assert coding(shaped, visit).not_observed == frozenset()

    async def marked_then_undone(app, pilot):
        await assert_soon(pilot, lambda: isinstance(app.screen, TimeAwayDialog))
        await typed(pilot, "m")
        await assert_soon(pilot, lambda: coding(shaped, visit).not_observed == {3, 4, 5})
        await pilot.pause()
        assert "Intervals 3–5 marked not observed" in screen_text(app)
        await typed(pilot, "ctrl+z")
        await assert_soon(pilot, lambda: coding(shaped, visit).not_observed == frozenset())

    resuming(shaped, walk, marked_then_undone)


def test_time_away_is_not_asked_when_nothing_was_missed(shaped, ui_clock, lesson):
    async def scenario(app, pilot):
        await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen))
        await pilot.pause(0.5)
        assert isinstance(app.screen, IntervalVisitScreen)

    ui_clock.advance(60)  # still interval 1: nothing has ended uncoded
    resuming(shaped, lesson[0], scenario)


def test_the_door_marks_only_inside_its_scope_and_for_the_walks_observers(shaped, lesson):
    from classwalk.api import door
    from classwalk.core.errors import ClasswalkError

    _walk, visit = lesson
    later = START + dt.timedelta(minutes=7)  # interval 4
    elsewhere = door(shaped, school="Another School")
    with pytest.raises(ClasswalkError):
        elsewhere.mark_not_observed(visit, 2, observer="Ana", at=later)
    with pytest.raises(ClasswalkError):
        elsewhere.intervals_while_away(visit, observer="Ana", at=later)
    with pytest.raises(ClasswalkError, match="not an observer of this walk"):
        door(shaped).mark_not_observed(visit, 2, observer="Zed", at=later)
    with pytest.raises(ClasswalkError, match="interval 5 has not begun"):
        door(shaped).mark_not_observed(visit, 5, observer="Ana", at=later)
    assert coding(shaped, visit).not_observed == frozenset()
    assert door(shaped).intervals_while_away(visit, observer="Ana", at=later) == [2, 3]
    assert door(shaped).mark_not_observed(visit, 2, observer="Ana", at=later).not_observed == {2}
    times = door(shaped).interval_times(visit, at=later)
    assert times[2] == (START + dt.timedelta(minutes=2), START + dt.timedelta(minutes=4))


def test_on_a_shared_device_ctrl_z_undoes_only_the_typists_own_change(shaped, ui_clock):
    walk, visit = lesson_in_lab_2(shaped, ("Ana", "Ben"))

    async def scenario(app, pilot):
        await assert_soon(pilot, lambda: isinstance(app.screen, IntervalVisitScreen))
        screen = app.screen
        await typed(pilot, "ctrl+x", "enter")  # Ana: interval 1 not observed
        await assert_soon(pilot, lambda: coding(shaped, visit).not_observed == {1})
        await typed(pilot, "ctrl+o")  # Ben types now
        await assert_soon(pilot, lambda: screen.observer == "Ben")
        assert not screen.check_action("undo", ())
        await typed(pilot, "ctrl+z")  # not offered to Ben: nothing changes
        assert coding(shaped, visit, "Ana").not_observed == {1}
        await typed(pilot, "ctrl+o")  # back to Ana: her change is undone
        await assert_soon(pilot, lambda: screen.observer == "Ana")
        await typed(pilot, "ctrl+z")
        await assert_soon(pilot, lambda: coding(shaped, visit).not_observed == frozenset())

    with_visit_open(shaped, walk, visit, scenario)
