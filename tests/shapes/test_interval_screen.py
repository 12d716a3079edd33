"""Coding a lesson in the terminal: keys tick codes in the current interval, the clock moves on
with a cue, pauses and early advances, corrections in the grace time, and a restart keeps it all."""

from __future__ import annotations

from textual.widgets import Input

from classwalk.tui.screens.interval_visit import IntervalVisitScreen
from tests.support.intervals import coding, with_visit_open, lesson_in_lab_2, typed
from tests.support.pilot import screen_text


def test_coding_a_lesson_at_80_by_24(shaped, ui_clock, lesson):
    walk, visit = lesson

    async def scenario(app, pilot):
        assert isinstance(app.screen, IntervalVisitScreen)
        text = screen_text(app)
        assert "interval 1 · 02:00 left" in text
        assert "Students" in text and "Instructor" in text and "Students engaged" in text
        await typed(pilot, "g")  # G: no other key starts with g, so it acts at once
        await typed(pilot, "l", "e", "c")  # Lec
        await typed(pilot, "l", "enter")  # L is also the start of Lec: Enter confirms
        await typed(pilot, "3")  # engagement: most
        assert coding(shaped, visit).ticked(1) == {"students.groups", "instructor.lecturing", "students.listening"}
        assert coding(shaped, visit).chosen(1) == {"engagement": "most"}
        await typed(pilot, "z", "z")
        assert "No code 'z'" in screen_text(app)
        assert app.screen.query_one("#code-entry", Input).value == ""

        ui_clock.advance(121)
        await pilot.pause(0.7)
        text = screen_text(app)
        assert "Interval 2 has begun" in text and "interval 2 · 01:59 left" in text
        await typed(pilot, "ctrl+r", "w", "space")  # correct interval 1 (W: Enter or space confirms)
        assert "which one, interval 1?" in screen_text(app)  # both sets have a W: no set is focused
        await typed(pilot, "1")  # the students' W
        assert "students.waiting" in coding(shaped, visit).ticked(1)
        assert "instructor.waiting" not in coding(shaped, visit).ticked(1)
        await typed(pilot, "ctrl+r", "i", "n", "d")
        assert coding(shaped, visit).ticked(2) == {"students.individual"}
        ui_clock.advance(40)
        await typed(pilot, "ctrl+r")
        assert "Only the previous interval can be corrected" in screen_text(app)

        await typed(pilot, "ctrl+b")  # a fire drill: the clock waits
        ui_clock.advance(600)
        await pilot.pause(0.7)
        assert "interval 2 · paused" in screen_text(app)
        await typed(pilot, "ctrl+b", "ctrl+a")  # back, and the next interval begins at once
        assert "interval 3 · 02:00 left" in screen_text(app)
        await typed(pilot, "t", "g")
        assert coding(shaped, visit).ticked(3) == {"instructor.one_on_one"}
        await typed(pilot, "tab")
        await pilot.press(*"two groups compare graphs")
        await typed(pilot, "enter")
        notes = shaped.store.evidence_for_visit(visit.id)
        assert [(e.text, e.interval) for e in notes] == [("two groups compare graphs", 3)]  # its interval kept
        return screen_text(app)

    text = with_visit_open(shaped, walk, visit, scenario)
    assert len(text.splitlines()) <= 24

    async def resumed(again, pilot):
        assert "interval 3 · 02:00 left" in screen_text(again)
        ui_clock.advance(30)
        await pilot.pause(0.7)
        assert "interval 3 · 01:30 left" in screen_text(again)

    # as after a crash: a new app reads only what was stored
    with_visit_open(shaped, walk, shaped.store.get_visit(visit.id), resumed)


def test_more_codes_than_letters_are_reached_by_two_letter_keys(tmp_path, monkeypatch, ui_clock):
    from classwalk.api import Classwalk

    codes = "\n".join(f'[[intervals.code_sets.codes]]\nid = "c{i}"\nlabel = "activity number {i}"\n'
                      for i in range(60))
    (tmp_path / "many.toml").write_text(
        'id = "many"\nname = "Many codes"\ncapture = "intervals"\n'
        "[timing]\nmin_minutes = 1\ntarget_minutes = 30\nmax_minutes = 60\n"
        '[intervals]\nminutes = 1\n[[intervals.code_sets]]\nid = "s"\nlabel = "Students"\n' + codes +
        '[[categories]]\nid = "c"\nlabel = "C"\n[[evidence_kinds]]\nid = "o"\nlabel = "o"\n', encoding="utf-8")
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", str(tmp_path))
    classwalk = Classwalk(db_path=tmp_path / "w.db")
    try:
        walk, visit = lesson_in_lab_2(classwalk, protocol_id="many")
        screen_keys = {}

        async def scenario(app, pilot):
            screen_keys.update({target.code: key for key, targets in app.screen.keys.items() for target in targets})
            last = screen_keys["s.c59"]
            assert len(last) == 2
            await typed(pilot, *last)
            await typed(pilot, "end")  # the grid scrolls: the last code is on screen too

        with_visit_open(classwalk, walk, visit, scenario)
        assert coding(classwalk, visit).ticked(1) == {"s.c59"}
        assert len(set(screen_keys.values())) == 60
    finally:
        classwalk.close()
