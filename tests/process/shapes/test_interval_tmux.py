"""A real 80x24 terminal: code a lesson in tmux, kill -9, start again; the ticks and the
interval clock (an early advance) are all still there. Skipped where tmux is not installed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from classwalk.core.model import Observer, Walk
from classwalk.core.store import Store
from classwalk.features.capture import coding_from_marks

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CLASSWALK = Path(sys.executable).parent / "classwalk"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


class Terminal:
    """One tmux server of our own, running one command in an 80x24 window."""

    def __init__(self):
        self.socket = f"classwalk-shapes-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *args],
                                capture_output=True, text=True, timeout=20)
        return result.stdout

    def start(self, command: str) -> None:
        self.tmux("new", "-d", "-s", "walk", "-x", "80", "-y", "24", f"exec {command}")
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
            time.sleep(0.2)

    def kill_server(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.kill_server()


def test_interval_coding_survives_kill_9_at_80_by_24(terminal, tmp_path, isolated_environment):
    db = tmp_path / "walks.db"
    with Store(db) as store:
        walk = Walk(protocol_id="lesson_intervals", school="Hillside High", date=dt.date.today(),
                    observers=(Observer(name="Ana"),))
        store.save_walk(walk)
    environment = " ".join(f"{key}={os.environ[key]}" for key in (
        "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "CLASSWALK_CONFIG_DIR") if key in os.environ)
    command = (f"env {environment} CLASSWALK_PROTOCOL_PATH={EXAMPLES} TERM=xterm-256color "
               f"{CLASSWALK} --db {db}")

    terminal.start(command)
    terminal.wait_for("Hillside High")
    terminal.keys("r")
    terminal.wait_for("Next classroom at Hillside High")
    terminal.tmux("send-keys", "-t", "walk", "-l", "Lab 2")
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
    terminal.start(command)
    terminal.wait_for("in a room now")
    terminal.keys("r")
    shown = terminal.wait_for("Codes: type a key")
    assert "interval 2 ·" in shown  # the early advance was stored: still interval 2
