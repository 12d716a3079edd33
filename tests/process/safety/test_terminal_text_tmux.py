"""A real terminal (tmux): hostile text neither sets the clipboard nor the title nor clears it.

A control pane prints the same sequences raw first, to show this tmux obeys them; then the
terminal UI and ``classwalk walks`` show a database full of them. Skipped without tmux.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from hostile_text import PIECES, HostileWorld

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CLASSWALK = Path(sys.executable).parent / "classwalk"


class Tmux:
    def __init__(self):
        self.socket = f"classwalk-osc-{uuid.uuid4().hex[:8]}"

    def __call__(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *args],
                                capture_output=True, text=True, timeout=20)
        return result.stdout

    def start(self, name: str, command: str) -> None:
        self("new", "-d", "-s", name, "-x", "120", "-y", "30", command)
        self("set-option", "-s", "set-clipboard", "on")
        self("set-option", "-t", name, "remain-on-exit", "on")

    def title(self, name: str) -> str:
        return self("display", "-p", "-t", name, "#{pane_title}").strip()

    def buffers(self) -> int:
        return len(self("list-buffers").splitlines())

    def wait_for(self, name: str, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self("capture-pane", "-t", name, "-p")
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen}")


@pytest.fixture
def tmux():
    server = Tmux()
    yield server
    server("kill-server")
    folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    (folder / server.socket).unlink(missing_ok=True)


def test_hostile_text_is_shown_not_obeyed(tmp_path, tmux):
    text = "Escola " + "".join(PIECES[:5]) + " fim"
    world = HostileWorld(tmp_path, text)
    env = f"env CLASSWALK_PROTOCOL_PATH={world.protocols} CLASSWALK_DB={world.db_path}"

    tmux.start("control", r"sleep 1; printf 'raw\033]52;c;aGk=\007\033]2;owned\007'; sleep 30")
    tmux.wait_for("control", "raw")
    time.sleep(0.3)
    assert tmux.title("control") == "owned" and tmux.buffers() == 1, "this tmux does not obey OSC 2/52"
    tmux("kill-session", "-t", "control")
    tmux("delete-buffer")

    tmux.start("ui", f"exec {env} {CLASSWALK}")
    screen = tmux.wait_for("ui", "\\x1b]52")
    assert "Recent walks" in screen
    tmux.start("cli", f"{env} {CLASSWALK} walks; sleep 30")
    screen = tmux.wait_for("cli", "fim  downey")
    assert "Escola \\x1b]52" in screen
    for pane in ("ui", "cli"):
        assert tmux.title(pane) != "owned", pane
    assert tmux.buffers() == 0, "the clipboard was written"
    tmux("send-keys", "-t", "ui", "q")
