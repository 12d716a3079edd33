"""A real terminal: run ``classwalk --db`` in tmux, record a walk, kill -9, start again, resume.

Skipped where tmux is not installed.
"""

from __future__ import annotations

import time

from classwalk.core.storage.store import Store
from classwalk.tui.screens.visit import note_key
from tests.support.terminal import Terminal, needs_tmux
from tests.support.tmux_app import kill_9, open_the_new_walk_form

pytestmark = needs_tmux


def test_walk_survives_kill_9_and_resumes(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"

    open_the_new_walk_form(terminal, db)
    time.sleep(0.5)  # a loaded machine may draw the form before it has settled its focus
    terminal.keys("Tab")
    _type(terminal, "Lincoln Elem")
    terminal.wait_for("Lincoln Elem")
    terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab")  # date, focus, question, shaped by, observers
    _type(terminal, "Dana")
    terminal.keys("C-s")
    terminal.wait_for("Next classroom at Lincoln Elem")
    _type(terminal, "Room 12")
    terminal.keys("Enter")
    terminal.wait_for("Look-fors")
    _type(terminal, "22 of 24 students working on fraction strips")
    terminal.keys("Enter")
    terminal.wait_for("working on fraction strips")
    terminal.keys("C-t", "e", "C-t")  # ctrl+t: Esc can be read together with the next key
    _type(terminal, "objective posted: compare fractions")
    terminal.keys("Enter")
    terminal.wait_for("[e] objective posted")
    _type(terminal, "half a thought")
    time.sleep(1.5)  # longer than the draft's pause

    kill_9(terminal, settle=0.5)

    with Store(db) as store:
        [walk] = store.list_walks()
        texts = {e.text: e.look_fors for e in store.evidence_for_walk(walk.id)}
        assert texts == {"22 of 24 students working on fraction strips": (),
                         "objective posted: compare fractions": ("curricular.objective",)}
        open_visit = store.open_visit(walk.id)
        assert open_visit is not None and open_visit.classroom == "Room 12"
        assert store.get_draft(note_key(open_visit)) == "half a thought"

    terminal.kill_server()
    terminal.start(db)
    shown = terminal.wait_for("in a room now")
    assert "Lincoln Elem" in shown
    terminal.keys("r")
    shown = terminal.wait_for("half a thought")
    assert "22 of 24 students" in shown and "objective posted" in shown
    assert "Room 12" in shown


def _type(terminal: Terminal, text: str) -> None:
    terminal.text(text)
    time.sleep(0.3)
