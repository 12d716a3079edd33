"""Every kind of typed text is in the database the moment it shows: the real program in tmux,
killed with SIGKILL within 100 ms of the last key appearing, loses none of it.

Skipped where tmux is not installed.
"""

from __future__ import annotations

import json

from classwalk.core.storage.store import Store
from tests.support.terminal import Terminal, needs_tmux
from tests.support.tmux_app import (
    kill_9, open_the_first_debrief_answer, open_the_new_walk_form, resume_the_room, saved_walk_in_a_room,
)

pytestmark = needs_tmux


def _kill_as_soon_as_shown(terminal: Terminal, text: str) -> None:
    """Wait until ``text`` is on screen, then SIGKILL at once (no chance to save anything more)."""
    terminal.wait_for(text)
    kill_9(terminal)


def test_the_new_walk_form(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"
    open_the_new_walk_form(terminal, db)
    terminal.burst("Tab", "Oak Hill Middle")
    _kill_as_soon_as_shown(terminal, "Oak Hill Middle")
    with Store(db) as store:
        assert json.loads(store.get_draft("new-walk-form"))["school"] == "Oak Hill Middle"


def test_a_hallway_note(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"
    _walk_record, visit = saved_walk_in_a_room(db, "ifl_learning_walk")
    resume_the_room(terminal, db)
    terminal.keys("C-n")
    terminal.wait_for("after Room 7")
    terminal.text("pairs argued from the text")
    _kill_as_soon_as_shown(terminal, "pairs argued from the text")
    from classwalk.tui.dialogs.hallway_note import draft_key

    with Store(db) as store:
        assert store.get_draft(draft_key(visit, "Ana")) == "pairs argued from the text"  # who types: the first observer


def test_a_debrief_answer_and_a_next_step(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"
    walk, _visit = saved_walk_in_a_room(db, "downey", status="debriefing")
    open_the_first_debrief_answer(terminal, db)
    terminal.text("most rooms began in a minute")
    terminal.wait_for("most rooms began in a minute")
    terminal.keys("Escape", "3", "a")
    terminal.text("share counts at staff")
    _kill_as_soon_as_shown(terminal, "share counts at staff")
    with Store(db) as store:
        assert [r.text for r in store.responses_for_walk(walk.id)] == ["most rooms began in a minute"]
        from classwalk.tui.screens.debrief_jobs import step_draft_key

        assert json.loads(store.get_draft(step_draft_key(walk.id, "Dana")))["text"] == "share counts at staff"


def test_a_debrief_answer_killed_at_once(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"
    walk, _visit = saved_walk_in_a_room(db, "downey", status="debriefing")
    open_the_first_debrief_answer(terminal, db)
    terminal.text("students explained the task to a partner")
    _kill_as_soon_as_shown(terminal, "students explained the task to a partner")
    with Store(db) as store:
        assert [r.text for r in store.responses_for_walk(walk.id)] == ["students explained the task to a partner"]
