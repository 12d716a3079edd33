"""Bursts sent by tmux in ONE call to the real program land where slow typing would.

Skipped where tmux is not installed.
"""

from __future__ import annotations

import time

from classwalk.core.storage.store import Store
from tests.support.terminal import needs_tmux
from tests.support.tmux_app import resume_the_room, saved_walk_in_a_room

pytestmark = needs_tmux


def test_room_enter_note_enter_in_one_call_gives_one_visit_holding_the_note(terminal, tmp_path,
                                                                          isolated_environment):
    db = tmp_path / "walks.db"
    walk, _visit = saved_walk_in_a_room(db, "downey")
    resume_the_room(terminal, db)
    terminal.keys("C-n")
    terminal.wait_for("Next classroom at")
    terminal.burst("Room 5", "Enter", "First note…", "Enter")
    terminal.wait_for("First note…")
    time.sleep(0.5)
    assert "Room 5First" not in terminal.screen()
    assert terminal.tmux("list-panes", "-t", "walk", "-F", "#{pane_dead}").strip() == "0"

    with Store(db) as store:
        visits = store.visits_for_walk(walk.id)
        assert [v.classroom for v in visits] == ["Room 7", "Room 5"]
        assert [e.text for e in store.evidence_for_visit(visits[1].id)] == ["First note…"]
