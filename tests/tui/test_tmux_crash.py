"""A real terminal: run ``classwalk --db`` in tmux, record a walk, kill -9, start again, resume.

Skipped where tmux is not installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from classwalk.core.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CLASSWALK = Path(sys.executable).parent / "classwalk"


class Terminal:
    """One tmux server of our own, running one command in a 100x32 window."""

    def __init__(self, tmp_path: Path):
        self.socket = f"classwalk-test-{uuid.uuid4().hex[:8]}"
        self.tmp_path = tmp_path

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *args],
                                capture_output=True, text=True, timeout=20)
        return result.stdout

    def start(self, command: str) -> None:
        self.tmux("new", "-d", "-s", "walk", "-x", "100", "-y", "32", f"exec {command}")
        self.tmux("set-option", "-s", "escape-time", "0")
        self.tmux("set-option", "-t", "walk", "remain-on-exit", "on")

    def pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "walk", "-F", "#{pane_pid}").split()[0])

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "walk", "-p")

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "walk", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "walk", "-l", text)
        time.sleep(0.3)

    def kill_server(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path)
    yield term
    term.kill_server()


def test_walk_survives_kill_9_and_resumes(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"
    environment = " ".join(f"{key}={os.environ[key]}" for key in (
        "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "CLASSWALK_CONFIG_DIR") if key in os.environ)
    command = f"env {environment} CLASSWALK_PROTOCOL_PATH= TERM=xterm-256color {CLASSWALK} --db {db}"

    terminal.start(command)
    terminal.wait_for("No walks yet")
    terminal.keys("n")
    terminal.wait_for("Start walk")
    time.sleep(0.5)  # a loaded machine may draw the form before it has settled its focus
    terminal.keys("Tab")
    terminal.type("Lincoln Elem")
    terminal.wait_for("Lincoln Elem")
    terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab")  # date, focus, question, shaped by, observers
    terminal.type("Dana")
    terminal.keys("C-s")
    terminal.wait_for("Next classroom at Lincoln Elem")
    terminal.type("Room 12")
    terminal.keys("Enter")
    terminal.wait_for("Look-fors")
    terminal.type("22 of 24 students working on fraction strips")
    terminal.keys("Enter")
    terminal.wait_for("working on fraction strips")
    terminal.keys("C-t", "e", "C-t")  # ctrl+t: Esc can be read together with the next key
    terminal.type("objective posted: compare fractions")
    terminal.keys("Enter")
    terminal.wait_for("[e] objective posted")
    terminal.type("half a thought")
    time.sleep(1.5)  # longer than the draft's pause

    os.kill(terminal.pid(), signal.SIGKILL)
    time.sleep(0.5)

    with Store(db) as store:
        [walk] = store.list_walks()
        texts = {e.text: e.look_fors for e in store.evidence_for_walk(walk.id)}
        assert texts == {"22 of 24 students working on fraction strips": (),
                         "objective posted: compare fractions": ("curricular.objective",)}
        open_visit = store.open_visit(walk.id)
        assert open_visit is not None and open_visit.classroom == "Room 12"
        assert store.get_draft(f"note:{open_visit.id}") == "half a thought"

    terminal.kill_server()
    terminal.start(command)
    shown = terminal.wait_for("in a room now")
    assert "Lincoln Elem" in shown
    terminal.keys("r")
    shown = terminal.wait_for("half a thought")
    assert "22 of 24 students" in shown and "objective posted" in shown
    assert "Room 12" in shown
