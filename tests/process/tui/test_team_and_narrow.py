"""The tests of tests/tui/test_team_and_narrow.py that start other processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from classwalk.core.storage.store import Store
from classwalk.tui.app import ClasswalkApp
from tests.support.pilot import note, run, settle
from tests.tui.test_team_and_narrow import team_walk, wait_for

WRITER = textwrap.dedent("""
    import sys, datetime as dt
    from classwalk.core.records.model import Evidence, Visit
    from classwalk.core.storage.store import Store
    db, walk_id, observer, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with Store(db) as store:
        visit = Visit(walk_id=walk_id, classroom="Room 12", observer=observer,
                      started_at=dt.datetime.now(dt.timezone.utc))
        store.save_visit(visit)
        for n in range(count):
            store.add_evidence(Evidence(walk_id=walk_id, visit_id=visit.id, kind="observation",
                                        text=f"{observer} note {n}", observer=observer,
                                        captured_at=dt.datetime.now(dt.timezone.utc)))
""")


def test_several_sessions_writing_at_once_lose_nothing_and_each_screen_shows_them_all(classwalk, db_path, frozen_clock):
    walk, _visit = team_walk(classwalk.store)
    app = ClasswalkApp(classwalk, observer="Ana")
    writers, per_writer = ("Ben", "Cleo", "Dev"), 40

    async def scenario():
        async with app.run_test(size=(128, 38)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            processes = [subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), walk.id, name, str(per_writer)])
                         for name in writers]
            for number in range(10):  # Ana keeps typing while the others write
                await note(pilot, f"Ana note {number}")
            for process in processes:
                assert process.wait(timeout=120) == 0
            screen = app.screen
            await wait_for(pilot, lambda: len(screen.evidence_list.shown) == 10 + len(writers) * per_writer, 10.0)

    run(scenario())
    evidence = Store(db_path).evidence_for_walk(walk.id)
    texts = {e.text for e in evidence}
    assert len(evidence) == 10 + len(writers) * per_writer
    for name in writers:
        assert {f"{name} note {n}" for n in range(per_writer)} <= texts
        assert all(e.observer == name for e in evidence if e.text.startswith(name))
    assert all(e.observer == "Ana" for e in evidence if e.text.startswith("Ana"))
    import csv
    import io

    from classwalk.features.outputs.export import export_walk

    rows = list(csv.DictReader(io.StringIO(export_walk(classwalk, walk.id, "csv"))))
    assert len(rows) == len(evidence)  # the walk's record gathers every observer's notes
    assert {row["observer"] for row in rows} == {"Ana", *writers}
