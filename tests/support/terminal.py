"""The real program in a real terminal: one tmux server of our own per test, any size.

Each ``Terminal`` runs its own tmux server on a socket with a random name (never the
default server, never a fixed name); ``kill_server()`` ends it and removes the socket.
Mark the tests ``needs_tmux`` (they live under tests/process/)."""

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
    """Windows (tmux sessions) of ``width`` x ``height``; keys sent as tmux sends them.

    ``start(db, ...)`` runs ``classwalk`` in the session ``walk``; ``run(command, session)``
    runs any command. Every method reading or typing takes the session, ``walk`` by default."""

    def __init__(self, width: int = 100, height: int = 32):
        self.socket = f"classwalk-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", os.devnull, *args],
                                capture_output=True, text=True, timeout=20)
        return result.stdout

    def start(self, db: Path, *options: str, protocol_path: Path | str = "") -> None:
        """``classwalk --db DB OPTIONS`` with this test's HOME and config folders and only
        ``protocol_path`` (none by default) for protocols beside the built-in ones."""
        environment = " ".join(f"{key}={os.environ[key]}" for key in (
            "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "CLASSWALK_CONFIG_DIR") if key in os.environ)
        extra = " ".join(f"'{option}'" for option in options)
        self.run(f"exec env {environment} CLASSWALK_PROTOCOL_PATH={protocol_path} TERM=xterm-256color "
                 f"{CLASSWALK} --db {db} {extra}")

    def run(self, command: str, session: str = "walk") -> None:
        """``command`` (a shell line) in a new session; its window stays when it ends."""
        self.tmux("new", "-d", "-s", session, "-x", str(self.width), "-y", str(self.height), command)
        self.tmux("set-option", "-s", "escape-time", "0")
        self.tmux("set-option", "-t", session, "remain-on-exit", "on")

    def pid(self, session: str = "walk") -> int:
        return int(self.tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])

    def screen(self, session: str = "walk") -> str:
        return self.tmux("capture-pane", "-t", session, "-p")

    def title(self, session: str = "walk") -> str:
        """The window title the program in ``session`` set."""
        return self.tmux("display", "-p", "-t", session, "#{pane_title}").strip()

    def buffers(self) -> int:
        """How many paste buffers (clipboard copies) the server holds."""
        return len(self.tmux("list-buffers").splitlines())

    def wait_for(self, text: str, timeout: float = 30, session: str = "walk", poll: float = 0.1) -> str:
        """The screen once it shows ``text`` (looked at every ``poll`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen(session)
            if text in shown:
                return shown
            time.sleep(poll)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen(session)}")

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
        """End this test's tmux server and remove its socket."""
        self.tmux("kill-server")
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)
