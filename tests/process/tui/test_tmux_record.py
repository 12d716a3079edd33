"""The real program in tmux at 80x24 and 120x40: keys in bursts, two observers, interviews, SIGKILL.

Each test drives ``classwalk`` as an observer would, with several keys per tmux
``send-keys`` call, then reads the database the program wrote.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from classwalk.core.storage.store import Store
from classwalk.tui.screens.visit import note_key
from tests.support.records import walk_in_a_room
from tests.support.terminal import Terminal, needs_tmux

pytestmark = needs_tmux
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def terminal_of(request):
    made: list[Terminal] = []

    def make(width: int, height: int) -> Terminal:
        made.append(Terminal(width, height))
        return made[-1]

    yield make
    for terminal in made:
        terminal.kill_server()


def _rowid_order(store, walk_id):
    rows = store.db.query("SELECT id FROM evidence WHERE walk_id = ? ORDER BY rowid", [walk_id])
    return [store.get_evidence(row["id"]) for row in rows]


def _note_line(screen: str) -> str:
    """The note line's text as the terminal last showed it (the line after the ▌ cursor bar)."""
    return next((line.split("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line), "")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sigkill_right_after_keys_loses_no_character(terminal_of, classwalk, db_path, size):
    """Five characters, then kill -9 the moment the screen shows the last: the draft holds every one.

    The note line writes its draft the moment it changes, before it reads the next key
    and before the screen is drawn, so whatever the screen shows is already in the draft.
    No fixed time: the kill lands as soon as the last key is seen on screen (looked at
    every few milliseconds), however long a busy machine took to read the keys; a draft
    written later (after a pause in typing, say) would miss them.
    """
    walk, visit = walk_in_a_room(classwalk, "downey", observers=("Dana",))
    classwalk.close()
    whole = "students compare fractions with strips!!"
    terminal = terminal_of(*size)
    terminal.start(db_path)
    terminal.wait_for("Lincoln Elem")
    terminal.burst("r")
    terminal.wait_for("Look-fors")
    pid = terminal.pid()
    terminal.burst("C-u")
    terminal.text(whole[:-5])
    terminal.wait_for(whole[:-5][-24:])
    terminal.text(whole[-5:])
    seen = _note_line(terminal.wait_for(whole[-24:], poll=0.005))
    os.kill(pid, signal.SIGKILL)
    left = _note_line(_screen_once_gone(terminal, pid))  # the screen the kill left behind
    terminal.kill_server()
    with Store(db_path) as store:
        draft = store.get_draft(note_key(visit, "Dana"))
    assert seen == whole and left.startswith(whole), (seen, left)
    assert draft == whole  # every character the screen showed, nothing more or less


def _gone(pid: int) -> bool:
    """Process ``pid`` has ended (gone, or a zombie its parent has not reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(") ")[2].startswith("Z")
    except FileNotFoundError:
        return True


def _screen_once_gone(terminal, pid: int, timeout: float = 30) -> str:
    """The screen once process ``pid`` has ended (however long a busy machine takes)."""
    deadline = time.monotonic() + timeout
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(pid), f"process {pid} still runs {timeout} s after SIGKILL"
    return terminal.screen()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_team_walk_with_two_observers_typing_in_turn(terminal_of, classwalk, db_path, size):
    walk, visit = walk_in_a_room(classwalk, "ifl_learning_walk", observers=("Ana", "Ben"), classroom="Room 3")
    protocol = classwalk.protocols.get("ifl_learning_walk")
    classwalk.close()
    first_look_for = protocol.categories_for_focus(())[0].look_fors[0].id
    terminal = terminal_of(*size)
    terminal.start(db_path)
    terminal.wait_for("Lincoln Elem")
    terminal.burst("r")
    terminal.wait_for("typing: Ana")
    terminal.burst("Escape", "a", "Two students revoice a partner", "Enter")
    terminal.wait_for("revoice a partner")
    terminal.burst("C-o")
    terminal.wait_for("typing: Ben")
    terminal.burst("Ben counts 5 of 6 groups talking", "Enter", "C-n")
    terminal.wait_for("after Room 3")  # the hallway note
    terminal.burst("Ben writes the hallway note", "Enter")
    terminal.wait_for("Next classroom")
    terminal.burst("Room 5", "Tab", "4", "Tab", "ELA", "Enter")
    terminal.wait_for("Room 5 (4, ELA)")
    terminal.burst("C-o")
    terminal.wait_for("typing: Ana")
    terminal.burst("Ana in Room 5", "Enter")
    terminal.wait_for("Ana in Room 5")

    with Store(db_path) as store:
        notes = [(e.text, e.observer, e.kind, e.look_fors) for e in _rowid_order(store, walk.id)]
        visits = store.visits_for_walk(walk.id)
    assert notes == [  # noqa
        ("Two students revoice a partner", "Ana", notes[0][2], (first_look_for,)),
        ("Ben counts 5 of 6 groups talking", "Ben", notes[1][2], ()),
        ("Ben writes the hallway note", "Ben", "hallway", ()),
        ("Ana in Room 5", "Ana", notes[3][2], ()),
    ], notes
    assert [(v.classroom, v.grade, v.subject) for v in visits] == [("Room 3", "", ""), ("Room 5", "4", "ELA")]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_ilw_walk_with_two_interviews(terminal_of, classwalk, db_path, size):
    walk, visit = walk_in_a_room(classwalk, "ilw_tiered", observers=("Ana", "Ben"))
    protocol = classwalk.protocols.get("ilw_tiered")
    classwalk.close()
    questions = [q.id for q in protocol.interview_questions]
    terminal = terminal_of(*size)
    terminal.start(db_path, "--observer", "Ben")
    terminal.wait_for("Lincoln Elem")
    terminal.burst("r")
    terminal.wait_for("typing: Ben")
    terminal.burst("Teacher reads the task aloud", "Enter", "C-s")
    terminal.wait_for("Student A answers question 1")
    terminal.burst("finding the main idea", "Enter", "when my partner agrees", "Enter", "C-s")
    terminal.wait_for("Interview with Student A ended")
    terminal.burst("an ordinary note between interviews", "Enter", "C-s")
    terminal.wait_for("Student B answers question 1")
    terminal.burst("Down", "I ask my partner", "Enter")
    terminal.wait_for("Student B answers question 3")
    terminal.burst("C-s", "closing words", "Enter")
    terminal.wait_for("closing")

    deadline = time.monotonic() + 15  # "closing" shows as it is typed: wait for the Enter to save it
    while True:
        with Store(db_path) as store:
            notes = [(e.text, e.student_label, e.question_id, e.kind, e.observer)
                     for e in _rowid_order(store, walk.id)]
        if len(notes) >= 6 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    kind = protocol.interview_evidence_kind
    ordinary = notes[0][3]
    assert ordinary != kind
    assert notes == [
        ("Teacher reads the task aloud", None, None, ordinary, "Ben"),
        ("finding the main idea", "Student A", questions[0], kind, "Ben"),
        ("when my partner agrees", "Student A", questions[1], kind, "Ben"),
        ("an ordinary note between interviews", None, None, ordinary, "Ben"),
        ("I ask my partner", "Student B", questions[1], kind, "Ben"),
        ("closing words", None, None, ordinary, "Ben"),
    ]
