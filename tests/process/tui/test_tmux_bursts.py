"""Bursts sent by tmux in ONE call to the real program land where slow typing would.

Skipped where tmux is not installed.
"""

from __future__ import annotations

import time

import pytest

from classwalk.core.storage.store import Store
from tests.support.records import walk_in_a_room
from tests.support.terminal import Terminal, needs_tmux

pytestmark = needs_tmux


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.kill_server()


def test_room_enter_note_enter_in_one_call_gives_one_visit_holding_the_note(terminal, tmp_path,
                                                                          isolated_environment):
    from classwalk.api import Classwalk

    db = tmp_path / "walks.db"
    classwalk = Classwalk(db_path=db)
    walk, _visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    classwalk.close()

    terminal.start(db)
    terminal.wait_for("in a room now")
    terminal.keys("r")
    terminal.wait_for("Look-fors")
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
