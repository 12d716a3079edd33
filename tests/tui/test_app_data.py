"""The app's data object: one ordered database thread with its own connection, the run's scope on every job."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

import classwalk
from classwalk.core.errors import NotFound
from classwalk.core.records.model import Draft
from classwalk.core.scope import Scope
from classwalk.tui.database import AppData
from classwalk.core.errors import error_line


@pytest.fixture
def two_schools(db_path):
    with classwalk.open_db(db_path) as db:
        mine = db.start_walk("downey", school="Lincoln", observers=["Ana"])
        theirs = db.start_walk("downey", school="Hillside", observers=["Ben"])
    return mine, theirs


def test_jobs_run_one_at_a_time_in_the_order_queued_on_one_thread_of_their_own(db_path, two_schools):
    mine, _ = two_schools
    run = classwalk.open_db(db_path)
    data = AppData(run)
    seen, threads = [], set()

    draft = Draft(slot="next-step", walk_id=mine.id, observer="Ana")

    def job(door, number):
        threads.add(threading.get_ident())
        seen.append(number)
        door.save_draft(draft, f"typed {number}")  # each a write: a later one is never overtaken
        return number

    async def scenario():
        futures = [data.submit(job, n) for n in range(20)]
        assert await data.run(lambda door: door.draft(draft)) == "typed 19"
        return [f.result() for f in futures]

    try:
        assert asyncio.run(scenario()) == list(range(20))
    finally:
        data.close()
        run.close()
    assert seen == list(range(20)) and len(threads) == 1 and threading.get_ident() not in threads


def test_a_failing_job_reports_one_line_and_the_next_jobs_still_run(db_path, two_schools):
    run = classwalk.open_db(db_path)
    data = AppData(run)

    def broken(door):
        door.store.db.execute("SELECT * FROM no_such_table\nWHERE x = 1")

    async def scenario():
        with pytest.raises(sqlite3.OperationalError) as failed:
            await data.run(broken)
        return error_line(failed.value), await data.run(lambda door: len(door.walks()))

    try:
        message, walks = asyncio.run(scenario())
    finally:
        data.close()
        run.close()
    assert message == "no such table: no_such_table" and "\n" not in message
    assert walks == 2
    assert error_line(FileNotFoundError(2, "No such file or directory", "/gone/x.md")) == \
        "/gone/x.md: No such file or directory"


def test_every_job_carries_the_scope_of_the_run_when_it_was_queued(db_path, two_schools):
    mine, theirs = two_schools
    run = classwalk.open_db(db_path)
    scope = {"now": Scope(observer="Ana", school="Lincoln")}
    data = AppData(run, lambda: scope["now"])

    async def scenario():
        listed = await data.run(lambda door: [w.id for w in door.walks()])
        with pytest.raises(NotFound):
            await data.run(lambda door: door.walk(theirs.id))
        limited = data.submit(lambda door: door.scope)
        scope["now"] = Scope(observer="Ben", school="Hillside")
        return listed, limited.result(), await data.run(lambda door: [w.id for w in door.walks()])

    try:
        listed, queued_scope, later = asyncio.run(scenario())
        assert data.now.scope == Scope(observer="Ben", school="Hillside")  # the app thread's door too
        assert [w.id for w in data.now.walks()] == [theirs.id]
    finally:
        data.close()
        run.close()
    assert listed == [mine.id] and later == [theirs.id]
    assert queued_scope == Scope(observer="Ana", school="Lincoln")


def test_the_thread_writes_through_the_door_so_its_rules_hold(db_path, two_schools):
    """The database thread's door checks notes as the app thread's does (no bare store there)."""
    from classwalk.core.errors import ClasswalkError
    from classwalk.core.records.model import Evidence

    mine, _ = two_schools
    run = classwalk.open_db(db_path)
    data = AppData(run)

    def bare_write(door):
        door.store.add_evidence(Evidence(walk_id=mine.id, kind="objective", text="x", look_fors=("nope.nope",)))

    try:
        with pytest.raises(ClasswalkError, match="look-for 'nope.nope'"):
            asyncio.run(data.run(bare_write))
    finally:
        data.close()
        run.close()


def test_home_debrief_and_reports_read_on_the_apps_one_database_thread(classwalk, monkeypatch):
    """The three screens hand their reads to the app's data object: one thread, never the app's."""
    from tests.support.pilot import run as run_app, until

    from classwalk.tui.app import ClasswalkApp
    from classwalk.tui.screens.debrief import DebriefScreen
    from classwalk.tui.screens.reports import ReportsScreen

    walk = classwalk.start_walk("downey", school="Lincoln", observers=["Ana"])
    classwalk.end_walk(walk)
    ran = []
    real_run = AppData._run

    def recorded(self, job, scope, args):
        ran.append((getattr(job, "__name__", "job"), threading.current_thread().name))
        return real_run(self, job, scope, args)

    monkeypatch.setattr(AppData, "_run", recorded)
    app = ClasswalkApp(classwalk)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            assert await until(pilot, lambda: any(name == "walk_summaries" for name, _ in ran))
            app.open_debrief(walk.id)
            assert await until(pilot, lambda: isinstance(app.screen, DebriefScreen) and app.screen.loaded)
            app.action_reports()
            assert await until(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.ready)
            await app.data.drained()

    run_app(scenario())
    app.data.close()
    names = {name for name, _ in ran}
    assert {"walk_summaries", "load_debrief", "report_choices", "run_report"} <= names
    assert len({thread for _, thread in ran}) == 1 and ran[0][1].startswith("classwalk-database")


def test_finish_waits_for_every_job_queued_so_far(db_path, two_schools):
    """What a closing screen calls: nothing it queued is still to be written afterwards."""
    import time

    mine, _ = two_schools
    run = classwalk.open_db(db_path)
    data = AppData(run)
    draft = Draft(slot="next-step", walk_id=mine.id, observer="Ana")

    def slow_write(door):
        time.sleep(0.3)
        door.save_draft(draft, "written late")

    try:
        data.submit(slow_write)
        data.finish()
        with classwalk.open_db(db_path) as other:
            assert other.draft(draft) == "written late"
    finally:
        data.close()
        run.close()
