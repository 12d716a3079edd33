"""The real program in a real terminal: one tmux server of our own per test, any size."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

CLASSWALK = Path(sys.executable).parent / "classwalk"
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """``classwalk`` running in a tmux window of ``width`` x ``height``; keys sent as tmux sends them."""

    def __init__(self, width: int = 100, height: int = 32):
        self.socket = f"classwalk-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *args],
                                capture_output=True, text=True, timeout=20)
        return result.stdout

    def start(self, db: Path, *options: str) -> None:
        environment = " ".join(f"{key}={os.environ[key]}" for key in (
            "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "CLASSWALK_CONFIG_DIR") if key in os.environ)
        extra = " ".join(f"'{option}'" for option in options)
        command = (f"env {environment} CLASSWALK_PROTOCOL_PATH= TERM=xterm-256color "
                   f"{CLASSWALK} --db {db} {extra}")
        self.tmux("new", "-d", "-s", "walk", "-x", str(self.width), "-y", str(self.height), f"exec {command}")
        self.tmux("set-option", "-s", "escape-time", "0")
        self.tmux("set-option", "-t", "walk", "remain-on-exit", "on")

    def pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "walk", "-F", "#{pane_pid}").split()[0])

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "walk", "-p")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def burst(self, *keys: str) -> None:
        """Every key in ONE tmux send-keys call (key names like Tab, Enter, Escape, C-s, or text)."""
        self.tmux("send-keys", "-t", "walk", *keys)

    def text(self, text: str) -> None:
        """``text`` typed literally, in one call."""
        self.tmux("send-keys", "-t", "walk", "-l", text)

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        """Each key in its own tmux call, ``pause`` seconds apart (an observer typing steadily)."""
        for key in keys:
            self.burst(key)
            time.sleep(pause)

    def kill_server(self) -> None:
        self.tmux("kill-server")
