"""A real 80x24 terminal: back in a lesson whose clock ran on while the program was closed,
the grid names the intervals missed (local times); m marks them not observed (× in the
grid), ctrl+z takes it back, ctrl+x marks the current one. Skipped where tmux is not installed."""

from __future__ import annotations

import datetime as dt

from tests.support.intervals import EXAMPLES
from tests.support.terminal import needs_tmux

from classwalk.core.records.model import Visit
from classwalk.core.storage.store import Store
from classwalk.features.capture.shapes import coding_from_marks

pytestmark = needs_tmux


def test_time_away_and_not_observed_at_80_by_24(terminal, lesson_db, isolated_environment):
    import classwalk

    db, walk = lesson_db
    now = dt.datetime.now(dt.timezone.utc)
    start = now - dt.timedelta(minutes=8, seconds=40)  # interval 5 now, 80 s of it left
    with Store(db) as store:
        visit = store.start_visit(Visit(walk_id=walk.id, classroom="Lab 2", observer="Ana", started_at=start))
    with classwalk.open_db(db, protocol_dirs=[EXAMPLES]) as api:
        api.set_code(visit, "students.groups", interval=2, observer="Ana", at=start + dt.timedelta(minutes=3))
    terminal.start(db, "--tz", "UTC", protocol_path=EXAMPLES)

    terminal.wait_for("in a room now")
    terminal.keys("r")
    shown = terminal.wait_for("went by with nothing coded")
    began, ended = start + dt.timedelta(minutes=4), start + dt.timedelta(minutes=8)
    assert f"Intervals 3–4 ({began:%H:%M}–{ended:%H:%M}), UTC." in shown
    assert all(len(line) <= 80 for line in shown.splitlines()) and len(shown.splitlines()) <= 24
    terminal.keys("m")
    shown = terminal.wait_for("Intervals 3–4 marked not observed")
    assert "×" in shown
    with Store(db) as store:
        assert coding_from_marks(store.marks_for_visit(visit.id)).not_observed == {3, 4}
    terminal.keys("C-z")
    terminal.wait_for("Undone: intervals 3–4 observed again")
    terminal.keys("C-x")
    terminal.wait_for("Enter marks interval 5 not observed")
    terminal.keys("Enter")
    shown = terminal.wait_for("Interval 5 marked not observed")
    assert "Interval 5: not observed" in shown
    with Store(db) as store:
        assert coding_from_marks(store.marks_for_visit(visit.id)).not_observed == {5}
