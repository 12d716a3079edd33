"""The real program in tmux, the steps its tests share: the new walk form opened, a walk
saved with an open visit, the walk resumed into its room, the debrief opened at its first
answer, the program killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from classwalk.api import Classwalk
from classwalk.core.records.model import Visit, Walk
from tests.support.records import walk_in_a_room
from tests.support.terminal import Terminal


def saved_walk_in_a_room(db: Path, protocol_id: str, status: str | None = None) -> tuple[Walk, Visit]:
    """A walk of ``protocol_id`` at Lincoln Elem saved in ``db`` with a visit to Room 7 (Dana's
    for a Downey walk, else Ana and Ben's); with ``status`` the visit is ended and the walk
    given that status."""
    classwalk = Classwalk(db_path=db)
    try:
        walk, visit = walk_in_a_room(classwalk, protocol_id, observers=("Dana",) if protocol_id == "downey"
                                     else ("Ana", "Ben"))
        if status:
            classwalk.store.end_visit(visit.id, at=visit.started_at)
            classwalk.store.set_walk_status(walk.id, status)
        return walk, visit
    finally:
        classwalk.close()


def open_the_new_walk_form(terminal: Terminal, db: Path) -> None:
    """Start the program on ``db`` (no walks yet), press n, wait for the form."""
    terminal.start(db)
    terminal.wait_for("No walks yet")
    terminal.keys("n")
    terminal.wait_for("Start walk")


def resume_the_room(terminal: Terminal, db: Path) -> None:
    """Start the program on ``db`` (a walk with an open visit), press r, wait for the room."""
    terminal.start(db)
    terminal.wait_for("in a room now")
    terminal.keys("r")
    terminal.wait_for("Look-fors")


def open_the_first_debrief_answer(terminal: Terminal, db: Path, observer: str = "Dana") -> None:
    """Start the program on ``db`` (a walk at Lincoln Elem being debriefed) as ``observer``,
    open the debrief and its first answer box (key 2)."""
    terminal.start(db, "--observer", observer)
    terminal.wait_for("Lincoln Elem")
    terminal.keys("d")
    terminal.wait_for("Patterns")
    terminal.keys("2")


def kill_9(terminal: Terminal, settle: float = 0.3) -> None:
    """SIGKILL the program at once (no chance to save anything more), then wait ``settle`` seconds."""
    os.kill(terminal.pid(), signal.SIGKILL)
    time.sleep(settle)
