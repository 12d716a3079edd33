"""A real 80x24 terminal: code a lesson in tmux, kill -9, start again; the ticks and the
interval clock (an early advance) are all still there. Skipped where tmux is not installed."""

from __future__ import annotations

import os
import signal
import time

from classwalk.core.storage.store import Store
from classwalk.features.capture.shapes import coding_from_marks
from tests.support.intervals import EXAMPLES
from tests.support.terminal import needs_tmux

pytestmark = needs_tmux


def test_interval_coding_survives_kill_9_at_80_by_24(terminal, lesson_db, isolated_environment):
    db, walk = lesson_db
    terminal.start(db, protocol_path=EXAMPLES)
    terminal.wait_for("Hillside High")
    terminal.keys("r")
    terminal.wait_for("Next classroom at Hillside High")
    terminal.text("Lab 2")
    terminal.keys("Enter")
    shown = terminal.wait_for("Codes: type a key")
    assert "interval 1 ·" in shown and "Students" in shown and "Instructor" in shown
    assert all(len(line) <= 80 for line in shown.splitlines()) and len(shown.splitlines()) <= 24
    terminal.keys("g", "l", "e", "c", "3")
    terminal.wait_for("Students engaged: most")
    terminal.keys("C-a")
    terminal.wait_for("interval 2 ·")
    terminal.keys("w", "Enter")
    terminal.wait_for("W is a code in 2 sets")  # the students' and the instructor's W
    terminal.keys("1")
    terminal.wait_for("Students: waiting · interval 2")
    time.sleep(0.3)

    os.kill(terminal.pid(), signal.SIGKILL)
    time.sleep(0.5)
    with Store(db) as store:
        [visit] = store.visits_for_walk(walk.id)
        coding = coding_from_marks(store.marks_for_visit(visit.id))
        assert coding.ticked(1) == {"students.groups", "instructor.lecturing"}
        assert coding.chosen(1) == {"engagement": "most"}
        assert coding.ticked(2) == {"students.waiting"}

    terminal.kill_server()
    terminal.start(db, protocol_path=EXAMPLES)
    terminal.wait_for("in a room now")
    terminal.keys("r")
    shown = terminal.wait_for("Codes: type a key")
    assert "interval 2 ·" in shown  # the early advance was stored: still interval 2
