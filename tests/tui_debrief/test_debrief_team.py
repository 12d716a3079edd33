"""A team's debrief on one device: answers are saved under whoever is typing (ctrl+o
switches), and a second version of an answer kept by an import says when each came."""

from __future__ import annotations

import asyncio
import datetime as dt

from classwalk.core.records.model import DebriefResponse, Observer, Walk
from classwalk.core.storage.store import Store
from classwalk.tui.app import ClasswalkApp
from classwalk.tui.screens.debrief_jobs import response_id
from classwalk.tui.widgets.next_steps import NextStepList
from classwalk.tui.widgets.observer_badge import ObserverBadge
from tests.tui_debrief.debrief_app import wait_loaded
from tests.tui_debrief.test_debrief_screen import answers_saved, screen_markup
from tests.support.pilot import workers_done

MORNING = dt.datetime(2026, 11, 18, 9, 30, tzinfo=dt.timezone.utc)


def team_walk(classwalk) -> Walk:
    walk = Walk(protocol_id="ifl_learning_walk", school="Lincoln Elementary", date=dt.date(2026, 11, 18),
                focus="talk", guiding_question="Who talks?", status="debriefing",
                observers=(Observer(name="Ana Ruiz", role="facilitator"), Observer(name="Ben Cho")))
    classwalk.store.save_walk(walk)
    return walk


def run_team_debrief(classwalk, walk, scenario, size=(100, 30)):
    async def main():
        app = ClasswalkApp(classwalk)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.open_debrief(walk.id)
            await scenario(pilot, await wait_loaded(pilot))
    asyncio.run(main())


def test_answers_go_under_whoever_is_typing(classwalk):
    walk = team_walk(classwalk)
    prompt = classwalk.protocols.get("ifl_learning_walk").debrief_prompts[0]

    async def scenario(pilot, screen):
        badge = screen.query_one(ObserverBadge)
        assert "Ana Ruiz" in str(badge.render())
        await pilot.press("2")
        await pilot.press(*"pairs talked first")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()
        assert pilot.app.active_observer == "Ben Cho"
        assert "Ben Cho" in str(badge.render())
        assert screen.focused is not None and screen.focused.id == f"answer-{prompt.id}"
        assert screen.focused.text == ""  # Ben's own answer, still empty
        assert "Ana Ruiz" in screen_markup(pilot.app) and "pairs talked first" in screen_markup(pilot.app)
        await pilot.press(*"only in room B")
        await answers_saved(pilot)
        with Store(classwalk.db_path) as store:
            saved = {(r.author, r.text) for r in store.responses_for_walk(walk.id)}
        assert saved == {("Ana Ruiz", "pairs talked first"), ("Ben Cho", "only in room B")}
        await pilot.press("ctrl+o")  # back to Ana: her answer is in the field again
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.pause()
        assert screen.focused.text == "pairs talked first"

    run_team_debrief(classwalk, walk, scenario)


def test_a_second_version_from_an_import_says_when_each_came(classwalk):
    walk = team_walk(classwalk)
    prompt = classwalk.protocols.get("ifl_learning_walk").debrief_prompts[0]
    mine = DebriefResponse(id=response_id(walk.id, prompt.id, "Ana Ruiz"), walk_id=walk.id,
                           prompt_id=prompt.id, text="frames helped", author="Ana Ruiz", updated_at=MORNING)
    other = DebriefResponse(walk_id=walk.id, prompt_id=prompt.id, text="frames helped in room B only",
                            author="Ana Ruiz", updated_at=MORNING + dt.timedelta(hours=2), conflict_of=mine.id)
    classwalk.store.save_response(mine)
    classwalk.store.save_response(other)

    async def scenario(pilot, screen):
        await pilot.press("2")
        await pilot.pause()
        assert screen.focused.text == "frames helped"  # she types into her own version
        shown = " ".join(screen_markup(pilot.app).split())
        assert "this version written 2026-11-18 09:30" in shown
        assert "another version of this answer, kept by an import (written 2026-11-18 11:30)" in shown

    run_team_debrief(classwalk, walk, scenario, size=(140, 40))


def test_next_steps_are_written_by_whoever_is_typing(classwalk):
    walk = team_walk(classwalk)

    async def scenario(pilot, screen):
        await pilot.press("3", "a", *"share the frames", "enter")
        await pilot.pause()
        await workers_done(pilot.app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("3", "a", *"visit room B again", "enter")
        await pilot.pause()
        await workers_done(pilot.app)
        await screen.writes_done()
        with Store(classwalk.db_path) as store:
            steps = {(s.text, s.author) for s in store.next_steps_for_walk(walk.id)}
        assert steps == {("share the frames", "Ana Ruiz"), ("visit room B again", "Ben Cho")}
        await pilot.pause()
        table = screen.query_one(NextStepList)
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[5]) for i in range(table.row_count)}
        assert rows == {"share the frames": "Ana Ruiz", "visit room B again": "Ben Cho"}  # who wrote each

    run_team_debrief(classwalk, walk, scenario, size=(120, 40))


def _team_walk_with_notes(classwalk):
    from classwalk.core.records.model import Evidence, Visit

    walk = team_walk(classwalk)
    visit = Visit(walk_id=walk.id, classroom="Room 12", started_at=MORNING - dt.timedelta(hours=1),
                  ended_at=MORNING - dt.timedelta(minutes=45))
    classwalk.store.save_visit(visit)
    first = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="11 of 12 pairs talking",
                     look_fors=(), observer="Ana Ruiz", captured_at=visit.started_at + dt.timedelta(minutes=2))
    second = Evidence(walk_id=walk.id, visit_id=visit.id, kind="observation", text="a practice note to delete",
                      observer="Ana Ruiz", captured_at=visit.started_at + dt.timedelta(minutes=3))
    classwalk.store.add_evidence(first)
    classwalk.store.add_evidence(second)
    return walk, first, second


async def _settled(pilot):
    for _ in range(3):
        await pilot.pause()
        await workers_done(pilot.app)
    await pilot.app.screen.writes_done()
    await pilot.pause()


def test_notes_are_edited_with_their_history_and_deleted_with_an_undo(classwalk):
    walk, first, second = _team_walk_with_notes(classwalk)

    async def scenario(pilot, screen):
        await pilot.press("ctrl+o")  # Ben Cho types now
        await pilot.press("4")
        await _settled(pilot)
        assert "One version" in screen_markup(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.focused.id == "note-editor" and screen.focused.value == "11 of 12 pairs talking"
        await pilot.press("end", *" within a minute", "enter")
        await _settled(pilot)
        with Store(classwalk.db_path) as store:
            note = store.get_evidence(first.id)
            assert (note.text, note.edited_by) == ("11 of 12 pairs talking within a minute", "Ben Cho")
            assert [r.text for r in store.evidence_revisions(first.id)] == ["11 of 12 pairs talking"]
        shown = " ".join(screen_markup(pilot.app).split())
        assert "Versions of this note" in shown
        assert "was · 2026-11-18 08:32 · Ana Ruiz: 11 of 12 pairs talking" in shown
        assert "now ·" in shown and "Ben Cho: 11 of 12 pairs talking within a minute" in shown
        await pilot.press("down", "d")
        await pilot.pause()
        with Store(classwalk.db_path) as store:  # a delete asks first, as in the room
            assert len(store.evidence_for_walk(walk.id)) == 2
        await pilot.press("enter")
        await _settled(pilot)
        with Store(classwalk.db_path) as store:
            assert [e.id for e in store.evidence_for_walk(walk.id)] == [first.id]
            assert store.get_evidence(second.id).deleted_by == "Ben Cho"
        assert "a practice note to delete" not in screen_markup(pilot.app)
        await pilot.press("u")
        await _settled(pilot)
        with Store(classwalk.db_path) as store:
            assert [e.id for e in store.evidence_for_walk(walk.id)] == [first.id, second.id]
        assert "a practice note to delete" in screen_markup(pilot.app)

    run_team_debrief(classwalk, walk, scenario, size=(120, 40))


def test_an_emptied_note_is_not_saved_and_escape_keeps_it(classwalk):
    walk, first, _second = _team_walk_with_notes(classwalk)

    async def scenario(pilot, screen):
        await pilot.press("4")
        await _settled(pilot)
        await pilot.press("enter", "ctrl+u", "enter")
        await pilot.pause()
        assert "cannot be empty" in screen_markup(pilot.app)
        assert screen.focused.id == "note-editor"
        await pilot.press("x")
        await pilot.pause()
        assert "cannot be empty" not in screen_markup(pilot.app)  # the message goes once it is fixed
        await pilot.press("escape")
        await _settled(pilot)
        with Store(classwalk.db_path) as store:
            assert store.get_evidence(first.id).text == "11 of 12 pairs talking"
            assert store.evidence_revisions(first.id) == []

    run_team_debrief(classwalk, walk, scenario, size=(80, 24))


def test_a_tab_chosen_while_the_walk_loads_gets_the_cursor(classwalk, monkeypatch):
    """Pressing 2 before the walk has loaded still puts the cursor in the first answer,
    so the next letters are typed there rather than read as keys (e would open Export)."""
    from classwalk.tui.screens import debrief_jobs

    walk = team_walk(classwalk)
    slow_load = debrief_jobs.load_debrief

    def load_slowly(*args):
        import time
        time.sleep(0.5)
        return slow_load(*args)

    monkeypatch.setattr("classwalk.tui.screens.debrief.load_debrief", load_slowly)

    async def main():
        app = ClasswalkApp(classwalk)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.open_debrief(walk.id)
            await pilot.pause()
            await pilot.press("2")
            screen = await wait_loaded(pilot)
            await pilot.press(*"the")
            await pilot.pause()
            assert screen.focused is not None and screen.focused.text == "the"

    asyncio.run(main())
